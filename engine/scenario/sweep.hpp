// Sweeps: K scenarios at once, as lanes, in chunks so memory stays bounded; and Monte Carlo
// on top (seeded distributions per input, the distribution of any output back).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/status/statusor.h"
#include "engine/cell_store.hpp"

namespace suan {

class Workbook;

struct SweepOptions {
  // Lanes evaluated together; memory is about (cone cells x chunk x 8 bytes).
  int chunk = 256;
};

// values(i, k): input i in scenario k. Returns outputs(j, k): output j in scenario k (NaN where
// the output is not a number in that scenario; `errors` then says which and why, if given).
absl::StatusOr<Eigen::ArrayXXd> RunSweep(const Workbook& base,
                                         const std::vector<CellAddress3>& inputs,
                                         const Eigen::ArrayXXd& values,
                                         const std::vector<CellAddress3>& outputs,
                                         const SweepOptions& options = {},
                                         std::vector<std::string>* errors = nullptr);

// A distribution for one input of a Monte Carlo run.
struct Distribution {
  enum class Kind { kNormal, kUniform, kTriangular } kind = Kind::kNormal;
  double a = 0, b = 1,
         c = 0;  // normal: mean a, sd b; uniform: [a, b]; triangular: min a, mode c, max b
  static Distribution Normal(double mean, double sd) { return {Kind::kNormal, mean, sd, 0}; }
  static Distribution Uniform(double lo, double hi) { return {Kind::kUniform, lo, hi, 0}; }
  static Distribution Triangular(double lo, double mode, double hi) {
    return {Kind::kTriangular, lo, hi, mode};
  }
};

struct MonteCarloResult {
  Eigen::ArrayXXd samples;  // outputs x draws
  // Per output: mean, standard deviation, and the 5th / 50th / 95th percentiles.
  Eigen::ArrayXd mean, sd, p05, p50, p95;
};

absl::StatusOr<MonteCarloResult> RunMonteCarlo(const Workbook& base,
                                               const std::vector<CellAddress3>& inputs,
                                               const std::vector<Distribution>& distributions,
                                               const std::vector<CellAddress3>& outputs, int draws,
                                               uint64_t seed, const SweepOptions& options = {});

}  // namespace suan
