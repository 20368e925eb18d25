// Checks evaluated without formulas (CompileOptions::direct_checks).
//
// Most of a unit's checks are sums and differences of published figures: a rule instance
// (表3[208].合计 = SUM of its children) or a declared equality between tables. Written as
// formulas, each costs five formula cells that the engine parses, compiles, links into its
// dependency graph and evaluates, once per unit, only to be thrown away with the unit. A city
// checking hundreds of units spends most of its build there.
//
// A side that is such a sum is kept instead as a short postfix program over the unit's cells
// (PlanStep), and evaluated once the workbook's values are final, with the engine's own
// arithmetic: the same additions in the same order (SUM adds its arguments one by one from 0,
// as the engine's SUM does), blanks read as 0, comparisons at 15 significant digits, the
// same tolerance (0.01 per term that is not 0) and the same status thresholds as the check
// row's formulas (compile.cpp, AddCheckRow). The verdict is therefore the one the formulas
// give, bit for bit; tests compare both ways on every unit they build.
//
// Anything else (a product, a quotient, a function other than SUM, text, a cell outside the
// unit's tables) is written as formulas, as before.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/resolver.hpp"

namespace suan {
class Workbook;
}

namespace suan::model {

struct PlanStep {
  enum Op : uint8_t {
    kCell,    // push the cell's value (blank: 0)
    kRefArg,  // push a SUM argument that is a cell: its number, or 0 when blank or not a number
    kNumber,  // push `number`
    kNeg,     // negate the top
    kAdd,     // a + b
    kSub,     // a - b
    kSum,     // pop `count` values, push their sum added from 0 in order
  };
  Op op = kNumber;
  uint32_t count = 0;
  double number = 0;
  CellRef cell;
};

// A check of the unit (CompiledUnit::checks[check]) whose two sides are plans: steps
// [lhs_begin, lhs_end) and [rhs_begin, rhs_end) of CompiledUnit::plan_steps.
struct DirectCheck {
  uint32_t check = 0;
  uint32_t lhs_begin = 0, lhs_end = 0, rhs_begin = 0, rhs_end = 0;
  double tolerance = 0;   // the model's tolerance
  bool per_term = false;  // times the terms that are not 0 on the side with more terms
  // A consolidated unit's check allows the larger of its tolerance and its members' (what
  // column G holds for a check row, city/consolidated_checks.hpp).
  bool with_members = false;
  double member_tolerance = 0;
  enum Relation : uint8_t { kAtMost, kAtLeast, kEqual } relation = kEqual;
};

// A check's relation as written ("<=", ">=", anything else "=").
DirectCheck::Relation RelationOf(const std::string& relation);

// The cells a plan reads, in order (the terms of its formula).
void AppendPlanCells(const PlanStep* begin, const PlanStep* end, std::vector<CellRef>& out);

struct CompiledUnit;
// Evaluates every direct check of `unit` over `book`'s current values and records each one's
// status, sides and tolerance in its CheckInstance (CheckInstance::direct).
void EvaluateDirectChecks(CompiledUnit& unit, const Workbook& book);

}  // namespace suan::model
