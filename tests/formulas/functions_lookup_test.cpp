// Lookup and reference functions: INDEX, MATCH, VLOOKUP, HLOOKUP, XLOOKUP, LOOKUP, OFFSET,
// INDIRECT, ROW, COLUMN, ROWS, COLUMNS; and reference_text.hpp beneath INDIRECT.
#include "formulas/reference_text.hpp"

#include "tests/formulas/fake_cells.hpp"

namespace suan::testing {
namespace {

TEST(ReferenceTextTest, ParsesA1AndR1C1) {
  auto r = ParseA1Reference("$B$3");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->row1, 2);
  EXPECT_EQ(r->col1, 1);
  r = ParseA1Reference("'My Sheet'!C9:A1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sheet, "My Sheet");
  EXPECT_EQ(r->row1, 0);
  EXPECT_EQ(r->col1, 0);
  EXPECT_EQ(r->row2, 8);
  EXPECT_EQ(r->col2, 2);
  r = ParseA1Reference("表3!A:B");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->sheet, "表3");
  EXPECT_EQ(r->row2, 1048575);
  r = ParseA1Reference("2:4");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->col2, 16383);
  EXPECT_EQ(ParseA1Reference("XFE1"), std::nullopt);
  EXPECT_EQ(ParseA1Reference("A0"), std::nullopt);
  EXPECT_EQ(ParseA1Reference("A"), std::nullopt);
  EXPECT_EQ(ParseA1Reference("A1:B"), std::nullopt);
  EXPECT_EQ(ParseA1Reference("name"), std::nullopt);
  EXPECT_EQ(ParseA1Reference(" A1"), std::nullopt);
  EXPECT_EQ(ParseA1Reference(""), std::nullopt);
  r = ParseR1C1Reference("R[-1]C[2]", 5, 5);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->row1, 4);
  EXPECT_EQ(r->col1, 7);
  r = ParseR1C1Reference("R2C3:RC", 5, 5);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->row1, 1);
  EXPECT_EQ(r->row2, 5);
  EXPECT_EQ(ParseR1C1Reference("R0C1", 0, 0), std::nullopt);
}

class LookupTest : public FunctionTest {
 protected:
  void SetUp() override {
    // Microsoft's VLOOKUP-style table: ID, name, department.
    cells.Column("A1", {Num(101), Num(102), Num(103), Num(104), Num(105)});
    cells.Column("B1", {Str("Kahn"), Str("Harris"), Str("Jones"), Str("Smith"), Str("Walters")});
    cells.Column("C1", {Str("Sales"), Str("IT"), Str("Sales"), Value(), Str("IT")});
    // Microsoft's LOOKUP example: frequencies and colours.
    cells.Column("E1", {Num(4.14), Num(4.19), Num(5.17), Num(5.77), Num(6.39)});
    cells.Column("F1", {Str("red"), Str("orange"), Str("yellow"), Str("green"), Str("blue")});
  }
};

TEST_F(LookupTest, Match) {
  cells.Column("H1", {Num(25), Num(38), Num(40), Num(41)});
  EXPECT_EQ(Call("MATCH", {Num(39), R("H1:H4"), Num(1)}), Num(2));
  EXPECT_EQ(Call("MATCH", {Num(41), R("H1:H4"), Num(0)}), Num(4));
  EXPECT_EQ(Call("MATCH", {Num(40), R("H1:H4"), Num(-1)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("MATCH", {Num(39), R("H1:H4")}), Num(2));
  EXPECT_EQ(Call("MATCH", {Num(10), R("H1:H4")}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("MATCH", {Str("jo*"), R("B1:B5"), Num(0)}), Num(3));
  EXPECT_EQ(Call("MATCH", {Str("HARRIS"), R("B1:B5"), Num(0)}), Num(2));
  EXPECT_EQ(Call("MATCH", {Str("101"), R("A1:A5"), Num(0)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("MATCH", {Num(3), Arr(1, 3, {Num(5), Num(4), Num(3)}), Num(-1)}), Num(3));
  EXPECT_EQ(Call("MATCH", {Num(4.5), Arr(1, 3, {Num(5), Num(4), Num(3)}), Num(-1)}), Num(1));
  EXPECT_EQ(Call("MATCH", {Num(1), R("A1:B5"), Num(0)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("MATCH", {Err(ErrorCode::kDiv0), R("A1:A5"), Num(0)}), Err(ErrorCode::kDiv0));
}

TEST_F(LookupTest, ApproximateMatchSkipsOtherKindsAndErrors) {
  // LOOKUP(2, 1/(cond), range): the last position where cond held.
  Operand divided = Arr(
      1, 5, {Err(ErrorCode::kDiv0), Num(1), Err(ErrorCode::kDiv0), Num(1), Err(ErrorCode::kDiv0)});
  EXPECT_EQ(Call("MATCH", {Num(2), divided}), Num(4));
  cells.Column("H1", {Num(1), Str("x"), Num(3), Value(), Num(5), Str("y")});
  EXPECT_EQ(Call("MATCH", {Num(4), R("H1:H6")}), Num(3));
  EXPECT_EQ(Call("MATCH", {Num(9.99e307), R("H:H")}), Num(5));
  EXPECT_EQ(Call("MATCH", {Str("zzz"), R("H:H")}), Num(6));
}

TEST_F(LookupTest, VLookupHLookup) {
  EXPECT_EQ(Call("VLOOKUP", {Num(102), R("A1:C5"), Num(2), Bool(false)}), Str("Harris"));
  EXPECT_EQ(Call("VLOOKUP", {Num(104), R("A1:C5"), Num(3), Bool(false)}), Value());
  EXPECT_EQ(Call("VLOOKUP", {Num(106), R("A1:C5"), Num(2), Bool(false)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("VLOOKUP", {Num(106), R("A1:C5"), Num(2)}), Str("Walters"));
  EXPECT_EQ(Call("VLOOKUP", {Num(102.5), R("A1:C5"), Num(2), Operand::Missing()}),
            Err(ErrorCode::kNA));
  EXPECT_EQ(Call("VLOOKUP", {Num(102), R("A1:C5"), Num(4), Bool(false)}), Err(ErrorCode::kRef));
  EXPECT_EQ(Call("VLOOKUP", {Num(102), R("A1:C5"), Num(0), Bool(false)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("VLOOKUP", {Num(5.93), R("E1:F5"), Num(2)}), Str("green"));
  EXPECT_EQ(Call("VLOOKUP", {Num(1), R("E1:F5"), Num(2)}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("VLOOKUP", {Str("w*"), R("B1:C5"), Num(2), Bool(false)}), Str("IT"));
  // Microsoft's HLOOKUP example: Axles, Bearings, Bolts.
  cells.Row("H1", {Str("Axles"), Str("Bearings"), Str("Bolts")});
  cells.Row("H2", {Num(4), Num(4), Num(9)});
  cells.Row("H3", {Num(5), Num(7), Num(10)});
  cells.Row("H4", {Num(6), Num(8), Num(11)});
  EXPECT_EQ(Call("HLOOKUP", {Str("Axles"), R("H1:J4"), Num(2), Bool(true)}), Num(4));
  EXPECT_EQ(Call("HLOOKUP", {Str("Bearings"), R("H1:J4"), Num(3), Bool(false)}), Num(7));
  EXPECT_EQ(Call("HLOOKUP", {Str("B"), R("H1:J4"), Num(3), Bool(true)}), Num(5));
  EXPECT_EQ(Call("HLOOKUP", {Str("Bolts"), R("H1:J4"), Num(4)}), Num(11));
  EXPECT_EQ(Call("HLOOKUP", {Num(3),
                             Arr(3, 3,
                                 {Num(1), Num(2), Num(3), Str("a"), Str("b"), Str("c"), Str("d"),
                                  Str("e"), Str("f")}),
                             Num(2), Bool(true)}),
            Str("c"));
}

TEST_F(LookupTest, Lookup) {
  EXPECT_EQ(Call("LOOKUP", {Num(4.19), R("E1:E5"), R("F1:F5")}), Str("orange"));
  EXPECT_EQ(Call("LOOKUP", {Num(5.75), R("E1:E5"), R("F1:F5")}), Str("yellow"));
  EXPECT_EQ(Call("LOOKUP", {Num(7.66), R("E1:E5"), R("F1:F5")}), Str("blue"));
  EXPECT_EQ(Call("LOOKUP", {Num(0), R("E1:E5"), R("F1:F5")}), Err(ErrorCode::kNA));
  EXPECT_EQ(
      Call("LOOKUP", {Str("C"), Arr(2, 3, {Str("a"), Str("b"), Str("c"), Num(1), Num(2), Num(3)})}),
      Num(3));
  EXPECT_EQ(Call("LOOKUP",
                 {Str("bump"), Arr(3, 2, {Str("a"), Num(1), Str("b"), Num(2), Str("c"), Num(3)})}),
            Num(2));
  // A short result reference is read on past its end.
  EXPECT_EQ(Call("LOOKUP", {Num(6.39), R("E1:E5"), R("F1")}), Str("blue"));
}

TEST_F(LookupTest, XLookup) {
  EXPECT_EQ(Call("XLOOKUP", {Str("Jones"), R("B1:B5"), R("A1:A5")}), Num(103));
  EXPECT_EQ(Call("XLOOKUP", {Str("jo*"), R("B1:B5"), R("A1:A5")}), Err(ErrorCode::kNA));
  EXPECT_EQ(Call("XLOOKUP", {Str("jo*"), R("B1:B5"), R("A1:A5"), Str("none"), Num(2)}), Num(103));
  EXPECT_EQ(Call("XLOOKUP", {Str("Nobody"), R("B1:B5"), R("A1:A5"), Str("none")}), Str("none"));
  EXPECT_EQ(Call("XLOOKUP", {Str("Sales"), R("C1:C5"), R("B1:B5")}), Str("Kahn"));
  EXPECT_EQ(
      Call("XLOOKUP", {Str("Sales"), R("C1:C5"), R("B1:B5"), Operand::Missing(), Num(0), Num(-1)}),
      Str("Jones"));
  EXPECT_EQ(Call("XLOOKUP", {Num(5.5), R("E1:E5"), R("F1:F5"), Operand::Missing(), Num(-1)}),
            Str("yellow"));
  EXPECT_EQ(Call("XLOOKUP", {Num(5.5), R("E1:E5"), R("F1:F5"), Operand::Missing(), Num(1)}),
            Str("green"));
  EXPECT_EQ(Call("XLOOKUP", {Num(9), R("E1:E5"), R("F1:F5"), Operand::Missing(), Num(1)}),
            Err(ErrorCode::kNA));
  EXPECT_EQ(Call("XLOOKUP", {Num(1), R("A1:A5"), R("B1:B4")}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("XLOOKUP", {Num(1), R("A1:A5"), R("B1:B5"), Operand::Missing(), Num(3)}),
            Err(ErrorCode::kValue));
  Operand row = CallOperand("XLOOKUP", {Num(103), R("A1:A5"), R("B1:C5")});
  ASSERT_TRUE(row.is_range());
  EXPECT_EQ(row.range(), cells.Ref("B3:C3"));
}

TEST_F(LookupTest, Index) {
  Operand cell = CallOperand("INDEX", {R("A1:C5"), Num(2), Num(2)});
  ASSERT_TRUE(cell.is_range());
  EXPECT_EQ(cell.range(), cells.Ref("B2"));
  EXPECT_EQ(Call("INDEX", {R("A1:C5"), Num(3), Num(1)}), Num(103));
  EXPECT_EQ(CallOperand("INDEX", {R("A1:C5"), Num(0), Num(2)}).range(), cells.Ref("B1:B5"));
  EXPECT_EQ(CallOperand("INDEX", {R("A1:C5"), Num(4), Num(0)}).range(), cells.Ref("A4:C4"));
  EXPECT_EQ(CallOperand("INDEX", {R("A1:C5"), Num(4)}).range(), cells.Ref("A4:C4"));
  EXPECT_EQ(Call("INDEX", {R("A1:A5"), Num(5)}), Num(105));
  EXPECT_EQ(Call("INDEX", {R("A1:C1"), Num(2)}), Str("Kahn"));
  EXPECT_EQ(Call("INDEX", {R("A1:C5"), Num(6), Num(1)}), Err(ErrorCode::kRef));
  EXPECT_EQ(Call("INDEX", {R("A1:C5"), Num(-1), Num(1)}), Err(ErrorCode::kValue));
  EXPECT_EQ(Call("INDEX", {R("A1:C5"), Num(1), Num(1), Num(2)}), Err(ErrorCode::kRef));
  Operand consts = Arr(2, 2, {Num(1), Num(2), Num(3), Num(4)});
  EXPECT_EQ(Call("INDEX", {consts, Num(2), Num(2)}), Num(4));
  EXPECT_EQ(Call("INDEX", {Arr(1, 3, {Num(7), Num(8), Num(9)}), Num(3)}), Num(9));
  auto col = CallArray("INDEX", {consts, Num(0), Num(2)});
  ASSERT_EQ(col.size(), 2u);
  EXPECT_EQ(col[1], Num(4));
}

TEST_F(LookupTest, OffsetAndIndirect) {
  uint32_t s2 = cells.AddSheet("Data 2");
  cells.Set(s2, 2, 1, Num(77));
  EXPECT_EQ(CallOperand("OFFSET", {R("C3"), Num(2), Num(3), Num(1), Num(1)}).range(),
            cells.Ref("F5"));
  EXPECT_EQ(CallOperand("OFFSET", {R("C3:E5"), Num(-1), Num(0), Num(3), Num(3)}).range(),
            cells.Ref("C2:E4"));
  EXPECT_EQ(CallOperand("OFFSET", {R("A1:B2"), Num(1), Num(1)}).range(), cells.Ref("B2:C3"));
  EXPECT_EQ(Call("OFFSET", {R("C3:E5"), Num(0), Num(-3), Num(3), Num(3)}), Err(ErrorCode::kRef));
  EXPECT_EQ(Call("OFFSET", {R("A1"), Num(0), Num(0), Num(0)}), Err(ErrorCode::kRef));
  EXPECT_EQ(Call("OFFSET", {Num(1), Num(0), Num(0)}), Err(ErrorCode::kValue));
  EXPECT_EQ(CallOperand("OFFSET", {R("A5"), Num(0), Num(0), Num(-3)}).range(), cells.Ref("A3:A5"));
  EXPECT_EQ(Call("INDIRECT", {Str("B2")}), Str("Harris"));
  EXPECT_EQ(Call("INDIRECT", {Str("'Data 2'!B3")}), Num(77));
  EXPECT_EQ(CallOperand("INDIRECT", {Str("A1:A5")}).range(), cells.Ref("A1:A5"));
  EXPECT_EQ(Call("INDIRECT", {Str("Nowhere!A1")}), Err(ErrorCode::kRef));
  EXPECT_EQ(Call("INDIRECT", {Str("not a ref")}), Err(ErrorCode::kRef));
  ctx.row = 2;
  ctx.col = 1;
  EXPECT_EQ(Call("INDIRECT", {Str("R[-1]C[-1]"), Bool(false)}), Num(102));
  EXPECT_EQ(Call("INDIRECT", {Str("R1C2"), Bool(false)}), Str("Kahn"));
  for (const char* name : {"OFFSET", "INDIRECT"}) {
    const FunctionSpec* spec = FunctionRegistry::Builtins().Find(name);
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->flags, kFnVolatile | kFnDynamicDependencies | kFnReturnsReference);
  }
}

TEST_F(LookupTest, RowColumnRowsColumns) {
  ctx.row = 9;
  ctx.col = 3;
  EXPECT_EQ(Call("ROW", {}), Num(10));
  EXPECT_EQ(Call("COLUMN", {}), Num(4));
  EXPECT_EQ(Call("ROW", {R("C10")}), Num(10));
  EXPECT_EQ(Call("COLUMN", {R("D10")}), Num(4));
  auto rows = CallArray("ROW", {R("B2:B4")});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2], Num(4));
  EXPECT_EQ(Call("ROWS", {R("C1:E4")}), Num(4));
  EXPECT_EQ(Call("COLUMNS", {R("C1:E4")}), Num(3));
  EXPECT_EQ(Call("ROWS", {Arr(2, 3, {Num(1), Num(2), Num(3), Num(4), Num(5), Num(6)})}), Num(2));
  EXPECT_EQ(Call("COLUMNS", {Num(5)}), Num(1));
}

}  // namespace
}  // namespace suan::testing
