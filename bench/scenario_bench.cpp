// What-if on the city workload (engine/scenario), beside the plain edits of engine_bench.cpp:
//
//   BM_ScenarioOneInput   a scenario with one changed department input, evaluated, and the
//                         consolidated total read from it; the base workbook is untouched.
//                         Counter: cone (cells the scenario evaluated).
//   BM_ScenarioSelection  wages (column C of every expenditure item) scaled by 1.05 in every
//                         department: one scenario over a selection of inputs.
//   BM_Sweep1000          1,000 scenarios as lanes (RunSweep, chunks of 256), each varying one
//                         input in every department, read back as the consolidated total and every
//                         department's total. Counter: vs_full_recalcs = this time over the time
//                         of 1,000 full recalculations of the same workbook, measured in the same
//                         run (issue target: at most 0.25).
#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "bench/city_workbook.hpp"
#include "benchmark/benchmark.h"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/sweep.hpp"

namespace suan::bench {
namespace {

const CityWorkbook& City(int n) {
  return BenchCityWorkbook(n);
}

// One recalculated workbook per size, shared by the benchmarks (scenarios never change it).
const Workbook& Base(int n) {
  static std::map<int, std::unique_ptr<Workbook>> cache;
  auto& b = cache[n];
  if (!b) {
    b = std::make_unique<Workbook>();
    (void)LoadCityWorkbook(City(n), *b);
    b->Recalculate();
  }
  return *b;
}

void BM_ScenarioOneInput(benchmark::State& state) {
  int n = int(state.range(0));
  const CityWorkbook& city = City(n);
  const Workbook& base = Base(n);
  std::mt19937_64 rng(7);
  size_t cone = 0;
  for (auto _ : state) {
    const auto& e = city.edit_targets[rng() % city.edit_targets.size()];
    Scenario s(base, "one input");
    (void)s.Set({e.sheet, e.row, e.col}, double(rng() % 100000) / 100);
    (void)s.Evaluate();
    benchmark::DoNotOptimize(s.Get(city.target_sheet, city.target_row, city.target_col));
    state.PauseTiming();
    cone = s.Diff().size();
    state.ResumeTiming();
  }
  state.counters["changed_cells"] = double(cone);
}
BENCHMARK(BM_ScenarioOneInput)->Arg(500)->Unit(benchmark::kMicrosecond);

// The wage inputs: column C (the first economic column) of every edit target, per department.
std::vector<CellAddress3> Wages(const CityWorkbook& city) {
  std::vector<CellAddress3> cells;
  for (const auto& e : city.edit_targets)
    if (e.col == 2) cells.push_back({e.sheet, e.row, e.col});
  return cells;
}

void BM_ScenarioSelection(benchmark::State& state) {
  int n = int(state.range(0));
  const CityWorkbook& city = City(n);
  const Workbook& base = Base(n);
  std::vector<CellAddress3> wages = Wages(city);
  for (auto _ : state) {
    Scenario s(base, "wages +5%");
    (void)s.Apply(wages, Scenario::Op::kScale, 1.05);
    (void)s.Evaluate();
    benchmark::DoNotOptimize(s.Get(city.target_sheet, city.target_row, city.target_col));
  }
  state.counters["inputs"] = double(wages.size());
}
BENCHMARK(BM_ScenarioSelection)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_Sweep1000(benchmark::State& state) {
  int n = int(state.range(0));
  constexpr int kScenarios = 1000;
  const CityWorkbook& city = City(n);
  const Workbook& base = Base(n);
  // One input per department (its first edit target), varied by up to ±10 % per scenario.
  std::vector<CellAddress3> inputs;
  std::vector<double> base_values;
  uint32_t last_sheet = UINT32_MAX;
  for (const auto& e : city.edit_targets) {
    if (e.sheet == last_sheet) continue;
    last_sheet = e.sheet;
    inputs.push_back({e.sheet, e.row, e.col});
    base_values.push_back(base.Get(e.sheet, e.row, e.col).number());
  }
  Eigen::ArrayXXd values(Eigen::Index(inputs.size()), kScenarios);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> factor(0.9, 1.1);
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    for (Eigen::Index k = 0; k < kScenarios; ++k)
      values(i, k) = base_values[size_t(i)] * factor(rng);
  // Outputs: the consolidated total and, per department, the cell at the same place.
  std::vector<CellAddress3> outputs{{city.target_sheet, city.target_row, city.target_col}};
  for (uint32_t s = 0; s < uint32_t(city.departments); ++s)
    outputs.push_back({s, city.target_row, city.target_col});

  // 1,000 full recalculations, estimated from a few measured in this run on a copy.
  double full_recalc_s = 0;
  {
    Workbook copy;
    (void)LoadCityWorkbook(city, copy);
    copy.Recalculate();
    constexpr int kReps = 5;
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < kReps; ++r) copy.RecalculateAll();
    full_recalc_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() /
                    kReps * kScenarios;
  }

  double total_s = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto out = RunSweep(base, inputs, values, outputs);
    benchmark::DoNotOptimize(out.ok());
    total_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!out.ok()) state.SkipWithError(std::string(out.status().message()).c_str());
  }
  state.counters["scenarios"] = kScenarios;
  state.counters["inputs"] = double(inputs.size());
  state.counters["full_recalcs_ms"] = full_recalc_s * 1e3;
  state.counters["vs_full_recalcs"] = total_s / double(state.iterations()) / full_recalc_s;
}
BENCHMARK(BM_Sweep1000)->Arg(500)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace suan::bench
