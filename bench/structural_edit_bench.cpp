// A structural edit in a calculated city workbook: one department's formula is changed (as a
// clerk does when fixing a template cell) and the consolidated total is read back. Unlike a
// value edit this makes the engine rebuild its dependency graph, so it is the edit users wait
// for longest.
#include <string>

#include "bench/city_workbook.hpp"
#include "benchmark/benchmark.h"

namespace suan::bench {
namespace {

void BM_FormulaEdit(benchmark::State& state) {
  CityWorkbook city = GenerateCityWorkbook(int(state.range(0)), 20240601);
  Workbook book;
  (void)LoadCityWorkbook(city, book);
  book.Recalculate();
  const CityCell* cell = nullptr;
  for (const auto& c : city.cells)
    if (c.kind == CityCell::Kind::kFormula && c.sheet == 0) {
      cell = &c;
      break;
    }
  if (!cell) {
    state.SkipWithError("the city workbook has no formula on its first sheet");
    return;
  }
  const std::string texts[2] = {cell->text + "+0", cell->text};
  size_t k = 0;
  for (auto _ : state) {
    (void)book.SetFormula(cell->sheet, cell->row, cell->col, texts[k++ & 1]);
    book.Recalculate();
    benchmark::DoNotOptimize(book.Get(city.target_sheet, city.target_row, city.target_col));
  }
}
BENCHMARK(BM_FormulaEdit)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace suan::bench
