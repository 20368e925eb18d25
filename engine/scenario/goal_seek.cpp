#include "engine/scenario/goal_seek.hpp"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "engine/scenario/lane_evaluator.hpp"
#include "engine/workbook.hpp"
#include "formulas/value.hpp"

namespace suan {

namespace {

// Evaluates the target for several values of one input at once (one lane each).
class TargetFunction {
 public:
  TargetFunction(const Workbook& base, const CellAddress3& target, const CellAddress3& input)
      : base_(base), target_(target), input_(input), lanes_(base) {}
  absl::Status Init() { return lanes_.SetInputs({input_}); }
  absl::StatusOr<Eigen::ArrayXd> operator()(const Eigen::ArrayXd& xs) {
    Eigen::ArrayXXd values(1, xs.size());
    values.row(0) = xs.transpose();
    if (auto s = lanes_.Run(values); !s.ok()) return s;
    evaluations_ += int(xs.size());
    Eigen::ArrayXd ys(xs.size());
    for (Eigen::Index k = 0; k < xs.size(); ++k) {
      Value v = lanes_.Get(target_.sheet, target_.row, target_.col, int(k));
      if (!v.is_number())
        return absl::FailedPreconditionError(absl::StrCat(
            base_.CellName(target_.sheet, target_.row, target_.col), " is ", v.ToString(), " when ",
            base_.CellName(input_.sheet, input_.row, input_.col), " is ", xs(k),
            ": not a number to seek"));
      ys(k) = v.number();
    }
    return ys;
  }
  absl::StatusOr<double> At(double x) {
    auto y = (*this)(Eigen::ArrayXd::Constant(1, x));
    if (!y.ok()) return y.status();
    return (*y)(0);
  }
  int evaluations() const { return evaluations_; }

 private:
  const Workbook& base_;
  CellAddress3 target_, input_;
  LaneEvaluator lanes_;
  int evaluations_ = 0;
};

}  // namespace

absl::StatusOr<GoalSeekResult> GoalSeek(const Workbook& base, const CellAddress3& target,
                                        double goal, const CellAddress3& input,
                                        const GoalSeekOptions& options) {
  if (!std::isfinite(goal)) return absl::InvalidArgumentError("the goal must be a finite number");
  TargetFunction f(base, target, input);
  if (auto s = f.Init(); !s.ok()) return s;
  Value start = base.Get(input.sheet, input.row, input.col);
  double x0 = start.is_number() ? start.number() : 0;
  double h = std::max(1.0, std::fabs(x0));
  double tol = options.tolerance * std::max(1.0, std::fabs(goal));
  GoalSeekResult r;

  // Linear? Three points, equal steps: equal differences mean a straight line.
  Eigen::ArrayXd xs(3);
  xs << x0 - h, x0, x0 + h;
  auto ys = f(xs);
  if (!ys.ok()) return ys.status();
  double d1 = (*ys)(1) - (*ys)(0), d2 = (*ys)(2) - (*ys)(1);
  double scale = std::max({std::fabs((*ys)(0)), std::fabs((*ys)(1)), std::fabs((*ys)(2)), 1.0});
  if (d1 != 0 && std::fabs(d1 - d2) <= 1e-12 * scale) {
    double slope = (d1 + d2) / (2 * h);
    double x = x0 + (goal - (*ys)(1)) / slope;
    auto y = f.At(x);
    if (!y.ok()) return y.status();
    if (std::fabs(*y - goal) <= tol) {
      r.input = x;
      r.achieved = *y;
      r.linear = true;
      r.evaluations = f.evaluations();
      return r;
    }
  }

  // Bracket the root: the given interval, or one widened around x0 until the sign changes.
  double lo, hi, flo, fhi;
  if (options.bracket) {
    lo = options.bracket->first;
    hi = options.bracket->second;
    if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
      return absl::InvalidArgumentError("the bracket must be two finite numbers, low < high");
    auto a = f.At(lo);
    if (!a.ok()) return a.status();
    auto b = f.At(hi);
    if (!b.ok()) return b.status();
    flo = *a - goal;
    fhi = *b - goal;
  } else {
    lo = x0 - h;
    hi = x0 + h;
    flo = (*ys)(0) - goal;
    fhi = (*ys)(2) - goal;
    double width = h;
    while (flo * fhi > 0 && f.evaluations() < options.max_evaluations) {
      width *= 2;
      Eigen::ArrayXd wider(2);
      wider << x0 - width, x0 + width;
      auto w = f(wider);
      if (!w.ok()) return w.status();
      lo = wider(0);
      hi = wider(1);
      flo = (*w)(0) - goal;
      fhi = (*w)(1) - goal;
      if (width > 1e15) break;
    }
  }
  if (flo == 0 || fhi == 0) {
    r.input = flo == 0 ? lo : hi;
    r.achieved = goal;
    r.evaluations = f.evaluations();
    return r;
  }
  if (flo * fhi > 0)
    return absl::NotFoundError(absl::StrCat(
        "no value of ", base.CellName(input.sheet, input.row, input.col), " between ", lo, " and ",
        hi, " makes ", base.CellName(target.sheet, target.row, target.col), " equal ", goal,
        ": it ranges from ", flo + goal, " to ", fhi + goal,
        " there (give a bracket where it crosses the goal)"));
  // Secant steps inside the bracket, with a bisection every third step so the bracket always
  // shrinks.
  for (int step = 0; f.evaluations() < options.max_evaluations; ++step) {
    double x = hi - fhi * (hi - lo) / (fhi - flo);
    if (step % 3 == 2 || !(x > lo && x < hi)) x = (lo + hi) / 2;
    auto y = f.At(x);
    if (!y.ok()) return y.status();
    double fx = *y - goal;
    if (std::fabs(fx) <= tol || hi - lo <= 1e-15 * std::max(1.0, std::fabs(x))) {
      r.input = x;
      r.achieved = *y;
      r.evaluations = f.evaluations();
      return r;
    }
    if (flo * fx < 0) {
      hi = x;
      fhi = fx;
    } else {
      lo = x;
      flo = fx;
    }
  }
  return absl::DeadlineExceededError(
      absl::StrCat("goal seek did not converge within ", options.max_evaluations, " evaluations"));
}

absl::StatusOr<std::vector<double>> Sensitivity(const Workbook& base, const CellAddress3& target,
                                                const std::vector<CellAddress3>& inputs, double h) {
  if (!(h > 0) || !std::isfinite(h)) return absl::InvalidArgumentError("the step must be > 0");
  LaneEvaluator lanes(base);
  if (auto s = lanes.SetInputs(inputs); !s.ok()) return s;
  // Lane 2i: input i at x - h, lane 2i+1: at x + h; the others at their base values.
  const Eigen::Index n = Eigen::Index(inputs.size());
  Eigen::ArrayXXd values(n, 2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    Value v = base.Get(inputs[size_t(i)].sheet, inputs[size_t(i)].row, inputs[size_t(i)].col);
    values.row(i).setConstant(v.is_number() ? v.number() : 0);
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    values(i, 2 * i) -= h;
    values(i, 2 * i + 1) += h;
  }
  if (auto s = lanes.Run(values); !s.ok()) return s;
  std::vector<double> out;
  for (Eigen::Index i = 0; i < n; ++i) {
    Value a = lanes.Get(target.sheet, target.row, target.col, int(2 * i));
    Value b = lanes.Get(target.sheet, target.row, target.col, int(2 * i + 1));
    if (!a.is_number() || !b.is_number())
      return absl::FailedPreconditionError(absl::StrCat(
          base.CellName(target.sheet, target.row, target.col), " is not a number when ",
          base.CellName(inputs[size_t(i)].sheet, inputs[size_t(i)].row, inputs[size_t(i)].col),
          " moves"));
    out.push_back((b.number() - a.number()) / (2 * h));
  }
  return out;
}

}  // namespace suan
