// Compiling one unit of a template into a Workbook.
//
// Every table becomes a sheet (layout.hpp); every rule instance becomes an Excel formula
// (formula_writer.hpp) with relative references, so the cells of one rule share a program in
// the engine; every check becomes a row of formula cells on the check sheet ("检查"):
//
//   A lhs   B rhs   C diff = A-B   D tolerance   E status   F the check's id
//
// where E is 0 exact, 1 within rounding (|diff| <= D), 2 failed, 3 failed but only a warning,
// 4 a convention (growth on a zero prior year written as 100%). An edit of any input then
// recalculates tables and checks together through the engine's dirty cone. A caller that only
// reads the verdict may have the checks that are sums of the unit's figures evaluated without
// formulas instead (CompileOptions::direct_checks, direct_check.hpp).
//
// Two modes of one template:
//  - compute: the unit gives leaf figures; a cell some rule calculates gets that rule's formula
//    (the first rule declared for it) and any further rule for the same cell becomes a check;
//  - audit: the unit gives every published figure; cells keep them, and every rule instance is
//    a check of the published cell against the rule computed from published figures. A slip
//    in one cell is then reported once: the cells above it still read the published figure.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/model/direct_check.hpp"
#include "engine/model/layout.hpp"
#include "engine/model/other_units.hpp"
#include "engine/model/resolver.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::model {

enum class Mode { kCompute, kAudit };

struct CheckInstance {
  std::string id;        // stable: "表3:合计@2080101", "A3_16@208", "text:收入.占比"
  std::string title;     // the check's title, or the rule as written
  std::string kind;      // "rule", "check", "text", "document"
  bool warning = false;  // 合理性: a failure is a warning
  std::vector<std::string> tables;
  std::string location;                      // "表3[208].合计", "line 446"
  std::string lhs_text, relation, rhs_text;  // as written in the model
  std::string message;   // a template with {lhs} {rhs} {diff} {tol}, or "" for the default
  std::string sentence;  // narrative checks: the published sentence
  int32_t row = -1;      // its row on the check sheet; -1 for a finding without formulas
  // Findings without formulas (row == -1): a missing table, a sentence not found, a check
  // that could not be evaluated for this unit ("skipped").
  std::string fixed_status;
  double fixed_lhs = 0, fixed_rhs = 0;
  std::string reason;
  // Evaluated without formulas (CompileOptions::direct_checks, direct_check.hpp): row is -1,
  // and once evaluated fixed_status holds its status; with values (fixed_has_values) its
  // sides are fixed_lhs and fixed_rhs and it allowed fixed_tolerance, without them `reason`
  // says why it could not be evaluated.
  bool direct = false;
  uint32_t direct_index = 0;  // in CompiledUnit::direct_checks
  bool fixed_has_values = false;
  double fixed_tolerance = 0;
  // Whether it has a verdict from values (formulas on the check sheet, or direct).
  bool evaluated() const { return row >= 0 || direct; }
};

struct CompiledUnit {
  Mode mode = Mode::kAudit;
  std::string prefix;
  UnitLayout layout;
  uint32_t check_sheet = 0;
  uint32_t text_sheet = 0;
  std::vector<CheckInstance> checks;
  // Checks evaluated without formulas (CompileOptions::direct_checks): their sides' steps.
  std::vector<DirectCheck> direct_checks;
  std::vector<PlanStep> plan_steps;
  // Cells the check sheet would hold for the direct checks (once evaluated): they are counted
  // as calculated cells like the formulas they stand for.
  size_t direct_cells = 0;
  // The narrative sheet's rows ("说明"): one per statement, or per sentence an each-statement
  // matched; `columns[k]` is where placeholder k's calculated figure is.
  struct TextRow {
    std::string statement;
    int32_t row = 0;
    bool matched = false;
    std::vector<int32_t> columns;
  };
  std::vector<TextRow> text_rows;
  size_t formulas = 0;  // rule formulas set (compute mode)
  // Codes of the other units whose figures were copied in for references naming them
  // (other_units.hpp): when their figures change, compile this unit again.
  std::vector<std::string> named_units;
  bool names_other_units = false;  // some reference named another unit, found or not
};

struct CompileOptions {
  Mode mode = Mode::kAudit;
  std::string prefix;  // sheet name prefix ("人社局."), for many units in one workbook
  // Recalculate the workbook when the unit is compiled. Every recalculation after a structural
  // change rebuilds the whole workbook, so a caller compiling many units into one workbook
  // turns this off and recalculates once at the end (the city does). A unit whose narrative
  // states prior-year figures still recalculates once: those priors are derived from values.
  bool recalculate = true;
  // Use sheets of the unit's names that `book` already has (the caller has emptied them)
  // instead of failing: one workbook checks unit after unit, and formula texts the units share
  // are parsed once.
  bool reuse_sheets = false;
  // Units a reference may name besides this one (人社局!表1[收入总计]); nullptr: none, and
  // checks naming another unit are skipped with the reason.
  const OtherUnits* other_units = nullptr;
  // Names and codes that mean this unit itself (its UnitData::name always does).
  std::vector<std::string> self_names;
  // Compile the declared checks every reference of which names a unit (they say the same
  // wherever they are compiled): a city compiles them once, on its root, not on every unit.
  bool named_unit_checks = true;
  // Only the tables: their sheets laid out over the unit's rows, with its figures; no rules,
  // checks or narrative. A city's consolidated tables are sums in its workbook, checked in a
  // workbook of their own (city/consolidated_checks.hpp).
  bool tables_only = false;
  // Checks whose sides are sums and differences of the unit's own table cells are evaluated
  // without formulas (direct_check.hpp): a checker that only reads the verdict
  // (city/unit_workbook.hpp) saves the engine five formula cells per check. CompileUnit
  // evaluates them when it recalculates; without `recalculate`, the caller runs
  // EvaluateDirectChecks once it has. Not for a workbook kept for edits (they would not follow).
  bool direct_checks = false;
};

// Builds the unit's sheets in `book` (which must not already have them, unless
// `options.reuse_sheets`) and calculates
// (unless `options.recalculate` is off).
// Errors are problems of the model that only this unit's rows reveal, located in the model.
absl::StatusOr<CompiledUnit> CompileUnit(const Template& t, const UnitData& unit,
                                         const CompileOptions& options, Workbook& book);

}  // namespace suan::model
