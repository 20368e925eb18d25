// Aggregates: MIN, MAX, AVERAGE, MEDIAN, COUNT, COUNTA, COUNTBLANK, LARGE, SMALL, RANK,
// STDEV, VAR, SUBTOTAL.
#include <cmath>

#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

class AggregateTest : public FunctionTest {
 protected:
  void SetUp() override {
    // Microsoft's AVERAGE example: 10, 7, 9, 27, 2.
    cells.Column("A1", {Num(10), Num(7), Num(9), Num(27), Num(2)});
  }
};

TEST_F(AggregateTest, MinMaxAverage) {
  EXPECT_EQ(Call("MIN", {R("A1:A5")}), Num(2));
  EXPECT_EQ(Call("MAX", {R("A1:A5")}), Num(27));
  EXPECT_EQ(Call("MAX", {R("A1:A5"), Num(30)}), Num(30));
  EXPECT_EQ(Call("AVERAGE", {R("A1:A5")}), Num(11));
  EXPECT_EQ(Call("AVERAGE", {R("A1:A5"), Num(5)}), Num(10));
  EXPECT_EQ(Call("MIN", {R("C1:C5")}), Num(0));
  EXPECT_EQ(Call("AVERAGE", {R("C1:C5")}), Err(ErrorCode::kDiv0));
  cells.Set("C1", Str("text"));
  cells.Set("C2", Bool(true));
  EXPECT_EQ(Call("MAX", {R("C1:C2")}), Num(0));
  EXPECT_EQ(Call("MAX", {Bool(true), Num(0.5)}), Num(1));
  EXPECT_EQ(Call("AVERAGE", {R("A1:A5"), R("C1:C2")}), Num(11));
  cells.Set("C3", Err(ErrorCode::kNA));
  EXPECT_EQ(Call("MIN", {R("A1:C5")}), Err(ErrorCode::kNA));
}

TEST_F(AggregateTest, Median) {
  EXPECT_EQ(Call("MEDIAN", {R("A1:A5")}), Num(9));
  EXPECT_EQ(Call("MEDIAN", {Num(1), Num(2), Num(3), Num(4), Num(5), Num(6)}), Num(3.5));
  EXPECT_EQ(Call("MEDIAN", {R("C1:C3")}), Err(ErrorCode::kNum));
}

TEST_F(AggregateTest, Counts) {
  cells.Column("C1", {Str("x"), Bool(true), Err(ErrorCode::kDiv0), Str(""), Value(), Num(1)});
  EXPECT_EQ(Call("COUNT", {R("A1:A5")}), Num(5));
  EXPECT_EQ(Call("COUNT", {R("C1:C6")}), Num(1));
  EXPECT_EQ(Call("COUNT", {Str("1"), Bool(true), Str("x"), Err(ErrorCode::kNA)}), Num(2));
  EXPECT_EQ(Call("COUNTA", {R("C1:C6")}), Num(5));
  EXPECT_EQ(Call("COUNTA", {Str(""), Num(0)}), Num(2));
  EXPECT_EQ(Call("COUNTBLANK", {R("C1:C6")}), Num(2));
  EXPECT_EQ(Call("COUNTBLANK", {R("D1:E10")}), Num(20));
  EXPECT_EQ(Call("COUNTBLANK", {Num(1)}), Err(ErrorCode::kValue));
}

TEST_F(AggregateTest, LargeSmall) {
  EXPECT_EQ(Call("LARGE", {R("A1:A5"), Num(1)}), Num(27));
  EXPECT_EQ(Call("LARGE", {R("A1:A5"), Num(3)}), Num(9));
  EXPECT_EQ(Call("SMALL", {R("A1:A5"), Num(2)}), Num(7));
  EXPECT_EQ(Call("SMALL", {R("A1:A5"), Num(0)}), Err(ErrorCode::kNum));
  EXPECT_EQ(Call("SMALL", {R("A1:A5"), Num(6)}), Err(ErrorCode::kNum));
  auto top = CallArray("LARGE", {R("A1:A5"), Arr(1, 2, {Num(1), Num(2)})});
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0], Num(27));
  EXPECT_EQ(top[1], Num(10));
}

TEST_F(AggregateTest, Rank) {
  // Microsoft's RANK example: 7, 3.5, 3.5, 1, 2.
  cells.Column("B1", {Num(7), Num(3.5), Num(3.5), Num(1), Num(2)});
  EXPECT_EQ(Call("RANK", {Num(3.5), R("B1:B5"), Num(1)}), Num(3));
  EXPECT_EQ(Call("RANK", {Num(7), R("B1:B5"), Num(1)}), Num(5));
  EXPECT_EQ(Call("RANK.EQ", {Num(7), R("B1:B5")}), Num(1));
  EXPECT_EQ(Call("RANK.EQ", {Num(2), R("B1:B5")}), Num(4));
  EXPECT_EQ(Call("RANK", {Num(5), R("B1:B5")}), Err(ErrorCode::kNA));
}

TEST_F(AggregateTest, StdevVar) {
  // Microsoft's STDEV.S example: breaking strengths.
  cells.Column("B1", {Num(1345), Num(1301), Num(1368), Num(1322), Num(1310), Num(1370), Num(1318),
                      Num(1350), Num(1303), Num(1299)});
  EXPECT_NEAR(Call("STDEV.S", {R("B1:B10")}).number(), 27.46391572, 1e-8);
  EXPECT_NEAR(Call("STDEV", {R("B1:B10")}).number(), 27.46391572, 1e-8);
  EXPECT_NEAR(Call("STDEV.P", {R("B1:B10")}).number(), 26.05455814, 1e-8);
  EXPECT_NEAR(Call("VAR.S", {R("B1:B10")}).number(), 754.2666667, 1e-7);
  EXPECT_NEAR(Call("VAR.P", {R("B1:B10")}).number(), 678.84, 1e-9);
  EXPECT_EQ(Call("VAR.S", {Num(1)}), Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("STDEV.P", {Num(1)}), Num(0));
}

TEST_F(AggregateTest, Subtotal) {
  // Microsoft's SUBTOTAL example: 120, 10, 150, 23.
  cells.Column("B1", {Num(120), Num(10), Num(150), Num(23)});
  EXPECT_EQ(Call("SUBTOTAL", {Num(9), R("B1:B4")}), Num(303));
  EXPECT_EQ(Call("SUBTOTAL", {Num(1), R("B1:B4")}), Num(75.75));
  EXPECT_EQ(Call("SUBTOTAL", {Num(109), R("B1:B4")}), Num(303));
  EXPECT_EQ(Call("SUBTOTAL", {Num(2), R("B1:B4"), R("A1:A5")}), Num(9));
  EXPECT_EQ(Call("SUBTOTAL", {Num(4), R("B1:B4")}), Num(150));
  EXPECT_EQ(Call("SUBTOTAL", {Num(5), R("B1:B4")}), Num(10));
  EXPECT_EQ(Call("SUBTOTAL", {Num(6), R("B1:B2")}), Num(1200));
  EXPECT_EQ(Call("SUBTOTAL", {Num(12), R("B1:B4")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("SUBTOTAL", {Num(9), Num(5)}), Err(ErrorCode::kValue));
}

}  // namespace
}  // namespace suan::testing
