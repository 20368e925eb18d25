#include "formulas/a1.hpp"

#include "absl/strings/ascii.h"

namespace suan {

std::string ColumnLetters(int32_t col) {
  std::string s;
  int32_t c = col + 1;
  while (c > 0) {
    int32_t r = (c - 1) % 26;
    s.insert(s.begin(), char('A' + r));
    c = (c - 1) / 26;
  }
  return s;
}

std::string A1Address(int32_t row, int32_t col) {
  return ColumnLetters(col) + std::to_string(row + 1);
}

std::string QuoteSheetName(std::string_view name) {
  bool plain = !name.empty() && !absl::ascii_isdigit(static_cast<unsigned char>(name[0]));
  for (unsigned char c : name)
    if (c < 0x80 && !absl::ascii_isalnum(c) && c != '_' && c != '.') plain = false;
  // A name that reads as a cell address (A1, XFD12) must be quoted too.
  size_t letters = 0;
  while (letters < name.size() && absl::ascii_isalpha(static_cast<unsigned char>(name[letters])))
    ++letters;
  if (letters > 0 && letters <= 3 && letters < name.size()) {
    bool digits = true;
    for (size_t i = letters; i < name.size(); ++i)
      digits &= absl::ascii_isdigit(static_cast<unsigned char>(name[i])) != 0;
    if (digits) plain = false;
  }
  if (plain) return std::string(name);
  std::string out = "'";
  for (char c : name) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string QualifiedAddress(std::string_view sheet, int32_t row, int32_t col) {
  return QuoteSheetName(sheet) + "!" + A1Address(row, col);
}

}  // namespace suan
