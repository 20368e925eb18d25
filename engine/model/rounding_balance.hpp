// Rounding balance (舍位平衡): a unit whose figures are exact (in 元) converted to the model's
// unit (万元, 2 decimals) so that every declared equality still holds to the cent.
//
// Each figure is first rounded half-up on its own; then a parent no longer equals the sum of its
// children by a cent or two. The balance keeps the correctly rounded figure wherever it can and
// moves as few figures as possible by 0.01, each only towards its exact value (so every figure
// published is its exact figure rounded up or down), preferring leaf figures and those closest
// to the rounding boundary. Every move is recorded.
//
// The equalities are the linear ones of the model that hold in the exact figures: every rule
// instance (a cell = a sum of cells) and every '=' check made of sums; other relations, and
// those the exact figures already break, are left to the checks.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

struct RoundingAdjustment {
  std::string table, row, column;
  double exact = 0;     // in the model's unit, before rounding (17.952)
  double rounded = 0;   // rounded half-up on its own (17.95)
  double balanced = 0;  // as published after balancing (17.96)
};

struct BalancedUnit {
  UnitData unit;  // in the model's unit
  std::vector<RoundingAdjustment> adjustments;
  int equalities = 0;         // linear equalities kept
  int inconsistent = 0;       // linear equalities the exact figures already break (left alone)
  int unbalanced_before = 0;  // broken by rounding each figure on its own
  int unbalanced_after = 0;   // still broken (0 unless the exact figures disagree)
};

// `unit` holds exact figures in `from_unit` (元); the result is in the model's unit.
absl::StatusOr<BalancedUnit> BalanceRounding(const Template& t, const UnitData& unit,
                                             std::string_view from_unit);

}  // namespace suan::model
