// Compute and audit are two uses of one template: the totals compute mode calculates from leaf
// figures pass every check when audited; an edit of a leaf recalculates through the engine to
// the same values a fresh computation gives; rules share programs.
#include <cmath>
#include <set>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

#include "engine/model/unit_export.hpp"

namespace suan::model {
namespace {

using namespace testing;

// The seed without its narrative (computed totals differ from the published ones by the
// rounding the text quotes).
UnitData SeedTables() {
  UnitData u = Import(BudgetModel(), SeedText(), "seed.txt");
  u.paragraphs.clear();
  return u;
}

TEST(ComputeAudit, ComputedTotalsPassEveryCheck) {
  const Template& t = BudgetModel();
  UnitData leaves = SeedTables();
  Checked computed = Check(t, leaves, Mode::kCompute);
  EXPECT_GT(computed.unit.formulas, 300u);
  UnitData all = ExportUnit(t, leaves, computed.unit, *computed.book);
  Checked audit = Check(t, all, Mode::kAudit);
  // Every rule that calculated a cell holds exactly on what compute mode calculated. (A second
  // rule for a cell was a check already in compute mode: it may see the seed's leaves disagree.)
  std::set<std::string> second_rules;
  for (const CheckResult& r : computed.results) {
    if (r.check->kind == "rule") second_rules.insert(r.check->id);
  }
  int rules = 0;
  for (const CheckResult& r : audit.results) {
    if (r.check->kind != "rule" || second_rules.count(r.check->id)) continue;
    ++rules;
    EXPECT_EQ(r.status, "exact") << r.message;
  }
  EXPECT_GT(rules, 500);
  // Declared checks between tables may still see the seed's leaves disagree by a cent (a
  // project's 14.57 in 表12 against 10.28 + 4.16 + 0.14 in 表2), never more.
  EXPECT_EQ(audit.summary.failed, 0) << ::testing::PrintToString(audit.WithStatus("failed"));
  EXPECT_EQ(audit.summary.warning, 0) << ::testing::PrintToString(audit.WithStatus("warning"));
  EXPECT_LE(audit.summary.rounding, 5);
  // Compute mode re-sums rounded children: 表1 支出总计 is not the published 5,487.16.
  const TableLayout& t1 = computed.unit.layout.tables[size_t(t.TableIndex("表1"))];
  int row = t1.parts[1].FindFixed("支出总计");
  ASSERT_GE(row, 0);
  Value v =
      computed.book->Get(t1.sheet, t1.parts[1].rows[size_t(row)].sheet_row, t1.parts[1].value_col);
  EXPECT_GT(std::fabs(v.number() - 5487.16), 0.005);
  // Compute mode leaves the rule cells as formulas.
  EXPECT_TRUE(computed.book->IsFormula(t1.sheet, t1.parts[1].rows[size_t(row)].sheet_row,
                                       t1.parts[1].value_col));
}

TEST(ComputeAudit, AnEditRecalculatesLikeAFreshComputation) {
  const Template& t = BudgetModel();
  UnitData leaves = SeedTables();
  Checked c = Check(t, leaves, Mode::kCompute);
  int t1 = t.TableIndex("表1");
  const PartLayout& income = c.unit.layout.tables[size_t(t1)].parts[0];
  int r1 = income.FindFixed("一般财力");
  uint32_t t1_sheet = c.unit.layout.tables[size_t(t1)].sheet;
  double before =
      c.book->Get(t1_sheet, income.rows[size_t(r1)].sheet_row, income.value_col).number();
  // 行政运行's 基本支出 in 表2's sources: 一般公共预算 of 2080101 in 表2, +100.
  int t2 = t.TableIndex("表2");
  const PartLayout& pl = c.unit.layout.tables[size_t(t2)].parts[0];
  int row = pl.FindCode("2080101");
  ASSERT_GE(row, 0);
  int col = t.tables[size_t(t2)].parts[0].ColumnIndex("一般公共预算");
  uint32_t sheet = c.unit.layout.tables[size_t(t2)].sheet;
  ASSERT_TRUE(c.book
                  ->SetValue(sheet, pl.rows[size_t(row)].sheet_row, pl.value_col + col,
                             Value::Number(622.96))
                  .ok());
  c.book->Recalculate();

  UnitData edited = leaves;
  for (UnitRow& r : edited.tables[size_t(t2)].parts[0].rows) {
    if (r.code == "2080101") r.values[size_t(col)] = 622.96;
  }
  Checked fresh = Check(t, edited, Mode::kCompute);
  size_t compared = 0;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableLayout& a = c.unit.layout.tables[k];
    const TableLayout& b = fresh.unit.layout.tables[k];
    for (size_t p = 0; p < a.parts.size(); ++p) {
      ASSERT_EQ(a.parts[p].rows.size(), b.parts[p].rows.size());
      for (size_t r = 0; r < a.parts[p].rows.size(); ++r) {
        for (size_t j = 0; j < t.tables[k].parts[p].columns.size(); ++j) {
          Value va =
              c.book->Get(a.sheet, a.parts[p].rows[r].sheet_row, a.parts[p].value_col + int32_t(j));
          Value vb = fresh.book->Get(b.sheet, b.parts[p].rows[r].sheet_row,
                                     b.parts[p].value_col + int32_t(j));
          EXPECT_EQ(va.ToString(), vb.ToString())
              << t.tables[k].key << " row " << r << " col " << j;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 900u);
  // The edit reached 表1 (一般财力 = 表2 总计 一般公共预算) through 表2's totals.
  EXPECT_NEAR(c.book->Get(t1_sheet, income.rows[size_t(r1)].sheet_row, income.value_col).number(),
              before + 100, 1e-9);
}

TEST(ComputeAudit, OneRuleSharesOneProgramAcrossItsRows) {
  const Template& t = BudgetModel();
  Checked c = Check(t, SeedTables(), Mode::kCompute);
  // The rules' formulas on the table sheets, alone in a workbook of the same sheets (check rows
  // name cells absolutely, one program each: formula_writer.hpp).
  Workbook rules;
  for (uint32_t s = 0; s < c.book->sheet_count(); ++s) {
    ASSERT_TRUE(rules.AddSheet(c.book->sheet_name(s)).ok());
  }
  size_t formulas = 0;
  for (const TableLayout& tl : c.unit.layout.tables) {
    if (!tl.present) continue;
    c.book->ForEachValue(tl.sheet, [&](int32_t row, int32_t col, const Value&) {
      std::optional<std::string> text = c.book->FormulaText(tl.sheet, row, col);
      if (!text) return;
      ASSERT_TRUE(rules.SetFormula(tl.sheet, row, col, *text).ok());
      ++formulas;
    });
  }
  rules.Recalculate();
  // Hundreds of formulas, far fewer programs: 合计 = 基本支出 + 项目支出 on every row of 表3,
  // 表5 is one program.
  EXPECT_GT(formulas, 300u);
  EXPECT_EQ(rules.formula_count(), formulas);
  EXPECT_LT(rules.program_count() * 3, formulas);
  // The check and narrative sheets cost at most one program per distinct text as written (a
  // shared diff or status formula is one text for every row): the whole workbook has no more
  // programs than the rules' and those texts.
  std::set<std::pair<std::string, int32_t>> written;  // text, anchor row
  for (uint32_t sheet : {c.unit.check_sheet, c.unit.text_sheet}) {
    c.book->ForEachCell(sheet, [&](int32_t row, int32_t col, const Value&, const std::string* f) {
      if (!f) return;
      std::optional<Workbook::AnchoredFormula> w = c.book->FormulaAsWritten(sheet, row, col);
      ASSERT_TRUE(w.has_value());
      written.insert({std::string(w->text), w->anchor_row});
    });
  }
  EXPECT_GT(written.size(), 100u);
  EXPECT_LE(c.book->program_count(), rules.program_count() + written.size());
}

}  // namespace
}  // namespace suan::model
