#include "engine/scenario/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"
#include "engine/scenario/lane_evaluator.hpp"
#include "engine/workbook.hpp"

namespace suan {

absl::StatusOr<Eigen::ArrayXXd> RunSweep(const Workbook& base,
                                         const std::vector<CellAddress3>& inputs,
                                         const Eigen::ArrayXXd& values,
                                         const std::vector<CellAddress3>& outputs,
                                         const SweepOptions& options,
                                         std::vector<std::string>* errors) {
  if (values.rows() != Eigen::Index(inputs.size()))
    return absl::InvalidArgumentError(absl::StrCat("a sweep needs one row of values per input (",
                                                   inputs.size(), " inputs, ", values.rows(),
                                                   " rows)"));
  if (options.chunk < 1) return absl::InvalidArgumentError("the sweep chunk must be at least 1");
  for (const CellAddress3& o : outputs)
    if (o.sheet >= base.sheet_count())
      return absl::NotFoundError(absl::StrCat("no sheet number ", o.sheet + 1, " for an output"));
  LaneEvaluator lanes(base);
  if (auto s = lanes.SetInputs(inputs); !s.ok()) return s;
  const Eigen::Index total = values.cols();
  Eigen::ArrayXXd out(Eigen::Index(outputs.size()), total);
  for (Eigen::Index start = 0; start < total; start += options.chunk) {
    Eigen::Index n = std::min<Eigen::Index>(options.chunk, total - start);
    if (auto s = lanes.Run(values.middleCols(start, n)); !s.ok())
      return absl::Status(s.code(), absl::StrCat(s.message(), " (scenario ", start, " onwards)"));
    for (size_t j = 0; j < outputs.size(); ++j) {
      const CellAddress3& o = outputs[j];
      for (Eigen::Index k = 0; k < n; ++k) {
        Value v = lanes.Get(o.sheet, o.row, o.col, int(k));
        out(Eigen::Index(j), start + k) = v.is_number() ? v.number() : std::nan("");
        if (!v.is_number() && errors && errors->size() < 100)
          errors->push_back(absl::StrCat("scenario ", start + k, ": ",
                                         base.CellName(o.sheet, o.row, o.col), " is ",
                                         v.ToString().empty() ? "empty" : v.ToString()));
      }
    }
  }
  return out;
}

absl::StatusOr<MonteCarloResult> RunMonteCarlo(const Workbook& base,
                                               const std::vector<CellAddress3>& inputs,
                                               const std::vector<Distribution>& distributions,
                                               const std::vector<CellAddress3>& outputs, int draws,
                                               uint64_t seed, const SweepOptions& options) {
  if (distributions.size() != inputs.size())
    return absl::InvalidArgumentError("one distribution per input is needed");
  if (draws < 1) return absl::InvalidArgumentError("at least one draw is needed");
  std::mt19937_64 rng(seed);
  Eigen::ArrayXXd values(Eigen::Index(inputs.size()), draws);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Distribution& d = distributions[i];
    std::uniform_real_distribution<double> unit(0, 1);
    for (int k = 0; k < draws; ++k) {
      double x = 0;
      switch (d.kind) {
        case Distribution::Kind::kNormal:
          x = std::normal_distribution<double>(d.a, d.b)(rng);
          break;
        case Distribution::Kind::kUniform:
          x = d.a + (d.b - d.a) * unit(rng);
          break;
        case Distribution::Kind::kTriangular: {
          double u = unit(rng), lo = d.a, hi = d.b, mode = d.c;
          double f = (mode - lo) / (hi - lo);
          x = u < f ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                    : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
          break;
        }
      }
      values(Eigen::Index(i), k) = x;
    }
  }
  auto samples = RunSweep(base, inputs, values, outputs, options);
  if (!samples.ok()) return samples.status();
  MonteCarloResult r;
  r.samples = *std::move(samples);
  const Eigen::Index m = r.samples.rows();
  r.mean.resize(m);
  r.sd.resize(m);
  r.p05.resize(m);
  r.p50.resize(m);
  r.p95.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    std::vector<double> xs;
    for (int k = 0; k < draws; ++k)
      if (std::isfinite(r.samples(j, k))) xs.push_back(r.samples(j, k));
    if (xs.empty()) {
      r.mean(j) = r.sd(j) = r.p05(j) = r.p50(j) = r.p95(j) = std::nan("");
      continue;
    }
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= double(xs.size());
    double var = 0;
    for (double x : xs) var += (x - mean) * (x - mean);
    r.mean(j) = mean;
    r.sd(j) = xs.size() > 1 ? std::sqrt(var / double(xs.size() - 1)) : 0;
    std::sort(xs.begin(), xs.end());
    auto q = [&](double p) {
      double pos = p * double(xs.size() - 1);
      size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, xs.size() - 1);
      return xs[lo] + (xs[hi] - xs[lo]) * (pos - double(lo));
    };
    r.p05(j) = q(0.05);
    r.p50(j) = q(0.5);
    r.p95(j) = q(0.95);
  }
  return r;
}

}  // namespace suan
