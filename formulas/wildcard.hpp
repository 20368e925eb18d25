// Excel's wildcard patterns: '*' any run of characters, '?' any one character, '~' escapes the
// next '*', '?' or '~'. Used by criteria (SUMIF, COUNTIF ...), SEARCH, MATCH, VLOOKUP and
// XLOOKUP. Matching is case-insensitive and counts UTF-8 characters, never bytes. Matching
// allocates nothing: the pattern is decoded once, the text is walked forwards.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace suan {

class WildcardPattern {
 public:
  // With `wildcards` false every character is literal (XLOOKUP's exact match mode).
  explicit WildcardPattern(std::string_view pattern, bool wildcards = true);

  // Whether the whole of `text` matches.
  bool Matches(std::string_view text) const;
  // 0-based character index of the first match that starts at character `start` or later
  // (SEARCH), nullopt when there is none.
  std::optional<size_t> Find(std::string_view text, size_t start) const;

  bool has_wildcards() const { return has_wildcards_; }

 private:
  bool MatchFrom(std::string_view text, bool prefix_only) const;

  std::vector<char32_t> tokens_;  // case-folded literals, kStar, kAnyChar
  bool has_wildcards_ = false;
};

}  // namespace suan
