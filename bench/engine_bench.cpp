// The engine on the city workload: build + full calculation, full recalculation, one input
// edit followed by reading the consolidated total, a batch of 100 edits, and full recalculation
// on 1 or 2 threads (BM_FullRecalcThreads).
#include <malloc.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>

#include "bench/city_workbook.hpp"
#include "benchmark/benchmark.h"
#include "engine/io/workbook_json.hpp"

namespace suan::bench {
namespace {

const CityWorkbook& City(int n) {
  return BenchCityWorkbook(n);
}

std::unique_ptr<Workbook> Built(int n) {
  auto book = std::make_unique<Workbook>();
  (void)LoadCityWorkbook(City(n), *book);
  book->Recalculate();
  return book;
}

void BM_BuildAndCalc(benchmark::State& state) {
  const CityWorkbook& city = City(int(state.range(0)));
  for (auto _ : state) {
    Workbook book;
    (void)LoadCityWorkbook(city, book);
    book.Recalculate();
    benchmark::DoNotOptimize(book.Get(city.target_sheet, city.target_row, city.target_col));
  }
  state.counters["cells"] = double(city.cells.size());
  state.counters["formulas"] = double(city.formula_count);
}
BENCHMARK(BM_BuildAndCalc)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_FullRecalc(benchmark::State& state) {
  int n = int(state.range(0));
  auto book = Built(n);
  const CityWorkbook& city = City(n);
  for (auto _ : state) {
    book->RecalculateAll();
    benchmark::DoNotOptimize(book->Get(city.target_sheet, city.target_row, city.target_col));
  }
}
BENCHMARK(BM_FullRecalc)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

// BM_FullRecalc by topological level on a thread pool (Workbook::SetCalcThreads): departments,
// threads. Wall-clock time, with the CPU time of every thread of the process beside it.
// Counters: levels and blocks (engine/parallel_schedule.hpp), and the share of formulas run on
// the pool (the rest: levels too small, or of one block).
void BM_FullRecalcThreads(benchmark::State& state) {
  int n = int(state.range(0));
  auto book = Built(n);
  book->SetCalcThreads(int(state.range(1)));
  const CityWorkbook& city = City(n);
  for (auto _ : state) {
    book->RecalculateAll();
    benchmark::DoNotOptimize(book->Get(city.target_sheet, city.target_row, city.target_col));
  }
  state.counters["levels"] = double(book->stats().levels);
  state.counters["blocks"] = double(book->stats().blocks);
  state.counters["on_pool"] =
      double(book->stats().parallel_records) / double(std::max<size_t>(1, city.formula_count));
}
BENCHMARK(BM_FullRecalcThreads)
    ->ArgsProduct({{100, 500, 2000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_SingleEdit(benchmark::State& state) {
  int n = int(state.range(0));
  auto book = Built(n);
  const CityWorkbook& city = City(n);
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    const auto& e = city.edit_targets[rng() % city.edit_targets.size()];
    (void)book->SetValue(e.sheet, e.row, e.col, Value::Number(double(rng() % 100000) / 100));
    book->Recalculate();
    benchmark::DoNotOptimize(book->Get(city.target_sheet, city.target_row, city.target_col));
  }
  state.counters["cone"] = double(book->stats().last_cone);
}
BENCHMARK(BM_SingleEdit)->Arg(100)->Arg(500)->Unit(benchmark::kMicrosecond);

void BM_Batch100(benchmark::State& state) {
  int n = int(state.range(0));
  auto book = Built(n);
  const CityWorkbook& city = City(n);
  std::mt19937_64 rng(11);
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) {
      const auto& e = city.edit_targets[rng() % city.edit_targets.size()];
      (void)book->SetValue(e.sheet, e.row, e.col, Value::Number(double(rng() % 100000) / 100));
    }
    book->Recalculate();
    benchmark::DoNotOptimize(book->Get(city.target_sheet, city.target_row, city.target_col));
  }
}
BENCHMARK(BM_Batch100)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_LoadJson(benchmark::State& state) {
  const CityWorkbook& city = City(int(state.range(0)));
  std::string json = CityWorkbookJson(city);
  for (auto _ : state) {
    Workbook book;
    auto r = ReadWorkbookJson(json, "city.json", book);
    benchmark::DoNotOptimize(r.ok());
  }
  state.SetBytesProcessed(int64_t(json.size()) * state.iterations());
}
BENCHMARK(BM_LoadJson)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

// A column of running totals SUM($A$1:An): linear work thanks to range chains.
void BM_RunningTotals(benchmark::State& state) {
  int n = int(state.range(0));
  for (auto _ : state) {
    Workbook book;
    (void)book.AddSheet("S");
    for (int r = 0; r < n; ++r) {
      (void)book.SetValue(0, r, 0, Value::Number(r));
      (void)book.SetFormula(0, r, 1, "=SUM($A$1:A" + std::to_string(r + 1) + ")");
    }
    book.Recalculate();
    benchmark::DoNotOptimize(book.Get(0, n - 1, 1));
  }
  state.SetComplexityN(n);
}
BENCHMARK(BM_RunningTotals)
    ->RangeMultiplier(4)
    ->Range(1 << 10, 1 << 16)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace suan::bench
