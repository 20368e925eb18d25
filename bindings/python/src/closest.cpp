#include "bindings/python/src/closest.hpp"

#include <algorithm>
#include <numeric>

namespace suan::py {

namespace {

// Code points of UTF-8 text, ASCII letters folded to lower case (invalid bytes kept as is).
std::u32string Fold(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + size_t(len) > s.size()) len = 1;
    char32_t cp = len == 1 ? c : char32_t(c & (0xFF >> (len + 1)));
    for (int k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + size_t(k)]) & 0x3F);
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    out.push_back(cp);
    i += size_t(len);
  }
  return out;
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::u32string x = Fold(a), y = Fold(b);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  std::iota(prev.begin(), prev.end(), size_t(0));
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::vector<std::string> Closest(std::string_view key, const std::vector<std::string>& candidates,
                                 size_t n) {
  size_t len = Fold(key).size();
  size_t limit = std::max<size_t>(2, (len + 1) / 2);
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    size_t d = EditDistance(key, candidates[i]);
    // A candidate that contains the key (or the other way round) is close whatever its length.
    std::u32string k = Fold(key), c = Fold(candidates[i]);
    bool contains =
        !k.empty() && (c.find(k) != std::u32string::npos || k.find(c) != std::u32string::npos);
    if (d <= limit || contains) scored.emplace_back(contains ? std::min(d, limit) : d, i);
  }
  std::stable_sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t k = 0; k < scored.size() && out.size() < n; ++k)
    out.push_back(candidates[scored[k].second]);
  return out;
}

std::string Suggest(std::string_view key, const std::vector<std::string>& candidates,
                    std::string_view what) {
  if (candidates.empty()) return std::string("; there are no ") + std::string(what);
  std::vector<std::string> near = Closest(key, candidates);
  std::string out;
  if (!near.empty()) {
    out = "; closest " + std::string(what) + ": ";
    for (size_t i = 0; i < near.size(); ++i) out += (i ? ", '" : "'") + near[i] + "'";
    return out;
  }
  out = "; " + std::string(what) + " are: ";
  const size_t shown = std::min<size_t>(candidates.size(), 5);
  for (size_t i = 0; i < shown; ++i) out += (i ? ", '" : "'") + candidates[i] + "'";
  if (candidates.size() > shown) out += ", … (" + std::to_string(candidates.size()) + " in all)";
  return out;
}

}  // namespace suan::py
