// UTF-8 text as Excel's text functions see it: a sequence of characters, not bytes.
//
// LEN("社会保障") is 4, MID counts characters, UPPER and case-insensitive comparisons fold
// letters beyond ASCII (Latin-1, Latin Extended-A, Greek, Cyrillic, full-width Latin).
// Invalid bytes never stop a function: each one decodes as a character of its own
// (U+DC80..U+DCFF, as Python's surrogateescape does) and encodes back to the same byte.
//
// suan counts code points; Excel counts UTF-16 units, so a character outside the Basic
// Multilingual Plane (an emoji, a CJK Extension B ideograph) is 1 here and 2 in Excel.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace suan::utf8 {

// Decodes the character starting at byte `i` of `s` and moves `i` past it. `i` < s.size().
inline char32_t Decode(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = b0 >= 0xF0 && b0 <= 0xF4 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC2 && b0 < 0xE0 ? 1 : -1;
  if (b0 >= 0xF5) extra = -1;
  if (extra > 0 && i + size_t(extra) < s.size()) {
    char32_t c = b0 & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      unsigned char b = byte(i + size_t(k));
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      c = (c << 6) | (b & 0x3F);
    }
    // Reject overlong forms, surrogates and values beyond U+10FFFF.
    if (ok && ((extra == 2 && c < 0x800) || (extra == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
               (c >= 0xD800 && c <= 0xDFFF)))
      ok = false;
    if (ok) {
      i += size_t(extra) + 1;
      return c;
    }
  }
  ++i;
  return 0xDC00 + b0;  // an invalid byte stands for itself
}

inline void Append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c >= 0xDC80 && c <= 0xDCFF) {
    out.push_back(char(c - 0xDC00));  // an invalid byte, restored
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

// Number of characters.
inline size_t Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) Decode(s, i);
  return n;
}

// Byte offset of character number `chars` (0-based); s.size() when the text is shorter.
inline size_t ByteOffset(std::string_view s, size_t chars) {
  size_t i = 0;
  for (size_t n = 0; n < chars && i < s.size(); ++n) Decode(s, i);
  return i;
}

// `count` characters starting at character `start` (0-based), clipped to the text.
inline std::string_view Substr(std::string_view s, size_t start, size_t count) {
  size_t b = ByteOffset(s, start);
  std::string_view rest = s.substr(b);
  return rest.substr(0, ByteOffset(rest, count));
}

inline char32_t ToLower(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;  // Latin-1
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x17F) {  // Latin Extended-A pairs
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c & 1) ? c + 1 : c;
    return (c & 1) ? c : c + 1;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;  // full-width Latin
  return c;
}

inline char32_t ToUpper(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return (c & 1) ? c : c - 1;
    return (c & 1) ? c - 1 : c;
  }
  if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) return c - 0x20;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0x20;
  return c;
}

inline std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) Append(out, ToLower(Decode(s, i)));
  return out;
}

inline std::string Upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) Append(out, ToUpper(Decode(s, i)));
  return out;
}

// Case-insensitive ordering by folded code point; <0, 0, >0.
inline int CompareIgnoringCase(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    char32_t x = ToLower(Decode(a, i)), y = ToLower(Decode(b, j));
    if (x != y) return x < y ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return CompareIgnoringCase(a, b) == 0;
}

}  // namespace suan::utf8
