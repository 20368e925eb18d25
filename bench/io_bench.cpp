// Reading and writing what users hand over and take away: a published budget disclosure read
// from its text (the bureau reads hundreds of them), and every value of a calculated city
// workbook written as JSON (what `suan eval` prints).
//
// The disclosure sample is tests/data/disclosures/changji-hrss-2026-budget.txt, found through
// $SUAN_BENCH_DATA (bench/regress sets it, so a binary built from another commit reads the same
// file) or else the source tree this binary was built from.
#include <cstdlib>
#include <string>

#include "bench/city_workbook.hpp"
#include "benchmark/benchmark.h"
#include "engine/io/disclosure_text.hpp"
#include "engine/io/workbook_json.hpp"

namespace suan::bench {
namespace {

std::string DataPath(const std::string& name) {
  const char* dir = std::getenv("SUAN_BENCH_DATA");
  return std::string(dir && *dir ? dir : SUAN_BENCH_DATA) + "/" + name;
}

void BM_ReadDisclosureText(benchmark::State& state) {
  std::string path = DataPath("disclosures/changji-hrss-2026-budget.txt");
  auto text = ReadFileToString(path);
  if (!text.ok()) {
    state.SkipWithError(std::string(text.status().message()).c_str());
    return;
  }
  size_t tables = 0;
  for (auto _ : state) {
    auto doc = ReadDisclosureText(*text, path);
    tables = doc.ok() ? doc->tables.size() : 0;
    benchmark::DoNotOptimize(tables);
  }
  state.counters["tables"] = double(tables);
  state.SetBytesProcessed(int64_t(text->size()) * state.iterations());
}
BENCHMARK(BM_ReadDisclosureText)->Unit(benchmark::kMicrosecond);

void BM_WriteValuesJson(benchmark::State& state) {
  CityWorkbook city = GenerateCityWorkbook(int(state.range(0)), 20240601);
  Workbook book;
  (void)LoadCityWorkbook(city, book);
  book.Recalculate();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string json = WriteValuesJson(book);
    bytes = json.size();
    benchmark::DoNotOptimize(json.data());
  }
  state.SetBytesProcessed(int64_t(bytes) * state.iterations());
}
BENCHMARK(BM_WriteValuesJson)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace suan::bench
