// A unit's data in long form (CSV and JSON): written and read back unchanged, checked the same
// way as the disclosure it came from; records that do not map are reported with their line.
#include <unistd.h>
#include <cstdio>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"
#include "tests/support/test_files.hpp"

#include "engine/model/unit_data_io.hpp"
#include "engine/model/unit_file.hpp"

namespace suan::model {
namespace {

using namespace testing;

// Every figure of a unit as "table|row|column|period" -> value.
std::map<std::string, double> Figures(const UnitData& u) {
  std::map<std::string, double> out;
  const Template& t = BudgetModel();
  for (size_t k = 0; k < t.tables.size(); ++k) {
    if (!u.tables[k].present) continue;
    out[t.tables[k].key + "|present"] = 1;
    for (size_t p = 0; p < u.tables[k].parts.size(); ++p) {
      for (const UnitRow& r : u.tables[k].parts[p].rows) {
        for (size_t j = 0; j < r.values.size(); ++j) {
          if (r.values[j]) {
            out[t.tables[k].key + "|" + r.key + "|" + t.tables[k].parts[p].columns[j].key] =
                *r.values[j];
          }
        }
      }
    }
  }
  for (const PriorFigure& f : u.prior)
    out[f.table + "|" + f.row + "|" + f.column + "|上年"] = f.value;
  return out;
}

// Every grid cell of a unit as "grid|occurrence|title|field or item|column" -> text.
std::map<std::string, std::string> GridCells(const UnitData& u) {
  std::map<std::string, std::string> out;
  const Template& t = BudgetModel();
  for (size_t g = 0; g < u.grids.size(); ++g) {
    const GridDef& def = t.grids[g];
    for (size_t k = 0; k < u.grids[g].occurrences.size(); ++k) {
      const GridOccurrence& o = u.grids[g].occurrences[k];
      std::string at = def.key + "|" + std::to_string(k + 1) + "|" + o.title + "|";
      for (size_t f = 0; f < o.fields.size(); ++f) {
        if (!o.fields[f].found) continue;
        out[at + def.fields[f].key] =
            o.fields[f].value ? std::to_string(*o.fields[f].value) : o.fields[f].text;
      }
      for (size_t c = 0; c < o.has_column.size(); ++c) {
        if (o.has_column[c]) out[at + "has " + def.columns[c].key] = "yes";
      }
      for (size_t r = 0; r < o.rows.size(); ++r) {
        std::string item = at + std::to_string(r + 1) + "|";
        out[item + "label"] = o.rows[r].label;
        for (size_t c = 0; c < o.rows[r].texts.size(); ++c) {
          if (!o.rows[r].texts[c].empty()) out[item + def.text_columns[c].key] = o.rows[r].texts[c];
        }
        for (size_t c = 0; c < o.rows[r].values.size(); ++c) {
          if (o.rows[r].values[c])
            out[item + def.columns[c].key] = std::to_string(*o.rows[r].values[c]);
        }
      }
    }
  }
  return out;
}

UnitData Seed() {
  return Import(BudgetModel(), SeedText(), "seed.txt");
}

TEST(UnitDataIo, CsvRoundTripKeepsEveryFigure) {
  UnitData seed = Seed();
  seed.prior.push_back({"表1", "一般财力", "预算数", 1011.11});
  std::string csv = WriteUnitCsv(BudgetModel(), seed);
  EXPECT_EQ(
      csv.rfind("# unit: 昌吉市人力资源和社会保障局\n# year: 2026\ntable,row,column,value", 0), 0u);
  absl::StatusOr<UnitData> back = ReadUnitCsv(BudgetModel(), csv, "seed.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  for (const ImportNote& n : back->notes) ADD_FAILURE() << n.where << ": " << n.message;
  EXPECT_EQ(back->name, seed.name);
  EXPECT_EQ(back->year, 2026);
  EXPECT_EQ(Figures(*back), Figures(seed));
  // The 绩效目标表 grids too, one occurrence per project.
  EXPECT_GE(GridCells(seed).size(), 100u);
  EXPECT_EQ(GridCells(*back), GridCells(seed));
  // And written again, byte for byte the same.
  EXPECT_EQ(WriteUnitCsv(BudgetModel(), *back), csv);
}

TEST(UnitDataIo, JsonRoundTripKeepsEveryFigure) {
  UnitData seed = Seed();
  std::string json = WriteUnitJson(BudgetModel(), seed);
  absl::StatusOr<UnitData> back = ReadUnitJson(BudgetModel(), json, "seed.json");
  ASSERT_TRUE(back.ok()) << back.status();
  for (const ImportNote& n : back->notes) ADD_FAILURE() << n.where << ": " << n.message;
  EXPECT_EQ(Figures(*back), Figures(seed));
  EXPECT_EQ(GridCells(*back), GridCells(seed));
  EXPECT_EQ(WriteUnitJson(BudgetModel(), *back), json);
}

TEST(UnitDataIo, ACsvUnitIsCheckedLikeItsDisclosure) {
  UnitData seed = Seed();
  std::string path = test_support::TempDir() + "/seed-unit.csv";
  ASSERT_TRUE(SaveFileAtomically(path, WriteUnitCsv(BudgetModel(), seed)).ok());
  absl::StatusOr<UnitData> back = LoadUnitFile(BudgetModel(), path);
  ASSERT_TRUE(back.ok()) << back.status();
  Checked c = Check(BudgetModel(), *back);
  // The tables' 22 rounding cases; the narrative is not part of the data file.
  EXPECT_EQ(c.summary.failed, 0);
  EXPECT_EQ(c.summary.rounding, 20);
  // The grids are, and their checks say what they say on the disclosure.
  Checked disclosure = Check(BudgetModel(), seed);
  int grid_checks = 0;
  for (const CheckResult& r : disclosure.results) {
    if (r.check->id.rfind("A13_62", 0) != 0 && r.check->id.rfind("A13_63", 0) != 0) continue;
    ++grid_checks;
    const CheckResult* same = c.Find(r.check->id);
    ASSERT_TRUE(same) << r.check->id;
    EXPECT_EQ(same->status, r.status) << r.check->id;
    EXPECT_DOUBLE_EQ(same->lhs, r.lhs) << r.check->id;
  }
  EXPECT_EQ(grid_checks, 25);
  std::string out;
  EXPECT_EQ(RunSuan("check --json " + path, &out), 0);
  EXPECT_NE(out.find("\"rounding\":20"), std::string::npos);
  std::remove(path.c_str());
}

TEST(UnitDataIo, SavingReplacesTheFileWhole) {
  std::string path = test_support::TempDir() + "/atomic.csv";
  ASSERT_TRUE(SaveFileAtomically(path, "first version, longer than the second\n").ok());
  ASSERT_TRUE(SaveFileAtomically(path, "second\n").ok());
  EXPECT_EQ(ReadFile(path), "second\n");
  EXPECT_FALSE(SaveFileAtomically("/nonexistent-dir/x.csv", "x").ok());
  std::remove(path.c_str());
}

TEST(UnitDataIo, RecordsThatDoNotMapAreReportedWithTheirLine) {
  std::string csv =
      "table,row,column,value,period\n"
      "表3,2080101,基本支出,522.96\n"   // line 2: fine
      "表99,208,合计,1\n"               // an unknown table
      "表3,2080101,经费,1\n"            // an unknown column
      "表3,收入总计,合计,1\n"           // an unknown row
      "表3,2089999,合计,1\n"            // a code the list lacks: kept
      "表3,20801011,合计,1\n"           // a code of no level
      "表3,2080101,项目支出,abc\n"      // not an amount
      "表3,2080101,合计,-5\n"           // negative
      "表3,2080101,基本支出,1,下年\n";  // an unknown period
  absl::StatusOr<UnitData> unit = ReadUnitCsv(BudgetModel(), csv, "u.csv");
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::map<std::string, std::string> by_line;
  for (const ImportNote& n : unit->notes) by_line[n.where] += n.message;
  EXPECT_NE(by_line["u.csv:3"].find("unknown table 「表99」"), std::string::npos);
  EXPECT_NE(by_line["u.csv:4"].find("unknown column 「经费」"), std::string::npos);
  EXPECT_NE(by_line["u.csv:5"].find("unknown row 「收入总计」"), std::string::npos);
  EXPECT_NE(by_line["u.csv:6"].find("code 2089999 is not in the code list 功能科目; kept"),
            std::string::npos);
  EXPECT_NE(by_line["u.csv:7"].find("no level of 功能科目"), std::string::npos);
  EXPECT_NE(by_line["u.csv:8"].find("「abc」 is not an amount"), std::string::npos);
  EXPECT_NE(by_line["u.csv:9"].find("negative amount -5"), std::string::npos);
  EXPECT_NE(by_line["u.csv:10"].find("unknown period 「下年」"), std::string::npos);
  EXPECT_TRUE(unit->HasErrors());
  // The kept code is a row of 表3.
  int t3 = BudgetModel().TableIndex("表3");
  bool kept = false;
  for (const UnitRow& r : unit->tables[size_t(t3)].parts[0].rows)
    kept = kept || r.code == "2089999";
  EXPECT_TRUE(kept);
}

TEST(UnitDataIo, MalformedFilesAreErrors) {
  EXPECT_FALSE(ReadUnitCsv(BudgetModel(), "a,b\n1,2\n", "x.csv").ok());  // no table,row,... header
  EXPECT_FALSE(ReadUnitCsv(BudgetModel(), "table,row,column,value\n\"表3,2080101\n", "x.csv").ok());
  EXPECT_FALSE(ReadUnitJson(BudgetModel(), "{\"figures\": [", "x.json").ok());
  EXPECT_FALSE(ReadUnitJson(BudgetModel(), "[1,2]", "x.json").ok());
  EXPECT_FALSE(ReadUnitText(BudgetModel(), "", "x.csv").ok());
  absl::StatusOr<UnitData> j = ReadUnitJson(
      BudgetModel(), R"({"figures":[{"table":"表3","row":"2080101","column":"合计","value":"x"}]})",
      "x.json");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(CountNotes(*j, "「x」 is not an amount"), 1);
  EXPECT_EQ(j->notes[0].where, "x.json: figures[0]");
}

TEST(UnitDataIo, GridRecordsThatDoNotMapAreReportedWithTheirLine) {
  const Template& t = BudgetModel();
  ASSERT_FALSE(t.grids.empty());
  const GridDef& g = t.grids[0];
  std::string csv = "table,row,column,value,period,label,code,occurrence\n";
  csv += g.key + ",,,,,项目甲,,1\n";                        // line 2: a title
  csv += g.key + ",,没有的字段,1,,,,1\n";                   // line 3
  csv += g.key + ",,,,,项目乙,,x\n";                        // line 4
  csv += g.key + ",abc," + g.columns[0].key + ",1,,,,1\n";  // line 5
  csv += g.key + ",1," + g.columns[0].key + ",十,,,,1\n";   // line 6
  csv += g.key + ",1," + g.columns[0].key + ",10,,,,1\n";   // line 7: read
  absl::StatusOr<UnitData> unit = ReadUnitCsv(t, csv, "g.csv");
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::map<std::string, std::string> by_line;
  for (const ImportNote& n : unit->notes) by_line[n.where] += n.message;
  EXPECT_NE(by_line["g.csv:3"].find("unknown field 「没有的字段」"), std::string::npos);
  EXPECT_NE(by_line["g.csv:4"].find("occurrence 「x」"), std::string::npos);
  EXPECT_NE(by_line["g.csv:5"].find("item 「abc」"), std::string::npos);
  EXPECT_NE(by_line["g.csv:6"].find("「十」 is not an amount"), std::string::npos);
  EXPECT_EQ(by_line.count("g.csv:7"), 0u);
  const std::vector<GridOccurrence>& all = unit->grids[0].occurrences;
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].title, "项目甲");
  ASSERT_EQ(all[0].rows.size(), 1u);
  EXPECT_EQ(all[0].rows[0].values[0], 10);
}

}  // namespace
}  // namespace suan::model
