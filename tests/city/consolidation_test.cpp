// Consolidated units (汇总) are their members' sums cell by cell, over the union of their rows,
// rounded once; a selection roll-up sums the units meeting its condition; the template's checks
// hold on consolidated units of a clean city (their rounding allowance is their members').
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/city/city.hpp"
#include "engine/city/city_report.hpp"
#include "engine/city/consolidated_checks.hpp"
#include "engine/city/consolidation.hpp"
#include "engine/city/unit_workbook.hpp"
#include "engine/model/compile_internal.hpp"
#include "gtest/gtest.h"
#include "tests/city/city_test_util.hpp"

namespace suan::city {
namespace {

using namespace testing;

// "表3|c|2080101|合计" (fixed rows by key, code rows by code, projects by name and code).
using Figures = std::map<std::string, double>;

std::string RowKey(const std::string& table, const model::UnitRow& r) {
  switch (r.kind) {
    case model::RowKind::kFixed:
      return table + "|f|" + r.key;
    case model::RowKind::kCode:
      return table + "|c|" + r.code;
    case model::RowKind::kItem:
      break;
  }
  return table + "|i|" + r.label + "|" + r.code;
}

void AddFigures(const model::UnitData& u, Figures& sums, std::set<std::string>& rows) {
  const model::Template& t = BudgetModel();
  for (size_t k = 0; k < u.tables.size(); ++k) {
    if (!u.tables[k].present) continue;
    for (size_t p = 0; p < u.tables[k].parts.size(); ++p) {
      for (const model::UnitRow& r : u.tables[k].parts[p].rows) {
        std::string key = RowKey(t.tables[k].key, r);
        // Rows with figures (a template's fixed row is laid out whether or not it has any).
        for (const std::optional<double>& v : r.values) {
          if (v) rows.insert(key);
        }
        for (size_t j = 0; j < r.values.size(); ++j) {
          if (r.values[j]) sums[key + "|" + t.tables[k].parts[p].columns[j].key] += *r.values[j];
        }
      }
    }
  }
}

// Members of a tree node: its own figures and every unit below it.
std::vector<std::string> Members(const Manifest& m, const std::string& node) {
  std::vector<std::string> out;
  for (const UnitEntry& e : m.units) {
    for (std::string at = e.code; !at.empty();) {
      if (at == node) {
        if (!e.file.empty()) out.push_back(e.code);
        break;
      }
      std::string parent;
      for (const UnitEntry& p : m.units) {
        if (p.code == at) parent = p.parent;
      }
      at = parent;
    }
  }
  return out;
}

void ExpectSums(const City& city, const std::string& code,
                const std::vector<const model::UnitData*>& members) {
  Figures sums;
  std::set<std::string> rows;
  for (const model::UnitData* u : members) AddFigures(*u, sums, rows);
  std::optional<model::UnitData> tables = city.ConsolidatedTables(code);
  ASSERT_TRUE(tables) << code;
  Figures got;
  std::set<std::string> got_rows;
  AddFigures(*tables, got, got_rows);
  for (const std::string& r : rows) {
    EXPECT_TRUE(got_rows.count(r)) << code << " lacks a member's row " << r;
  }
  for (const std::string& r : got_rows) {
    EXPECT_TRUE(rows.count(r)) << code << " has a row no member has: " << r;
  }
  for (const auto& [key, sum] : sums) {
    double rounded = std::round(sum * 100) / 100;
    auto it = got.find(key);
    ASSERT_NE(it, got.end()) << code << " " << key;
    EXPECT_DOUBLE_EQ(it->second, rounded == 0 ? 0 : rounded) << code << " " << key;
  }
  EXPECT_EQ(got.size(), sums.size()) << code;
}

TEST(Consolidation, EveryNodeIsTheSumOfItsMembersOverTheirRows) {
  SyntheticCity s = Synthetic(40, 21);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  std::map<std::string, model::UnitData> data = DataByCode(s);
  int nodes = 0;
  for (const std::string& code : city->ConsolidatedCodes()) {
    std::vector<const model::UnitData*> members;
    for (const std::string& m : Members(s.manifest, code)) members.push_back(&data.at(m));
    ASSERT_GE(members.size(), 2u) << code;
    ExpectSums(*city, code, members);
    ++nodes;
  }
  EXPECT_GE(nodes, 2);  // the city and departments with sub-units
  // A department's consolidated 表3 has only its members' codes, the city's all of them.
  std::optional<double> none = city->ConsolidatedFigure("C0000", "表3", "2990101", "合计");
  EXPECT_FALSE(none);
}

TEST(Consolidation, FiguresAreSummedAtFullPrecisionAndRoundedOnce) {
  // Three units whose figures have more decimals than the presentation: summed exactly, the
  // total rounded once (0.333 * 3 = 0.999 -> 1.00, not 0.33 * 3 = 0.99).
  const model::Template& t = BudgetModel();
  Manifest m;
  m.units.push_back({"C", "市", "", "", {}, "city.csv:2"});
  std::map<std::string, model::UnitData> data;
  int k3 = t.TableIndex("表3");
  for (const char* code : {"A", "B", "D"}) {
    m.units.push_back({code, code, "C", std::string(code) + ".csv", {}, "city.csv"});
    model::UnitData u = model::UnitData::For(t);
    u.tables[size_t(k3)].present = true;
    model::UnitRow row;
    row.kind = model::RowKind::kFixed;
    row.key = "总计";
    row.values.assign(3, std::nullopt);
    row.values[0] = 0.333;
    u.tables[size_t(k3)].parts[0].rows.push_back(row);
    data[code] = u;
  }
  std::unique_ptr<City> city = BuildInMemory(m, data);
  ASSERT_TRUE(city);
  std::optional<double> exact = city->ConsolidatedFigure("C", "表3", "总计", "合计");
  ASSERT_TRUE(exact);
  EXPECT_NEAR(*exact, 0.999, 1e-12);
  std::optional<model::UnitData> tables = city->ConsolidatedTables("C");
  ASSERT_TRUE(tables);
  EXPECT_DOUBLE_EQ(*tables->tables[size_t(k3)].parts[0].rows[0].values[0], 1.0);
}

TEST(Consolidation, AProjectToldApartByItsCodeKeepsItsMembersTolerance) {
  // Five units publish project X under 2010607, each 合计 a cent above its parts (rounding);
  // a sixth has an X under 2080108, so the city's 表7 has rows X（2010607） and X（2080108）.
  // The first row misses by five cents: its members' tolerances (0.02 each) allow it.
  const model::Template& t = BudgetModel();
  int k7 = t.TableIndex("表7");
  const model::PartDef& part = t.tables[size_t(k7)].parts[0];
  auto unit = [&](const std::string& code, double total) {
    model::UnitData u = model::UnitData::For(t);
    u.tables[size_t(k7)].present = true;
    model::UnitRow row;
    row.kind = model::RowKind::kItem;
    row.key = row.label = "X";
    row.code = code;
    row.texts.assign(part.text_columns.size(), "");
    row.values.assign(part.columns.size(), std::nullopt);
    row.values[size_t(part.ColumnIndex("合计"))] = total;
    row.values[size_t(part.ColumnIndex("工资福利支出"))] = 0.5;
    row.values[size_t(part.ColumnIndex("商品和服务支出"))] = 0.5;
    u.tables[size_t(k7)].parts[0].rows.push_back(row);
    return u;
  };
  Manifest m;
  m.units.push_back({"C", "市", "", "", {}, "city.csv:2"});
  std::map<std::string, model::UnitData> data;
  for (int k = 1; k <= 6; ++k) {
    std::string code = "U" + std::to_string(k);
    m.units.push_back({code, code, "C", code + ".csv", {}, "city.csv"});
    data[code] = unit(k == 6 ? "2080108" : "2010607", k == 1 ? 2.0 : 1.01);
  }
  std::unique_ptr<City> city = BuildInMemory(m, data);
  ASSERT_TRUE(city);
  std::optional<double> total = city->ConsolidatedFigure("C", "表7", "X（2010607）", "合计");
  ASSERT_TRUE(total);
  EXPECT_NEAR(*total, 6.04, 1e-9);
  // U1 fails (2.00 against 1.00); the city's row fails with it, and says so.
  const std::string id = "表7:合计@X（2010607）";
  bool city_row = false;
  for (const UnitStatus& u : city->Units()) {
    if (u.code != "C") continue;
    for (const Finding& f : u.verdict->findings) {
      if (f.check != id) continue;
      city_row = true;
      EXPECT_EQ(f.inherited_from, std::vector<std::string>{"U1"});
      EXPECT_NEAR(f.tolerance, 0.1, 1e-9);  // five members' 0.02
    }
  }
  EXPECT_TRUE(city_row);
  // Mended, the rounding left over (five cents) is within the members' tolerance.
  ASSERT_TRUE(city->SetFigure("U1", "表7", "X", "合计", 1.01).ok());
  city->Recalculate();
  for (const UnitStatus& u : city->Units()) {
    if (u.code != "C") continue;
    for (const Finding& f : u.verdict->findings) EXPECT_NE(f.check, id) << f.message;
  }
}

TEST(Consolidation, ASelectionSumsTheUnitsMeetingItsCondition) {
  SyntheticCity s = Synthetic(30, 23);
  CityOptions options;
  absl::StatusOr<Selection> admin = ParseSelection("行政单位:kind=行政");
  ASSERT_TRUE(admin.ok()) << admin.status();
  options.selections.push_back(*admin);
  std::unique_ptr<City> city = BuildInMemory(s, options);
  ASSERT_TRUE(city);
  std::map<std::string, model::UnitData> data = DataByCode(s);
  std::vector<const model::UnitData*> members;
  for (const UnitEntry& e : s.manifest.units) {
    if (data.count(e.code) && admin->Matches(e)) members.push_back(&data.at(e.code));
  }
  ASSERT_GE(members.size(), 5u);
  ASSERT_LT(members.size(), data.size());
  ExpectSums(*city, "sel:行政单位", members);
  for (const UnitStatus& u : city->Units()) {
    if (u.kind == UnitStatus::Kind::kSelection) {
      EXPECT_EQ(u.members, members.size());
    }
  }
}

TEST(Consolidation, SelectionsSayWhatIsWrongWithTheirText) {
  EXPECT_FALSE(ParseSelection("no-colon").ok());
  EXPECT_FALSE(ParseSelection("x:kind").ok());
  absl::StatusOr<Selection> s = ParseSelection("大额:code^=D00,kind=事业");
  ASSERT_TRUE(s.ok());
  UnitEntry e;
  e.code = "D0012";
  e.attributes["kind"] = "事业";
  EXPECT_TRUE(s->Matches(e));
  e.attributes["kind"] = "行政";
  EXPECT_FALSE(s->Matches(e));
}

TEST(Consolidation, ChecksHoldOnConsolidatedUnitsWithTheirMembersRounding) {
  SyntheticCity s = Synthetic(60, 25);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  int consolidated = 0;
  for (const UnitStatus& u : city->Units()) {
    if (u.kind == UnitStatus::Kind::kUnit) continue;
    ++consolidated;
    EXPECT_EQ(u.verdict->summary.failed, 0) << u.code;
    EXPECT_EQ(u.verdict->summary.warning, 0) << u.code;
    // Rounding differences add up over members: still within the members' allowance.
    EXPECT_GT(u.verdict->summary.rounding, 0) << u.code;
    EXPECT_GT(u.verdict->summary.exact, 300) << u.code;
  }
  EXPECT_GE(consolidated, 2);
}

// A consolidated unit's checks run in a workbook of their own over its figures: what they say
// is what checking those figures as a unit says (the same checks, the same ones skipped for a
// row or table no member has), only with its members' rounding allowed.
TEST(Consolidation, MembersToleranceWidensTheStatusOfEveryCheckRow) {
  // A unit whose 表3 总计 基本支出 is 0.3 off fails some checks at its own tolerance; with
  // members' tolerances (column G) above each failure's difference the same checks are within
  // rounding, wherever their rows fall (the status is one shared formula, rewritten once), in a
  // workbook of their own and in a checker reused unit after unit.
  const model::Template& t = BudgetModel();
  SyntheticCity s = Synthetic(6, 47);
  std::vector<model::UnitData> units;
  for (const std::optional<model::UnitData>& d : s.data) {
    if (d) units.push_back(*d);
  }
  ASSERT_GE(units.size(), 3u);
  model::UnitData& off = units[1];
  int table = t.TableIndex("表3");
  ASSERT_GE(table, 0);
  bool altered = false;
  for (size_t p = 0; p < off.tables[size_t(table)].parts.size() && !altered; ++p) {
    int column = t.tables[size_t(table)].parts[p].ColumnIndex("基本支出");
    for (model::UnitRow& r : off.tables[size_t(table)].parts[p].rows) {
      if (column < 0 || r.kind != model::RowKind::kFixed || r.key != "总计") continue;
      ASSERT_TRUE(r.values[size_t(column)].has_value());
      *r.values[size_t(column)] += 0.3;
      altered = true;
      break;
    }
  }
  ASSERT_TRUE(altered);
  UnitChecker checker;
  ASSERT_TRUE(checker.Check(t, off).ok());
  std::map<std::string, double> failed;  // id -> |diff|
  for (const model::CheckInstance& c : checker.compiled().checks) {
    // Checked alone, its sums are direct checks (no formulas): their values are kept.
    if (c.direct && c.fixed_status == "failed") failed[c.id] = std::abs(c.fixed_lhs - c.fixed_rhs);
    if (c.row < 0) continue;
    const Workbook& book = checker.book();
    if (book.Get(checker.compiled().check_sheet, c.row, model::kStatusCol) == Value::Number(2)) {
      failed[c.id] =
          std::abs(book.Get(checker.compiled().check_sheet, c.row, model::kDiffCol).number());
    }
  }
  ASSERT_GE(failed.size(), 2u);
  BeforeCalculate widen = [&](model::CompiledUnit& compiled, Workbook& book) {
    PutMemberTolerances(compiled, book, [&](const std::string& id) {
      auto it = failed.find(id);
      return it == failed.end() ? 0.0 : it->second + 0.01;
    });
  };
  absl::StatusOr<std::unique_ptr<UnitWorkbook>> own = UnitWorkbook::Compile(t, off, {}, widen);
  ASSERT_TRUE(own.ok()) << own.status();
  int compared = 0;
  for (const model::UnitData* other : {&units[0], &off, &units[2], &off}) {
    ASSERT_TRUE(checker.Check(t, *other, {}, widen).ok());
    if (other != &off) continue;
    ++compared;
    EXPECT_EQ(checker.CellCount(), (*own)->CellCount());
    for (const Workbook* book : {&checker.book(), &(*own)->book()}) {
      const model::CompiledUnit& compiled =
          book == &checker.book() ? checker.compiled() : (*own)->compiled();
      int widened = 0;
      for (const model::CheckInstance& c : compiled.checks) {
        if (c.direct) {
          // The checker's sums are direct checks: the same widening, without formulas.
          if (failed.count(c.id)) {
            EXPECT_EQ(c.fixed_status, "rounding") << c.id;
            ++widened;
          } else {
            EXPECT_NE(c.fixed_status, "failed") << c.id;
          }
          continue;
        }
        if (c.row < 0) continue;
        Value status = book->Get(compiled.check_sheet, c.row, model::kStatusCol);
        if (failed.count(c.id)) {
          EXPECT_EQ(status, Value::Number(1)) << c.id;
          std::string n = std::to_string(c.row + 1);
          EXPECT_NE(book->FormulaText(compiled.check_sheet, c.row, model::kStatusCol)
                        ->find("MAX(D" + n + ",G" + n + ")"),
                    std::string::npos)
              << c.id;
          ++widened;
        } else {
          EXPECT_NE(status, Value::Number(2)) << c.id;
        }
      }
      EXPECT_EQ(widened, int(failed.size()));
    }
    EXPECT_EQ(Describe(ReadVerdict(t, checker.compiled(), checker.book(), kMemberToleranceCol)),
              Describe(ReadVerdict(t, (*own)->compiled(), (*own)->book(), kMemberToleranceCol)));
  }
  EXPECT_EQ(compared, 2);
}

TEST(Consolidation, ABuildOnThreadsEqualsOneInTurn) {
  // On threads, units are checked while the city's workbook is built beside them; in turn, one
  // after the other. Every verdict, figure and count is the same.
  SyntheticCity s = Synthetic(60, 53, 12);
  std::string reports[2];
  for (int threads : {1, 3}) {
    CityOptions options;
    options.threads = threads;
    std::unique_ptr<City> city = BuildInMemory(s, options);
    ASSERT_TRUE(city);
    CityReport report = MakeReport(*city);
    std::string json = ReportJson(*city, report, ReportInfo{});
    // Everything but the timings.
    size_t from = json.find(",\"timings_ms\":{");
    ASSERT_NE(from, std::string::npos);
    json.erase(from, json.find('}', from) + 1 - from);
    std::string& out = reports[threads == 1 ? 0 : 1];
    out = json;
    for (const UnitStatus& u : city->Units()) {
      if (u.verdict) absl::StrAppend(&out, "\n", u.code, " ", Describe(*u.verdict));
    }
    for (const auto& [name, value] : ConsolidatedFigures(*city)) {
      absl::StrAppend(&out, "\n", name, "=", value);
    }
    EXPECT_GT(report.checks.failed, 0);
  }
  EXPECT_EQ(reports[0], reports[1]);
}

TEST(Consolidation, AConsolidatedUnitIsCheckedAsAUnitWithItsFigures) {
  SyntheticCity s = Synthetic(40, 27);
  std::unique_ptr<City> city = BuildInMemory(s);
  ASSERT_TRUE(city);
  const model::Template& t = BudgetModel();
  std::map<std::string, model::UnitData> data = DataByCode(s);
  int compared = 0;
  for (const UnitStatus& u : city->Units()) {
    if (u.kind != UnitStatus::Kind::kConsolidated) continue;
    std::optional<model::UnitData> tables = city->ConsolidatedTables(u.code);
    ASSERT_TRUE(tables) << u.code;
    // The tables written out have every fixed row of the template; its checks see the rows
    // its members have (a check on a row none has is skipped, as for a unit).
    std::set<std::string> rows;
    for (const std::string& m : Members(s.manifest, u.code)) {
      const model::UnitData& d = data.at(m);
      for (size_t k = 0; k < d.tables.size(); ++k) {
        for (const model::UnitPart& part : d.tables[k].parts) {
          for (const model::UnitRow& r : part.rows) rows.insert(RowKey(t.tables[k].key, r));
        }
      }
    }
    for (size_t k = 0; k < tables->tables.size(); ++k) {
      for (model::UnitPart& part : tables->tables[k].parts) {
        std::erase_if(part.rows, [&](const model::UnitRow& r) {
          return r.kind != model::RowKind::kItem && !rows.count(RowKey(t.tables[k].key, r));
        });
      }
    }
    absl::StatusOr<std::unique_ptr<UnitWorkbook>> own = UnitWorkbook::Compile(t, *tables);
    ASSERT_TRUE(own.ok()) << u.code << ": " << own.status();
    Verdict alone = (*own)->ReadVerdict(t);
    const model::CheckSummary& a = u.verdict->summary;
    const model::CheckSummary& b = alone.summary;
    EXPECT_EQ(a.exact + a.rounding + a.convention + a.warning + a.failed,
              b.exact + b.rounding + b.convention + b.warning + b.failed)
        << u.code;
    EXPECT_EQ(a.skipped, b.skipped) << u.code;
    ASSERT_EQ(u.verdict->skipped.size(), alone.skipped.size()) << u.code;
    for (size_t k = 0; k < alone.skipped.size(); ++k) {
      EXPECT_EQ(u.verdict->skipped[k].reason, alone.skipped[k].reason) << u.code;
      EXPECT_EQ(u.verdict->skipped[k].checks, alone.skipped[k].checks) << u.code;
    }
    ++compared;
  }
  EXPECT_GE(compared, 2);
  // Nothing was edited: no consolidated unit keeps its check workbook.
  EXPECT_EQ(city->live_consolidated_workbooks(), 0u);
}

}  // namespace
}  // namespace suan::city
