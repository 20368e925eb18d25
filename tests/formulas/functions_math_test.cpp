// Math functions called through the registry with a fake cell source: SUM, SUMPRODUCT,
// PRODUCT, the ROUND family, INT, TRUNC, MOD, CEILING/FLOOR, LOG, RAND ...
#include <cmath>

#include "formulas/excel_round.hpp"
#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

class MathTest : public FunctionTest {};

TEST_F(MathTest, SumSkipsTextAndBooleansInRangesButCountsThemWrittenDirectly) {
  cells.Column("A1", {Num(1), Str("2"), Bool(true), Value(), Num(4)});
  EXPECT_EQ(Call("SUM", {R("A1:A5")}), Num(5));
  EXPECT_EQ(Call("SUM", {Str("2"), Bool(true), Num(4)}), Num(7));
  EXPECT_EQ(Call("SUM", {Str("abc")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("SUM", {Operand::Missing(), Num(1)}), Num(1));
  EXPECT_EQ(Call("SUM", {Arr(1, 3, {Num(1), Str("2"), Bool(true)})}), Num(1));
}

TEST_F(MathTest, SumPropagatesTheFirstErrorOfARange) {
  cells.Column("A1", {Num(1), Err(ErrorCode::kDiv0), Err(ErrorCode::kNA)});
  EXPECT_EQ(Call("SUM", {R("A1:A3")}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("SUM", {Err(ErrorCode::kRef), R("A1:A3")}), Err(ErrorCode::kRef));
}

TEST_F(MathTest, SumOverThreeDimensionalReference) {
  uint32_t s2 = cells.AddSheet("Sheet2");
  cells.Set("A1", Num(10));
  cells.Set(s2, 0, 0, Num(32));
  EXPECT_EQ(Call("SUM", {Operand(RangeRef{0, s2, 0, 0, 0, 0})}), Num(42));
}

TEST_F(MathTest, SumProduct) {
  cells.Column("A1", {Num(3), Num(8), Num(1)});
  cells.Column("B1", {Num(4), Num(6), Num(9)});
  EXPECT_EQ(Call("SUMPRODUCT", {R("A1:A3"), R("B1:B3")}), Num(69));
  EXPECT_EQ(Call("SUMPRODUCT", {R("A1:A3"), R("B1:B2")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("SUMPRODUCT", {Arr(1, 2, {Bool(true), Num(2)}), Arr(1, 2, {Num(5), Num(3)})}),
            Num(6));
  EXPECT_EQ(Call("SUMPRODUCT", {Arr(1, 2, {Err(ErrorCode::kNA), Num(2)})}), Err(ErrorCode::kNA));
}

TEST_F(MathTest, Product) {
  cells.Column("A1", {Num(5), Num(15), Num(30)});
  EXPECT_EQ(Call("PRODUCT", {R("A1:A3")}), Num(2250));
  EXPECT_EQ(Call("PRODUCT", {R("A1:A3"), Num(2)}), Num(4500));
  EXPECT_EQ(Call("PRODUCT", {R("C1:C3")}), Num(0));
}

TEST_F(MathTest, RoundHalfWayDecimalsLikeExcel) {
  EXPECT_EQ(Call("ROUND", {Num(2.675), Num(2)}), Num(2.68));
  EXPECT_EQ(Call("ROUND", {Num(1.005), Num(2)}), Num(1.01));
  EXPECT_EQ(Call("ROUND", {Num(-2.5), Num(0)}), Num(-3));
  EXPECT_EQ(Call("ROUND", {Num(2.5), Num(0)}), Num(3));
  EXPECT_EQ(Call("ROUND", {Num(2.15), Num(1)}), Num(2.2));
  EXPECT_EQ(Call("ROUND", {Num(2.149), Num(1)}), Num(2.1));
  EXPECT_EQ(Call("ROUND", {Num(-1.475), Num(2)}), Num(-1.48));
  EXPECT_EQ(Call("ROUND", {Num(21.5), Num(-1)}), Num(20));
  EXPECT_EQ(Call("ROUND", {Num(626.3), Num(-3)}), Num(1000));
  EXPECT_EQ(Call("ROUND", {Num(1.98), Num(-1)}), Num(0));
  EXPECT_EQ(Call("ROUND", {Num(-50.55), Num(-2)}), Num(-100));
  EXPECT_EQ(Call("ROUND", {Num(0.1 + 0.2), Num(15)}), Num(0.3));
  EXPECT_EQ(Call("ROUND", {Num(1234.5678), Num(2.9)}), Num(1234.57));  // digits truncated
  EXPECT_EQ(Call("ROUND", {Str("abc"), Num(1)}), Err(ErrorCode::kValue));
}

TEST_F(MathTest, RoundUpAndDown) {
  EXPECT_EQ(Call("ROUNDUP", {Num(3.2), Num(0)}), Num(4));
  EXPECT_EQ(Call("ROUNDUP", {Num(76.9), Num(0)}), Num(77));
  EXPECT_EQ(Call("ROUNDUP", {Num(3.14159), Num(3)}), Num(3.142));
  EXPECT_EQ(Call("ROUNDUP", {Num(-3.14159), Num(1)}), Num(-3.2));
  EXPECT_EQ(Call("ROUNDUP", {Num(31415.92654), Num(-2)}), Num(31500));
  EXPECT_EQ(Call("ROUNDUP", {Num(0.5), Num(-1)}), Num(10));
  EXPECT_EQ(Call("ROUNDDOWN", {Num(3.2), Num(0)}), Num(3));
  EXPECT_EQ(Call("ROUNDDOWN", {Num(76.9), Num(0)}), Num(76));
  EXPECT_EQ(Call("ROUNDDOWN", {Num(3.14159), Num(3)}), Num(3.141));
  EXPECT_EQ(Call("ROUNDDOWN", {Num(-3.14159), Num(1)}), Num(-3.1));
  EXPECT_EQ(Call("ROUNDDOWN", {Num(31415.92654), Num(-2)}), Num(31400));
  EXPECT_EQ(Call("ROUNDUP", {Num(0.1 + 0.2), Num(1)}), Num(0.3));
}

TEST_F(MathTest, RoundLiftsOverArrays) {
  auto out = CallArray("ROUND", {Arr(1, 3, {Num(1.25), Num(2.35), Str("x")}), Num(1)});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], Num(1.3));
  EXPECT_EQ(out[1], Num(2.4));
  EXPECT_EQ(out[2], Err(ErrorCode::kValue));
}

TEST_F(MathTest, MRound) {
  EXPECT_EQ(Call("MROUND", {Num(10), Num(3)}), Num(9));
  EXPECT_EQ(Call("MROUND", {Num(-10), Num(-3)}), Num(-9));
  EXPECT_EQ(Call("MROUND", {Num(1.3), Num(0.2)}), Num(1.4));
  EXPECT_EQ(Call("MROUND", {Num(5), Num(-2)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("MROUND", {Num(5), Num(0)}), Num(0));
}

TEST_F(MathTest, IntTruncMod) {
  EXPECT_EQ(Call("INT", {Num(8.9)}), Num(8));
  EXPECT_EQ(Call("INT", {Num(-8.9)}), Num(-9));
  EXPECT_EQ(Call("INT", {Num((0.1 + 0.7) * 10)}), Num(8));
  EXPECT_EQ(Call("TRUNC", {Num(8.9)}), Num(8));
  EXPECT_EQ(Call("TRUNC", {Num(-8.9)}), Num(-8));
  EXPECT_EQ(Call("TRUNC", {Num(0.45)}), Num(0));
  EXPECT_EQ(Call("TRUNC", {Num(3.14159), Num(2)}), Num(3.14));
  EXPECT_EQ(Call("MOD", {Num(3), Num(2)}), Num(1));
  EXPECT_EQ(Call("MOD", {Num(-3), Num(2)}), Num(1));
  EXPECT_EQ(Call("MOD", {Num(3), Num(-2)}), Num(-1));
  EXPECT_EQ(Call("MOD", {Num(-3), Num(-2)}), Num(-1));
  EXPECT_EQ(Call("MOD", {Num(3), Num(0)}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("MOD", {Num(0.3), Num(0.1)}), Num(0));
}

TEST_F(MathTest, SimpleFunctions) {
  EXPECT_EQ(Call("ABS", {Num(-4)}), Num(4));
  EXPECT_EQ(Call("SIGN", {Num(-0.00001)}), Num(-1));
  EXPECT_EQ(Call("SIGN", {Num(0)}), Num(0));
  EXPECT_EQ(Call("SQRT", {Num(16)}), Num(4));
  EXPECT_EQ(Call("SQRT", {Num(-16)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("POWER", {Num(5), Num(2)}), Num(25));
  EXPECT_EQ(Call("POWER", {Num(0), Num(0)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("POWER", {Num(-8), Num(0.5)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("EXP", {Num(0)}), Num(1));
  EXPECT_EQ(Call("EXP", {Num(1000)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("LN", {Num(0)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("LOG", {Num(10)}), Num(1));
  EXPECT_EQ(Call("LOG", {Num(8), Num(2)}), Num(3));
  EXPECT_EQ(Call("LOG", {Num(1000), Num(10)}), Num(3));
  EXPECT_EQ(Call("LOG", {Num(125), Num(5)}), Num(3));
  EXPECT_EQ(Call("LOG", {Num(8), Num(1)}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("LOG10", {Num(1e5)}), Num(5));
  EXPECT_EQ(Call("LOG10", {Num(-1)}), Err(ErrorCode::kNum));
  EXPECT_NEAR(Call("PI", {}).number(), 3.14159265358979, 1e-14);
}

TEST_F(MathTest, CeilingAndFloor) {
  EXPECT_EQ(Call("CEILING", {Num(2.5), Num(1)}), Num(3));
  EXPECT_EQ(Call("CEILING", {Num(-2.5), Num(-2)}), Num(-4));
  EXPECT_EQ(Call("CEILING", {Num(-2.5), Num(2)}), Num(-2));
  EXPECT_EQ(Call("CEILING", {Num(1.5), Num(0.1)}), Num(1.5));
  EXPECT_EQ(Call("CEILING", {Num(0.234), Num(0.01)}), Num(0.24));
  EXPECT_EQ(Call("CEILING", {Num(2.5), Num(-2)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("FLOOR", {Num(3.7), Num(2)}), Num(2));
  EXPECT_EQ(Call("FLOOR", {Num(-2.5), Num(-2)}), Num(-2));
  EXPECT_EQ(Call("FLOOR", {Num(2.5), Num(-2)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("FLOOR", {Num(1.58), Num(0.1)}), Num(1.5));
  EXPECT_EQ(Call("FLOOR", {Num(0.234), Num(0.01)}), Num(0.23));
  EXPECT_EQ(Call("FLOOR", {Num(5), Num(0)}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("CEILING.MATH", {Num(24.3), Num(5)}), Num(25));
  EXPECT_EQ(Call("CEILING.MATH", {Num(6.7)}), Num(7));
  EXPECT_EQ(Call("CEILING.MATH", {Num(-8.1), Num(2)}), Num(-8));
  EXPECT_EQ(Call("CEILING.MATH", {Num(-5.5), Num(2), Num(-1)}), Num(-6));
  EXPECT_EQ(Call("FLOOR.MATH", {Num(24.3), Num(5)}), Num(20));
  EXPECT_EQ(Call("FLOOR.MATH", {Num(6.7)}), Num(6));
  EXPECT_EQ(Call("FLOOR.MATH", {Num(-8.1), Num(2)}), Num(-10));
  EXPECT_EQ(Call("FLOOR.MATH", {Num(-5.5), Num(2), Num(-1)}), Num(-4));
}

TEST_F(MathTest, RandIsSeededByTheEnvironment) {
  env.random.seed(42);
  double a = Call("RAND", {}).number();
  double b = Call("RAND", {}).number();
  env.random.seed(42);
  EXPECT_EQ(Call("RAND", {}).number(), a);
  EXPECT_NE(a, b);
  EXPECT_GE(a, 0);
  EXPECT_LT(a, 1);
  for (int i = 0; i < 200; ++i) {
    double x = Call("RANDBETWEEN", {Num(1), Num(6)}).number();
    EXPECT_GE(x, 1);
    EXPECT_LE(x, 6);
    EXPECT_EQ(x, std::floor(x));
  }
  EXPECT_EQ(Call("RANDBETWEEN", {Num(5), Num(1)}), Err(ErrorCode::kNum));
  const FunctionSpec* rand = FunctionRegistry::Builtins().Find("RAND");
  ASSERT_NE(rand, nullptr);
  EXPECT_TRUE(rand->flags & kFnVolatile);
}

TEST(ExcelRoundTest, DecimalViewOfTheDouble) {
  EXPECT_EQ(ExcelRound(2.675, 2), 2.68);
  EXPECT_EQ(ExcelRound(1.005, 2), 1.01);
  EXPECT_EQ(ExcelRound(-2.5, 0), -3);
  EXPECT_EQ(ExcelRound(0.285, 2), 0.29);
  EXPECT_EQ(ExcelRound(123456789.125, 2), 123456789.13);
  EXPECT_EQ(ExcelRoundUp(0.5, -1), 10);
  EXPECT_EQ(ExcelRoundDown(-0.5, -1), 0);
}

}  // namespace
}  // namespace suan::testing
