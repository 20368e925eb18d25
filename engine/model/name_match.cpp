#include "engine/model/name_match.hpp"

#include <algorithm>

#include "engine/model/labels.hpp"

namespace suan::model {

namespace {

// Names are short; a long text in a name cell is compared by its start (the likeness costs
// the product of the lengths).
constexpr size_t kMaxCompared = 200;

bool IsQuote(char32_t c) {
  static const std::u32string_view kQuotes = U"\"'“”‘’「」『』《》〈〉";
  return kQuotes.find(c) != std::u32string_view::npos;
}

// The longest common subsequence of two short strings.
size_t CommonLength(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::string NameCore(std::string_view name) {
  std::u32string s = ToU32(Squash(name));
  // A trailing note in brackets: （上年结转）, (2025年).
  if (!s.empty() && (s.back() == U')' || s.back() == U'）')) {
    size_t open = s.find_last_of(U"(（");
    if (open != std::u32string::npos && open > 0) s.resize(open);
  }
  std::u32string out;
  for (char32_t c : s) {
    if (!IsQuote(c)) out.push_back(c);
  }
  return FromU32(out);
}

std::vector<std::vector<int>> MatchNames(const std::vector<std::string>& names,
                                         const std::vector<std::string>& items) {
  std::vector<std::vector<int>> out(names.size());
  std::vector<std::string> want, have;
  for (const std::string& n : names) want.push_back(NameCore(n));
  for (const std::string& n : items) have.push_back(NameCore(n));
  std::vector<bool> taken(items.size(), false);
  auto give = [&](size_t n, size_t i) {
    out[n].push_back(int(i));
    taken[i] = true;
  };
  for (size_t n = 0; n < want.size(); ++n) {
    for (size_t i = 0; i < have.size() && !want[n].empty(); ++i) {
      if (!taken[i] && have[i] == want[n]) give(n, i);
    }
  }
  constexpr size_t kMinPrefix = 12;  // four CJK characters
  for (size_t n = 0; n < want.size(); ++n) {
    if (!out[n].empty() || want[n].size() < kMinPrefix) continue;
    for (size_t i = 0; i < have.size(); ++i) {
      if (taken[i] || have[i].size() < kMinPrefix) continue;
      if (StartsWith(have[i], want[n]) || StartsWith(want[n], have[i])) give(n, i);
    }
  }
  std::vector<bool> open(names.size());
  for (size_t n = 0; n < want.size(); ++n) open[n] = out[n].empty() && !want[n].empty();
  std::vector<std::u32string> want32;
  for (const std::string& w : want) want32.push_back(ToU32(w).substr(0, kMaxCompared));
  for (size_t i = 0; i < have.size(); ++i) {
    if (taken[i] || have[i].empty()) continue;
    std::u32string h = ToU32(have[i]).substr(0, kMaxCompared);
    double best = 0;
    int best_name = -1;
    bool tie = false;
    for (size_t n = 0; n < want.size(); ++n) {
      if (!open[n]) continue;
      double score =
          double(CommonLength(h, want32[n])) / double(std::max(h.size(), want32[n].size()));
      if (score > best + 1e-9) {
        best = score;
        best_name = int(n);
        tie = false;
      } else if (score > best - 1e-9) {
        tie = true;
      }
    }
    if (best_name >= 0 && !tie && best >= 0.75) give(size_t(best_name), i);
  }
  return out;
}

}  // namespace suan::model
