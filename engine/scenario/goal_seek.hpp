// Goal seek and sensitivity: which input value makes a target reach a value, and how much a
// target moves per unit of each input.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cell_store.hpp"

namespace suan {

class Workbook;

struct GoalSeekOptions {
  // Where to look when the target is not linear in the input: [lo, hi]. Without it the search
  // widens around the input's current value.
  std::optional<std::pair<double, double>> bracket;
  double tolerance = 1e-9;  // on |target - goal|, relative to max(1, |goal|)
  int max_evaluations = 200;
};

struct GoalSeekResult {
  double input = 0;     // the value found for the input
  double achieved = 0;  // the target's value with it
  int evaluations = 0;  // scenarios evaluated
  bool linear = false;  // solved exactly in one step because the target is linear in the input
};

// Finds the value of `input` (an input cell) for which `target` equals `goal`. When the target
// is linear in the input (checked at three points) the answer is exact in one step; otherwise
// a bracketing root finder (bisection with secant steps) runs. No solution in the bracket is an
// error saying what range the target covered, never a wrong number.
absl::StatusOr<GoalSeekResult> GoalSeek(const Workbook& base, const CellAddress3& target,
                                        double goal, const CellAddress3& input,
                                        const GoalSeekOptions& options = {});

// d target / d input for each input (a central difference of step h around the current value;
// exact for targets linear in the input).
absl::StatusOr<std::vector<double>> Sensitivity(const Workbook& base, const CellAddress3& target,
                                                const std::vector<CellAddress3>& inputs,
                                                double h = 1.0);

}  // namespace suan
