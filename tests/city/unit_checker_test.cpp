// A checker reusing one workbook unit after unit gives each unit the verdict a workbook of its
// own gives it: nothing of the previous unit is left to be read.
#include "engine/city/unit_workbook.hpp"
#include "engine/city/verdict.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

TEST(UnitChecker, EachUnitGetsTheVerdictOfAWorkbookOfItsOwn) {
  // Units of different shapes, with errors in some, and a unit reading empty cells (a table
  // missing its rows) between them.
  SyntheticCity s = Synthetic(40, 41, 10);
  const model::Template& t = BudgetModel();
  std::vector<model::UnitData> units;
  for (const std::optional<model::UnitData>& d : s.data) {
    if (d) units.push_back(*d);
  }
  model::UnitData sparse = model::UnitData::For(t);
  sparse.tables[size_t(t.TableIndex("表3"))].present = true;
  units.insert(units.begin() + 5, sparse);
  UnitChecker checker;
  int failing = 0;
  for (size_t k = 0; k < units.size(); ++k) {
    ASSERT_TRUE(checker.Check(t, units[k]).ok());
    absl::StatusOr<std::unique_ptr<UnitWorkbook>> own = UnitWorkbook::Compile(t, units[k]);
    ASSERT_TRUE(own.ok());
    Verdict reused = ReadVerdict(t, checker.compiled(), checker.book());
    Verdict alone = (*own)->ReadVerdict(t);
    EXPECT_EQ(Describe(reused), Describe(alone)) << "unit " << k;
    EXPECT_EQ(ReadTolerances(checker.compiled(), checker.book()), (*own)->ReadTolerances());
    EXPECT_EQ(checker.CellCount(), (*own)->CellCount()) << "unit " << k;
    failing += alone.summary.failed > 0;
  }
  EXPECT_GE(failing, 10);
}

TEST(UnitChecker, AUnitsCheckRowsCompileOncePerTextWhereverTheyFall) {
  // Units of different shapes put the same check (the same text) at different check rows: it
  // names cells absolutely and its diff and status are shared formulas, so no text is compiled
  // a second time for a new row. Every program the checker adds comes with a text it adds.
  SyntheticCity s = Synthetic(30, 43, 0);
  const model::Template& t = BudgetModel();
  UnitChecker checker;
  uint64_t texts = 0, programs = 0;
  int units = 0;
  for (const std::optional<model::UnitData>& d : s.data) {
    if (!d) continue;
    ASSERT_TRUE(checker.Check(t, *d).ok());
    const CalcStats& stats = checker.book().stats();
    if (units++ > 0) {
      EXPECT_EQ(stats.programs - programs, stats.distinct_texts - texts) << "unit " << units;
    }
    texts = stats.distinct_texts;
    programs = stats.programs;
  }
  EXPECT_GE(units, 20);
}

}  // namespace
}  // namespace suan::city
