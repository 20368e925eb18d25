// The city (engine/city) on generated cities of 100, 500 and 5,000 departments (about one in
// ten with a few sub-units, so 5,000 departments are some 6,000 units):
//
//   BM_CityBuild       read every unit's file, check every unit, consolidate every node, calculate,
//                      read every verdict: what `suan consolidate` does before writing. Counters:
//                      units, cells, peak RSS, and bytes per cell (the build's peak RSS growth over
//                      the cells calculated).
//   BM_CityEdit        one input figure of a unit edited, the city recalculated: the unit's checks,
//                      every consolidated table above it and their checks (the unit's own workbook
//                      is live, as it is after its first edit).
//   BM_CityEditCold    the same for a unit edited for the first time (its workbook is compiled,
//                      and its department's consolidated checks when they are not live; the
//                      city's own are made live before timing).
//   BM_CityResubmit    a unit resubmits the same rows with changed figures (its workbook is live).
//   BM_CityResubmitCold  the same for a unit not edited before.
//   BM_CityReport      the report (every unit's verdict, ranked) after an edit, in a city where
//                      eight units publish a total that does not add up: consolidated units name
//                      the members whose failures they sum up.
//   BM_CityFullRecalc  every formula of the city's workbook recomputed (what parallel evaluation
//                      by topological level could shorten).
//   BM_CityFullRecalcThreads  the same on 1 or 2 threads, by topological level (second argument).
//   BM_CityAddUnit     a new unit under a department: a change of shape (the engine rebuilds).
//   BM_UnitCheck       one unit's figures compiled and checked by a UnitChecker (what the build
//                      does for every unit, on each thread), the units of city-100 in turn.
//   BM_UnitRead        one unit's file (CSV, already in memory) read into its figures, the units
//                      of city-100 in turn: the build's first step.
//
// Cities are written once to $TMPDIR/suan-city-bench/<N> (by the generator, seed 1) and reused.
// Times are wall-clock (UseRealTime) with the process's CPU time beside them, since checking
// runs on every core. The model is models/budget-disclosure-2026.suan of the source tree
// ($SUAN_BENCH_DATA/../../models, or $SUAN_BENCH_MODELS).
#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "engine/city/city.hpp"
#include "engine/city/city_report.hpp"
#include "engine/city/synthetic_city.hpp"
#include "engine/city/unit_workbook.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_file.hpp"

namespace suan::bench {
namespace {

std::string ModelsDir() {
  if (const char* dir = std::getenv("SUAN_BENCH_MODELS"); dir && *dir) return dir;
  const char* data = std::getenv("SUAN_BENCH_DATA");
  return std::string(data && *data ? data : SUAN_BENCH_DATA) + "/../../models";
}

const model::Template* Model() {
  static std::unique_ptr<model::Template> t = [] {
    absl::StatusOr<std::unique_ptr<model::Template>> loaded =
        model::LoadTemplate(ModelsDir() + "/budget-disclosure-2026.suan");
    return loaded.ok() ? *std::move(loaded) : nullptr;
  }();
  return t.get();
}

// The folder of a generated city of `departments`, written the first time it is asked for.
std::string CityDir(int departments) {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/suan-city-bench/" + std::to_string(departments);
  if (std::filesystem::exists(dir + "/city.csv")) return dir;
  city::GenerateOptions options;
  options.departments = departments;
  options.seed = 1;
  absl::StatusOr<city::SyntheticCity> c = city::GenerateCity(*Model(), options);
  if (!c.ok() || !city::WriteCity(*Model(), *c, dir).ok()) return "";
  return dir;
}

// Resident memory now and at its peak since the last ResetPeak (Linux: /proc/self/status).
size_t StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return size_t(std::atoll(line.c_str() + std::strlen(key)));
  }
  return 0;
}
void ResetPeak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // resets VmHWM to the current RSS
}

// Gives the allocator's free pages back to the system, so that resident memory is what is in
// use: glibc's malloc_trim, and jemalloc's purge of every arena when the program has jemalloc
// (CMakeLists.txt), which otherwise keeps freed pages for seconds.
void ReleaseFreeMemory() {
  malloc_trim(0);
  using Mallctl = int (*)(const char*, void*, size_t*, void*, size_t);
  if (auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"))) {
    constexpr int kAllArenas = 4096;  // MALLCTL_ARENAS_ALL
    std::string purge = "arena." + std::to_string(kAllArenas) + ".purge";
    mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
  }
}

// One built city at a time, shared by the benchmarks of the same size (they run size by size).
std::unique_ptr<city::City>& BuiltCity() {
  static std::unique_ptr<city::City> built;
  return built;
}
void DropBuilt() {
  BuiltCity().reset();
  ReleaseFreeMemory();
}
city::City* Built(int departments, size_t live_units) {
  std::unique_ptr<city::City>& built = BuiltCity();
  static int size = 0;
  if (!built || size != departments) {
    DropBuilt();
    absl::StatusOr<std::unique_ptr<city::City>> c =
        city::City::Open(*Model(), CityDir(departments));
    if (!c.ok()) return nullptr;
    built = *std::move(c);
    size = departments;
  }
  built->SetLiveUnits(live_units);
  return built.get();
}

bool Ready(benchmark::State& state) {
  if (!Model()) {
    state.SkipWithError("cannot load models/budget-disclosure-2026.suan");
    return false;
  }
  if (CityDir(int(state.range(0))).empty()) {
    state.SkipWithError("cannot write the generated city");
    return false;
  }
  return true;
}

// The generated city of state.range(0) departments, built (or nullptr, the benchmark skipped
// with the reason).
city::City* ReadyCity(benchmark::State& state, size_t live_units) {
  if (!Ready(state)) return nullptr;
  city::City* c = Built(int(state.range(0)), live_units);
  if (!c) state.SkipWithError("the city cannot be built");
  return c;
}

void BM_CityBuild(benchmark::State& state) {
  if (!Ready(state)) return;
  int n = int(state.range(0));
  std::string dir = CityDir(n);
  DropBuilt();  // no other city in memory while this one is measured
  size_t cells = 0, units = 0, consolidated = 0;
  double peak_growth_kb = 0, peak_kb = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ReleaseFreeMemory();
    size_t before = StatusKb("VmRSS:");
    ResetPeak();
    state.ResumeTiming();
    absl::StatusOr<std::unique_ptr<city::City>> c = city::City::Open(*Model(), dir);
    if (!c.ok()) {
      state.SkipWithError(std::string(c.status().message()).c_str());
      return;
    }
    city::CityReport report = city::MakeReport(**c);
    benchmark::DoNotOptimize(report.checks.failed);
    state.PauseTiming();
    cells = (*c)->cell_count();
    units = (*c)->unit_count();
    consolidated = (*c)->consolidated_count();
    peak_kb = double(StatusKb("VmHWM:"));
    peak_growth_kb = std::max(peak_growth_kb, peak_kb - double(before));
    c->reset();
    state.ResumeTiming();
  }
  state.counters["units"] = double(units);
  state.counters["consolidated"] = double(consolidated);
  state.counters["cells"] = double(cells);
  state.counters["peak_rss_mb"] = peak_kb / 1024;
  state.counters["bytes_per_cell"] = cells ? peak_growth_kb * 1024 / double(cells) : 0;
}
BENCHMARK(BM_CityBuild)
    ->Arg(100)
    ->Arg(500)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_CityBuild)
    ->Arg(5000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_UnitCheck(benchmark::State& state) {
  if (!Ready(state)) return;
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(CityDir(int(state.range(0))) + "/units")) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<model::UnitData> units;
  for (const std::string& file : files) {
    absl::StatusOr<model::UnitData> u = model::LoadUnitFile(*Model(), file);
    if (u.ok()) units.push_back(*std::move(u));
  }
  if (units.empty()) {
    state.SkipWithError("no unit of the generated city can be read");
    return;
  }
  city::UnitChecker checker;
  size_t next = 0, checks = 0;
  for (auto _ : state) {
    absl::Status s = checker.Check(*Model(), units[next++ % units.size()]);
    if (!s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      return;
    }
    checks += checker.compiled().checks.size();
  }
  state.counters["checks_per_unit"] = double(checks) / double(state.iterations());
}
BENCHMARK(BM_UnitCheck)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_UnitRead(benchmark::State& state) {
  if (!Ready(state)) return;
  std::vector<std::string> texts;
  for (const auto& entry :
       std::filesystem::directory_iterator(CityDir(int(state.range(0))) + "/units")) {
    std::ifstream in(entry.path());
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::sort(texts.begin(), texts.end());
  size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = texts[next++ % texts.size()];
    absl::StatusOr<model::UnitData> u = model::ReadUnitText(*Model(), text, "unit.csv");
    if (!u.ok()) {
      state.SkipWithError(std::string(u.status().message()).c_str());
      return;
    }
    bytes += text.size();
    benchmark::DoNotOptimize(u->tables.data());
  }
  state.SetBytesProcessed(int64_t(bytes));
}
BENCHMARK(BM_UnitRead)->Arg(100)->Unit(benchmark::kMicrosecond);

// Units to edit, and the figure: 表3 基本支出 of the 总计 row (a published total read by rules
// of 表3 and by cross-table checks, summed into every consolidated unit above).
std::vector<std::string> EditableUnits(city::City& c, size_t count) {
  std::vector<std::string> out;
  for (const city::UnitStatus& u : c.Units()) {
    if (u.kind == city::UnitStatus::Kind::kUnit && u.readable) out.push_back(u.code);
  }
  std::mt19937_64 rng(5);
  std::shuffle(out.begin(), out.end(), rng);
  if (out.size() > count) out.resize(count);
  return out;
}
double EditedFigure(city::City& c, const std::string& unit) {
  return c.UnitFigure(unit, "表3", "总计", "基本支出").value_or(0);
}
void SetEditedFigure(city::City& c, const std::string& unit, double value) {
  (void)c.SetFigure(unit, "表3", "总计", "基本支出", value);
}
// The city's own checks (the root consolidated unit's) are live after its first edit, whichever
// unit it was: a cold benchmark measures a unit edited for the first time, not the city's first
// edit, which the benchmark before it may or may not have made (they share the city).
void WarmCityChecks(city::City& c, const std::string& unit) {
  SetEditedFigure(c, unit, EditedFigure(c, unit));
  c.Recalculate();
}

void Edit(benchmark::State& state, bool warm) {
  city::City* c = ReadyCity(state, warm ? 64 : 1);
  if (!c) return;
  std::vector<std::string> units = EditableUnits(*c, warm ? 32 : 100000);
  std::vector<double> base;
  for (const std::string& u : units) base.push_back(EditedFigure(*c, u));
  if (warm) {
    for (size_t k = 0; k < units.size(); ++k) {
      SetEditedFigure(*c, units[k], base[k]);
    }
    c->Recalculate();
  } else {
    WarmCityChecks(*c, units.back());
  }
  size_t k = 0;
  double sum = 0;
  for (auto _ : state) {
    size_t i = k++ % units.size();
    SetEditedFigure(*c, units[i], base[i] + double(k % 7));
    c->Recalculate();
    sum += c->ConsolidatedFigure(c->root_code(), "表3", "总计", "基本支出").value_or(0);
  }
  benchmark::DoNotOptimize(sum);
  state.counters["city_cone"] = double(c->book().stats().last_cone);
  state.counters["live_units"] = double(c->live_unit_workbooks());
}
void BM_CityEdit(benchmark::State& state) {
  Edit(state, true);
}
void BM_CityEditCold(benchmark::State& state) {
  Edit(state, false);
}

void BM_CityReport(benchmark::State& state) {
  city::City* c = ReadyCity(state, 64);
  if (!c) return;
  std::vector<std::string> units = EditableUnits(*c, 8);
  std::vector<double> base;
  for (const std::string& u : units) base.push_back(EditedFigure(*c, u));
  // Totals that no longer add up: each unit fails, and so does every node above it.
  for (size_t k = 0; k < units.size(); ++k) {
    SetEditedFigure(*c, units[k], base[k] + 1000);
  }
  c->Recalculate();
  size_t k = 0;
  int failed = 0;
  for (auto _ : state) {
    size_t i = k++ % units.size();
    SetEditedFigure(*c, units[i], base[i] + 1000 + double(k % 7));
    c->Recalculate();
    failed = city::MakeReport(*c).checks.failed;
  }
  // The city as generated again, for the benchmarks that follow.
  for (size_t j = 0; j < units.size(); ++j) {
    SetEditedFigure(*c, units[j], base[j]);
  }
  c->Recalculate();
  state.counters["failed"] = failed;
}

void Resubmit(benchmark::State& state, bool warm) {
  city::City* c = ReadyCity(state, warm ? 64 : 1);
  if (!c) return;
  // Each unit's figures as read from its file, then every 表6 figure scaled slightly: the same
  // rows, many figures changed (as a department correcting its staff costs). Only units of the
  // manifest: BM_CityAddUnit may have added others to the same city (benchmarks interleave).
  std::vector<std::string> units;
  std::vector<model::UnitData> data;
  absl::StatusOr<city::Manifest> m = city::ReadManifest(CityDir(int(state.range(0))));
  if (!m.ok()) {
    state.SkipWithError("cannot read the generated city's manifest");
    return;
  }
  city::UnitLoader load = city::FileLoader(m->dir);
  for (const std::string& code : EditableUnits(*c, warm ? 16 : 100000)) {
    for (const city::UnitEntry& e : m->units) {
      if (e.code != code) continue;
      absl::StatusOr<model::UnitData> d = load(*Model(), e);
      if (!d.ok()) continue;
      units.push_back(code);
      data.push_back(*std::move(d));
    }
  }
  if (units.empty()) {
    state.SkipWithError("no unit of the manifest to resubmit");
    return;
  }
  int t6 = Model()->TableIndex("表6");
  if (warm) {
    // A unit's workbook becomes live with an edit of one of its figures (as in Edit), not with
    // a resubmission; without this the figure depended on BM_CityEdit having run just before.
    for (const std::string& u : units) {
      SetEditedFigure(*c, u, EditedFigure(*c, u));
    }
    c->Recalculate();
    for (size_t k = 0; k < units.size(); ++k) (void)c->ReplaceUnit(units[k], data[k]);
    c->Recalculate();
  } else {
    WarmCityChecks(*c, units.back());
  }
  // Counted across repetitions, so a repetition never resubmits the figures a unit has.
  static size_t k = 0;
  for (auto _ : state) {
    size_t i = k++ % units.size();
    model::UnitData d = data[i];
    for (model::UnitRow& r : d.tables[size_t(t6)].parts[0].rows) {
      for (std::optional<double>& v : r.values) {
        if (v) *v = std::round(*v * (1 + 0.001 * double(k % 97 + 1)) * 100) / 100;
      }
    }
    (void)c->ReplaceUnit(units[i], std::move(d));
    c->Recalculate();
  }
  state.counters["city_cone"] = double(c->book().stats().last_cone);
}
void BM_CityResubmit(benchmark::State& state) {
  Resubmit(state, true);
}
void BM_CityResubmitCold(benchmark::State& state) {
  Resubmit(state, false);
}

void BM_CityAddUnit(benchmark::State& state) {
  city::City* c = ReadyCity(state, 64);
  if (!c) return;
  std::vector<std::string> parents = EditableUnits(*c, 50);
  absl::StatusOr<city::Manifest> m = city::ReadManifest(CityDir(int(state.range(0))));
  if (!m.ok() || m->units.size() < 2) {
    state.SkipWithError("cannot read the generated city's manifest");
    return;
  }
  absl::StatusOr<model::UnitData> data = city::FileLoader(m->dir)(*Model(), m->units[1]);
  if (!data.ok()) {
    state.SkipWithError("cannot read a unit of the generated city");
    return;
  }
  static int added = 0;
  for (auto _ : state) {
    city::UnitEntry e;
    e.code = "ADD" + std::to_string(++added);
    e.name = e.code;
    e.parent = parents[size_t(added) % parents.size()];
    (void)c->AddUnit(e, *data);
    c->Recalculate();
  }
  state.counters["formulas"] = double(c->book().formula_count());
  // The other benchmarks measure the generated city as it is: with benchmarks interleaved they
  // may run after this one, so they get a fresh copy instead of one with units added.
  DropBuilt();
}

void BM_CityFullRecalc(benchmark::State& state) {
  city::City* c = ReadyCity(state, 64);
  if (!c) return;
  for (auto _ : state) c->RecalculateAll();
  state.counters["formulas"] = double(c->book().formula_count());
}

// BM_CityFullRecalc with the city's workbook recalculated by topological level on `threads`
// threads (Workbook::SetCalcThreads). The city does not set threads on its workbook yet, so the
// benchmark sets them on the shared city's workbook for its own run and puts them back after.
void BM_CityFullRecalcThreads(benchmark::State& state) {
  city::City* c = ReadyCity(state, 64);
  if (!c) return;
  Workbook& book = const_cast<Workbook&>(c->book());
  const int before = book.calc_threads();
  book.SetCalcThreads(int(state.range(1)));
  for (auto _ : state) c->RecalculateAll();
  state.counters["formulas"] = double(book.formula_count());
  state.counters["levels"] = double(book.stats().levels);
  state.counters["blocks"] = double(book.stats().blocks);
  state.counters["on_pool"] =
      double(book.stats().parallel_records) / double(std::max<size_t>(1, book.formula_count()));
  book.SetCalcThreads(before);
}

// Size by size, so each city is built once for all that use it; adding units goes last.
const bool kRegistered = [] {
  for (int n : {100, 500, 5000}) {
    benchmark::RegisterBenchmark("BM_CityEdit", BM_CityEdit)
        ->Arg(n)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_CityEditCold", BM_CityEditCold)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_CityReport", BM_CityReport)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_CityResubmit", BM_CityResubmit)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_CityResubmitCold", BM_CityResubmitCold)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("BM_CityFullRecalc", BM_CityFullRecalc)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    if (n <= 500)
      for (int threads : {1, 2})
        benchmark::RegisterBenchmark("BM_CityFullRecalcThreads", BM_CityFullRecalcThreads)
            ->Args({n, threads})
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime()
            ->MeasureProcessCPUTime();
    benchmark::RegisterBenchmark("BM_CityAddUnit", BM_CityAddUnit)
        ->Arg(n)
        ->Iterations(3)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
}  // namespace suan::bench
