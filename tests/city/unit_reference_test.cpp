// A city whose model names units (tests/data/model/unit-refs.suan): a check about named units
// only runs once, on the root; a check mixing a unit's own figures with a named unit's runs on
// every unit; an edit, a removal or an addition of a named unit reaches the checks that read it,
// and the city kept current equals one built afresh.
#include <algorithm>
#include <filesystem>

#include "engine/city/city.hpp"
#include "engine/city/city_report.hpp"
#include "engine/model/unit_file.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

const model::Template& UnitRefModel() {
  static const std::unique_ptr<model::Template> t = [] {
    absl::StatusOr<std::unique_ptr<model::Template>> loaded =
        model::LoadTemplate(DataPath("model/unit-refs.suan"));
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *std::move(loaded) : nullptr;
  }();
  return *t;
}

struct Edit {
  std::string unit, table, row, column;
  double value;
};

// The small city's figures with `edits` made, built afresh (without the units in `drop`).
std::unique_ptr<City> Fresh(const std::vector<Edit>& edits,
                            const std::vector<std::string>& drop = {}) {
  std::string dir = DataPath("city/small");
  absl::StatusOr<Manifest> manifest = ReadManifest(dir);
  EXPECT_TRUE(manifest.ok()) << manifest.status();
  if (!manifest.ok()) return nullptr;
  std::erase_if(manifest->units, [&](const UnitEntry& e) {
    return std::find(drop.begin(), drop.end(), e.code) != drop.end();
  });
  const model::Template& t = UnitRefModel();
  UnitLoader loader = [&](const model::Template&,
                          const UnitEntry& e) -> absl::StatusOr<model::UnitData> {
    absl::StatusOr<model::UnitData> u = model::LoadUnitFile(t, dir + "/" + e.file);
    if (!u.ok()) return u;
    for (const Edit& edit : edits) {
      if (edit.unit != e.code) continue;
      int k = t.TableIndex(edit.table);
      for (size_t p = 0; p < t.tables[size_t(k)].parts.size(); ++p) {
        int j = t.tables[size_t(k)].parts[p].ColumnIndex(edit.column);
        for (model::UnitRow& r : u->tables[size_t(k)].parts[p].rows) {
          if (j >= 0 && r.key == edit.row) r.values[size_t(j)] = edit.value;
        }
      }
    }
    return u;
  };
  CityOptions options;
  options.threads = 2;
  absl::StatusOr<std::unique_ptr<City>> city = City::Build(t, *manifest, loader, options);
  EXPECT_TRUE(city.ok()) << city.status();
  return city.ok() ? *std::move(city) : nullptr;
}

// Units (code) with a finding of check `id`, and the finding's sides.
std::vector<std::string> FailingUnits(City& city, const std::string& id, double* lhs = nullptr,
                                      double* rhs = nullptr) {
  std::vector<std::string> out;
  for (const UnitStatus& u : city.Units()) {
    for (const Finding& f : u.verdict->findings) {
      if (f.check != id) continue;
      out.push_back(u.code);
      if (lhs) *lhs = f.lhs;
      if (rhs) *rhs = f.rhs;
    }
  }
  return out;
}

void ExpectSameVerdicts(City& kept, City& fresh, const std::string& after) {
  std::map<std::string, std::string> a = Verdicts(kept), b = Verdicts(fresh);
  EXPECT_EQ(a.size(), b.size()) << after;
  for (const auto& [unit, verdict] : b) EXPECT_EQ(a[unit], verdict) << after << ": " << unit;
}

TEST(CityUnitReference, NamedUnitChecksRunOnceAndFollowEdits) {
  CityOptions options;
  options.threads = 2;
  options.live_units = 1;  // edits meet units whose workbooks were dropped
  absl::StatusOr<std::unique_ptr<City>> opened =
      City::Open(UnitRefModel(), DataPath("city/small"), options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  City& city = **opened;
  // As submitted: D0003-02 spends 312.42 against D0003-01's 318.37.
  double lhs = 0, rhs = 0;
  EXPECT_EQ(FailingUnits(city, "本级不小于下属一", &lhs, &rhs),
            std::vector<std::string>{"D0003-02"});
  EXPECT_DOUBLE_EQ(lhs, 312.42);
  EXPECT_DOUBLE_EQ(rhs, 318.37);
  EXPECT_TRUE(FailingUnits(city, "下属一不超过本级").empty());
  ExpectSameVerdicts(city, *Fresh({}), "as built");

  // D0003's income drops below D0003-01's: the named-units check fails, on the root only.
  std::vector<Edit> edits = {{"D0003", "表1", "收入总计", "预算数", 100}};
  ASSERT_TRUE(city.SetFigure("D0003", "表1", "收入总计", "预算数", 100).ok());
  city.Recalculate();
  EXPECT_EQ(FailingUnits(city, "下属一不超过本级", &lhs, &rhs),
            std::vector<std::string>{city.root_code()});
  EXPECT_DOUBLE_EQ(lhs, 318.37);
  EXPECT_DOUBLE_EQ(rhs, 100);
  ExpectSameVerdicts(city, *Fresh(edits), "after editing D0003");

  // D0003-01 spends less: D0003-02's check, which reads it, holds now.
  edits.push_back({"D0003-01", "表3", "总计", "合计", 300});
  ASSERT_TRUE(city.SetFigure("D0003-01", "表3", "总计", "合计", 300).ok());
  city.Recalculate();
  EXPECT_TRUE(FailingUnits(city, "本级不小于下属一").empty());
  ExpectSameVerdicts(city, *Fresh(edits), "after editing D0003-01");

  // D0003-01 goes: the checks naming it are skipped, with the reason, everywhere.
  ASSERT_TRUE(city.RemoveUnit("D0003-01").ok());
  city.Recalculate();
  ExpectSameVerdicts(city, *Fresh(edits, {"D0003-01"}), "after removing D0003-01");
  for (const UnitStatus& u : city.Units()) {
    if (u.kind == UnitStatus::Kind::kUnit) {
      EXPECT_GE(u.verdict->summary.skipped, 1) << u.code;
    }
  }
}

TEST(CityUnitReference, TheReportSaysWhyChecksWereSkipped) {
  // Without D0003-01 the checks naming it cannot run; the report must say so, not only count.
  std::unique_ptr<City> city = Fresh({}, {"D0003-01"});
  ASSERT_NE(city, nullptr);
  CityReport report = MakeReport(*city);
  int checks = 0;
  const CitySkipReason* named = nullptr;
  for (const CitySkipReason& r : report.skipped) {
    EXPECT_FALSE(r.reason.empty());
    EXPECT_GE(r.units, 1) << r.reason;
    EXPECT_FALSE(r.example_unit.empty()) << r.reason;
    checks += r.checks;
    if (r.reason.find("D0003-01") != std::string::npos) named = &r;
  }
  EXPECT_EQ(checks, report.checks.skipped) << "every skipped check has its reason";
  ASSERT_NE(named, nullptr) << "no reason names D0003-01";
  // The mixed check (本级不小于下属一) runs on each unit that has figures; the named-units check
  // (下属一不超过本级) once, on the root.
  int units = 0;
  for (const UnitStatus& u : city->Units()) {
    for (const SkipReason& k : u.verdict->skipped) {
      if (k.reason == named->reason) {
        ++units;
        EXPECT_FALSE(k.first_check.empty());
      }
    }
  }
  EXPECT_EQ(named->units, units);
  EXPECT_GE(named->units, 2);
  for (size_t k = 1; k < report.skipped.size(); ++k) {
    EXPECT_GE(report.skipped[k - 1].checks, report.skipped[k].checks) << "most checks first";
  }

  ReportInfo info;
  std::string text = ReportText(*city, report, info);
  EXPECT_CONTAINS(text, "skipped     ");
  std::string json = ReportJson(*city, report, info);
  EXPECT_CONTAINS(json, "\"skipped\":[");
  EXPECT_CONTAINS(json, "\"skipped_reasons\":[{\"reason\":");
  EXPECT_CONTAINS(json, "D0003-01");
}

TEST(CityUnitReference, ConsolidateReportsANamedUnitsFailure) {
  std::string dir = FreshDir("unit-refs");
  std::filesystem::copy(DataPath("city/small"), dir, std::filesystem::copy_options::recursive);
  std::string out;
  EXPECT_EQ(
      RunSuan("consolidate '" + dir + "' --json --model '" + DataPath("model/unit-refs.suan") + "'",
              &out),
      1);
  EXPECT_CONTAINS(out, "\"check\":\"本级不小于下属一\"");
  EXPECT_CONTAINS(out, "D0003-01!表3");
}

}  // namespace
}  // namespace suan::city
