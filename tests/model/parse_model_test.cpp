// The .suan grammar: every statement form parses into the tree the compiler expects, and
// syntax errors name the file, line and column, the offending token, and show a caret.
#include "formulas/model/parse_model.hpp"

#include <random>

#include <boost/variant/get.hpp>

#include "gtest/gtest.h"

namespace suan::model {
namespace {

// The alternative a variant holds; fails the test (and returns a default) when it holds
// another one.
template <typename T, typename Variant>
const T& As(const Variant& v, int line) {
  static const T kNone{};
  const T* p = boost::get<T>(&v);
  EXPECT_NE(p, nullptr) << "line " << line << ": the variant holds alternative " << v.get().which();
  return p ? *p : kNone;
}
#define AS(T, v) As<T>(v, __LINE__)

constexpr const char* kSample = R"(# a small model
unit 万元
decimals 2
tolerance 0.01 per term
codes 功能科目 from "codes/function-codes.csv" levels 类 3, 款 5, 项 7

table 表1 "部门收支总体情况表" {
  part 收入 "收入" {
    col 预算数
    row 本年收入 "一、本年收入", 一般财力 "其中：一般财力" | "一般财力"
    row 收入总计
    [收入总计] = [本年收入] + [一般财力]
  }
  part 支出 {
    col 预算数
    rows 功能科目 level 类
    row 支出总计
    [支出总计] = SUM([类])
  }
}

table 表3 "部门支出总体情况表" optional {
  col 合计, 基本支出, 项目支出
  textcol 项目名称 "项目名称"
  rows 功能科目
  items 项目 by 项目名称 code 功能科目
  row 总计
  rollup 功能科目
  合计 = 基本支出 + 项目支出
  [总计].合计 = SUM([类]) - -1%
  check T3_16 "表3与表2一致" warning each row: 合计 = 表2[@].总计 tolerance 0.02 message "{lhs} vs {rhs}"
}

check A1_7 "收支平衡": 表1[收入总计] = 表1[支出总计]
check: 人社局!表3[208.01].合计 <= IF(表1[收入总计] > 0, 表3[under @].合计, 0)
text 收入 "收入说明" in "收入预算": "一般公共预算{表1[一般财力]:,.2f}万元，占{表1[一般财力]/表1[收入总计] as 占比:.2%}，比上年预算{yoy 表1[一般财力] as 增减}"
text 明细 each 表5 level 项: "{*}（款）{@}（项）：{?}年预算数为{合计 as 金额}万元"
check: SUM(明细.金额) = 表5[总计].合计
)";

TEST(ParseModel, ReadsEveryStatementForm) {
  absl::StatusOr<ModelSource> m = ParseModel(kSample, "sample.suan");
  ASSERT_TRUE(m.ok()) << m.status();
  const auto& st = m->tree.statements;
  ASSERT_EQ(st.size(), 11u);
  const auto& codes = AS(ast::codes_stmt, st[3]);
  EXPECT_EQ(codes.list.text, "功能科目");
  EXPECT_EQ(codes.path.value, "codes/function-codes.csv");
  ASSERT_EQ(codes.levels.size(), 3u);
  EXPECT_EQ(codes.levels[1].level.text, "款");
  EXPECT_EQ(codes.levels[1].digits, 5u);

  const auto& t1 = AS(ast::table_stmt, st[4]);
  EXPECT_EQ(t1.key.text, "表1");
  ASSERT_EQ(t1.items.size(), 2u);
  const ast::part_stmt& income = AS(ast::x3::forward_ast<ast::part_stmt>, t1.items[0]).get();
  EXPECT_EQ(income.key.text, "收入");
  ASSERT_EQ(income.items.size(), 4u);
  const auto& rows = AS(ast::rows_stmt, income.items[1]);
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[1].key.text, "一般财力");
  ASSERT_EQ(rows.rows[1].spellings.size(), 2u);
  EXPECT_EQ(rows.rows[1].spellings[0], "其中：一般财力");
  const auto& rule = AS(ast::rule_stmt, income.items[3]);
  ASSERT_TRUE(rule.lhs.row.has_value());
  EXPECT_EQ(rule.lhs.row->key, "收入总计");
  EXPECT_EQ(rule.value.rest.size(), 1u);

  const auto& t3 = AS(ast::table_stmt, st[5]);
  ASSERT_EQ(t3.flags.size(), 1u);
  EXPECT_EQ(t3.flags[0], "optional");
  const auto& items = AS(ast::item_rows_stmt, t3.items[3]);
  EXPECT_EQ(items.section.text, "项目");
  ASSERT_TRUE(items.by_column.has_value());
  EXPECT_EQ(items.by_column->text, "项目名称");
  const auto& cell_rule = AS(ast::rule_stmt, t3.items[7]);
  EXPECT_EQ(cell_rule.lhs.column, "合计");
  ASSERT_EQ(cell_rule.value.rest.size(), 1u);
  EXPECT_EQ(cell_rule.value.rest[0].right.signs, "-");
  EXPECT_EQ(cell_rule.value.rest[0].right.percents, "%");
  const auto& local = AS(ast::check_stmt, t3.items[8]);
  EXPECT_EQ(local.severity, "warning");
  ASSERT_TRUE(local.each.has_value());
  EXPECT_EQ(local.each->what, "row");
  const auto& rhs_ref = AS(ast::reference, local.rhs.first.value);
  EXPECT_EQ(rhs_ref.table, "表2");
  EXPECT_EQ(rhs_ref.row->key, "@");
  EXPECT_EQ(rhs_ref.column, "总计");
  ASSERT_EQ(local.options.size(), 2u);
  EXPECT_DOUBLE_EQ(local.options[0].tol.value, 0.02);
  EXPECT_EQ(local.options[1].text, "{lhs} vs {rhs}");

  const auto& qualified = AS(ast::check_stmt, st[7]);
  const auto& q = AS(ast::reference, qualified.lhs.first.value);
  EXPECT_EQ(q.unit, "人社局");
  EXPECT_EQ(q.row->key, "208.01");
  EXPECT_EQ(qualified.relation, "<=");

  const auto& text = AS(ast::text_stmt, st[8]);
  ASSERT_EQ(text.in_headings.size(), 1u);
  const auto& pieces = text.body.pieces;
  ASSERT_EQ(pieces.size(), 6u);
  EXPECT_EQ(AS(std::string, pieces[0]), "一般公共预算");
  const auto& share = AS(ast::placeholder, pieces[3]);
  EXPECT_EQ(share.kind, "expr");
  EXPECT_EQ(share.as, "占比");
  EXPECT_EQ(share.format, ".2%");
  EXPECT_EQ(AS(ast::placeholder, pieces[5]).kind, "yoy");

  const auto& each = AS(ast::text_stmt, st[9]);
  ASSERT_TRUE(each.each_table.has_value());
  EXPECT_EQ(each.each_levels.size(), 1u);
  EXPECT_EQ(AS(ast::placeholder, each.body.pieces[0]).kind, "skip");
  EXPECT_EQ(AS(ast::placeholder, each.body.pieces[2]).kind, "label");
  EXPECT_EQ(AS(ast::placeholder, each.body.pieces[4]).kind, "capture");
}

TEST(ParseModel, GridsParamsAndLike) {
  absl::StatusOr<ModelSource> m = ParseModel(R"(param 总分 = 90
param 偏移 = -1.5
grid 项目绩效 "项目支出绩效目标表" | "绩效目标表" optional {
  textfield 项目名称
  field 财政拨款 "其中：财政拨款", 其他资金
  textcol 指标 "三级指标"
  col 分值权重 "指标分值权重" | "分值权重"
  items 指标 by 指标
  check G1 "sum" warning: SUM(分值权重) = 总分 tolerance 0
  check G2: 财政拨款 = SUM(表7[like 项目名称].合计)
}
)",
                                             "g.suan");
  ASSERT_TRUE(m.ok()) << m.status();
  const auto& st = m->tree.statements;
  ASSERT_EQ(st.size(), 3u);
  const auto& total = AS(ast::param_stmt, st[0]);
  EXPECT_EQ(total.key.text, "总分");
  EXPECT_EQ(total.value, 90);
  EXPECT_EQ(total.sign, "");
  EXPECT_EQ(AS(ast::param_stmt, st[1]).sign, "-");
  EXPECT_EQ(AS(ast::param_stmt, st[1]).value, 1.5);
  const auto& grid = AS(ast::grid_stmt, st[2]);
  EXPECT_EQ(grid.key.text, "项目绩效");
  EXPECT_EQ(grid.titles, (std::vector<std::string>{"项目支出绩效目标表", "绩效目标表"}));
  EXPECT_EQ(grid.flags, std::vector<std::string>{"optional"});
  ASSERT_EQ(grid.items.size(), 7u);
  EXPECT_EQ(AS(ast::cols_stmt, grid.items[0]).kind, "textfield");
  const auto& fields = AS(ast::cols_stmt, grid.items[1]);
  EXPECT_EQ(fields.kind, "field");
  ASSERT_EQ(fields.cols.size(), 2u);
  EXPECT_EQ(fields.cols[0].spellings, std::vector<std::string>{"其中：财政拨款"});
  const auto& g2 = AS(ast::check_stmt, grid.items[6]);
  const auto& sum = boost::get<ast::x3::forward_ast<ast::call>>(g2.rhs.first.value).get();
  const auto& like = AS(ast::reference, sum.args[0].first.value);
  EXPECT_EQ(like.table, "表7");
  ASSERT_TRUE(like.row);
  EXPECT_TRUE(like.row->like);
  EXPECT_FALSE(like.row->under);
  EXPECT_EQ(like.row->key, "项目名称");
  EXPECT_EQ(like.column, "合计");
}

struct ErrorCase {
  const char* model;
  const char* expected;  // the start of the message
  const char* caret;     // the caret line
};

TEST(ParseModel, SyntaxErrorsNameLineColumnTokenAndCaret) {
  const ErrorCase cases[] = {
      {"table 表3 {\n  col 合计\n  合计 = 表2[208 合计\n}\n",
       "m.suan:3:21: expected ']' but found '合计'", "                   ^"},
      {"unit\n", "m.suan:2:1: expected a name but found the end of the file", ""},
      {"table 表3 {\n  合计 基本支出\n}\n",
       "m.suan:2:3: expected a table item (part, col, textcol, row, rows, items, rollup, check or "
       "a rule) or '}' but found '合计'",
       "    ^"},
      {"check: 表1[收入总计] == 1\n", "m.suan:1:28: expected an expression but found '='", ""},
      {"tabel 表1 {}\n", "m.suan:1:1: expected a statement", ""},
      {"text t: \"a{表1[x]\"\n", "m.suan:1:19: expected 'as', ':' or '}' but found '\"'", ""},
      {"codes c from \"x.csv\" levels 类\n", "m.suan:2:1: expected ", ""},
  };
  for (const ErrorCase& c : cases) {
    absl::StatusOr<ModelSource> m = ParseModel(c.model, "m.suan");
    ASSERT_FALSE(m.ok()) << c.model;
    std::string message(m.status().message());
    EXPECT_EQ(message.rfind(c.expected, 0), 0u) << message;
    if (*c.caret) {
      EXPECT_NE(message.find(std::string("\n") + c.caret), std::string::npos) << message;
    }
  }
}

// Any text gives a tree or a located error, never a crash: the sample model cut anywhere, or
// with random bytes in it.
TEST(ParseModel, DamagedModelsNeverCrash) {
  std::mt19937 rng(42);
  const std::string sample = kSample;
  for (int k = 0; k < 300; ++k) {
    std::string text =
        sample.substr(0, std::uniform_int_distribution<size_t>(0, sample.size())(rng));
    if (k % 3 == 0 && !text.empty()) {
      text[std::uniform_int_distribution<size_t>(0, text.size() - 1)(rng)] =
          char(std::uniform_int_distribution<int>(0, 255)(rng));
    }
    absl::StatusOr<ModelSource> m = ParseModel(text, "cut.suan");
    if (!m.ok()) {
      EXPECT_EQ(std::string(m.status().message()).rfind("cut.suan:", 0), 0u);
    }
  }
}

TEST(ParseModel, EmptyAndCommentOnlyModelsParse) {
  EXPECT_TRUE(ParseModel("", "e.suan").ok());
  EXPECT_TRUE(ParseModel("# nothing\n\n", "e.suan").ok());
}

}  // namespace
}  // namespace suan::model
