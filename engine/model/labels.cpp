#include "engine/model/labels.hpp"

#include <cstdint>

namespace suan::model {

namespace {

// Decodes one UTF-8 character at s[i]; an invalid byte is a character of its own
// (U+DC80..U+DCFF, encoded back unchanged).
char32_t Decode(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = b(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= s.size()) {
    ++i;
    return 0xDC00 + b0;
  }
  char32_t c = b0 & (0x3F >> extra);
  for (size_t k = 1; k <= extra; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xDC00 + b0;
    }
    c = (c << 6) | (b(i + k) & 0x3F);
  }
  i += extra + 1;
  return c;
}

void Encode(char32_t c, std::string& out) {
  if (c >= 0xDC80 && c <= 0xDCFF) {
    out.push_back(char(c - 0xDC00));
  } else if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (c >> 18)));
    out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(Decode(s, i));
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) Encode(c, out);
  return out;
}

bool IsBlank(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x3000 ||
         c == 0xA0;
}

bool IsChineseNumeral(char32_t c) {
  static const std::u32string_view kNumerals = U"一二三四五六七八九十百零〇";
  return kNumerals.find(c) != std::u32string_view::npos;
}

bool IsDigit(char32_t c) {
  return c >= '0' && c <= '9';
}

// Length of a row marker at the start of squashed text, 0 when there is none.
size_t MarkerLength(std::u32string_view s) {
  if (s.empty()) return 0;
  if (s.substr(0, 3) == U"其中:") return 3;
  if (s[0] >= 0x2460 && s[0] <= 0x2473) return 1;  // ① … ⑳
  // 一、  十二、
  size_t i = 0;
  while (i < s.size() && IsChineseNumeral(s[i])) ++i;
  if (i > 0 && i < s.size() && (s[i] == 0x3001 || s[i] == '.')) return i + 1;
  // (一) (1)
  if (s[0] == '(') {
    size_t j = 1;
    while (j < s.size() && (IsChineseNumeral(s[j]) || IsDigit(s[j]))) ++j;
    if (j > 1 && j < s.size() && s[j] == ')') return j + 1;
  }
  // 1. 1、 12. — but not 2025年 or 1.5
  size_t d = 0;
  while (d < s.size() && IsDigit(s[d])) ++d;
  if (d > 0 && d <= 2 && d < s.size() && (s[d] == '.' || s[d] == 0x3001)) {
    if (s[d] == '.' && d + 1 < s.size() && IsDigit(s[d + 1])) {
      // "1.2025年…": a list number before a year is a marker; "1.5" is a number.
      size_t y = d + 1;
      while (y < s.size() && IsDigit(s[y])) ++y;
      if (y - (d + 1) < 4) return 0;
    }
    return d + 1;
  }
  return 0;
}

}  // namespace

std::u32string ToU32(std::string_view text) {
  return Decode(text);
}
std::string FromU32(std::u32string_view text) {
  return Encode(text);
}

std::string Squash(std::string_view text) {
  std::u32string out;
  for (char32_t c : Decode(text)) {
    if (IsBlank(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII variants
    if (c == '*' && !out.empty() && out.back() == '*') {
      out.pop_back();
      continue;
    }
    out.push_back(c);
  }
  return Encode(out);
}

std::string NormalizeLabel(std::string_view text) {
  std::u32string s = Decode(Squash(text));
  // Markers may stack: "其中：1.xxx".
  for (int k = 0; k < 3; ++k) {
    size_t n = MarkerLength(s);
    if (n == 0 || n >= s.size()) break;
    s.erase(0, n);
  }
  while (!s.empty() && (s.back() == ':' || s.back() == 0x3002)) s.pop_back();
  return Encode(s);
}

std::vector<std::string> CaptionPath(std::string_view caption) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= caption.size()) {
    size_t slash = caption.find('/', start);
    if (slash == std::string_view::npos) slash = caption.size();
    std::string part = NormalizeLabel(caption.substr(start, slash - start));
    if (!part.empty()) parts.push_back(std::move(part));
    start = slash + 1;
  }
  return parts;
}

bool CaptionMatches(std::string_view published, std::string_view model_caption) {
  std::vector<std::string> p = CaptionPath(published);
  std::vector<std::string> m = CaptionPath(model_caption);
  if (m.empty() || m.size() > p.size()) return false;
  for (size_t k = 0; k < m.size(); ++k) {
    if (p[p.size() - m.size() + k] != m[k]) return false;
  }
  return true;
}

std::string NormalizeCode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c != '.' && c != ' ') {
      return "";
    }
  }
  return out;
}

}  // namespace suan::model
