// Criteria (criteria.hpp) and the conditional aggregates SUMIF, SUMIFS, COUNTIF, COUNTIFS,
// AVERAGEIF, AVERAGEIFS, MAXIFS, MINIFS.
#include "formulas/criteria.hpp"

#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

struct CriterionCase {
  Value criteria;
  Value cell;
  bool matches;
};

// The matrix ClosedXML checked against Excel's SUMIF (see criteria.hpp), plus suan's own.
TEST(CriterionTest, MatchesLikeExcel) {
  const Value blank;
  const CriterionCase cases[] = {
      {blank, Num(0), true},  // an empty criteria cell is 0
      {blank, blank, false},
      {blank, Str(""), false},
      {Str(""), blank, true},
      {Str(""), Str(""), true},
      {Str(""), Num(0), false},
      {Str(" "), Str(""), false},
      {Str("="), blank, true},
      {Str("="), Num(0), false},
      {Str("="), Str(""), false},
      {Str("<>"), blank, false},
      {Str("<>"), Num(0), true},
      {Str("<>"), Str(""), true},
      {Str("<"), blank, false},
      {Str(">="), Num(0), false},
      {Str("TRUE"), Bool(true), true},
      {Str("=true"), Bool(true), true},
      {Str("TRUE"), Str("TRUE"), false},
      {Str("TRUE"), Num(1), false},
      {Str("<>TRUE"), Bool(false), true},
      {Str("<>TRUE"), Num(1), true},
      {Str("<>TRUE"), Err(ErrorCode::kDiv0), true},
      {Str(">FALSE"), Bool(true), true},
      {Str("1"), Num(1), true},
      {Str("=1"), Str("1"), true},
      {Num(1), Str("1"), true},
      {Str("1"), Bool(true), false},
      {Str("1"), blank, false},
      {Str("<>1"), blank, true},
      {Str("<>1"), Num(1), false},
      {Str("<>1"), Str("text"), true},
      {Str("<1"), Num(0.9), true},
      {Str("<1"), Str("0.5"), false},  // ordering skips numbers stored as text
      {Str("<1"), Str(""), false},
      {Str("<1"), Bool(false), false},
      {Str(">=1"), Num(1), true},
      {Str(">1"), Num(1), false},
      {Str(">50%"), Num(0.6), true},
      {Str(">=2024-01-01"), Num(45292), true},
      {Str("abc"), Str("ABC"), true},
      {Str("ab"), Str("abc"), false},
      {Str("a?"), Str("ab"), true},
      {Str("?"), Num(1), false},
      {Str("*"), Str(""), true},
      {Str("*"), Num(5), false},
      {Str("<>*"), Num(5), true},
      {Str("<>?"), Str("ab"), true},
      {Str("<>B"), blank, true},
      {Str("~*"), Str("*"), true},
      {Str("~*"), Str("a"), false},
      {Str("*~?"), Str("why?"), true},
      {Str("<b"), Str("a"), true},
      {Str("<b"), Str("c"), false},
      {Str(">a"), Str("a"), false},
      {Str(">=a"), Str("A"), true},
      {Str("<?"), Str("!"), true},
      {Str("#DIV/0!"), Err(ErrorCode::kDiv0), true},
      {Str("#DIV/0!"), Str("#DIV/0!"), false},
      {Err(ErrorCode::kNA), Err(ErrorCode::kNA), true},
      {Str("社会*"), Str("社会保障"), true},
      {Str("社?保障"), Str("社会保障"), true},
      {Str("ÉTÉ"), Str("été"), true},
  };
  for (const auto& c : cases) {
    Criterion crit(c.criteria);
    EXPECT_EQ(crit.Matches(c.cell), c.matches)
        << "criteria " << c.criteria.ToString() << " (kind " << int(c.criteria.kind())
        << ") vs cell " << c.cell.ToString() << " (kind " << int(c.cell.kind()) << ")";
    if (c.cell.is_empty() && c.matches) {
      EXPECT_TRUE(crit.matches_empty());
    }
  }
}

class ConditionalTest : public FunctionTest {
 protected:
  void SetUp() override {
    // Microsoft's SUMIF example 1: property values and commissions.
    cells.Column("A1", {Num(100000), Num(200000), Num(300000), Num(400000)});
    cells.Column("B1", {Num(7000), Num(14000), Num(21000), Num(28000)});
    // Example 2: categories and food.
    cells.Column("D1", {Str("Vegetables"), Str("Vegetables"), Str("Fruits"), Value(),
                        Str("Vegetables"), Str("Fruits")});
    cells.Column("E1", {Str("Tomatoes"), Str("Celery"), Str("Oranges"), Str("Butter"),
                        Str("Carrots"), Str("Apples")});
    cells.Column("F1", {Num(2300), Num(5500), Num(800), Num(400), Num(4200), Num(1200)});
  }
};

TEST_F(ConditionalTest, SumIf) {
  EXPECT_EQ(Call("SUMIF", {R("A1:A4"), Str(">160000"), R("B1:B4")}), Num(63000));
  EXPECT_EQ(Call("SUMIF", {R("A1:A4"), Str(">160000")}), Num(900000));
  EXPECT_EQ(Call("SUMIF", {R("A1:A4"), Num(300000), R("B1:B4")}), Num(21000));
  EXPECT_EQ(Call("SUMIF", {R("A1:A4"), Str(">"), R("B1:B4")}), Num(0));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("Fruits"), R("F1:F6")}), Num(2000));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("Vegetables"), R("F1:F6")}), Num(12000));
  EXPECT_EQ(Call("SUMIF", {R("E1:E6"), Str("*es"), R("F1:F6")}), Num(4300));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str(""), R("F1:F6")}), Num(400));
  // The sum range is resized to the criteria range from its top-left cell.
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("Fruits"), R("F1")}), Num(2000));
  EXPECT_EQ(Call("SUMIF", {Num(1), Str("x")}), Err(ErrorCode::kValue));
}

TEST_F(ConditionalTest, SumIfWithEmptyMatchingCriteriaWalksTheSumRange) {
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("<>Vegetables"), R("F1:F6")}), Num(2400));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("<>"), R("F1:F6")}), Num(14000));
  cells.Set("F3", Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("Fruits"), R("F1:F6")}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("SUMIF", {R("D1:D6"), Str("Vegetables"), R("F1:F6")}), Num(12000));
}

TEST_F(ConditionalTest, SumIfOverAWholeColumnVisitsOnlyFilledCells) {
  cells.reads_ = 0;
  EXPECT_EQ(Call("SUMIF", {R("A:A"), Str(">250000"), R("B:B")}), Num(49000));
  EXPECT_LE(cells.reads_, 4);
  EXPECT_EQ(Call("COUNTIF", {R("A:A"), Str("<>100000")}), Num(1048575));
}

TEST_F(ConditionalTest, ArrayCriteriaGiveArrays) {
  auto out =
      CallArray("SUMIF", {R("D1:D6"), Arr(1, 2, {Str("Fruits"), Str("Vegetables")}), R("F1:F6")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], Num(2000));
  EXPECT_EQ(out[1], Num(12000));
}

TEST_F(ConditionalTest, CountIf) {
  // Microsoft's COUNTIF example.
  cells.Column("H1", {Str("apples"), Str("oranges"), Str("peaches"), Str("apples")});
  cells.Column("I1", {Num(32), Num(54), Num(75), Num(86)});
  EXPECT_EQ(Call("COUNTIF", {R("H1:H4"), Str("apples")}), Num(2));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H4"), R("H3")}), Num(1));
  EXPECT_EQ(Call("COUNTIF", {R("I1:I4"), Str(">55")}), Num(2));
  EXPECT_EQ(Call("COUNTIF", {R("I1:I4"), Str("<>75")}), Num(3));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H4"), Str("*")}), Num(4));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H4"), Str("?????es")}), Num(2));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H6"), Str("")}), Num(2));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H6"), Str("<>")}), Num(4));
  EXPECT_EQ(Call("COUNTIF", {R("H1:H6"), Str("<>apples")}), Num(4));
  cells.Set("I5", Str("54"));
  EXPECT_EQ(Call("COUNTIF", {R("I1:I5"), Num(54)}), Num(2));
  EXPECT_EQ(Call("COUNTIF", {R("I1:I5"), Str(">=54")}), Num(3));  // not the text "54"
}

TEST_F(ConditionalTest, CountIfs) {
  // Microsoft's COUNTIFS example 1: sales people and quotas.
  cells.Column("H1", {Str("Davidoski"), Str("Burke"), Str("Sundaram"), Str("Levitan")});
  cells.Column("I1", {Str("Yes"), Str("Yes"), Str("Yes"), Str("No")});
  cells.Column("J1", {Str("No"), Str("Yes"), Str("Yes"), Str("Yes")});
  cells.Column("K1", {Str("No"), Str("No"), Str("Yes"), Str("Yes")});
  EXPECT_EQ(Call("COUNTIFS", {R("I1:K1"), Str("=Yes")}), Num(1));
  EXPECT_EQ(Call("COUNTIFS", {R("I1:I4"), Str("=Yes"), R("J1:J4"), Str("=Yes")}), Num(2));
  EXPECT_EQ(Call("COUNTIFS", {R("I4:K4"), Str("=Yes"), R("I2:K2"), Str("=Yes")}), Num(1));
  EXPECT_EQ(Call("COUNTIFS", {R("I1:I4"), Str("=Yes"), R("J1:J3"), Str("=Yes")}),
            Err(ErrorCode::kValue));
  // Criteria that all match empty cells.
  EXPECT_EQ(Call("COUNTIFS", {R("I1:I6"), Str("<>No"), R("J1:J6"), Str("<>No")}), Num(4));
}

TEST_F(ConditionalTest, SumIfsAverageIfsMaxMinIfs) {
  EXPECT_EQ(Call("SUMIFS", {R("F1:F6"), R("D1:D6"), Str("Vegetables"), R("E1:E6"), Str("C*")}),
            Num(9700));
  EXPECT_EQ(Call("SUMIFS", {R("F1:F6"), R("D1:D6"), Str("Vegetables"), R("E1:E5")}),
            Err(ErrorCode::kValue));
  EXPECT_EQ(Call("AVERAGEIF", {R("D1:D6"), Str("Fruits"), R("F1:F6")}), Num(1000));
  EXPECT_EQ(Call("AVERAGEIF", {R("D1:D6"), Str("Meat"), R("F1:F6")}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(
      Call("AVERAGEIFS", {R("F1:F6"), R("D1:D6"), Str("Vegetables"), R("F1:F6"), Str(">3000")}),
      Num(4850));
  EXPECT_EQ(Call("MAXIFS", {R("F1:F6"), R("D1:D6"), Str("Fruits")}), Num(1200));
  EXPECT_EQ(Call("MINIFS", {R("F1:F6"), R("D1:D6"), Str("Vegetables")}), Num(2300));
  EXPECT_EQ(Call("MAXIFS", {R("F1:F6"), R("D1:D6"), Str("Meat")}), Num(0));
}

}  // namespace
}  // namespace suan::testing
