// Logical and information functions: IF, IFS, IFERROR, IFNA, AND, OR, XOR, NOT, SWITCH,
// CHOOSE, TRUE, FALSE, the IS* family, N, T, NA, ERROR.TYPE.
#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

class LogicTest : public FunctionTest {};

TEST_F(LogicTest, If) {
  EXPECT_EQ(Call("IF", {Bool(true), Num(1), Num(2)}), Num(1));
  EXPECT_EQ(Call("IF", {Num(0), Num(1), Num(2)}), Num(2));
  EXPECT_EQ(Call("IF", {Bool(false), Num(1)}), Bool(false));
  EXPECT_EQ(Call("IF", {Bool(true), Operand::Missing(), Num(1)}), Num(0));
  EXPECT_EQ(Call("IF", {Str("abc"), Num(1), Num(2)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("IF", {Err(ErrorCode::kNA), Num(1), Num(2)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("IF", {Str("true"), Num(1), Num(2)}), Num(1));
  cells.Column("A1", {Num(1), Num(5)});
  Operand ref = CallOperand("IF", {Bool(true), R("A1:A2")});
  ASSERT_TRUE(ref.is_range());
  EXPECT_EQ(ref.range(), cells.Ref("A1:A2"));
  auto arr = CallArray("IF", {Arr(1, 3, {Bool(true), Bool(false), Num(2)}), Str("y"), Str("n")});
  ASSERT_EQ(arr.size(), 3u);
  EXPECT_EQ(arr[0], Str("y"));
  EXPECT_EQ(arr[1], Str("n"));
  EXPECT_EQ(arr[2], Str("y"));
}

TEST_F(LogicTest, Ifs) {
  EXPECT_EQ(Call("IFS", {Bool(false), Num(1), Bool(true), Num(2)}), Num(2));
  EXPECT_EQ(Call("IFS", {Bool(false), Num(1)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("IFS", {Err(ErrorCode::kDiv0), Num(1), Bool(true), Num(2)}),
            Err(ErrorCode::kDiv0));
  EXPECT_EQ(Call("IFS", {Bool(false), Num(1), Bool(true)}), Err(ErrorCode::kValue));
}

TEST_F(LogicTest, IfErrorCatchesErrorArguments) {
  EXPECT_EQ(Call("IFERROR", {Err(ErrorCode::kDiv0), Str("x")}), Str("x"));
  EXPECT_EQ(Call("IFERROR", {Num(6), Str("x")}), Num(6));
  EXPECT_EQ(Call("IFERROR", {R("A1"), Str("x")}), Str(""));  // empty cell -> ""
  EXPECT_EQ(Call("IFNA", {Err(ErrorCode::kNA), Num(0)}), Num(0));
  EXPECT_EQ(Call("IFNA", {Err(ErrorCode::kValue), Num(0)}), Err(ErrorCode::kValue));
  auto out = CallArray("IFERROR", {Arr(1, 2, {Err(ErrorCode::kNA), Num(3)}), Str("e")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], Str("e"));
  EXPECT_EQ(out[1], Num(3));
}

TEST_F(LogicTest, AndOrXorNot) {
  cells.Column("A1", {Bool(true), Str("text"), Value(), Num(0)});
  EXPECT_EQ(Call("AND", {Bool(true), Bool(true)}), Bool(true));
  EXPECT_EQ(Call("AND", {Bool(true), Num(0)}), Bool(false));
  EXPECT_EQ(Call("AND", {R("A1:A3")}), Bool(true));
  EXPECT_EQ(Call("AND", {R("A1:A4")}), Bool(false));
  EXPECT_EQ(Call("AND", {R("B1:B4")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("AND", {Str("text")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("OR", {Bool(false), Str("TRUE")}), Bool(true));
  EXPECT_EQ(Call("OR", {Err(ErrorCode::kNA), Bool(true)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("XOR", {Num(3) /*TRUE*/, Num(-2) /*TRUE*/}), Bool(false));
  EXPECT_EQ(Call("XOR", {Bool(true), Bool(false), Bool(false)}), Bool(true));
  EXPECT_EQ(Call("XOR", {Bool(true), Bool(true), Bool(true)}), Bool(true));
  EXPECT_EQ(Call("NOT", {Bool(false)}), Bool(true));
  EXPECT_EQ(Call("NOT", {Num(2)}), Bool(false));
  EXPECT_EQ(Call("NOT", {Str("x")}), Err(ErrorCode::kValue));
}

TEST_F(LogicTest, SwitchAndChoose) {
  EXPECT_EQ(Call("SWITCH", {Num(2), Num(1), Str("Sunday"), Num(2), Str("Monday"), Num(3),
                            Str("Tuesday"), Str("No match")}),
            Str("Monday"));
  EXPECT_EQ(Call("SWITCH", {Num(99), Num(1), Str("Sunday"), Num(7), Str("Saturday")}),
            Err(ErrorCode::kNA));
  EXPECT_EQ(Call("SWITCH", {Num(99), Num(1), Str("Sunday"), Str("other")}), Str("other"));
  EXPECT_EQ(Call("SWITCH", {Str("a"), Str("A"), Num(1), Num(2)}), Num(1));
  EXPECT_EQ(Call("SWITCH", {Num(1), Str("1"), Str("text"), Str("number")}), Str("number"));
  EXPECT_EQ(Call("SWITCH", {Err(ErrorCode::kNA), Num(1), Num(2)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("CHOOSE", {Num(2), Str("1st"), Str("2nd"), Str("3rd")}), Str("2nd"));
  EXPECT_EQ(Call("CHOOSE", {Num(2.9), Str("1st"), Str("2nd"), Str("3rd")}), Str("2nd"));
  EXPECT_EQ(Call("CHOOSE", {Num(4), Str("1st"), Str("2nd")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("CHOOSE", {Num(0), Str("1st")}), Err(ErrorCode::kValue));
  Operand ref = CallOperand("CHOOSE", {Num(2), R("A1:A3"), R("B1:B3")});
  ASSERT_TRUE(ref.is_range());
  EXPECT_EQ(ref.range(), cells.Ref("B1:B3"));
  EXPECT_EQ(Call("TRUE", {}), Bool(true));
  EXPECT_EQ(Call("FALSE", {}), Bool(false));
}

TEST_F(LogicTest, InformationFunctions) {
  cells.Column("A1", {Num(1), Str("x"), Bool(false), Err(ErrorCode::kNA), Err(ErrorCode::kRef),
                      Value(), Str("")});
  EXPECT_EQ(Call("ISNUMBER", {R("A1")}), Bool(true));
  EXPECT_EQ(Call("ISNUMBER", {Str("1")}), Bool(false));
  EXPECT_EQ(Call("ISTEXT", {R("A2")}), Bool(true));
  EXPECT_EQ(Call("ISNONTEXT", {R("A6")}), Bool(true));
  EXPECT_EQ(Call("ISLOGICAL", {R("A3")}), Bool(true));
  EXPECT_EQ(Call("ISBLANK", {R("A6")}), Bool(true));
  EXPECT_EQ(Call("ISBLANK", {R("A7")}), Bool(false));
  EXPECT_EQ(Call("ISERROR", {R("A4")}), Bool(true));
  EXPECT_EQ(Call("ISERR", {R("A4")}), Bool(false));
  EXPECT_EQ(Call("ISERR", {R("A5")}), Bool(true));
  EXPECT_EQ(Call("ISNA", {R("A4")}), Bool(true));
  EXPECT_EQ(Call("ISNA", {R("A5")}), Bool(false));
  EXPECT_EQ(Call("ISEVEN", {Num(2.5)}), Bool(true));
  EXPECT_EQ(Call("ISODD", {Num(-3)}), Bool(true));
  EXPECT_EQ(Call("ISEVEN", {Bool(true)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("ISREF", {R("A1")}), Bool(true));
  EXPECT_EQ(Call("ISREF", {Num(1)}), Bool(false));
  auto nums = CallArray("ISNUMBER", {R("A1:A3")});
  ASSERT_EQ(nums.size(), 3u);
  EXPECT_EQ(nums[0], Bool(true));
  EXPECT_EQ(nums[1], Bool(false));
  EXPECT_EQ(Call("N", {R("A3")}), Num(0));
  EXPECT_EQ(Call("N", {Bool(true)}), Num(1));
  EXPECT_EQ(Call("T", {Num(1)}), Str(""));
  EXPECT_EQ(Call("NA", {}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("ERROR.TYPE", {Err(ErrorCode::kNull)}), Num(1));
  EXPECT_EQ(Call("ERROR.TYPE", {Err(ErrorCode::kDiv0)}), Num(2));
  EXPECT_EQ(Call("ERROR.TYPE", {Err(ErrorCode::kNA)}), Num(7));
  EXPECT_EQ(Call("ERROR.TYPE", {Num(1)}), Err(ErrorCode::kNA));
}

}  // namespace
}  // namespace suan::testing
