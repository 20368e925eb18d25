// Checks evaluated without formulas (direct_check.hpp) give the verdict the check rows'
// formulas give: status, both sides, tolerance and message, for every check of real
// disclosures and of a model written to reach the corners (signs, parentheses, SUM of mixed
// arguments, blanks, relations, warnings, per-term tolerance, prior-year figures).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data_io.hpp"
#include "engine/model/unit_file.hpp"
#include "tests/model/model_test_util.hpp"

namespace suan::model {
namespace {

using testing::DataPath;
using testing::ModelPath;

struct Both {
  std::unique_ptr<Workbook> formulas_book, direct_book;
  CompiledUnit formulas, direct;
  std::vector<CheckResult> by_formulas, by_plans;
};

// The unit compiled twice: every check as formulas, and with direct checks.
Both CompileBothWays(const Template& t, const UnitData& unit) {
  Both b;
  b.formulas_book = std::make_unique<Workbook>();
  b.direct_book = std::make_unique<Workbook>();
  CompileOptions options;
  absl::StatusOr<CompiledUnit> f = CompileUnit(t, unit, options, *b.formulas_book);
  options.direct_checks = true;
  absl::StatusOr<CompiledUnit> d = CompileUnit(t, unit, options, *b.direct_book);
  EXPECT_TRUE(f.ok()) << f.status();
  EXPECT_TRUE(d.ok()) << d.status();
  if (!f.ok() || !d.ok()) return b;
  b.formulas = *std::move(f);
  b.direct = *std::move(d);  // evaluated by CompileUnit, which recalculated
  b.by_formulas = EvaluateChecks(b.formulas, *b.formulas_book);
  b.by_plans = EvaluateChecks(b.direct, *b.direct_book);
  return b;
}

// Every check's verdict the same both ways; returns how many were direct.
size_t ExpectSameVerdicts(const Both& b, const std::string& what) {
  EXPECT_EQ(b.by_formulas.size(), b.by_plans.size()) << what;
  if (b.by_formulas.size() != b.by_plans.size()) return 0;
  size_t direct = 0;
  for (size_t k = 0; k < b.by_formulas.size(); ++k) {
    const CheckResult &f = b.by_formulas[k], &d = b.by_plans[k];
    std::string where = what + " " + f.check->id;
    EXPECT_EQ(f.check->id, d.check->id) << where;
    EXPECT_EQ(f.status, d.status) << where;
    EXPECT_EQ(f.has_values, d.has_values) << where;
    // Bit for bit: the same additions in the same order.
    EXPECT_EQ(f.lhs, d.lhs) << where;
    EXPECT_EQ(f.rhs, d.rhs) << where;
    EXPECT_EQ(f.tolerance, d.tolerance) << where;
    EXPECT_EQ(f.message, d.message) << where;
    direct += d.check->direct;
  }
  return direct;
}

TEST(DirectChecks, RealDisclosuresGetTheFormulasVerdicts) {
  struct Case {
    const char* model;
    const char* file;
  };
  for (const Case& c :
       {Case{"budget-disclosure-2026.suan", "changji-hrss-2026-budget.txt"},
        Case{"budget-disclosure-2026.suan", "changji-damaged-altered-numbers.txt"},
        Case{"budget-disclosure-2026.suan", "changji-damaged-missing-table5.txt"},
        Case{"changji-hrss-2026.suan", "changji-hrss-2026-budget.txt"},
        Case{"final-accounts-2024.suan", "01_putuo_caizhengju_2024_final.txt"},
        Case{"final-accounts-2024.suan", "02_putuo_caizhengju_2024_final_INJECTED_ERRORS.txt"},
        Case{"final-accounts-2024.suan", "03_putuo_guihuaziyuan_2024_final.txt"},
        Case{"final-accounts-2024.suan", "04_putuo_shehuigongzuobu_2024_final.txt"}}) {
    absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(ModelPath(c.model));
    ASSERT_TRUE(t.ok()) << t.status();
    absl::StatusOr<UnitData> unit =
        LoadUnitFile(**t, DataPath(std::string("disclosures/") + c.file));
    ASSERT_TRUE(unit.ok()) << c.file << ": " << unit.status();
    Both b = CompileBothWays(**t, *unit);
    size_t direct = ExpectSameVerdicts(b, c.file);
    // Most checks are sums: the comparison is not an empty one.
    EXPECT_GT(direct, b.by_plans.size() / 2) << c.file;
    // Direct checks leave no formulas on the check sheet.
    EXPECT_LT(b.direct_book->stats().formulas, b.formulas_book->stats().formulas) << c.file;
  }
}

// A model whose checks reach every kind of plan step, and figures that make them hold, round
// and fail.
constexpr char kCornerModel[] = R"(unit 万元
decimals 2
tolerance 0.01 per term

table 表1 "测试表" {
  col 本年
  row a "甲"
  row b "乙"
  row c "丙"
  row d "丁"
  row e "戊"
  row s "合计"
  [s] = [a] + [b] + [c] + [d]
  check K1 "括号": [a] - ([b] + [c]) = -[d] + SUM([a], 0, [b] - [c], [e])
  check K2 "不超过" warning: [a] <= [b] tolerance 0
  check K3 "不少于": [c] >= [d] + 1
  check K4 "负号": --[a] = -(-[a])
  check K5 "空格": [e] = [e] - [e]
  check K6 "逐项容差": [s] = SUM([a], [b], [c], [d]) + 0.005
  check K7 "上年": 增减([s]) = [s] - 上年([s])
  check K8 "比例": [a] / [s] = 0.25
}
)";

TEST(DirectChecks, EveryStepGivesTheFormulasValue) {
  absl::StatusOr<std::unique_ptr<Template>> t =
      BuildTemplate(kCornerModel, "corner.suan", DataPath("model"));
  ASSERT_TRUE(t.ok()) << t.status();
  // Figures with binary fractions that do not add exactly, blanks, negatives.
  const std::vector<std::vector<std::string>> figures = {
      {"0.1", "0.2", "0.3", "0.6", "", "1.2"},
      {"1000.07", "-0.03", "12.345", "", "", "1012.38"},
      {"", "", "", "", "", ""},
      {"5", "3", "2", "1", "0", "11.01"},
      {"1e15", "0.1", "-1e15", "0.3", "7", "0.4"},
      // Sums past the largest double: #NUM!, a check that cannot be evaluated.
      {"1e308", "1e308", "1e308", "-1e308", "1e308", "1e308"},
  };
  const char* rows[] = {"a", "b", "c", "d", "e", "s"};
  size_t direct = 0;
  int cannot = 0;  // direct checks whose sums overflow
  for (size_t k = 0; k < figures.size(); ++k) {
    std::string csv = "table,row,column,value,period\n";
    for (size_t r = 0; r < 6; ++r) {
      if (figures[k][r].empty()) continue;
      absl::StrAppend(&csv, "表1,", rows[r], ",本年,", figures[k][r], ",\n");
      // The prior year differs in its last digit, so 增减 is not 0.
      absl::StrAppend(&csv, "表1,", rows[r], ",本年,", figures[k][r], "1,上年\n");
    }
    absl::StatusOr<UnitData> unit = ReadUnitCsv(**t, csv, "corner.csv");
    ASSERT_TRUE(unit.ok()) << unit.status();
    Both b = CompileBothWays(**t, *unit);
    direct += ExpectSameVerdicts(b, "figures " + std::to_string(k));
    for (const CheckResult& r : b.by_plans) {
      cannot +=
          r.check->direct && r.message.find("cannot be evaluated: #NUM!") != std::string::npos;
    }
    // The quotient is not a sum: it stays a formula.
    for (const CheckInstance& c : b.direct.checks) {
      if (c.id.rfind("K8", 0) == 0) {
        EXPECT_FALSE(c.direct);
      }
      if (c.id.rfind("K1", 0) == 0 && c.fixed_status != "skipped") {
        EXPECT_TRUE(c.direct);
      }
    }
  }
  EXPECT_GE(direct, 5 * figures.size());
  EXPECT_GT(cannot, 0);
}

TEST(DirectChecks, APlanThatIsNotWellFormedCannotBeEvaluatedAndDoesNotCrash) {
  // The writer makes well-formed plans; a bad one must still give a located failure.
  Workbook book;
  ASSERT_TRUE(book.AddSheet("表1").ok());
  ASSERT_TRUE(book.SetValue(0, 0, 0, Value::Number(5)).ok());
  CompiledUnit unit;
  const CellRef a{0, 0, 0};
  const std::vector<std::vector<PlanStep>> bad = {
      {PlanStep{PlanStep::kAdd, 0, 0, {}}},  // nothing to add
      {PlanStep{PlanStep::kSum, 3, 0, {}}},  // nothing to sum
      {PlanStep{PlanStep::kNeg, 0, 0, {}}},  // nothing to negate
      {PlanStep{PlanStep::kCell, 0, 0, a}, PlanStep{PlanStep::kCell, 0, 0, a}},  // two values
  };
  for (const std::vector<PlanStep>& rhs : bad) {
    CheckInstance c;
    c.id = "bad" + std::to_string(unit.checks.size());
    c.title = "bad plan";
    c.location = "表1";
    c.direct = true;
    c.direct_index = uint32_t(unit.direct_checks.size());
    DirectCheck d;
    d.check = uint32_t(unit.checks.size());
    d.lhs_begin = uint32_t(unit.plan_steps.size());
    unit.plan_steps.push_back(PlanStep{PlanStep::kCell, 0, 0, a});
    d.lhs_end = d.rhs_begin = uint32_t(unit.plan_steps.size());
    unit.plan_steps.insert(unit.plan_steps.end(), rhs.begin(), rhs.end());
    d.rhs_end = uint32_t(unit.plan_steps.size());
    unit.direct_checks.push_back(d);
    unit.checks.push_back(c);
  }
  EvaluateDirectChecks(unit, book);
  for (const CheckResult& r : EvaluateChecks(unit, book)) {
    EXPECT_EQ(r.status, "failed") << r.check->id;
    EXPECT_FALSE(r.has_values) << r.check->id;
    EXPECT_NE(r.message.find("cannot be evaluated: #VALUE!"), std::string::npos) << r.message;
  }
}

}  // namespace
}  // namespace suan::model
