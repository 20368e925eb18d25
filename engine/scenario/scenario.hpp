// A named what-if over a base workbook: input changes (set, add, scale) evaluated without
// copying or changing the base.
//
// A scenario stacks on a parent: its changes apply after the parent's (Add on a cell the parent
// Set adds to the parent's value). Evaluate() computes the cells the changes reach (their dirty
// cone) in a private overlay; everything else reads through to the base. The base must be
// recalculated first and must not be edited while scenarios on it are alive; while only read,
// any number of scenarios may evaluate at once on different threads.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/cell_store.hpp"
#include "engine/scenario/lane_evaluator.hpp"
#include "formulas/value.hpp"

namespace suan {

class Workbook;

class Scenario {
 public:
  enum class Op { kSet, kAdd, kScale };
  struct Change {
    CellAddress3 cell;
    Op op;
    double amount;
    bool override_formula = false;  // replaces a formula cell's value in this scenario
  };
  // A cell whose value differs from the base.
  struct Difference {
    CellAddress3 cell;
    Value base;
    Value scenario;
    double delta;  // scenario - base when both are numbers, else NaN
  };

  Scenario(const Workbook& base, std::string name, const Scenario* parent = nullptr);

  const std::string& name() const { return name_; }
  // Records a change; takes effect at the next Evaluate(). The cell must hold an input (a
  // constant), not a formula; the amount must be finite.
  absl::Status Set(const CellAddress3& cell, double value);
  // Replaces a formula cell's value in this scenario (what its formula would give is ignored;
  // what reads it follows the new value).
  absl::Status Override(const CellAddress3& cell, double value);
  absl::Status Add(const CellAddress3& cell, double delta);
  absl::Status Scale(const CellAddress3& cell, double factor);
  // The same change on a selection of cells (e.g. row 30101 of 表6 in every department).
  absl::Status Apply(std::span<const CellAddress3> cells, Op op, double amount);

  // Evaluates the scenario (its parent's changes, then its own).
  absl::Status Evaluate();
  bool evaluated() const { return evaluated_; }

  // A cell's value in the scenario (the base's where the changes do not reach).
  Value Get(uint32_t sheet, int32_t row, int32_t col) const;
  // Every cell whose value differs from the base, in evaluation order.
  std::vector<Difference> Diff() const;
  // The changes of this scenario and its parents, in the order they apply.
  std::vector<Change> AllChanges() const;

 private:
  absl::Status Record(const CellAddress3& cell, Op op, double amount,
                      bool override_formula = false);

  const Workbook& base_;
  std::string name_;
  const Scenario* parent_;
  std::vector<Change> changes_;
  std::unique_ptr<LaneEvaluator> lanes_;
  bool evaluated_ = false;
};

}  // namespace suan
