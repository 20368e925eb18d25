// A city kept current equals the city built afresh from the same figures: after random edits,
// resubmissions (same rows or new ones), units added and removed. An edit of a figure is a
// value edit: no rebuild, and the engine evaluates a small cone.
#include <cstdlib>
#include <random>

#include "engine/city/city.hpp"
#include "engine/city/synthetic_unit.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

std::string RowName(const model::UnitRow& r) {
  return r.kind == model::RowKind::kCode ? r.code : r.key;
}

// The figures a city should hold, edited alongside it.
class Truth {
 public:
  explicit Truth(const SyntheticCity& s) : manifest_(s.manifest), data_(DataByCode(s)) {
    absl::StatusOr<Selection> admin = ParseSelection("行政:kind=行政");
    EXPECT_TRUE(admin.ok());
    options_.selections.push_back(*admin);
    options_.threads = 2;
    options_.live_units = 4;  // small, so edits also meet units whose workbook was dropped
  }

  std::unique_ptr<City> Build() const { return BuildInMemory(manifest_, data_, options_); }

  void ExpectEqual(City& kept, const std::string& after) const {
    std::unique_ptr<City> fresh = Build();
    ASSERT_TRUE(fresh);
    std::map<std::string, double> a = ConsolidatedFigures(kept), b = ConsolidatedFigures(*fresh);
    for (const auto& [key, value] : a) {
      EXPECT_TRUE(b.count(key)) << after << ": kept city has " << key << " = " << value;
    }
    for (const auto& [key, value] : b) {
      auto it = a.find(key);
      if (it == a.end()) {
        ADD_FAILURE() << after << ": kept city lacks " << key;
        continue;
      }
      EXPECT_NEAR(it->second, value, 1e-9) << after << ": " << key;
    }
    std::map<std::string, std::string> va = Verdicts(kept), vb = Verdicts(*fresh);
    EXPECT_EQ(va.size(), vb.size()) << after;
    for (const auto& [unit, verdict] : vb) {
      EXPECT_EQ(va[unit], verdict) << after << ": " << unit;
    }
  }

  // SUAN_CITY_SEED picks another sequence of edits (to search wider than the test does).
  std::mt19937_64 rng{std::getenv("SUAN_CITY_SEED")
                          ? std::strtoull(std::getenv("SUAN_CITY_SEED"), nullptr, 10)
                          : 42};
  Manifest manifest_;
  std::map<std::string, model::UnitData> data_;
  CityOptions options_;

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  std::string PickUnit() {
    auto it = data_.begin();
    std::advance(it, std::ptrdiff_t(Pick(data_.size())));
    return it->first;
  }
  double Amount() { return double(std::uniform_int_distribution<int>(0, 200000)(rng)) / 100; }
  int Children(const std::string& code) const {
    int n = 0;
    for (const UnitEntry& e : manifest_.units) n += e.parent == code;
    return n;
  }
  const UnitEntry* Entry(const std::string& code) const {
    for (const UnitEntry& e : manifest_.units) {
      if (e.code == code) return &e;
    }
    return nullptr;
  }
};

// A random figure of a unit: (table, part, row, column) of a published table.
struct Spot {
  int table = -1, part = 0;
  model::UnitRow* row = nullptr;
  int column = 0;
};
Spot PickSpot(Truth& truth, model::UnitData& u) {
  const model::Template& t = BudgetModel();
  for (int attempt = 0; attempt < 50; ++attempt) {
    int k = int(truth.Pick(t.tables.size()));
    if (!u.tables[size_t(k)].present) continue;
    int p = int(truth.Pick(t.tables[size_t(k)].parts.size()));
    std::vector<model::UnitRow>& rows = u.tables[size_t(k)].parts[size_t(p)].rows;
    if (rows.empty()) continue;
    model::UnitRow& r = rows[truth.Pick(rows.size())];
    return {k, p, &r, int(truth.Pick(r.values.size()))};
  }
  return {};
}

TEST(Incremental, RandomEditsResubmissionsAndUnitsEqualARebuild) {
  SyntheticCity s = Synthetic(14, 31);
  Truth truth(s);
  std::unique_ptr<City> city = truth.Build();
  ASSERT_TRUE(city);
  const model::Template& t = BudgetModel();
  int added = 0;
  for (int step = 1; step <= 60; ++step) {
    std::string what;
    int op = int(truth.Pick(10));
    std::string code = truth.PickUnit();
    model::UnitData& u = truth.data_[code];
    if (op <= 4) {
      // One figure, blank or not; now and then cleared.
      Spot spot = PickSpot(truth, u);
      if (!spot.row) continue;
      std::optional<double> v =
          truth.Pick(10) == 0 ? std::nullopt : std::optional<double>(truth.Amount());
      spot.row->values[size_t(spot.column)] = v;
      const model::PartDef& part = t.tables[size_t(spot.table)].parts[size_t(spot.part)];
      what = "set " + code + " " + t.tables[size_t(spot.table)].key + "[" + RowName(*spot.row) +
             "]." + part.columns[size_t(spot.column)].key;
      ASSERT_TRUE(city->SetFigure(code, t.tables[size_t(spot.table)].key, RowName(*spot.row),
                                  part.columns[size_t(spot.column)].key, v)
                      .ok())
          << what;
    } else if (op == 5) {
      // Resubmitted with the same rows, a few figures changed.
      for (int n = 0; n < 5; ++n) {
        Spot spot = PickSpot(truth, u);
        if (spot.row) spot.row->values[size_t(spot.column)] = truth.Amount();
      }
      what = "resubmit " + code;
      ASSERT_TRUE(city->ReplaceUnit(code, u).ok()) << what;
    } else if (op == 6) {
      // Resubmitted with other rows: another department's figures under this code.
      DepartmentProfile p;
      p.name = u.name;
      p.seed = truth.rng();
      absl::StatusOr<model::UnitData> other = SyntheticDepartment(t, p);
      ASSERT_TRUE(other.ok());
      u = *other;
      what = "resubmit with new rows " + code;
      ASSERT_TRUE(city->ReplaceUnit(code, u).ok()) << what;
    } else if (op == 7) {
      // A figure in a row the unit does not have yet (a new code in 表3).
      int k = t.TableIndex("表3");
      std::string new_code = "2080799";
      model::UnitRow* existing = nullptr;
      for (model::UnitRow& r : u.tables[size_t(k)].parts[0].rows) {
        if (r.code == new_code) existing = &r;
      }
      double v = truth.Amount();
      if (existing) {
        existing->values[0] = v;
      } else {
        model::UnitRow r;
        r.kind = model::RowKind::kCode;
        r.key = r.code = new_code;
        r.label = t.tables[size_t(k)].parts[0].codes->NameOf(new_code);
        r.values.assign(3, std::nullopt);
        r.values[0] = v;
        u.tables[size_t(k)].present = true;
        u.tables[size_t(k)].parts[0].rows.push_back(r);
      }
      what = "new row " + code;
      ASSERT_TRUE(city->SetFigure(code, "表3", new_code, "合计", v).ok()) << what;
    } else if (op == 8) {
      // A new unit under a department or under the city.
      std::string parent = truth.Pick(2) ? "C0000" : code;
      DepartmentProfile p;
      p.name = "新增单位" + std::to_string(++added);
      p.seed = truth.rng();
      p.administrative = truth.Pick(2) == 0;
      absl::StatusOr<model::UnitData> data = SyntheticDepartment(t, p);
      ASSERT_TRUE(data.ok());
      UnitEntry e;
      e.code = "N" + std::to_string(added);
      e.name = p.name;
      e.parent = parent;
      e.file = "units/" + e.code + ".csv";
      e.attributes["kind"] = p.administrative ? "行政" : "事业";
      truth.manifest_.units.push_back(e);
      truth.data_[e.code] = *data;
      what = "add " + e.code + " under " + parent;
      ASSERT_TRUE(city->AddUnit(e, *data).ok()) << what;
    } else {
      // A unit with no members removed, when its parent keeps others.
      const UnitEntry* e = truth.Entry(code);
      if (!e || truth.Children(code) > 0 || e->parent.empty() || truth.Children(e->parent) < 2) {
        continue;
      }
      what = "remove " + code;
      ASSERT_TRUE(city->RemoveUnit(code).ok()) << what;
      truth.data_.erase(code);
      for (size_t k = 0; k < truth.manifest_.units.size(); ++k) {
        if (truth.manifest_.units[k].code == code) {
          truth.manifest_.units.erase(truth.manifest_.units.begin() + std::ptrdiff_t(k));
          break;
        }
      }
    }
    city->Recalculate();
    if (step % 6 == 0) truth.ExpectEqual(*city, "step " + std::to_string(step) + ": " + what);
    if (::testing::Test::HasFailure()) return;
  }
  truth.ExpectEqual(*city, "the end");
  EXPECT_LE(city->live_unit_workbooks(), 4u);
}

TEST(Incremental, AnEditIsAValueEditWithASmallCone) {
  SyntheticCity s = Synthetic(30, 33);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  std::string unit = s.manifest.units[3].code;
  std::optional<double> before = city->UnitFigure(unit, "表3", "总计", "基本支出");
  ASSERT_TRUE(before);
  // Warm the unit's own workbook, then measure one edit.
  ASSERT_TRUE(city->SetFigure(unit, "表3", "总计", "基本支出", *before).ok());
  city->Recalculate();
  uint64_t rebuilds = city->book().stats().rebuilds;
  std::optional<double> city_before = city->ConsolidatedFigure("C0000", "表3", "总计", "基本支出");
  ASSERT_TRUE(city->SetFigure(unit, "表3", "总计", "基本支出", *before + 10).ok());
  city->Recalculate();
  EXPECT_EQ(city->book().stats().rebuilds, rebuilds);  // no structural rebuild
  uint64_t cone = city->book().stats().last_cone;
  EXPECT_GT(cone, 0u);
  EXPECT_LT(cone, 200u) << "of " << city->book().formula_count() << " formulas";
  std::optional<double> city_after = city->ConsolidatedFigure("C0000", "表3", "总计", "基本支出");
  ASSERT_TRUE(city_before && city_after);
  EXPECT_NEAR(*city_after - *city_before, 10, 1e-9);
  EXPECT_EQ(city->live_unit_workbooks(), 1u);
}

// A consolidated unit's checks stay live only while figures under it are edited, and no more
// of them than the city keeps units live; the others keep their verdicts.
TEST(Incremental, OnlyConsolidatedUnitsEditedUnderKeepTheirChecksLive) {
  SyntheticCity s = Synthetic(40, 37);
  CityOptions options;
  options.live_units = 2;
  std::unique_ptr<City> city = BuildInMemory(s, options);
  ASSERT_TRUE(city);
  EXPECT_EQ(city->live_consolidated_workbooks(), 0u);
  // Units with a parent other than the city: their department consolidates too.
  std::vector<std::string> members;
  for (const UnitEntry& e : s.manifest.units) {
    if (!e.parent.empty() && e.parent != "C0000" && !e.file.empty()) members.push_back(e.code);
  }
  ASSERT_GE(members.size(), 3u);
  for (const std::string& unit : members) {
    std::optional<double> v = city->UnitFigure(unit, "表3", "总计", "基本支出");
    ASSERT_TRUE(v) << unit;
    ASSERT_TRUE(city->SetFigure(unit, "表3", "总计", "基本支出", *v + 7).ok());
    city->Recalculate();
    EXPECT_LE(city->live_consolidated_workbooks(), 2u);
  }
  EXPECT_GE(city->live_consolidated_workbooks(), 1u);
  // Every unit edited fails, and so does every consolidated unit above one, live or not.
  for (const UnitStatus& u : city->Units()) {
    if (u.kind == UnitStatus::Kind::kSelection) continue;
    bool above = u.code == "C0000";
    for (const std::string& m : members) {
      for (const UnitEntry& e : s.manifest.units) above |= e.code == m && e.parent == u.code;
    }
    if (u.kind == UnitStatus::Kind::kConsolidated && above) {
      EXPECT_GT(u.verdict->summary.failed, 0) << u.code;
    }
  }
}

TEST(Incremental, AFailureComesAndGoesWithTheEdit) {
  SyntheticCity s = Synthetic(10, 35);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  std::string unit = s.manifest.units[1].code;
  std::optional<double> v = city->UnitFigure(unit, "表3", "总计", "合计");
  ASSERT_TRUE(v);
  auto failed = [&](const std::string& code, UnitStatus::Kind kind) {
    for (const UnitStatus& u : city->Units()) {
      if (u.code == code && u.kind == kind) return u.verdict->summary.failed;
    }
    return -1;
  };
  ASSERT_TRUE(city->SetFigure(unit, "表3", "总计", "合计", *v + 50).ok());
  city->Recalculate();
  EXPECT_GT(failed(unit, UnitStatus::Kind::kUnit), 0);
  EXPECT_GT(failed("C0000", UnitStatus::Kind::kConsolidated), 0);
  bool inherited = false;
  for (const UnitStatus& u : city->Units()) {
    if (u.code != "C0000") continue;
    for (const Finding& f : u.verdict->findings) {
      inherited |= !f.inherited_from.empty() && f.inherited_from[0] == unit;
    }
  }
  EXPECT_TRUE(inherited);
  ASSERT_TRUE(city->SetFigure(unit, "表3", "总计", "合计", *v).ok());
  city->Recalculate();
  EXPECT_EQ(failed(unit, UnitStatus::Kind::kUnit), 0);
  EXPECT_EQ(failed("C0000", UnitStatus::Kind::kConsolidated), 0);
}

TEST(Incremental, EditsSayWhatTheyCannotDo) {
  SyntheticCity s = Synthetic(5, 37);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  EXPECT_FALSE(city->SetFigure("nope", "表3", "总计", "合计", 1).ok());
  EXPECT_FALSE(city->SetFigure("D0001", "表99", "总计", "合计", 1).ok());
  EXPECT_FALSE(city->SetFigure("D0001", "表3", "总计", "没有", 1).ok());
  EXPECT_FALSE(city->RemoveUnit("C0000").ok());
  UnitEntry e;
  e.code = "D0001";
  e.parent = "C0000";
  EXPECT_FALSE(city->AddUnit(e, *s.data[1]).ok());
  e.code = "X1";
  e.parent = "nowhere";
  absl::Status no_parent = city->AddUnit(e, *s.data[1]);
  ASSERT_FALSE(no_parent.ok());
  EXPECT_CONTAINS(std::string(no_parent.message()), "not in the city");
}

}  // namespace
}  // namespace suan::city
