// What the unit compiler (compile.cpp) shares with the narrative compiler (narrative.cpp):
// the workbook being built, the resolver, and the check sheet's row writer.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/model/compile.hpp"
#include "engine/model/formula_writer.hpp"
#include "engine/model/resolver.hpp"

namespace suan::model {

// Status codes of the check sheet's column E.
enum CheckCode { kExact = 0, kRounding = 1, kFailed = 2, kWarned = 3, kConvention = 4 };

// Columns of the check sheet.
inline constexpr int32_t kLhsCol = 0, kRhsCol = 1, kDiffCol = 2, kTolCol = 3, kStatusCol = 4,
                         kIdCol = 5;

// A prior-year figure a sentence states (current minus the change it gives), bound once the
// tables have values.
struct PendingPrior {
  CheckInstance check;  // the check of the stated change, when the prior was already known
  int32_t text_row = 0;
  int32_t delta_col = 0, current_col = 0, prior_col = 0, expected_delta_col = 0;
  bool in_table = false;  // the figure is a table cell: its 上年 cell receives the prior
  CellRef prior_cell;
  double delta = 0;
};

struct UnitCompiler {
  const Template& t;
  const UnitData& unit;
  CompileOptions options;
  Workbook& book;
  CompiledUnit out;
  Resolver resolver;
  std::map<std::string, SlotCells> slots;  // narrative figures, for S.slot references
  int32_t next_check_row = 1;
  bool check_sheets_made = false;  // out.check_sheet and out.text_sheet are laid out
  int32_t next_text_row = 1;
  std::vector<PendingPrior> priors;
  std::vector<std::string> errors;
  // Other units' figures copied in for references naming them, by code.
  std::map<std::string, std::unique_ptr<UnitLayout>> named_layouts;

  UnitCompiler(const Template& t, const UnitData& unit, const CompileOptions& options,
               Workbook& book)
      : t(t), unit(unit), options(options), book(book), resolver(t, &out.layout) {}

  // Adds a check row: `lhs`, `rhs` are formula texts written for the check sheet; the status
  // formula compares them with the tolerance formula `tolerance`. `status` replaces the
  // default status formula (it may use {C}, {D} for this row's diff and tolerance cells; it is
  // shared by every check row, so any other cell it names is named absolutely).
  int32_t AddCheckRow(CheckInstance check, const std::string& lhs, const std::string& rhs,
                      const std::string& tolerance, const std::string& status = "");
  // A check evaluated without formulas (CompileOptions::direct_checks): its sides' plans, the
  // model's tolerance and whether it is per term. EvaluateDirectChecks gives its verdict.
  void AddDirectCheck(CheckInstance check, const std::vector<PlanStep>& lhs,
                      const std::vector<PlanStep>& rhs, double tolerance, bool per_term);
  // Whether a side written with its plan can be evaluated without formulas: asked for, a plan,
  // and only this unit's table cells (which hold published figures: numbers).
  bool Direct(const WrittenFormula& w) const;
  // A check that could not be evaluated for this unit, or a finding without formulas.
  void AddFixed(CheckInstance check, std::string status, std::string reason);
  // The tolerance formula for these terms: per-term (0.01 per term that is not zero) or
  // absolute.
  std::string Tolerance(const std::vector<CellRef>& lhs_terms,
                        const std::vector<CellRef>& rhs_terms, double tolerance,
                        bool per_term) const;
  // The source text of a model statement from `at` to the end of its line.
  std::string SourceText(const char* at) const;
  std::string Cell(const CellRef& c, uint32_t host) const {
    return CellText(book, c, host, ReferencesFrom(host));
  }
  // Formulas on the check and narrative sheets name cells absolutely (formula_writer.hpp).
  References ReferencesFrom(uint32_t host) const {
    return check_sheets_made && (host == out.check_sheet || host == out.text_sheet)
               ? References::kAbsolute
               : References::kRelative;
  }
  // The resolver's UnitLayoutLookup: this unit's layout for its own name, else the named
  // unit's figures laid out on sheets of their own (once per unit), or nullptr with `why`.
  const UnitLayout* NamedUnitLayout(std::string_view name, std::string* why);
  // A sheet of this unit's (reused when options.reuse_sheets), or an error recorded.
  absl::StatusOr<uint32_t> NewSheet(const std::string& name);
};

// Writes a unit's published figures (and its prior-year figures) into its laid-out sheets,
// except the cells in `skip` (compute mode: cells a rule calculates).
void PutFigures(const Template& t, const UnitData& unit, const UnitLayout& layout,
                const std::set<std::tuple<uint32_t, int32_t, int32_t>>& skip, Workbook& book);

// Matches the template's narrative statements against the unit's paragraphs and lays out
// their figures (narrative.cpp). Runs after the tables, before the declared checks (which may
// read statement slots).
void CompileNarrative(UnitCompiler& c);
// Binds prior-year figures stated by the narrative once the tables have values (2nd phase).
void BindNarrativePriors(UnitCompiler& c);

}  // namespace suan::model
