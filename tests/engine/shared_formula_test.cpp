// Shared formulas: one text written for an anchor cell, copied to many cells.
#include "engine/workbook.hpp"
#include "gtest/gtest.h"

namespace suan {
namespace {

TEST(SharedFormula, MovesRelativeReferencesLikeACopy) {
  Workbook shared, plain;
  for (Workbook* b : {&shared, &plain}) {
    (void)b->AddSheet("S");
    for (int r = 0; r < 10; ++r) {
      ASSERT_TRUE(b->SetValue(0, r, 0, Value::Number(r + 1)).ok());
      ASSERT_TRUE(b->SetValue(0, r, 1, Value::Number(10 * (r + 1))).ok());
    }
  }
  // C1 = A1+B1*$A$1, copied down to C10; and D1 = SUM($A$1:A1) copied down.
  for (int r = 0; r < 10; ++r) {
    ASSERT_TRUE(shared.SetSharedFormula(0, r, 2, "=A1+B1*$A$1", 0, 2).ok());
    ASSERT_TRUE(shared.SetSharedFormula(0, r, 3, "=SUM($A$1:A1)", 0, 3).ok());
    std::string n = std::to_string(r + 1);
    ASSERT_TRUE(plain.SetFormula(0, r, 2, "=A" + n + "+B" + n + "*$A$1").ok());
    ASSERT_TRUE(plain.SetFormula(0, r, 3, "=SUM($A$1:A" + n + ")").ok());
  }
  shared.Recalculate();
  plain.Recalculate();
  for (int r = 0; r < 10; ++r)
    for (int c = 2; c < 4; ++c) EXPECT_EQ(shared.Get(0, r, c), plain.Get(0, r, c)) << r << c;
  EXPECT_EQ(shared.FormulaText(0, 4, 2), "A5+B5*$A$1");
  EXPECT_EQ(shared.FormulaText(0, 9, 3), "SUM($A$1:A10)");
  EXPECT_LE(shared.program_count(), plain.program_count());
  // Edits flow through shared formulas like any other.
  ASSERT_TRUE(shared.SetValue(0, 0, 0, Value::Number(2)).ok());
  shared.Recalculate();
  EXPECT_EQ(shared.Get(0, 4, 2), Value::Number(5 + 50 * 2));
}

TEST(SharedFormula, ReadsAsWrittenAtItsAnchor) {
  Workbook b;
  (void)b.AddSheet("S");
  ASSERT_TRUE(b.SetSharedFormula(0, 4, 2, "=A2-B2", 1, 2).ok());
  ASSERT_TRUE(b.SetFormula(0, 6, 2, "=A7*2").ok());
  std::optional<Workbook::AnchoredFormula> shared = b.FormulaAsWritten(0, 4, 2);
  ASSERT_TRUE(shared.has_value());
  EXPECT_EQ(shared->text, "A2-B2");
  EXPECT_EQ(shared->anchor_row, 1);
  EXPECT_EQ(shared->anchor_col, 2);
  EXPECT_EQ(b.FormulaText(0, 4, 2), "A5-B5");
  std::optional<Workbook::AnchoredFormula> own = b.FormulaAsWritten(0, 6, 2);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->text, "A7*2");
  EXPECT_EQ(own->anchor_row, 6);
  EXPECT_EQ(own->anchor_col, 2);
  EXPECT_FALSE(b.FormulaAsWritten(0, 5, 2).has_value());
  EXPECT_FALSE(b.FormulaAsWritten(3, 0, 0).has_value());
}

TEST(SharedFormula, ACopyOffTheSheetIsRefAndABadAnchorIsRefused) {
  Workbook b;
  (void)b.AddSheet("S");
  // Written at B5 reading A1 (4 rows up, 1 left); copied to B1 it would read row -3.
  ASSERT_TRUE(b.SetSharedFormula(0, 0, 1, "=A1*2", 4, 1).ok());
  b.Recalculate();
  EXPECT_EQ(b.Get(0, 0, 1), Value::Error(ErrorCode::kRef));
  absl::Status s = b.SetSharedFormula(0, 0, 0, "=1", -1, 0);
  EXPECT_NE(s.message().find("the anchor of a shared formula: row 0 is outside the sheet"),
            std::string::npos)
      << s;
}

}  // namespace
}  // namespace suan
