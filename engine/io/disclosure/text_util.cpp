#include "engine/io/disclosure/text_util.hpp"

#include <charconv>

#include "formulas/utf8.hpp"

namespace suan::disclosure {

U32 DecodeUtf8(std::string_view s) {
  U32 out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(utf8::Decode(s, i));
  return out;
}

std::string EncodeUtf8(U32View s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) utf8::Append(out, c);
  return out;
}

char32_t FoldWidth(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
  if (c == 0x3000 || c == 0xA0) return U' ';
  if (c == 0x2212) return U'-';  // minus sign
  return c;
}

U32 FoldWidth(U32View s) {
  U32 out(s);
  for (char32_t& c : out) c = FoldWidth(c);
  return out;
}

bool IsSpace(char32_t c) {
  // Zero-width space and a stray byte order mark (files joined together) are blanks too.
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\v' || c == 0x3000 || c == 0xA0 ||
         c == 0x200B || c == 0xFEFF;
}
bool IsDigit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool IsAsciiAlnum(char32_t c) {
  return IsDigit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}
bool IsIdeograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

U32View Trim(U32View s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

U32 Squash(U32View s) {
  U32 out;
  out.reserve(s.size());
  for (char32_t c : s) {
    char32_t f = FoldWidth(c);
    if (!IsSpace(f) && f != U'\f') out.push_back(f);
  }
  return out;
}

U32 CleanSpaces(U32View s) {
  s = Trim(s);
  U32 out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (!IsSpace(s[i]) && s[i] != U'\f') {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i;
    while (j < s.size() && (IsSpace(s[j]) || s[j] == U'\f')) ++j;
    if (!out.empty() && j < s.size() && IsAsciiAlnum(FoldWidth(out.back())) &&
        IsAsciiAlnum(FoldWidth(s[j])))
      out.push_back(U' ');
    i = j;
  }
  return out;
}

std::string Clean(U32View s) {
  return EncodeUtf8(CleanSpaces(s));
}

bool StartsWith(U32View s, U32View prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(U32View s, U32View suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool Contains(U32View s, U32View part) {
  return s.find(part) != U32View::npos;
}
size_t Find(U32View s, U32View part, size_t from) {
  return s.find(part, from);
}

namespace {

bool AllDigits(U32View s) {
  if (s.empty()) return false;
  for (char32_t c : s)
    if (!IsDigit(c)) return false;
  return true;
}

bool IsPlaceholder(U32View t) {
  if (t.empty() || t.size() > 6) return false;
  for (char32_t c : t) {
    bool dash = c == U'-' || c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2010 ||
                c == 0x2500 || c == 0x2026 || c == 0x22EF || c == U'/' || c == U'*' || c == U'~' ||
                c == U'_';
    if (!dash) return false;
  }
  return true;
}

}  // namespace

Amount ParseAmount(U32View token) {
  U32 t = FoldWidth(Trim(token));
  Amount out;
  if (t.empty() || IsPlaceholder(t)) {
    out.kind = Amount::Kind::kBlank;
    return out;
  }
  U32View v = t;
  bool negative = false;
  if (v.size() >= 3 && v.front() == U'(' && v.back() == U')') {
    negative = true;
    v = v.substr(1, v.size() - 2);
  }
  if (!v.empty() && (v.front() == U'-' || v.front() == U'+')) {
    negative = negative != (v.front() == U'-');
    v = v.substr(1);
  }
  if (!v.empty() && v.back() == U'%') v = v.substr(0, v.size() - 1);
  if (v.empty()) return out;
  size_t dot = v.find(U'.');
  U32View whole = v.substr(0, dot);
  U32View fraction = dot == U32View::npos ? U32View() : v.substr(dot + 1);
  if (dot != U32View::npos && !AllDigits(fraction)) return out;
  if (whole.empty()) return out;
  std::string digits;
  if (whole.find(U',') != U32View::npos) {
    // Thousands separators: 1-3 digits, then groups of exactly three.
    size_t start = 0;
    bool first = true;
    while (start <= whole.size()) {
      size_t comma = whole.find(U',', start);
      U32View group = whole.substr(start, comma == U32View::npos ? U32View::npos : comma - start);
      if (!AllDigits(group)) return out;
      if (first ? group.size() > 3 : group.size() != 3) return out;
      for (char32_t c : group) digits.push_back(char(c));
      first = false;
      if (comma == U32View::npos) break;
      start = comma + 1;
    }
  } else {
    if (!AllDigits(whole)) return out;
    for (char32_t c : whole) digits.push_back(char(c));
  }
  if (digits.size() > 15) return out;  // beyond what a double holds exactly: not a figure
  if (dot != U32View::npos) {
    digits.push_back('.');
    for (char32_t c : fraction) digits.push_back(char(c));
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return out;
  out.kind = Amount::Kind::kNumber;
  out.value = negative ? -value : value;
  return out;
}

std::vector<std::string> SplitCode(U32View token) {
  U32 t = FoldWidth(Trim(token));
  std::vector<std::string> parts;
  auto ascii = [](U32View s) {
    std::string r;
    for (char32_t c : s) r.push_back(char(c));
    return r;
  };
  if (AllDigits(t)) {
    if (t.size() == 3) return {ascii(t)};
    if (t.size() == 5) return {ascii(t.substr(0, 3)), ascii(t.substr(3))};
    if (t.size() == 7) return {ascii(t.substr(0, 3)), ascii(t.substr(3, 2)), ascii(t.substr(5))};
    return {};
  }
  // 208.01.01
  size_t start = 0;
  while (start <= t.size()) {
    size_t dot = t.find(U'.', start);
    U32View part = U32View(t).substr(start, dot == U32View::npos ? U32View::npos : dot - start);
    if (!AllDigits(part)) return {};
    parts.push_back(ascii(part));
    if (dot == U32View::npos) break;
    start = dot + 1;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0].size() != 3) return {};
  for (size_t i = 1; i < parts.size(); ++i)
    if (parts[i].size() != 2) return {};
  return parts;
}

bool IsCodePart(U32View token) {
  U32 t = FoldWidth(Trim(token));
  return t.size() == 2 && AllDigits(t);
}

namespace {

bool IsChineseNumeral(char32_t c) {
  return Contains(U"一二三四五六七八九十百零〇两", U32View(&c, 1));
}

}  // namespace

size_t RowMarkerLength(U32View s) {
  if (s.empty()) return 0;
  // 一、 一. 十二、
  size_t i = 0;
  while (i < s.size() && IsChineseNumeral(s[i])) ++i;
  if (i > 0 && i < s.size() && (s[i] == U'、' || s[i] == U'.' || s[i] == 0xFF0E)) return i + 1;
  // (一) (1)
  if (s[0] == U'(' || s[0] == U'（') {
    size_t j = 1;
    while (j < s.size() && (IsChineseNumeral(s[j]) || IsDigit(s[j]))) ++j;
    if (j > 1 && j < s.size() && (s[j] == U')' || s[j] == U'）')) return j + 1;
  }
  // 1. 1、 (not "1.5")
  size_t k = 0;
  while (k < s.size() && IsDigit(s[k])) ++k;
  if (k > 0 && k <= 3 && k < s.size() && (s[k] == U'、' || s[k] == U'.' || s[k] == 0xFF0E) &&
      (k + 1 >= s.size() || !IsDigit(s[k + 1])))
    return k + 1;
  // ① … ⑳
  if (s[0] >= 0x2460 && s[0] <= 0x2473) return 1;
  if (StartsWith(s, U"其中:")) return 3;
  if (StartsWith(s, U"其中")) return 2;
  return 0;
}

bool StartsWithRowMarker(U32View squashed) {
  return RowMarkerLength(squashed) > 0;
}

bool IsTotalLabel(U32View s) {
  while (!s.empty() && (s.back() == U':' || s.back() == U'：')) s.remove_suffix(1);
  size_t m = RowMarkerLength(s);
  if (m > 0 && !StartsWith(s, U"其中")) s.remove_prefix(m);
  if (s == U"合计" || s == U"总计" || s == U"小计" || s == U"共计") return true;
  if (s.size() <= 12 && (EndsWith(s, U"合计") || EndsWith(s, U"总计"))) return true;
  return false;
}

bool EndsComplete(U32View s) {
  static const U32View kEndings[] = {U")",    U"）",   U"收入", U"支出", U"结余",  U"拨款", U"合计",
                                     U"总计", U"小计", U"费",   U"资金", U"补助",  U"补贴", U"分配",
                                     U"事务", U"运行", U"经费", U"基金", U"公积金"};
  for (U32View e : kEndings)
    if (EndsWith(s, e)) return true;
  return false;
}

int ParseChineseNumber(U32View s) {
  U32 t = FoldWidth(s);
  if (t.empty()) return -1;
  if (AllDigits(t)) {
    if (t.size() > 4) return -1;
    int v = 0;
    for (char32_t c : t) v = v * 10 + int(c - U'0');
    return v;
  }
  auto digit = [](char32_t c) -> int {
    static const U32View kDigits = U"零一二三四五六七八九";
    size_t p = kDigits.find(c);
    if (p != U32View::npos) return int(p);
    if (c == U'〇') return 0;
    if (c == U'两') return 2;
    return -1;
  };
  size_t ten = t.find(U'十');
  if (ten == U32::npos) {
    if (t.size() != 1) return -1;
    return digit(t[0]);
  }
  int tens = 1, ones = 0;
  if (ten > 1) return -1;
  if (ten == 1) {
    tens = digit(t[0]);
    if (tens <= 0) return -1;
  }
  if (ten + 1 < t.size()) {
    if (ten + 2 != t.size()) return -1;
    ones = digit(t[ten + 1]);
    if (ones < 0) return -1;
  }
  return tens * 10 + ones;
}

}  // namespace suan::disclosure
