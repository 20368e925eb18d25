// Synthetic departments hold every check (up to rounding), and in a synthetic city with known
// errors the checks find every one of them and nothing else — in memory, and end to end
// through `suan generate` and `suan consolidate --json`.
#include <algorithm>
#include <set>

#include "engine/city/city.hpp"
#include "engine/city/synthetic_unit.hpp"
#include "engine/city/unit_workbook.hpp"
#include "engine/io/json.hpp"
#include "engine/model/unit_data_io.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

// A failed check as the report gives it.
struct Failure {
  std::string unit, kind, check;
  std::vector<std::string> cells, inherited_from;
};

std::string CellOf(const InjectedError& e) {
  return e.table + "[" + e.row + "]." + e.col;
}

// Every injected error found by a failed check of its unit that reads the altered cell; every
// failed check of a unit reads an injected cell of that unit; every failure of a consolidated
// unit is one its members have (the same check failed in a named member).
void ExpectExactlyTheInjected(const std::vector<Failure>& failures,
                              const std::vector<InjectedError>& injected) {
  for (const InjectedError& e : injected) {
    bool found = false;
    for (const Failure& f : failures) {
      if (f.kind != "unit" || f.unit != e.unit) continue;
      found |= std::find(f.cells.begin(), f.cells.end(), CellOf(e)) != f.cells.end();
    }
    EXPECT_TRUE(found) << "not found: " << e.unit << " " << CellOf(e) << " (" << e.kind << ")";
  }
  for (const Failure& f : failures) {
    if (f.kind == "unit") {
      bool explained = false;
      for (const InjectedError& e : injected) {
        explained |= e.unit == f.unit &&
                     std::find(f.cells.begin(), f.cells.end(), CellOf(e)) != f.cells.end();
      }
      EXPECT_TRUE(explained) << "a failure no injected error explains: " << f.unit << " "
                             << f.check;
      continue;
    }
    EXPECT_FALSE(f.inherited_from.empty())
        << "a consolidated failure of its own: " << f.unit << " " << f.check;
    for (const std::string& member : f.inherited_from) {
      bool has = false;
      for (const Failure& g : failures) {
        has |= g.kind == "unit" && g.unit == member && g.check == f.check;
      }
      EXPECT_TRUE(has) << f.unit << " " << f.check << " names " << member;
    }
  }
}

std::vector<Failure> FailuresOf(City& city) {
  std::vector<Failure> out;
  for (const UnitStatus& u : city.Units()) {
    for (const Finding& f : u.verdict->findings) {
      if (f.status != "failed") continue;
      out.push_back({u.code, u.kind == UnitStatus::Kind::kUnit ? "unit" : "consolidated", f.check,
                     f.cells, f.inherited_from});
    }
  }
  return out;
}

TEST(SyntheticDepartment, EveryCheckHoldsUpToRounding) {
  const model::Template& t = BudgetModel();
  std::vector<std::string> sections = MainSections(t);
  ASSERT_GE(sections.size(), 4u);
  int rounding = 0;
  for (uint64_t seed = 1; seed <= 24; ++seed) {
    DepartmentProfile p;
    p.name = "部门" + std::to_string(seed);
    p.administrative = seed % 3 != 0;
    p.main_section = sections[seed % sections.size()];
    p.scale = 0.05 * double(seed * seed % 97 + 1);
    p.seed = seed;
    absl::StatusOr<model::UnitData> unit = SyntheticDepartment(t, p);
    ASSERT_TRUE(unit.ok()) << unit.status();
    absl::StatusOr<std::unique_ptr<UnitWorkbook>> w = UnitWorkbook::Compile(t, *unit);
    ASSERT_TRUE(w.ok()) << w.status();
    Verdict v = (*w)->ReadVerdict(t);
    EXPECT_EQ(v.summary.failed, 0)
        << "seed " << seed << ": " << (v.findings.empty() ? "" : v.findings[0].message);
    EXPECT_EQ(v.summary.warning, 0)
        << "seed " << seed << ": " << (v.findings.empty() ? "" : v.findings[0].message);
    EXPECT_GT(v.summary.exact, 300);
    rounding += v.summary.rounding;
    EXPECT_TRUE(unit->notes.empty());
    EXPECT_FALSE(unit->prior.empty());
  }
  // Figures rounded from 元 one by one: totals a cent off their parts, as in the seed.
  EXPECT_GT(rounding, 24);
}

TEST(SyntheticDepartment, ReadsBackFromItsCsvAndJsonUnchanged) {
  const model::Template& t = BudgetModel();
  DepartmentProfile p;
  p.name = "城市管理局";
  p.seed = 99;
  absl::StatusOr<model::UnitData> unit = SyntheticDepartment(t, p);
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::string csv = model::WriteUnitCsv(t, *unit);
  absl::StatusOr<model::UnitData> back = model::ReadUnitCsv(t, csv, "u.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->notes.empty());
  EXPECT_EQ(model::WriteUnitCsv(t, *back), csv);
  std::string json = model::WriteUnitJson(t, *unit);
  back = model::ReadUnitJson(t, json, "u.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(model::WriteUnitCsv(t, *back), csv);
}

TEST(SyntheticCity, TheSameSeedMakesTheSameCity) {
  SyntheticCity a = Synthetic(12, 4, 3), b = Synthetic(12, 4, 3), c = Synthetic(12, 5, 3);
  EXPECT_EQ(WriteManifestCsv(a.manifest), WriteManifestCsv(b.manifest));
  EXPECT_EQ(InjectedJson(a.injected), InjectedJson(b.injected));
  ASSERT_EQ(a.data.size(), b.data.size());
  for (size_t k = 0; k < a.data.size(); ++k) {
    if (!a.data[k]) continue;
    EXPECT_EQ(model::WriteUnitCsv(BudgetModel(), *a.data[k]),
              model::WriteUnitCsv(BudgetModel(), *b.data[k]));
  }
  EXPECT_NE(InjectedJson(a.injected), InjectedJson(c.injected));
}

TEST(SyntheticCity, WithoutErrorsNothingFails) {
  SyntheticCity s = Synthetic(30, 11);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  for (const UnitStatus& u : city->Units()) {
    EXPECT_EQ(u.verdict->summary.failed, 0) << u.code;
    EXPECT_EQ(u.verdict->summary.warning, 0) << u.code;
    EXPECT_TRUE(u.readable) << u.code << ": " << u.problem;
  }
}

TEST(SyntheticCity, EveryInjectedErrorIsFoundAndNothingElse) {
  for (uint64_t seed : {2, 3, 8}) {
    SyntheticCity s = Synthetic(40, seed, 12);
    ASSERT_EQ(s.injected.size(), 12u);
    std::set<std::string> units;
    for (const InjectedError& e : s.injected) units.insert(e.unit);
    EXPECT_EQ(units.size(), 12u);  // one per unit
    std::unique_ptr<City> city = BuildInMemory(s);
    ASSERT_TRUE(city);
    std::vector<Failure> failures = FailuresOf(*city);
    EXPECT_FALSE(failures.empty());
    ExpectExactlyTheInjected(failures, s.injected);
  }
}

TEST(SyntheticCity, EndToEndThroughTheCommandLine) {
  std::string dir = FreshDir("e2e");
  std::string out, err;
  ASSERT_EQ(RunSuan("generate --departments 25 --seed 6 --inject-errors 8 --format mixed " + dir,
                    &out, &err),
            0)
      << err;
  EXPECT_CONTAINS(out, "8 injected errors");
  absl::StatusOr<std::vector<InjectedError>> injected = ReadInjectedJson(dir + "/injected.json");
  ASSERT_TRUE(injected.ok()) << injected.status();
  ASSERT_EQ(injected->size(), 8u);
  EXPECT_EQ(RunSuan("consolidate --json --quiet --threads 2 " + dir, &out, &err), 1) << err;
  absl::StatusOr<JsonValue> report = ParseJson(out, "report");
  ASSERT_TRUE(report.ok()) << report.status() << "\n" << out.substr(0, 400);
  for (const char* key : {"units", "cells", "timings_ms", "failed", "totals", "summary"}) {
    EXPECT_TRUE(report->Find(key)) << key;
  }
  EXPECT_GT(report->Find("units")->number, 25);
  EXPECT_GT(report->Find("cells")->number, 100000);
  std::vector<Failure> failures;
  for (const JsonValue& f : report->Find("failed")->items) {
    Failure x;
    x.unit = f.Find("unit")->string;
    x.kind = f.Find("kind")->string == "unit" ? "unit" : "consolidated";
    x.check = f.Find("check")->string;
    for (const JsonValue& c : f.Find("cells")->items) x.cells.push_back(c.string);
    for (const JsonValue& c : f.Find("inherited_from")->items) x.inherited_from.push_back(c.string);
    EXPECT_TRUE(f.Find("lhs") && f.Find("rhs") && f.Find("tables") && f.Find("row") &&
                f.Find("col"));
    failures.push_back(std::move(x));
  }
  ExpectExactlyTheInjected(failures, *injected);
  // The tables are written: the city's CSV reads back as a unit of the model.
  std::string city_csv = ReadFile(dir + "/consolidated/C0000.csv");
  absl::StatusOr<model::UnitData> back = model::ReadUnitCsv(BudgetModel(), city_csv, "C0000.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->tables[size_t(BudgetModel().TableIndex("表3"))].present);
  EXPECT_FALSE(ReadFile(dir + "/consolidated/C0000.json").empty());
  EXPECT_FALSE(ReadFile(dir + "/consolidated/report.json").empty());
}

}  // namespace
}  // namespace suan::city
