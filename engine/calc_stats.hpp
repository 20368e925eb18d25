// The engine's own timers, in the spirit of HyperFormula's statistics: where the time of the
// last build and recalculations went. Reported by `suan bench --stats`.
#pragma once

#include <chrono>
#include <cstdint>

namespace suan {

struct CalcStats {
  double parse_ms = 0;     // formula text -> Expr (distinct texts only)
  double compile_ms = 0;   // Expr -> programs, operands resolved per cell
  double graph_ms = 0;     // dependents (CSR) and range nodes
  double sort_ms = 0;      // topological order, ranks, cycle detection
  double evaluate_ms = 0;  // last full evaluation
  uint64_t distinct_texts = 0;
  uint64_t programs = 0;
  uint64_t formulas = 0;
  uint64_t edges = 0;
  uint64_t range_nodes = 0;
  uint64_t last_cone = 0;  // cells evaluated by the last incremental recalculation
  // Formulas (and range nodes) the last full recalculation ran on its thread pool: 0 when it
  // ran serially (one thread, no level large enough, or a workbook that must run serially).
  uint64_t parallel_records = 0;
  // Topological levels of the last full recalculation on more than one thread (0 otherwise).
  uint64_t levels = 0;
  // Blocks of that schedule (parallel_schedule.hpp): as many as formulas when by formula.
  uint64_t blocks = 0;
  uint64_t rebuilds = 0;
};

// Adds the time between construction and destruction to a counter.
class ScopedTimer {
 public:
  explicit ScopedTimer(double& ms) : ms_(ms), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
               .count();
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  double& ms_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace suan
