// Importing disclosures that are damaged or differ from the model: each problem is reported with
// its table, line and text, and the checks it makes impossible are skipped, not failed in a
// cascade. Damaged copies of the seed are under tests/data/disclosures; others are made here by
// editing the seed's text.
#include <random>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

#include "engine/model/unit_file.hpp"

namespace suan::model {
namespace {

using namespace testing;

std::string ReplaceFirst(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

UnitData ImportFile(const std::string& name) {
  return Import(BudgetModel(), ReadFile(DataPath("disclosures/" + name)), name);
}

TEST(Import, AMissingTableIsOneFailureAndItsChecksAreSkipped) {
  UnitData unit = ImportFile("changji-damaged-missing-table5.txt");
  EXPECT_EQ(CountNotes(unit, "表5 「一般公共预算支出情况表」 is not in the document"), 1);
  EXPECT_TRUE(unit.HasErrors());
  Checked c = Check(BudgetModel(), unit);
  const CheckResult* present = c.Find("表5:present");
  ASSERT_NE(present, nullptr);
  EXPECT_EQ(present->status, "failed");
  EXPECT_EQ(c.summary.failed, 1) << ::testing::PrintToString(c.WithStatus("failed"));
  EXPECT_GT(c.summary.skipped, 50);
  const CheckResult* cross = c.Find("A3_17a");
  ASSERT_NE(cross, nullptr);
  EXPECT_EQ(cross->status, "skipped");
  EXPECT_NE(cross->message.find("表5 is not in the document"), std::string::npos);
}

TEST(Import, AnAlteredNumberFailsTheRelationsOfThatCell) {
  UnitData unit = ImportFile("changji-damaged-altered-numbers.txt");
  // "1,7676.7" is not a figure: reported with its line and text.
  EXPECT_EQ(CountNotes(unit, "not a figure «1,7676.7»"), 1);
  Checked c = Check(BudgetModel(), unit);
  // 表3 总计.基本支出 published as 965.35 instead of 956.35.
  for (const char* id : {"表3:[总计]@基本支出", "表3:合计@总计", "A3_17a", "A3_17b"}) {
    const CheckResult* r = c.Find(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_EQ(r->status, "failed") << id;
    EXPECT_NEAR(std::fabs(r->diff), 9.0, 1e-9) << id;
  }
  // The unreadable 1,767.67 fails the relations around it, and nothing else is disturbed.
  EXPECT_EQ(c.Find("表2:rollup@208.一般公共预算")->status, "failed");
  EXPECT_EQ(c.summary.rounding, 22);
  EXPECT_LE(c.summary.failed, 12);
}

TEST(Import, APageBreakInsideATableChangesNothing) {
  Checked c = Check(BudgetModel(), ImportFile("changji-damaged-page-break.txt"));
  EXPECT_EQ(c.summary.failed, 0);
  EXPECT_EQ(c.summary.rounding, 22);
  EXPECT_EQ(c.summary.convention, 4);
}

TEST(Import, ATruncatedFileIsReportedNotCrashedOn) {
  UnitData unit = ImportFile("changji-damaged-truncated.txt");
  EXPECT_TRUE(unit.HasErrors());
  EXPECT_GE(CountNotes(unit, "is not in the document"), 1);
  Checked c = Check(BudgetModel(), unit);
  EXPECT_GT(c.summary.failed, 0);
  EXPECT_GT(c.summary.skipped, 0);
  std::string out;
  EXPECT_EQ(RunSuan("check " + DataPath("disclosures/changji-damaged-truncated.txt"), &out), 1);
  EXPECT_NE(out.find("is not in the document"), std::string::npos);
}

TEST(Import, AnEmptyOrUnreadableFileIsAnError) {
  for (const char* text : {"", "   \n\n\t", "\x01\x02\x03 binary \xff\xfe"}) {
    absl::StatusOr<UnitData> unit = ReadUnitText(BudgetModel(), text, "empty.txt");
    EXPECT_FALSE(unit.ok()) << text;
  }
  absl::StatusOr<UnitData> empty = ReadUnitText(BudgetModel(), "", "empty.txt");
  EXPECT_NE(std::string(empty.status().message()).find("empty.txt: the file is empty"),
            std::string::npos);
  std::string out;
  EXPECT_EQ(RunSuan("check " + DataPath("model/empty.txt"), &out), 2);
}

TEST(Import, NonNumericAndNegativeAmountsAreReported) {
  std::string text = SeedText();
  text = ReplaceFirst(text, "其中：一般财力\t1,897.60", "其中：一般财力\t1,897.6O");
  text = ReplaceFirst(text, "劳动保障监察\t2.00\t\t2.00", "劳动保障监察\t-2.00\t\t-2.00");
  UnitData unit = Import(BudgetModel(), text, "damaged.txt");
  EXPECT_EQ(CountNotes(unit, "1,897.6O"), 1);
  EXPECT_EQ(CountNotes(unit, "negative amount -2.00 in row 「劳动保障监察」"), 2);
  for (const ImportNote& n : unit.notes) {
    if (n.message.find("negative") != std::string::npos) {
      EXPECT_EQ(n.table, "表3");
      EXPECT_NE(n.where.find("damaged.txt:"), std::string::npos);
    }
  }
}

TEST(Import, ACodeTheListLacksIsKeptAndReported) {
  std::string text = ReplaceFirst(SeedText(), "221\t02\t01\t住房公积金\t61.17\t61.17\t\n",
                                  "221\t02\t09\t住房公积金\t61.17\t61.17\t\n");
  UnitData unit = Import(BudgetModel(), text, "code.txt");
  EXPECT_EQ(CountNotes(unit, "code 2210209 「住房公积金」 is not in the code list 功能科目; kept"),
            1);
  Checked c = Check(BudgetModel(), unit);
  const CheckResult* row = c.Find("表3:合计@2210209");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->status, "exact");
  // It still rolls up into 22102.
  EXPECT_EQ(c.Find("表3:rollup@22102.合计")->status, "exact");
}

TEST(Import, MixedUnitsAreConvertedAndReported) {
  // 表6 printed in 元.
  std::string text = SeedText();
  size_t t6 = text.find("表 6\n\n一般公共预算基本支出情况表");
  ASSERT_NE(t6, std::string::npos);
  size_t unit_at = text.find("单位：万元", t6);
  text.replace(unit_at, std::string("单位：万元").size(), "单位：元");
  text =
      ReplaceFirst(text, "\t\t总计\t956.35\t788.59\t167.76", "\t\t总计\t9563500\t7885900\t1677600");
  UnitData unit = Import(BudgetModel(), text, "units.txt");
  EXPECT_EQ(CountNotes(unit, "表6 is in 元; figures converted to 万元"), 1);
  EXPECT_EQ(CountNotes(unit, "the tables use different units"), 1);
  Checked c = Check(BudgetModel(), unit);
  // The 总计 row, given in 元, is 956.35 万元 again.
  EXPECT_EQ(c.Find("A6_29")->status, "exact");
}

TEST(Import, TablesAndRowsTheModelLacksAreReported) {
  std::string text = ReplaceFirst(SeedText(), "财政拨款委托业务费支出情况表\n\n编制部门",
                                  "财政拨款委托咨询费支出情况表\n\n编制部门");
  text = ReplaceFirst(text, "公务接待费\t\t\t\t\n", "公务招待费\t1.00\t1.00\t\t\n");
  UnitData unit = Import(BudgetModel(), text, "other.txt");
  EXPECT_EQ(CountNotes(unit, "「财政拨款委托咨询费支出情况表」 is not in the model"), 1);
  EXPECT_EQ(CountNotes(unit, "row 「公务招待费」 is not in the model"), 1);
  EXPECT_EQ(CountNotes(unit, "表11 「财政拨款委托业务费支出情况表」 is not in the document"), 1);
}

// Whatever a file holds, the pipeline (read, import, compile, check) reports and never crashes:
// the seed cut at random places, or with random bytes overwritten.
TEST(Import, DamagedInputNeverCrashesThePipeline) {
  std::mt19937 rng(20260313);
  const std::string seed = SeedText();
  for (int k = 0; k < 40; ++k) {
    std::string text = seed;
    if (k % 2 == 0) {
      text.resize(std::uniform_int_distribution<size_t>(0, seed.size())(rng));
    } else {
      for (int n = 0; n < 200; ++n) {
        text[std::uniform_int_distribution<size_t>(0, text.size() - 1)(rng)] =
            char(std::uniform_int_distribution<int>(0, 255)(rng));
      }
    }
    absl::StatusOr<UnitData> unit = ReadUnitText(BudgetModel(), text, "random.txt");
    if (!unit.ok()) continue;  // nothing of a disclosure left: an error, not a crash
    Checked c = Check(BudgetModel(), *unit);
    EXPECT_EQ(c.results.size(), c.unit.checks.size());
  }
}

TEST(Import, TheFinalAccountsModelReadsOtherDepartments) {
  absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(ModelPath("final-accounts-2024.suan"));
  ASSERT_TRUE(t.ok()) << t.status();
  // 01: the text's 财政拨款收入支出总计 0.3万元 is a real published error.
  Checked c01 = Check(
      **t,
      Import(**t, ReadFile(DataPath("disclosures/01_putuo_caizhengju_2024_final.txt")), "01.txt"));
  const CheckResult* total = c01.Find("text:财政拨款总计.1");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->status, "failed");
  EXPECT_NEAR(total->lhs, 0.3, 1e-9);
  EXPECT_NEAR(total->rhs, 2961.68, 1e-9);
  // Its only other failure is the text's 71.73% share (2,106.66 / 2,940.05 is 71.65%); the
  // tables themselves hold (表4's 支出 rows under 合计 and 一般公共预算财政拨款, not shifted).
  EXPECT_EQ(c01.WithStatus("failed"),
            (std::vector<std::string>{"text:财政拨款总计.1", "text:支出结构@一般公共服务支出.3"}));
  for (const char* id : {"表4:合计@201", "表4:合计@208", "表4:合计@210"})
    ASSERT_NE(c01.Find(id), nullptr) << id;
  EXPECT_EQ(c01.Find("表4:合计@201")->status, "exact");
  // 02: the injected errors (a table removed, a total changed to 0) are found.
  UnitData u02 = Import(
      **t, ReadFile(DataPath("disclosures/02_putuo_caizhengju_2024_final_INJECTED_ERRORS.txt")),
      "02.txt");
  Checked c02 = Check(**t, u02);
  EXPECT_EQ(c02.Find("表3:present")->status, "failed");
  // Its 收入决算表 prints 合计 on the line of the 类/款/项 captions: read as 合计 all the same.
  EXPECT_EQ(CountNotes(u02, "类款项"), 0);
  ASSERT_NE(c02.Find("表2:[合计]@本年收入合计"), nullptr);
  EXPECT_EQ(c02.Find("表2:[合计]@本年收入合计")->status, "rounding");
  EXPECT_EQ(c02.Find("text:总体.1")->status, "failed");
  // 04: a new department, growth on a zero prior year.
  Checked c04 = Check(
      **t, Import(**t, ReadFile(DataPath("disclosures/04_putuo_shehuigongzuobu_2024_final.txt")),
                  "04.txt"));
  EXPECT_EQ(c04.summary.failed, 0);
  EXPECT_EQ(c04.summary.convention, 3);
  // Every sample is read without crashing and with its tables recognised.
  for (const char* name :
       {"03_putuo_guihuaziyuan_2024_final.txt", "05_national_final_accounts_TEMPLATE.txt",
        "01-damaged-truncated.txt", "03-damaged-altered-number.txt", "04-damaged-page-break.txt"}) {
    UnitData unit = Import(**t, ReadFile(DataPath(std::string("disclosures/") + name)), name);
    EXPECT_GE(unit.recognised.size(), 8u) << name;
    Checked c = Check(**t, unit);
    EXPECT_FALSE(c.results.empty()) << name;
  }
}

}  // namespace
}  // namespace suan::model
