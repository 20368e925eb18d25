#include "formulas/reference_text.hpp"

#include <algorithm>

#include "formulas/expr.hpp"

namespace suan {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
char Upper(char c) {
  return c >= 'a' && c <= 'z' ? char(c - 32) : c;
}

// Splits "Sheet!ref" into the sheet name (unquoted) and the rest. False when malformed.
bool SplitSheet(std::string_view text, std::string& sheet, std::string_view& rest) {
  sheet.clear();
  if (!text.empty() && text[0] == '\'') {
    size_t i = 1;
    while (true) {
      if (i >= text.size()) return false;
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          sheet.push_back('\'');
          i += 2;
          continue;
        }
        break;
      }
      sheet.push_back(text[i++]);
    }
    if (i + 1 >= text.size() || text[i + 1] != '!' || sheet.empty()) return false;
    rest = text.substr(i + 2);
    return true;
  }
  size_t bang = text.rfind('!');
  if (bang == std::string_view::npos) {
    rest = text;
    return true;
  }
  std::string_view name = text.substr(0, bang);
  if (name.empty() || name.find_first_of("[]:'") != std::string_view::npos) return false;
  sheet = std::string(name);
  rest = text.substr(bang + 1);
  return true;
}

// One end of an A1 area: a cell "$B$3", a column "B" or a row "3".
struct End {
  int32_t row = -1;  // -1: absent (a whole column)
  int32_t col = -1;  // -1: absent (a whole row)
};

std::optional<End> ParseEnd(std::string_view s) {
  End e;
  size_t i = 0;
  bool dollar_col = i < s.size() && s[i] == '$';
  if (dollar_col) ++i;
  size_t letters = i;
  int64_t col = 0;
  while (i < s.size() && i - letters < 3 && Upper(s[i]) >= 'A' && Upper(s[i]) <= 'Z')
    col = col * 26 + (Upper(s[i++]) - 'A' + 1);
  bool has_col = i > letters;
  bool dollar_row = i < s.size() && s[i] == '$';
  if (dollar_row) ++i;
  size_t digits = i;
  int64_t row = 0;
  while (i < s.size() && i - digits < 8 && IsDigit(s[i])) row = row * 10 + (s[i++] - '0');
  bool has_row = i > digits;
  if (i != s.size() || (!has_col && !has_row)) return std::nullopt;
  if (dollar_row && !has_row) return std::nullopt;                // "A$"
  if (dollar_col && dollar_row && !has_col) return std::nullopt;  // "$$3"
  if (has_col) {
    if (col > kMaxCols) return std::nullopt;
    e.col = int32_t(col - 1);
  }
  if (has_row) {
    if (row < 1 || row > kMaxRows) return std::nullopt;
    e.row = int32_t(row - 1);
  }
  return e;
}

std::optional<TextReference> Normalise(TextReference r) {
  if (r.row1 > r.row2) std::swap(r.row1, r.row2);
  if (r.col1 > r.col2) std::swap(r.col1, r.col2);
  if (r.row1 < 0 || r.col1 < 0 || r.row2 >= kMaxRows || r.col2 >= kMaxCols) return std::nullopt;
  return r;
}

// "R", "R3", "R[-2]" (kind 'R') or the same with 'C'. Returns the 0-based index.
bool ParseR1C1Part(std::string_view& s, char kind, int32_t base, int32_t& out) {
  if (s.empty() || Upper(s[0]) != kind) return false;
  s.remove_prefix(1);
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    std::string_view num = s.substr(1, close - 1);
    bool neg = num[0] == '-';
    if (neg || num[0] == '+') num.remove_prefix(1);
    if (num.empty() || num.size() > 8) return false;
    int64_t v = 0;
    for (char c : num) {
      if (!IsDigit(c)) return false;
      v = v * 10 + (c - '0');
    }
    out = int32_t(base + (neg ? -v : v));
    s.remove_prefix(close + 1);
    return true;
  }
  size_t i = 0;
  int64_t v = 0;
  while (i < s.size() && IsDigit(s[i]) && i < 8) v = v * 10 + (s[i++] - '0');
  if (i == 0) {
    out = base;  // bare R or C: this row / column
    return true;
  }
  if (v < 1) return false;
  out = int32_t(v - 1);
  s.remove_prefix(i);
  return true;
}

}  // namespace

std::optional<TextReference> ParseA1Reference(std::string_view text) {
  TextReference r;
  std::string_view rest;
  if (!SplitSheet(text, r.sheet, rest) || rest.empty()) return std::nullopt;
  size_t colon = rest.find(':');
  auto first = ParseEnd(rest.substr(0, colon));
  if (!first) return std::nullopt;
  End second = *first;
  if (colon != std::string_view::npos) {
    auto e = ParseEnd(rest.substr(colon + 1));
    if (!e) return std::nullopt;
    second = *e;
  }
  bool whole_col = first->row < 0, whole_row = first->col < 0;
  if ((second.row < 0) != whole_col || (second.col < 0) != whole_row) return std::nullopt;
  if ((whole_col || whole_row) && colon == std::string_view::npos) return std::nullopt;  // "A"
  r.row1 = whole_col ? 0 : first->row;
  r.row2 = whole_col ? kMaxRows - 1 : second.row;
  r.col1 = whole_row ? 0 : first->col;
  r.col2 = whole_row ? kMaxCols - 1 : second.col;
  return Normalise(r);
}

std::optional<TextReference> ParseR1C1Reference(std::string_view text, int32_t row, int32_t col) {
  TextReference r;
  std::string_view rest;
  if (!SplitSheet(text, r.sheet, rest) || rest.empty()) return std::nullopt;
  auto parse_cell = [&](std::string_view s, int32_t& rr, int32_t& cc) {
    return ParseR1C1Part(s, 'R', row, rr) && ParseR1C1Part(s, 'C', col, cc) && s.empty();
  };
  size_t colon = rest.find(':');
  if (!parse_cell(rest.substr(0, colon), r.row1, r.col1)) return std::nullopt;
  r.row2 = r.row1;
  r.col2 = r.col1;
  if (colon != std::string_view::npos && !parse_cell(rest.substr(colon + 1), r.row2, r.col2))
    return std::nullopt;
  return Normalise(r);
}

}  // namespace suan
