// Property: after any sequence of edits, incremental recalculation gives exactly the values a
// fresh workbook with the same contents gives from a full calculation.
//
// Random workbooks of two sheets mix constants (numbers, text, booleans, errors) and formulas
// over single cells, small and large ranges, 3-D ranges, IF branches and cycles; random edits
// change values, replace formulas, clear cells and add new ones.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/io/workbook_json.hpp"
#include "engine/workbook.hpp"
#include "formulas/a1.hpp"
#include "gtest/gtest.h"
#include "tests/support/random_workbook.hpp"

namespace suan {
namespace {

using testing::Content;
using testing::Generator;
using testing::kCols;
using testing::kRows;
using testing::kSheets;

void Apply(Workbook& book, int s, int r, int c, const std::string& input) {
  absl::Status st =
      input.empty() ? book.Clear(uint32_t(s), r, c) : book.SetInput(uint32_t(s), r, c, input);
  ASSERT_TRUE(st.ok()) << st;
}

std::string FreshValues(const Content& content, bool numeric_fast_path = true) {
  Workbook fresh;
  fresh.options().numeric_fast_path = numeric_fast_path;
  absl::Status loaded = testing::LoadContent(fresh, content);
  EXPECT_TRUE(loaded.ok()) << loaded;
  fresh.Recalculate();
  return WriteValuesJson(fresh);
}

class IncrementalProperty : public ::testing::TestWithParam<uint64_t> {};

TEST_P(IncrementalProperty, EqualsFullRecalculationAfterEveryEdit) {
  Generator gen(GetParam());
  Content content;
  Workbook book;
  (void)book.AddSheet("S1");
  (void)book.AddSheet("S2");
  for (int s = 0; s < kSheets; ++s)
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c)
        if (gen.Uniform(3) != 0) {
          content.input[s][r][c] = gen.Input();
          Apply(book, s, r, c, content.input[s][r][c]);
        }
  book.Recalculate();
  ASSERT_EQ(WriteValuesJson(book), FreshValues(content));
  for (int step = 0; step < 60; ++step) {
    // Mostly value edits (the incremental path); sometimes structural ones.
    int edits = 1 + int(gen.Uniform(3));
    std::string log;
    for (int k = 0; k < edits; ++k) {
      int s = int(gen.Uniform(kSheets)), r = int(gen.Uniform(kRows)), c = int(gen.Uniform(kCols));
      std::string input =
          gen.Uniform(4) == 0 ? gen.Input() : absl::StrCat(gen.Uniform(300), ".", gen.Uniform(10));
      if (content.input[s][r][c].rfind("=", 0) == 0 && gen.Uniform(3) != 0) continue;
      content.input[s][r][c] = input;
      Apply(book, s, r, c, input);
      absl::StrAppend(&log, " S", s + 1, "!", A1Address(r, c), "=", input);
    }
    book.Recalculate();
    std::string values = WriteValuesJson(book);
    ASSERT_EQ(values, FreshValues(content))
        << "seed " << GetParam() << " step " << step << " edits:" << log;
    // The numeric fast path must agree with the general interpreter bit for bit.
    if (step % 10 == 0) {
      ASSERT_EQ(values, FreshValues(content, false))
          << "fast path differs from the interpreter: seed " << GetParam() << " step " << step;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, IncrementalProperty, ::testing::Range<uint64_t>(1, 41));

}  // namespace
}  // namespace suan
