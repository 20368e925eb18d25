// Units that cannot be read or use codes the template lacks: the city still consolidates what
// it can, and the report names the unit and why.
#include "engine/city/city.hpp"
#include "engine/city/city_report.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

const UnitStatus* Find(const std::vector<UnitStatus>& units, const std::string& code,
                       UnitStatus::Kind kind = UnitStatus::Kind::kUnit) {
  for (const UnitStatus& u : units) {
    if (u.code == code && u.kind == kind) return &u;
  }
  return nullptr;
}

TEST(BadUnits, AnUnreadableFileIsReportedAndTheRestConsolidates) {
  absl::StatusOr<std::unique_ptr<City>> city =
      City::Open(BudgetModel(), DataPath("city/unreadable"));
  ASSERT_TRUE(city.ok()) << city.status();
  std::vector<UnitStatus> units = (*city)->Units();
  const UnitStatus* broken = Find(units, "D0002");
  const UnitStatus* missing = Find(units, "D0004");
  ASSERT_TRUE(broken && missing);
  EXPECT_FALSE(broken->readable);
  EXPECT_CONTAINS(broken->problem, "units/D0002.csv");
  EXPECT_CONTAINS(broken->problem, "needs the columns table,row,column,value");
  EXPECT_FALSE(missing->readable);
  EXPECT_CONTAINS(missing->problem, "units/D0004.csv");
  EXPECT_CONTAINS(missing->problem, "cannot open");
  // The city is the one readable unit.
  std::optional<double> city_total = (*city)->ConsolidatedFigure("C0000", "表3", "总计", "合计");
  std::optional<double> d1 = (*city)->UnitFigure("D0001", "表3", "总计", "合计");
  ASSERT_TRUE(city_total && d1);
  EXPECT_NEAR(*city_total, *d1, 1e-9);
  CityReport report = MakeReport(**city);
  EXPECT_EQ(report.unreadable, 2);
  EXPECT_FALSE(report.clean());
  EXPECT_EQ(report.ranked[0].severity, 4);  // unreadable first
  ReportInfo info;
  std::string text = ReportText(**city, report, info);
  EXPECT_CONTAINS(text, "unreadable  D0002");
  EXPECT_CONTAINS(text, "2 unreadable units");
  std::string json = ReportJson(**city, report, info);
  EXPECT_CONTAINS(json, "\"severity\":\"unreadable\"");
  EXPECT_CONTAINS(json, "\"unreadable\":2");
}

TEST(BadUnits, ACodeTheListLacksIsNamedAndKept) {
  absl::StatusOr<std::unique_ptr<City>> city =
      City::Open(BudgetModel(), DataPath("city/unknown-code"));
  ASSERT_TRUE(city.ok()) << city.status();
  std::vector<UnitStatus> units = (*city)->Units();
  const UnitStatus* u = Find(units, "D0001");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->readable);
  EXPECT_EQ(u->unknown_codes, 1);  // one code, reported in each table using it
  bool named = false;
  for (const model::ImportNote& n : u->notes) {
    named |= n.message.find("code 2120199 is not in the code list 功能科目") != std::string::npos;
  }
  EXPECT_TRUE(named);
  // Kept: the city's 表3 has the row, with the unit's figure.
  std::optional<double> mine = (*city)->UnitFigure("D0001", "表3", "2120199", "合计");
  std::optional<double> city_row = (*city)->ConsolidatedFigure("C0000", "表3", "2120199", "合计");
  ASSERT_TRUE(mine && city_row);
  EXPECT_NEAR(*mine, *city_row, 1e-9);
  CityReport report = MakeReport(**city);
  EXPECT_EQ(report.unknown_codes, 1);
  EXPECT_EQ(report.checks.failed, 0);
  EXPECT_FALSE(report.clean());
  EXPECT_CONTAINS(ReportText(**city, report, ReportInfo()), "code 2120199 is not in the code list");
}

TEST(BadUnits, TheCommandLineSaysWhyAndExitsByWhatItFound) {
  std::string out, err;
  EXPECT_EQ(RunSuan("consolidate " + FreshDir("cli-empty"), &out, &err), 2);
  EXPECT_CONTAINS(err, "the folder is empty");
  EXPECT_EQ(RunSuan("consolidate " + DataPath("city/cycle"), &out, &err), 2);
  EXPECT_CONTAINS(err, "cycle");
  EXPECT_EQ(RunSuan("consolidate " + DataPath("city/duplicate"), &out, &err), 2);
  EXPECT_CONTAINS(err, "is given twice");
  EXPECT_EQ(RunSuan("consolidate --no-tables " + DataPath("city/unreadable"), &out, &err), 1);
  EXPECT_CONTAINS(out, "unreadable  D0004 财政局");
  EXPECT_EQ(RunSuan("consolidate --no-tables " + DataPath("city/unknown-code"), &out, &err), 1);
  EXPECT_CONTAINS(out, "2120199");
  EXPECT_EQ(RunSuan("consolidate --no-tables " + DataPath("city/small"), &out, &err), 0);
  EXPECT_CONTAINS(out, "every check holds");
  EXPECT_EQ(RunSuan("consolidate --help", &out, &err), 0);
  EXPECT_CONTAINS(out, "usage: suan consolidate DIR");
  EXPECT_EQ(RunSuan("consolidate --bogus x", &out, &err), 2);
  EXPECT_EQ(RunSuan("generate --departments 0 x", &out, &err), 2);
}

}  // namespace
}  // namespace suan::city
