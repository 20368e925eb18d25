#include "engine/scenario/scenario.hpp"

#include <cmath>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/workbook.hpp"
#include "formulas/a1.hpp"

namespace suan {

Scenario::Scenario(const Workbook& base, std::string name, const Scenario* parent)
    : base_(base), name_(std::move(name)), parent_(parent) {}

absl::Status Scenario::Record(const CellAddress3& cell, Op op, double amount,
                              bool override_formula) {
  if (cell.sheet >= base_.sheet_count())
    return absl::NotFoundError(
        absl::StrCat("scenario '", name_, "': no sheet number ", cell.sheet + 1));
  std::string where = base_.CellName(cell.sheet, cell.row, cell.col);
  if (!std::isfinite(amount))
    return absl::InvalidArgumentError(absl::StrCat(
        "scenario '", name_, "': ", where, " cannot take ", amount, " (only finite numbers)"));
  if (base_.IsFormula(cell.sheet, cell.row, cell.col) && !override_formula)
    return absl::InvalidArgumentError(
        absl::StrCat("scenario '", name_, "': ", where,
                     " holds a formula, not an input (Override replaces its value on purpose)"));
  changes_.push_back(Change{cell, op, amount, override_formula});
  evaluated_ = false;
  return absl::OkStatus();
}

absl::Status Scenario::Set(const CellAddress3& cell, double value) {
  return Record(cell, Op::kSet, value);
}
absl::Status Scenario::Override(const CellAddress3& cell, double value) {
  return Record(cell, Op::kSet, value, true);
}
absl::Status Scenario::Add(const CellAddress3& cell, double delta) {
  return Record(cell, Op::kAdd, delta);
}
absl::Status Scenario::Scale(const CellAddress3& cell, double factor) {
  return Record(cell, Op::kScale, factor);
}

absl::Status Scenario::Apply(std::span<const CellAddress3> cells, Op op, double amount) {
  for (const CellAddress3& c : cells)
    if (auto s = Record(c, op, amount); !s.ok()) return s;
  return absl::OkStatus();
}

std::vector<Scenario::Change> Scenario::AllChanges() const {
  std::vector<Change> all = parent_ ? parent_->AllChanges() : std::vector<Change>{};
  all.insert(all.end(), changes_.begin(), changes_.end());
  return all;
}

absl::Status Scenario::Evaluate() {
  // Fold the changes into one final value per input cell, in order.
  std::map<std::tuple<uint32_t, int32_t, int32_t>, double> final_value;
  bool overrides = false;
  for (const Change& c : AllChanges()) {
    overrides |= c.override_formula;
    auto key = std::make_tuple(c.cell.sheet, c.cell.row, c.cell.col);
    auto it = final_value.find(key);
    double current;
    if (it != final_value.end()) {
      current = it->second;
    } else {
      Value v = base_.Get(c.cell.sheet, c.cell.row, c.cell.col);
      if (c.op != Op::kSet && !v.is_number() && !v.is_empty())
        return absl::InvalidArgumentError(
            absl::StrCat("scenario '", name_, "': cannot ", c.op == Op::kAdd ? "add to " : "scale ",
                         base_.CellName(c.cell.sheet, c.cell.row, c.cell.col), ", which holds ",
                         v.ToString(), " (not a number)"));
      current = v.is_number() ? v.number() : 0;
    }
    switch (c.op) {
      case Op::kSet:
        current = c.amount;
        break;
      case Op::kAdd:
        current += c.amount;
        break;
      case Op::kScale:
        current *= c.amount;
        break;
    }
    final_value[key] = current;
  }
  std::vector<CellAddress3> inputs;
  Eigen::ArrayXXd values(Eigen::Index(final_value.size()), 1);
  Eigen::Index i = 0;
  for (const auto& [key, v] : final_value) {
    inputs.push_back(CellAddress3{std::get<0>(key), std::get<1>(key), std::get<2>(key)});
    values(i++, 0) = v;
  }
  lanes_ = std::make_unique<LaneEvaluator>(base_);
  if (auto s = lanes_->SetInputs(inputs, overrides); !s.ok())
    return absl::Status(s.code(), absl::StrCat("scenario '", name_, "': ", s.message()));
  if (!inputs.empty()) {
    if (auto s = lanes_->Run(values); !s.ok())
      return absl::Status(s.code(), absl::StrCat("scenario '", name_, "': ", s.message()));
  }
  evaluated_ = true;
  return absl::OkStatus();
}

Value Scenario::Get(uint32_t sheet, int32_t row, int32_t col) const {
  if (!lanes_ || lanes_->lanes() == 0) return base_.Get(sheet, row, col);
  return lanes_->Get(sheet, row, col, 0);
}

std::vector<Scenario::Difference> Scenario::Diff() const {
  std::vector<Difference> out;
  if (!lanes_ || lanes_->lanes() == 0) return out;
  for (CellId id : lanes_->touched()) {
    CellAddress3 a = base_.cells_.AddressOf(id);
    Value b = base_.Get(a.sheet, a.row, a.col);
    Value s = lanes_->Get(id, 0);
    if (b == s) continue;
    double delta = b.is_number() && s.is_number() ? s.number() - b.number() : std::nan("");
    out.push_back(Difference{a, std::move(b), std::move(s), delta});
  }
  return out;
}

}  // namespace suan
