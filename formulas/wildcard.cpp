#include "formulas/wildcard.hpp"

#include "formulas/utf8.hpp"

namespace suan {

namespace {
constexpr char32_t kStar = 0x110000;  // beyond Unicode: cannot collide with a character
constexpr char32_t kAnyChar = 0x110001;
}  // namespace

WildcardPattern::WildcardPattern(std::string_view pattern, bool wildcards) {
  for (size_t i = 0; i < pattern.size();) {
    char32_t c = utf8::Decode(pattern, i);
    if (wildcards && c == '~' && i < pattern.size() &&
        (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '~')) {
      tokens_.push_back(char32_t(pattern[i]));
      ++i;
    } else if (wildcards && c == '*') {
      if (tokens_.empty() || tokens_.back() != kStar) tokens_.push_back(kStar);
      has_wildcards_ = true;
    } else if (wildcards && c == '?') {
      tokens_.push_back(kAnyChar);
      has_wildcards_ = true;
    } else {
      tokens_.push_back(utf8::ToLower(c));
    }
  }
}

bool WildcardPattern::MatchFrom(std::string_view t, bool prefix_only) const {
  const size_t n = tokens_.size();
  size_t ti = 0, pi = 0;
  size_t star_pi = n;  // n: no '*' seen yet
  size_t star_ti = 0;
  while (true) {
    if (prefix_only && pi == n) return true;
    if (ti >= t.size()) break;
    if (pi < n) {
      char32_t tok = tokens_[pi];
      if (tok == kStar) {
        star_pi = pi++;
        star_ti = ti;
        continue;
      }
      size_t next = ti;
      char32_t c = utf8::ToLower(utf8::Decode(t, next));
      if (tok == kAnyChar || tok == c) {
        ti = next;
        ++pi;
        continue;
      }
    }
    if (star_pi == n) return false;
    // Let the last '*' swallow one more character and retry from there.
    pi = star_pi + 1;
    utf8::Decode(t, star_ti);
    ti = star_ti;
  }
  while (pi < n && tokens_[pi] == kStar) ++pi;
  return pi == n;
}

bool WildcardPattern::Matches(std::string_view text) const {
  return MatchFrom(text, false);
}

std::optional<size_t> WildcardPattern::Find(std::string_view text, size_t start) const {
  size_t offset = utf8::ByteOffset(text, start);
  if (start > 0 && offset >= text.size() && start > utf8::Length(text)) return std::nullopt;
  for (size_t pos = start;; ++pos) {
    if (MatchFrom(text.substr(offset), true)) return pos;
    if (offset >= text.size()) return std::nullopt;
    utf8::Decode(text, offset);
  }
}

}  // namespace suan
