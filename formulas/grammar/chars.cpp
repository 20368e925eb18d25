#include "formulas/grammar/chars.hpp"

namespace suan::grammar {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

bool IsAsciiAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// Decodes a well-formed UTF-8 sequence at s[i]; kInvalid (and *length 1) for anything else.
char32_t DecodeStrict(std::string_view s, size_t i, size_t* length) {
  *length = 1;
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = b(i);
  if (b0 < 0x80) return b0;
  size_t extra = b0 >= 0xC2 && b0 <= 0xDF   ? 1
                 : b0 >= 0xE0 && b0 <= 0xEF ? 2
                 : b0 >= 0xF0 && b0 <= 0xF4 ? 3
                                            : 0;
  if (extra == 0 || i + extra >= s.size()) return kInvalid;
  char32_t c = b0 & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    unsigned char bk = b(i + k);
    if ((bk & 0xC0) != 0x80) return kInvalid;
    c = (c << 6) | (bk & 0x3F);
  }
  if ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return kInvalid;
  *length = extra + 1;
  return c;
}

// Non-ASCII punctuation, symbols and spaces that must not be read as part of a name.
bool IsNonAsciiPunctuation(char32_t c) {
  return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||  // Latin-1 symbols, × ÷
         (c >= 0x2000 && c <= 0x206F) ||                        // general punctuation, spaces
         (c >= 0x2190 && c <= 0x23FF) ||                        // arrows, math operators
         (c >= 0x2500 && c <= 0x27BF) ||                        // box drawing, dingbats
         (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||  // CJK punctuation
         (c >= 0xFE30 && c <= 0xFE4F) ||                                  // CJK compatibility forms
         (c >= 0xFE50 && c <= 0xFE6F) ||                                  // small forms
         (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||  // full-width punct.
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF;
}

}  // namespace

size_t NameCharLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  char c = s[i];
  if (IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_' || c == '.' || c == '\\') return 1;
  if (static_cast<unsigned char>(c) < 0x80) return 0;
  size_t length = 0;
  char32_t cp = DecodeStrict(s, i, &length);
  if (cp == kInvalid || IsNonAsciiPunctuation(cp)) return 0;
  return length;
}

bool IsNameStart(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  char c = s[i];
  if (IsAsciiDigit(c) || c == '.') return false;
  return NameCharLength(s, i) > 0;
}

bool IsBareSheetName(std::string_view sheet) {
  if (sheet.empty() || !IsNameStart(sheet, 0)) return false;
  for (size_t i = 0; i < sheet.size();) {
    size_t n = NameCharLength(sheet, i);
    if (n == 0) return false;
    i += n;
  }
  // Shaped like a cell (A1, XFD1048576, or R1C1-like): Excel quotes these.
  size_t letters = 0;
  while (letters < sheet.size() && IsAsciiAlpha(sheet[letters])) ++letters;
  if (letters >= 1 && letters <= 3 && letters < sheet.size()) {
    size_t j = letters;
    while (j < sheet.size() && IsAsciiDigit(sheet[j])) ++j;
    if (j == sheet.size()) return false;
  }
  return true;
}

std::string_view AsciiLookalike(std::string_view s, size_t i, size_t* length) {
  struct Lookalike {
    char32_t c;
    std::string_view ascii;
  };
  static constexpr Lookalike kLookalikes[] = {
      {0xFF08, "("},  {0xFF09, ")"},  {0xFF0C, ","},  {0x3001, ","}, {0xFF1A, ":"}, {0xFF1B, ";"},
      {0xFF1D, "="},  {0xFF0B, "+"},  {0xFF0D, "-"},  {0x2212, "-"}, {0x2013, "-"}, {0x2014, "-"},
      {0xFF0A, "*"},  {0xD7, "*"},    {0xFF0F, "/"},  {0xF7, "/"},   {0xFF1C, "<"}, {0xFF1E, ">"},
      {0x2264, "<="}, {0x2265, ">="}, {0x2260, "<>"}, {0xFF05, "%"}, {0xFF06, "&"}, {0xFF3E, "^"},
      {0xFF01, "!"},  {0xFF03, "#"},  {0xFF04, "$"},  {0xFF5B, "{"}, {0xFF5D, "}"}, {0x201C, "\""},
      {0x201D, "\""}, {0xFF02, "\""}, {0x2018, "'"},  {0x2019, "'"}, {0xFF07, "'"}, {0x3000, " "},
      {0xA0, " "},    {0x3002, "."},
  };
  *length = 0;
  if (i >= s.size() || static_cast<unsigned char>(s[i]) < 0x80) return {};
  size_t n = 0;
  char32_t c = DecodeStrict(s, i, &n);
  for (const Lookalike& l : kLookalikes) {
    if (l.c == c) {
      *length = n;
      return l.ascii;
    }
  }
  return {};
}

char32_t DecodeChar(std::string_view s, size_t& i) {
  size_t n = 0;
  char32_t c = DecodeStrict(s, i, &n);
  i += n;
  return c == kInvalid ? 0xFFFD : c;
}

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace suan::grammar
