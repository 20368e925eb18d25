// Random workbooks for property tests: two sheets of constants (numbers, text, booleans,
// errors) and formulas over single cells, small and large ranges, 3-D ranges, IF branches,
// aggregates and cycles.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "engine/workbook.hpp"
#include "formulas/a1.hpp"

namespace suan::testing {

constexpr int kRows = 40;
constexpr int kCols = 6;
constexpr int kSheets = 2;

struct Content {
  // What each cell holds, as input text ("" for empty).
  std::string input[kSheets][kRows][kCols];
};

// Adds sheets S1 and S2 to `book` and sets every non-empty cell of `content`; the first error
// (which a generated input should never give) is returned.
inline absl::Status LoadContent(Workbook& book, const Content& content) {
  (void)book.AddSheet("S1");
  (void)book.AddSheet("S2");
  for (int s = 0; s < kSheets; ++s) {
    for (int r = 0; r < kRows; ++r) {
      for (int c = 0; c < kCols; ++c) {
        if (content.input[s][r][c].empty()) continue;
        absl::Status st = book.SetInput(uint32_t(s), r, c, content.input[s][r][c]);
        if (!st.ok()) return st;
      }
    }
  }
  return absl::OkStatus();
}

class Generator {
 public:
  // Without `dynamic`, no INDIRECT/OFFSET (workbooks whose dependencies are all static).
  explicit Generator(uint64_t seed, bool dynamic = true) : rng_(seed), dynamic_(dynamic) {}

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
    switch (Uniform(10)) {
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
      case 8:
        // Dependencies known only when evaluated: INDIRECT and OFFSET (volatile).
        if (!dynamic_) return Ref();
        if (Uniform(4) == 0)
          return absl::StrCat("SUM(INDIRECT(\"A", 1 + Uniform(kRows / 2), ":A\"&",
                              1 + Uniform(kRows), "))");
        if (Uniform(4) == 0)
          return absl::StrCat("SUM(OFFSET(A1,", Uniform(kRows / 2), ",", Uniform(kCols - 1),
                              ",3,2))");
        return Ref();
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
  bool dynamic_;
};

}  // namespace suan::testing
