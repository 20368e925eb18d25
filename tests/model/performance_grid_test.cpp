// The 绩效目标表 of a disclosure (seed-rules.md A13.62-63): grids published once per project
// (grid 项目绩效 of models/budget-disclosure-2026.suan) and once for the department (grid
// 整体绩效), each occurrence checked on its own: 年度预算总额 = 财政拨款 + 其他资金, = the
// project's rows in 表7 (matched by name), and the indicator weights add up to the model's
// param 绩效指标总分 (90).
#include <fstream>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"
#include "tests/support/test_files.hpp"

#include "engine/model/import_disclosure.hpp"
#include "engine/model/import_grid.hpp"
#include "engine/model/name_match.hpp"

namespace suan::model {
namespace {

using namespace testing;

const char* const kProjects[] = {
    "2025年中央财政稳岗就业扩大社会保险补贴范围补助资金",
    "“三支一扶”人员2026年艰苦边远地区津贴",
    "档案运行经费",
    "劳动监察办案经费",
    "劳动人事争议仲裁办案经费",
    "农民工工资保证金利息周转金",
    "社保业务专网光纤租赁费",
    "提前下达2026年中央财政就业补助资金",
};

// The statuses of every check whose id starts with one of the grid checks' ids.
std::map<std::string, std::string> GridVerdicts(const Checked& c) {
  std::map<std::string, std::string> out;
  for (const CheckResult& r : c.results) {
    if (r.check->id.rfind("A13_62", 0) == 0 || r.check->id.rfind("A13_63", 0) == 0) {
      out[r.check->id] = r.status;
    }
  }
  return out;
}

// The seed with `from` replaced by `to` at its `nth` occurrence (0-based).
std::string Damaged(const std::string& from, const std::string& to, int nth) {
  std::string text = SeedText();
  size_t at = text.find(from);
  for (int k = 0; k < nth && at != std::string::npos; ++k) at = text.find(from, at + 1);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Every check of `damaged` has the seed's status, except those listed.
void ExpectOnlyChanged(const Checked& seed, const Checked& damaged,
                       const std::map<std::string, std::string>& changed) {
  EXPECT_EQ(seed.results.size(), damaged.results.size());
  for (const CheckResult& r : damaged.results) {
    const CheckResult* before = seed.Find(r.check->id);
    ASSERT_NE(before, nullptr) << r.check->id;
    auto it = changed.find(r.check->id);
    std::string want = it == changed.end() ? before->status : it->second;
    EXPECT_EQ(r.status, want) << r.check->id << ": " << r.message;
  }
}

TEST(PerformanceGrids, EverySeedTableIsReadAndHolds) {
  const Template& t = BudgetModel();
  UnitData unit = Import(t, SeedText(), "changji-hrss-2026-budget.txt");
  int whole = t.GridIndex("整体绩效"), project = t.GridIndex("项目绩效");
  ASSERT_GE(whole, 0);
  ASSERT_GE(project, 0);
  ASSERT_EQ(unit.grids[size_t(whole)].occurrences.size(), 1u);
  ASSERT_EQ(unit.grids[size_t(project)].occurrences.size(), 8u);
  // 部门整体: 35 + 5 + 30 + 20.
  const GridOccurrence& w = unit.grids[size_t(whole)].occurrences[0];
  ASSERT_EQ(w.rows.size(), 4u);
  EXPECT_EQ(w.rows[0].label, "实现城镇新增就业");
  EXPECT_EQ(*w.rows[0].values[0], 35);
  // 稳岗: nine indicators, the 补贴发放标准 row wrapped over a page break joined to its row.
  const GridOccurrence& wengang = unit.grids[size_t(project)].occurrences[0];
  EXPECT_EQ(wengang.fields[0].text, kProjects[0]);
  EXPECT_EQ(*wengang.fields[1].value, 812);
  ASSERT_EQ(wengang.rows.size(), 9u);
  EXPECT_EQ(wengang.rows[5].label, "补贴发放标准");
  EXPECT_EQ(*wengang.rows[5].values[0], 20);

  Checked c = Check(t, unit);
  std::map<std::string, std::string> verdicts = GridVerdicts(c);
  EXPECT_EQ(verdicts.size(), 25u);
  for (const auto& [id, status] : verdicts) EXPECT_EQ(status, "exact") << id;
  EXPECT_EQ(c.Find("A13_63a@#1")->lhs, 90);
  for (const char* p : kProjects) {
    for (const char* id : {"A13_62a@", "A13_62b@", "A13_63b@"}) {
      const CheckResult* r = c.Find(std::string(id) + p);
      ASSERT_NE(r, nullptr) << id << p;
      EXPECT_EQ(r->status, "exact") << id << p << ": " << r->message;
    }
  }
  // 稳岗 812.00 = 406.00 + 406.00: both of its 表7 rows, named differently.
  const CheckResult* wengang_t7 = c.Find(std::string("A13_62b@") + kProjects[0]);
  EXPECT_EQ(wengang_t7->lhs, 812);
  EXPECT_EQ(wengang_t7->rhs, 812);
  EXPECT_NE(wengang_t7->check->location.find("项目绩效 #1"), std::string::npos)
      << wengang_t7->check->location;
  EXPECT_NE(wengang_t7->check->location.find("line 7"), std::string::npos);
  // The message says which rows of 表7 were taken for it.
  EXPECT_NE(wengang_t7->message.find(
                "表7 「2025年自治区财政稳岗就业扩大社保补贴范围补助资金（上年结转）」 + "
                "表7 「2025年中央财政稳就业扩大社会保险补贴范围补助资金（上年结转）」"),
            std::string::npos)
      << wengang_t7->message;
  EXPECT_NE(wengang_t7->message.find("(项目支出绩效目标表, line 7"), std::string::npos)
      << wengang_t7->message;
  EXPECT_EQ(c.Find(std::string("A13_63b@") + kProjects[0])->lhs, 90);
  EXPECT_EQ(c.Find(std::string("A13_62a@") + kProjects[7])->lhs, 3452.95);
}

TEST(PerformanceGrids, AChangedWeightIsAWarningOfThatTableOnly) {
  const Template& t = BudgetModel();
  Checked seed = Check(t, Import(t, SeedText(), "seed.txt"));
  // 档案运行经费: 基础设施建设费 8 -> 9 points.
  Checked damaged = Check(t, Import(t,
                                    Damaged("基础设施建设费\t<=10000元\t历史标准\t10000元\t8\t",
                                            "基础设施建设费\t<=10000元\t历史标准\t10000元\t9\t", 0),
                                    "damaged.txt"));
  ExpectOnlyChanged(seed, damaged, {{"A13_63b@档案运行经费", "warning"}});
  const CheckResult* r = damaged.Find("A13_63b@档案运行经费");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->lhs, 91);
  EXPECT_EQ(r->rhs, 90);
  EXPECT_NE(r->message.find("91"), std::string::npos) << r->message;
}

TEST(PerformanceGrids, AChangedBudgetFailsTheRightCheck) {
  const Template& t = BudgetModel();
  Checked seed = Check(t, Import(t, SeedText(), "seed.txt"));
  // 劳动监察办案经费 (the second 2.00 project): 财政拨款 2.00 -> 2.50, so the split no longer
  // adds up; 表7 still agrees with 年度预算总额.
  const std::string line = "年度预算总额\t2.00\t其中：财政拨款\t2.00\t";
  Checked split =
      Check(t, Import(t, Damaged(line, "年度预算总额\t2.00\t其中：财政拨款\t2.50\t", 1), "a.txt"));
  ExpectOnlyChanged(seed, split, {{"A13_62a@劳动监察办案经费", "failed"}});
  EXPECT_EQ(split.Find("A13_62a@劳动监察办案经费")->rhs, 2.5);
  // 年度预算总额 and 财政拨款 both 2.50: the split adds up, 表7 (2.00) does not.
  Checked total =
      Check(t, Import(t, Damaged(line, "年度预算总额\t2.50\t其中：财政拨款\t2.50\t", 1), "b.txt"));
  ExpectOnlyChanged(seed, total, {{"A13_62b@劳动监察办案经费", "failed"}});
  const CheckResult* r = total.Find("A13_62b@劳动监察办案经费");
  EXPECT_EQ(r->lhs, 2.5);
  EXPECT_EQ(r->rhs, 2);
}

TEST(PerformanceGrids, TheExpectedSumIsAParamAModelMaySet) {
  std::string path = test_support::TempDir() + "/perf-100.suan";
  {
    std::ofstream out(path);
    out << "include \"" << ModelPath("budget-disclosure-2026.suan") << "\"\n"
        << "param 绩效指标总分 = 100\n";
  }
  absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(path);
  ASSERT_TRUE(t.ok()) << t.status();
  Checked c = Check(**t, Import(**t, SeedText(), "seed.txt"));
  int warned = 0;
  for (const auto& [id, status] : GridVerdicts(c)) {
    if (id.rfind("A13_63", 0) == 0) {
      EXPECT_EQ(status, "warning") << id;
      ++warned;
    } else {
      EXPECT_EQ(status, "exact") << id;
    }
  }
  EXPECT_EQ(warned, 9);
  EXPECT_EQ(c.summary.failed, 0);
}

TEST(PerformanceGrids, NoGridInTheDocumentIsReportedOncePerCheck) {
  const Template& t = BudgetModel();
  std::string text = SeedText();
  text = text.substr(0, text.find("部门整体绩效目标表\n"));
  Checked c = Check(t, Import(t, text, "cut.txt"));
  std::map<std::string, std::string> verdicts = GridVerdicts(c);
  EXPECT_EQ(verdicts.size(), 4u);  // 63a, 62a, 62b, 63b: one each
  for (const auto& [id, status] : verdicts) EXPECT_EQ(status, "skipped") << id;
  // Data without a text (CSV, JSON, a consolidation) has no narrative to look in.
  UnitData data = UnitData::For(t);
  EXPECT_TRUE(GridVerdicts(Check(t, data)).empty());
}

// A grid as the reader gives it: cells of each row.
DisclosureTable Grid(const std::vector<std::vector<std::string>>& rows) {
  DisclosureTable t;
  t.title = "项目支出绩效目标表";
  t.line = 10;
  int line = 11;
  for (const auto& cells : rows) {
    DisclosureRow r;
    r.line = line++;
    r.label = cells[0];
    r.texts.assign(cells.begin() + 1, cells.end());
    t.rows.push_back(std::move(r));
  }
  return t;
}

TEST(PerformanceGrids, WeightsAsPublishedWrappedRowsAndRepeatedHeaders) {
  const Template& t = BudgetModel();
  const GridDef& def = t.grids[size_t(t.GridIndex("项目绩效"))];
  DisclosureTable grid = Grid({
      {"项目名称", "", "某项目", "", "项目负责人", "张三"},
      {"项目资金(万元)", "", "年度预算总额", "１０.００", "其中：财政拨款", "10.00", "其他资金",
       ""},
      {"一级指标", "二级指标", "三级指标", "指标值", "指标分值权重"},
      {"产出指标", "数量指标", "甲", "≥1", "10分"},
      {"", "", "乙", "≥2", "20.0"},
      {"", "", "", "（续）", ""},  // 乙 wrapped over a page break
      {"一级指标", "二级指标", "三级指标", "指标值", "指标分值权重"},
      {"效益指标", "社会效益", "丙", "有效", ""},
      {"", "", "", "", "60"},  // 丙's weight on its wrapped line
      {"满意度指标", "满意度指标", "受益群众", "≥90%", "10"},
      {"", "", "满意度", "", ""},  // the rest of a wrapped name
      {"", "", "丁", "≥1", ""},    // an item without its weight
  });
  GridOccurrence o = ReadGridOccurrence(def, grid, "万元");
  EXPECT_EQ(o.fields[0].text, "某项目");
  EXPECT_EQ(*o.fields[1].value, 10);
  EXPECT_EQ(*o.fields[2].value, 10);
  EXPECT_TRUE(o.fields[3].found);
  EXPECT_FALSE(o.fields[3].value);  // 其他资金 left blank
  ASSERT_EQ(o.rows.size(), 5u);
  EXPECT_EQ(*o.rows[0].values[0], 10);
  EXPECT_EQ(*o.rows[1].values[0], 20);
  EXPECT_EQ(o.rows[2].label, "丙");
  EXPECT_EQ(*o.rows[2].values[0], 60);
  EXPECT_EQ(o.rows[3].label, "受益群众满意度");
  EXPECT_EQ(*o.rows[3].values[0], 10);
  EXPECT_EQ(o.rows[4].label, "丁");
  EXPECT_FALSE(o.rows[4].values[0]);

  EXPECT_EQ(GridFigure("3,452.95"), 3452.95);
  EXPECT_EQ(GridFigure(" 8 分"), 8);
  EXPECT_FALSE(GridFigure("/"));
  EXPECT_FALSE(GridFigure("按照完成比例赋分"));
}

TEST(PerformanceGrids, OtherCaptionsAndATitleWithTheProjectsName) {
  const Template& t = BudgetModel();
  DisclosureDocument doc;
  DisclosureTable grid = Grid({
      {"项目名称", "档案运行经费"},
      {"项目资金（元）", "年度资金总额", "20,000.00", "财政资金", "20000", "其他资金", "0"},
      {"一级指标", "二级指标", "三级指标", "指标值", "权重"},
      {"产出指标", "数量指标", "甲", "≥1", "40"},
      {"", "", "乙", "≥2", "50分"},
  });
  grid.title = "档案运行经费项目支出绩效目标表";
  doc.other_tables.push_back(grid);
  UnitData unit = ImportDisclosure(t, doc, "other.txt");
  const UnitGrid& projects = unit.grids[size_t(t.GridIndex("项目绩效"))];
  ASSERT_EQ(projects.occurrences.size(), 1u);
  const GridOccurrence& o = projects.occurrences[0];
  EXPECT_EQ(*o.fields[1].value, 2);
  EXPECT_EQ(*o.fields[2].value, 2);
  EXPECT_EQ(*o.fields[3].value, 0);
  ASSERT_EQ(o.rows.size(), 2u);
  EXPECT_EQ(*o.rows[0].values[0] + *o.rows[1].values[0], 90);
  EXPECT_TRUE(unit.grids[size_t(t.GridIndex("整体绩效"))].occurrences.empty());

  // The same project twice: each occurrence checked, told apart by its number.
  doc.other_tables.push_back(grid);
  Checked c = Check(t, ImportDisclosure(t, doc, "twice.txt"));
  const CheckResult* first = c.Find("A13_63b@档案运行经费");
  const CheckResult* second = c.Find("A13_63b@档案运行经费 #2");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->status, "exact");
  EXPECT_EQ(second->status, "exact");
  EXPECT_EQ(c.Find("A13_62a@档案运行经费 #2")->status, "exact");
}

TEST(PerformanceGrids, AMissingWeightSkipsTheSumWithWhereAndWhy) {
  const Template& t = BudgetModel();
  std::string text =
      Damaged("质量指标\t应届高校毕业生就业帮扶率\t≥90%\t昌吉市人民政府 2026 年重点工作任务\t30",
              "质量指标\t应届高校毕业生就业帮扶率\t≥90%\t昌吉市人民政府 2026 年重点工作任务\t", 0);
  Checked c = Check(t, Import(t, text, "missing.txt"));
  const CheckResult* r = c.Find("A13_63a@#1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, "skipped");
  EXPECT_NE(r->check->reason.find("应届高校毕业生就业帮扶率"), std::string::npos)
      << r->check->reason;
  EXPECT_NE(r->check->reason.find("部门整体绩效目标表"), std::string::npos) << r->check->reason;
}

TEST(PerformanceGrids, ProjectNamesMatchSensibly) {
  std::vector<std::string> names = {"2025 年中央财政稳岗就业扩大社会保险补贴范围补助资金",
                                    "“三支一扶”人员 2026 年津贴", "档案运行经费", "不在表7的项目"};
  std::vector<std::string> items = {
      "档案运行经费",
      "2025年自治区财政稳岗就业扩大社保补贴范围补助资金（上年结转）",
      "\"三支一扶\"人员2026年津贴",
      "2025年中央财政稳就业扩大社会保险补贴范围补助资金（上年结转）",
      "提前下达2026年中央财政就业补助资金",
  };
  std::vector<std::vector<int>> m = MatchNames(names, items);
  EXPECT_EQ(m[0], (std::vector<int>{1, 3}));
  EXPECT_EQ(m[1], (std::vector<int>{2}));
  EXPECT_EQ(m[2], (std::vector<int>{0}));
  EXPECT_TRUE(m[3].empty());
  EXPECT_EQ(NameCore("“三支一扶”人员 2026 年津贴（上年结转）"), "三支一扶人员2026年津贴");
}

}  // namespace
}  // namespace suan::model
