// The machine's speed, measured in the same run as everything else: a fixed workload that uses
// nothing of suan, so bench/regress can divide every figure by it and compare runs made on a
// busier or quieter machine, or on another machine (see README.md, "Benchmarks").
//
// The work is of the engine's kind: dependent loads from a table (ids leading to ids, as in a
// dependency graph), integer mixing (hashing), and sequential passes of double arithmetic
// (evaluation over flat arrays). The table is 512 KiB: it stays in a core's own L2 cache, so the
// figure follows the speed of the core the run gets, and not what other processes do to the
// shared L3 cache and memory, which would make it the noisiest figure of the run instead of the
// steadiest. Each repetition runs for at least 0.2 s whatever --benchmark_min_time says, for the
// same reason. It must never change: changing it rescales every normalised figure and invalidates
// bench/baseline.json and every history file. Its name, BM_Calibration, is what bench/regress
// looks for.
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"

namespace suan::bench {
namespace {

constexpr uint64_t kWords = uint64_t{1} << 16;  // 512 KiB of uint64_t
constexpr uint64_t kSteps = uint64_t{1} << 17;  // dependent loads per iteration
constexpr int kPasses = 4;                      // sequential passes per iteration

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

const std::vector<uint64_t>& Table() {
  static const std::vector<uint64_t> table = [] {
    std::vector<uint64_t> t(kWords);
    uint64_t state = 20240601;
    for (auto& w : t) w = SplitMix64(state);
    return t;
  }();
  return table;
}

uint64_t CalibrationWork(const std::vector<uint64_t>& t) {
  // A random walk whose every step depends on the word just loaded.
  uint64_t x = 1, idx = 0;
  for (uint64_t i = 0; i < kSteps; ++i) {
    x ^= t[idx];
    x = (x ^ (x >> 29)) * 0xBF58476D1CE4E5B9ull;
    idx = (x >> 17) & (kWords - 1);
  }
  // Sequential passes of floating-point arithmetic over the same table.
  double acc = 0;
  for (int p = 0; p < kPasses; ++p)
    for (uint64_t i = 0; i < kWords; ++i) acc = acc * 0.999999 + double(t[i] >> 40) * 1e-6;
  return x ^ uint64_t(acc);
}

void BM_Calibration(benchmark::State& state) {
  const auto& t = Table();
  for (auto _ : state) benchmark::DoNotOptimize(CalibrationWork(t));
}
BENCHMARK(BM_Calibration)->MinTime(0.2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace suan::bench
