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

namespace suan {
namespace {

constexpr int kRows = 40;
constexpr int kCols = 6;
constexpr int kSheets = 2;

struct Content {
  // What each cell holds, as input text ("" for empty).
  std::string input[kSheets][kRows][kCols];
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  std::string Ref() {
    std::string r = A1Address(int32_t(Uniform(kRows)), int32_t(Uniform(kCols)));
    if (Uniform(5) == 0) r = absl::StrCat(Uniform(2) ? "S1!" : "S2!", r);
    return r;
  }
  std::string Range() {
    int r1 = int(Uniform(kRows)), r2 = int(Uniform(kRows));
    int c1 = int(Uniform(kCols)), c2 = int(Uniform(kCols));
    if (r1 > r2) std::swap(r1, r2);
    if (c1 > c2) std::swap(c1, c2);
    std::string r = absl::StrCat(A1Address(r1, c1), ":", A1Address(r2, c2));
    switch (Uniform(6)) {
      case 0:
        return "S1:S2!" + r;  // 3-D
      case 1:                 // running-total shape, large enough for a range node
        return absl::StrCat("$A$1:A", 33 + Uniform(kRows - 33));
      default:
        return r;
    }
  }
  std::string Expr(int depth) {
    if (depth > 2) return Uniform(2) ? Ref() : absl::StrCat(Uniform(100));
    switch (Uniform(9)) {
      case 0:
        return absl::StrCat(Expr(depth + 1), "+", Expr(depth + 1));
      case 1:
        return absl::StrCat(Expr(depth + 1), "*", Expr(depth + 1));
      case 2:
        return absl::StrCat("(", Expr(depth + 1), ")/", Expr(depth + 1));
      case 3:
        return absl::StrCat("SUM(", Range(), ")");
      case 4:
        return absl::StrCat("IF(", Ref(), ">50,", Expr(depth + 1), ",", Expr(depth + 1), ")");
      case 5:
        return absl::StrCat("ROUND(", Expr(depth + 1), ",", Uniform(3), ")");
      case 6: {
        static const char* kAggregates[] = {"MAX(", "MIN(", "AVERAGE(", "COUNT(", "SUM("};
        // Single cells as arguments follow reference rules (an empty one is skipped).
        return absl::StrCat(kAggregates[Uniform(5)], Range(), ",", Ref(), ",", Expr(depth + 1),
                            ")");
      }
      case 7:
        return absl::StrCat(Ref(), "&\"x\"");
      default:
        return Ref();
    }
  }
  std::string Input() {
    switch (Uniform(12)) {
      case 0:
        return "";
      case 1:
        return "\"t\"";
      case 2:
        return "TRUE";
      case 3:
        return "#N/A";
      case 4:
      case 5:
      case 6:
        return "=" + Expr(0);
      default:
        return absl::StrCat(Uniform(200) - 20, ".", Uniform(100));
    }
  }
  uint64_t Uniform(uint64_t n) { return rng_() % n; }

 private:
  std::mt19937_64 rng_;
};

void Apply(Workbook& book, int s, int r, int c, const std::string& input) {
  absl::Status st =
      input.empty() ? book.Clear(uint32_t(s), r, c) : book.SetInput(uint32_t(s), r, c, input);
  ASSERT_TRUE(st.ok()) << st;
}

std::string FreshValues(const Content& content, bool numeric_fast_path = true) {
  Workbook fresh;
  fresh.options().numeric_fast_path = numeric_fast_path;
  (void)fresh.AddSheet("S1");
  (void)fresh.AddSheet("S2");
  for (int s = 0; s < kSheets; ++s)
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c)
        if (!content.input[s][r][c].empty()) Apply(fresh, s, r, c, content.input[s][r][c]);
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
