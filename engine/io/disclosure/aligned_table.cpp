// Tables laid out with spaces (pdftotext -layout).
//
// pdftotext keeps each text fragment's horizontal position (a CJK character takes one
// position) but not the table's grid, so the reader rebuilds it:
//
// 1. Header. The lines above the first line with a figure, a code, a total or a row marker.
//    Key captions (项目, 科目名称, 类 …) mark where the row captions are; a key caption after
//    figure captions starts the right half of a side-by-side table. The figure captions
//    form a tree, built bottom-up: a fragment centred over one column continues its caption
//    (本年收入合 / 计), one centred over several adjacent columns is a group caption above them
//    (本年支出 over 合计 | 基本支出 | 项目支出), one over no column starts a column.
// 2. Columns of figures. pdftotext places columns afresh on every page, so on each page the
//    figures are clustered by position and the clusters are matched, in order, to the
//    caption columns (dynamic programming on horizontal distance). The line where the left
//    half of a side-by-side table ends is likewise found per page.
// 3. Rows. A row is one line in a simple table, but a caption that wraps spreads a row over
//    several lines, with the code and figures on the first, middle or last of them. Each row
//    has one anchor line (a code, or a caption starting a row); the lines between two anchors
//    are given to one or the other: by blank lines, by which cells are still free, and by
//    how wrapped captions sit around their code (one line above, one below).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "engine/io/disclosure/table_common.hpp"

namespace suan::disclosure {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr size_t kMaxSlots = 120;
constexpr size_t kMaxClusters = 240;

struct Line {
  const SourceLine* src = nullptr;
  std::vector<Fragment> frags;
  bool split = false;  // one of two pieces of a source line (header captions | first row)
};

// ---------------------------------------------------------------------------------------
// Header captions

struct CapFrag {
  int line = 0;
  int start = 0, end = 0;
  U32 text;
  double center() const { return (start + end) / 2.0; }
};

struct Slot {
  double lo = 0, hi = 0;
  std::string caption;
  double center() const { return (lo + hi) / 2; }
};

// A caption as printed in one cell: its pieces on successive lines.
struct Stack {
  std::vector<size_t> frags;
  int top = 0, bottom = 0;  // lines
  double lo = 0, hi = 0;
  U32 text;
  double center() const { return (lo + hi) / 2; }
};

// A column (leaf) or a caption over adjacent columns (group).
struct Node {
  double lo = 0, hi = 0;
  int top_line = 0;
  U32 text;
  std::vector<int> children;
  int parent = -1;
  double center() const { return (lo + hi) / 2; }
};

// Builds the figure columns of one side from its caption fragments.
//
// First the pieces of one caption are joined: a piece that reads unfinished ("本年收入合",
// "附属单", "公务用车") continues on the piece just below it (within two lines, overlapping
// it). Then, bottom-up, a caption printed above two or more adjacent columns and centred over
// them ("合计" over 预算数 | 决算数, "本年支出" over 合计 | 基本支出 | 项目支出) becomes their
// group caption; any other caption is a column of its own.
std::vector<Slot> BuildSlots(std::vector<CapFrag> frags) {
  if (frags.size() > 300) frags.resize(300);
  std::stable_sort(frags.begin(), frags.end(), [](const CapFrag& a, const CapFrag& b) {
    if (a.line != b.line) return a.line < b.line;
    return a.start < b.start;
  });
  size_t nf = frags.size();
  // 1. Stacks.
  std::vector<int> below(nf, -1), above(nf, -1);
  for (size_t u = 0; u < nf; ++u) {
    U32 sq = Squash(frags[u].text);
    bool finished = EndsComplete(sq) || IsTotalLabel(sq) || EndsWith(sq, U"预算") ||
                    EndsWith(sq, U"来源") || EndsWith(sq, U"数");
    int best = -1;
    double best_d = kInf;
    for (size_t l = 0; l < nf; ++l) {
      int gap = frags[l].line - frags[u].line;
      if (gap < 1 || gap > 2 || above[l] >= 0) continue;
      U32 lower = Squash(frags[l].text);
      // A finished caption continues only on a stub ("上级补助" / "收入").
      if (finished && (lower.size() > 2 || IsTotalLabel(lower))) continue;
      bool overlap = frags[l].start < frags[u].end && frags[u].start < frags[l].end;
      double d = std::abs(frags[l].center() - frags[u].center());
      if (!overlap && d > 2) continue;
      d += gap * 0.5;
      if (d < best_d) {
        best = int(l);
        best_d = d;
      }
    }
    if (best >= 0) {
      below[u] = best;
      above[size_t(best)] = int(u);
    }
  }

  std::vector<Stack> stacks;
  for (size_t f = 0; f < nf; ++f) {
    if (above[f] >= 0) continue;  // not the top piece
    Stack st;
    st.top = frags[f].line;
    st.lo = kInf;
    st.hi = -kInf;
    std::vector<U32> pieces;
    for (int k = int(f); k >= 0; k = below[size_t(k)]) {
      st.frags.push_back(size_t(k));
      st.bottom = frags[size_t(k)].line;
      st.lo = std::min(st.lo, double(frags[size_t(k)].start));
      st.hi = std::max(st.hi, double(frags[size_t(k)].end));
      pieces.push_back(frags[size_t(k)].text);
    }
    st.text = JoinPieces(pieces);
    stacks.push_back(std::move(st));
  }
  // 2. Groups, bottom-up.
  std::stable_sort(stacks.begin(), stacks.end(), [](const Stack& a, const Stack& b) {
    if (a.bottom != b.bottom) return a.bottom > b.bottom;
    return a.lo < b.lo;
  });
  std::vector<Node> nodes;
  std::vector<int> frontier;  // node ids, left to right
  for (size_t si = 0; si < stacks.size(); ++si) {
    const Stack& st = stacks[si];
    double c = st.center();
    // Its territory: up to the captions beside it on the same line.
    double t_lo = -kInf, t_hi = kInf;
    for (size_t sj = 0; sj < stacks.size(); ++sj) {
      if (sj == si || stacks[sj].bottom != st.bottom) continue;
      if (stacks[sj].center() < c) {
        t_lo = std::max(t_lo, stacks[sj].hi);
      } else {
        t_hi = std::min(t_hi, stacks[sj].lo);
      }
    }
    auto inside = [&](int id) {
      return nodes[size_t(id)].center() > t_lo && nodes[size_t(id)].center() < t_hi &&
             nodes[size_t(id)].top_line > st.bottom;  // entirely below the caption
    };
    // A caption with captions under it heads them; one with none is a column.
    int nearest = -1;
    double nearest_d = kInf;
    for (size_t i = 0; i < frontier.size(); ++i) {
      const Node& n = nodes[size_t(frontier[i])];
      if (n.top_line <= st.bottom || !(n.lo < st.hi && st.lo < n.hi)) continue;
      double d = std::abs(n.center() - c);
      if (d < nearest_d) {
        nearest = int(i);
        nearest_d = d;
      }
    }
    int run_i = -1, run_j = -1;
    if (nearest < 0) {
      // Centred in the gap between two or more columns below it ("合计" over 预算数 | 决算数).
      double best = kInf;
      for (size_t i = 0; i < frontier.size(); ++i) {
        if (!inside(frontier[i])) continue;
        for (size_t j = i + 1; j < frontier.size() && inside(frontier[j]); ++j) {
          double lo = nodes[size_t(frontier[i])].lo, hi = nodes[size_t(frontier[j])].hi;
          double d = std::abs((lo + hi) / 2 - c);
          if (d > std::max(1.5, 0.1 * (hi - lo)) || d >= best - 0.3) continue;
          best = d;
          run_i = int(i);
          run_j = int(j);
        }
      }
    } else {
      run_i = run_j = nearest;
      double run_d = kInf;
      for (int i = nearest; i >= 0 && (i == nearest || inside(frontier[size_t(i)])); --i) {
        for (int j = std::max(i + 1, nearest);
             j < int(frontier.size()) && (j == nearest || inside(frontier[size_t(j)])); ++j) {
          double lo = nodes[size_t(frontier[size_t(i)])].lo;
          double hi = nodes[size_t(frontier[size_t(j)])].hi;
          double d = std::abs((lo + hi) / 2 - c);
          double tol = std::max(2.5, 0.3 * (hi - lo));
          if (d > tol) continue;
          // Centred within a column: the fewest columns (a caption over two columns is also
          // centred over the six around them); otherwise the best centred.
          bool tight = d <= 1.0, best_tight = run_d <= 1.0;
          bool better;
          if (tight != best_tight) {
            better = tight;
          } else if (tight) {
            better = j - i < run_j - run_i || (j - i == run_j - run_i && d < run_d);
          } else {
            better = d < run_d - 1.0 || (std::abs(d - run_d) <= 1.0 && j - i < run_j - run_i);
          }
          if (run_i == run_j || better) {  // any run of two or more beats the single column
            run_i = i;
            run_j = j;
            run_d = d;
          }
        }
      }
    }
    // Between two captions that reach down to its own line (总计 | 财政拨款（补助） | 财政专户),
    // a group caption heads every column in between.
    if (run_i >= 0) {
      int left = -1, right = int(frontier.size());
      for (int i = 0; i < int(frontier.size()); ++i) {
        const Node& b = nodes[size_t(frontier[size_t(i)])];
        if (b.top_line > st.bottom) continue;
        if (b.center() < c)
          left = i;
        else if (right == int(frontier.size()))
          right = i;
      }
      if (left >= 0 && right < int(frontier.size()) && left < run_i && right > run_j &&
          right - left - 1 >= 2) {
        double lo = nodes[size_t(frontier[size_t(left + 1)])].lo;
        double hi = nodes[size_t(frontier[size_t(right - 1)])].hi;
        if (c > lo && c < hi && std::abs((lo + hi) / 2 - c) <= 0.3 * (hi - lo)) {
          run_i = left + 1;
          run_j = right - 1;
        }
      }
    }
    Node n;
    n.top_line = st.top;
    n.text = st.text;
    int id = int(nodes.size());
    if (run_i >= 0) {
      n.lo = nodes[size_t(frontier[size_t(run_i)])].lo;
      n.hi = nodes[size_t(frontier[size_t(run_j)])].hi;
      for (int k = run_i; k <= run_j; ++k) {
        n.children.push_back(frontier[size_t(k)]);
        nodes[size_t(frontier[size_t(k)])].parent = id;
      }
      frontier.erase(frontier.begin() + run_i, frontier.begin() + run_j + 1);
    } else {
      n.lo = st.lo;
      n.hi = st.hi;
    }
    nodes.push_back(std::move(n));
    frontier.push_back(id);
    std::stable_sort(frontier.begin(), frontier.end(), [&](int a, int b) {
      return nodes[size_t(a)].center() < nodes[size_t(b)].center();
    });
  }
  std::vector<Slot> slots;
  for (size_t id = 0; id < nodes.size(); ++id) {
    if (!nodes[id].children.empty()) continue;
    Slot s;
    s.lo = nodes[id].lo;
    s.hi = nodes[id].hi;
    std::vector<std::string> chain;
    for (int p = int(id); p >= 0; p = nodes[size_t(p)].parent)
      chain.push_back(EncodeUtf8(nodes[size_t(p)].text));
    for (size_t k = chain.size(); k-- > 0;) {
      if (chain[k].empty()) continue;
      if (!s.caption.empty()) s.caption += "/";
      s.caption += chain[k];
    }
    slots.push_back(std::move(s));
  }
  std::stable_sort(slots.begin(), slots.end(),
                   [](const Slot& a, const Slot& b) { return a.center() < b.center(); });
  if (slots.size() > kMaxSlots) slots.resize(kMaxSlots);
  return slots;
}

// Header text fragments: captions printed one space apart ("小计 基本支出 项目支出") are
// separate captions when every piece has at least two characters.
std::vector<CapFrag> HeaderPieces(const Line& line) {
  std::vector<CapFrag> out;
  for (const Fragment& f : line.frags) {
    if (f.kind != Fragment::Kind::kText) continue;
    std::vector<std::pair<int, U32>> words;  // (offset, word)
    size_t i = 0;
    while (i < f.text.size()) {
      while (i < f.text.size() && IsSpace(f.text[i])) ++i;
      size_t j = i;
      while (j < f.text.size() && !IsSpace(f.text[j])) ++j;
      if (j > i) words.push_back({int(i), f.text.substr(i, j - i)});
      i = j;
    }
    bool split = words.size() > 1;
    for (auto& w : words)
      if (w.second.size() < 2) split = false;
    if (split) {
      for (auto& w : words)
        out.push_back({line.src->number, f.start + w.first,
                       f.start + w.first + int(w.second.size()), w.second});
    } else {
      out.push_back({line.src->number, f.start, f.end, f.text});
    }
  }
  return out;
}

// A two-character caption spread over its cell ("金    额", "项    目") is one caption: two
// single characters on a line, a few positions apart, neither of them the end of a caption
// wrapped from the line above (事业收 / 入, 经营收 / 入).
std::vector<CapFrag> JoinSpreadCaptions(std::vector<CapFrag> caps) {
  auto single = [](const CapFrag& c) {
    return c.text.size() == 1 && IsIdeograph(c.text[0]) && !IsCodePartCaption(c.text);
  };
  // Captions by line, left to right.
  std::map<int, std::vector<size_t>> by_line;
  for (size_t k = 0; k < caps.size(); ++k) by_line[caps[k].line].push_back(k);
  for (auto& [line, ks] : by_line)
    std::stable_sort(ks.begin(), ks.end(),
                     [&](size_t a, size_t b) { return caps[a].start < caps[b].start; });
  // Whether a caption of the two lines above overlaps it (it ends a wrapped caption).
  auto continues = [&](const CapFrag& c) {
    for (int up = c.line - 2; up < c.line; ++up) {
      auto it = by_line.find(up);
      if (it == by_line.end()) continue;
      const std::vector<size_t>& ks = it->second;
      // The first caption of that line that ends at or after c starts.
      auto k = std::lower_bound(ks.begin(), ks.end(), c.start,
                                [&](size_t a, int start) { return caps[a].end < start; });
      for (; k != ks.end() && caps[*k].start <= c.end; ++k)
        if (caps[*k].end >= c.start) return true;
    }
    return false;
  };
  std::vector<bool> gone(caps.size(), false);
  for (auto& [line, ks] : by_line) {
    for (size_t q = 0; q + 1 < ks.size(); ++q) {
      CapFrag& a = caps[ks[q]];
      const CapFrag& b = caps[ks[q + 1]];
      if (gone[ks[q]] || !single(a) || !single(b) || b.start - a.end > 8 || continues(a) ||
          continues(b))
        continue;
      a.text += b.text;
      a.end = b.end;
      gone[ks[q + 1]] = true;
      ++q;
    }
  }
  std::vector<CapFrag> out;
  for (size_t k = 0; k < caps.size(); ++k)
    if (!gone[k]) out.push_back(std::move(caps[k]));
  return out;
}

// A key caption of the header. 类 / 款 / 项 alone count only printed together on a line
// ("类  款  项"); a lone 款 among figure captions is the end of a wrapped one (…财政拨/款).
bool IsKeyCap(const CapFrag& c, const std::vector<CapFrag>& all) {
  U32 sq = Squash(c.text);
  if (!IsKeyCaption(sq)) return false;
  if (sq.size() != 1) return true;
  int together = 0;
  for (const CapFrag& o : all)
    if (o.line == c.line) {
      U32 os = Squash(o.text);
      if (os == U"类" || os == U"款" || os == U"项") ++together;
    }
  return together >= 2;
}

bool IsSideCaption(U32View squashed) {
  return squashed.size() <= 8 && !IsKeyCaption(squashed) &&
         (EndsWith(squashed, U"收入") || EndsWith(squashed, U"支出"));
}

// What a header says: where the sides of a side-by-side table start, their 收入/支出
// captions, and each side's figure captions.
struct HeaderModel {
  std::vector<double> side_starts;  // start column of sides 1..
  std::vector<U32> side_caption;    // per side
  std::vector<std::vector<CapFrag>> value_caps;
  size_t nsides() const { return side_starts.size() + 1; }
};

size_t SideOf(double x, const std::vector<double>& starts) {
  size_t s = 0;
  while (s < starts.size() && x >= starts[s]) ++s;
  return s;
}

HeaderModel AnalyseHeader(const std::vector<CapFrag>& caps, int top_line) {
  HeaderModel m;
  // 收入 | 支出 over the two halves, on the top line.
  std::vector<CapFrag> side_caps;
  {
    std::vector<CapFrag> top;
    for (const CapFrag& c : caps)
      if (c.line == top_line) top.push_back(c);
    bool all_side = top.size() >= 2;
    for (const CapFrag& c : top)
      if (!IsSideCaption(Squash(c.text))) all_side = false;
    if (all_side) side_caps = top;
  }
  auto is_side_cap = [&](const CapFrag& c) {
    for (const CapFrag& s : side_caps)
      if (s.line == c.line && s.start == c.start) return true;
    return false;
  };
  // A key caption after figure captions starts the next side.
  std::vector<const CapFrag*> ordered;
  for (const CapFrag& c : caps)
    if (!is_side_cap(c)) ordered.push_back(&c);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const CapFrag* a, const CapFrag* b) { return a->center() < b->center(); });
  bool seen_value = false;
  double last_value_end = 0;
  for (const CapFrag* c : ordered) {
    bool key = IsKeyCap(*c, caps);
    if (key && seen_value) {
      m.side_starts.push_back((last_value_end + c->start) / 2);
      seen_value = false;
    }
    if (!key) {
      seen_value = true;
      last_value_end = std::max(last_value_end, double(c->end));
    }
  }
  if (m.nsides() != 2 || side_caps.size() != 2) side_caps.clear();
  m.side_caption.resize(m.nsides());
  m.value_caps.resize(m.nsides());
  for (const CapFrag& c : caps) {
    size_t s = SideOf(c.center(), m.side_starts);
    if (is_side_cap(c)) {
      m.side_caption[s] = c.text;
      continue;
    }
    if (IsKeyCap(c, caps)) continue;
    m.value_caps[s].push_back(c);
  }
  return m;
}

// A line of column numbers (栏次: 1 2 3 …).
bool IsColumnNumberLine(const Line& line) {
  if (line.frags.size() < 2) return false;
  for (const Fragment& f : line.frags)
    if (f.kind != Fragment::Kind::kInteger || f.value > 60) return false;
  return true;
}

bool IsKeyOnlyLine(const Line& line) {
  if (line.frags.empty()) return false;
  if (line.frags.size() == 1 && Squash(line.frags[0].text).size() == 1) return false;  // "款"
  for (const Fragment& f : line.frags) {
    if (f.kind != Fragment::Kind::kText) return false;
    // "类   款  项" may be one fragment per word or several words one space apart.
    U32 sq = Squash(f.text);
    bool all_parts = !sq.empty();
    for (char32_t c : sq)
      if (c != U'类' && c != U'款' && c != U'项') all_parts = false;
    if (!all_parts && !IsKeyCaption(sq)) return false;
  }
  return true;
}

// How many fragments at the start of a line are the 类 / 款 / 项 captions (at least two of
// them, in that order, one fragment each or "类 款 项" as one); 0 if they are not.
size_t LeadingCodePartCaptions(const std::vector<Fragment>& frags) {
  static constexpr U32View kOrder = U"类款项";
  size_t next = 0, count = 0, n = 0;
  for (; n < frags.size() && frags[n].kind == Fragment::Kind::kText; ++n) {
    U32 sq = Squash(frags[n].text);
    size_t at = next;
    for (char32_t c : sq) {
      at = kOrder.find(c, at);
      if (at == U32View::npos) break;
      ++at;
    }
    if (sq.empty() || at == U32View::npos) break;
    next = at;
    count += sq.size();
  }
  return count >= 2 ? n : 0;
}

bool IsCodeShape(const Fragment& f) {
  return f.kind == Fragment::Kind::kInteger && !SplitCode(f.text).empty();
}

// `key_end`: where the key captions seen so far end; a 合计 right of them is a caption over a
// column of figures, not a row.
// An integer that cannot be a code (4, 6 or 8+ digits): a figure of a table in 元.
bool IsAmountInteger(const Fragment& f) {
  if (f.kind != Fragment::Kind::kInteger) return false;
  size_t n = f.text.size();
  return n == 4 || n == 6 || n >= 8;
}

bool IsBodyLine(const Line& line, double key_end) {
  if (line.frags.empty()) return false;
  for (size_t i = 0; i < line.frags.size(); ++i) {
    const Fragment& f = line.frags[i];
    if (f.kind == Fragment::Kind::kNumber) return true;
    // An integer figure after a caption ("一般公共预算拨款   53505500", a table in 元).
    if (f.kind == Fragment::Kind::kInteger && f.text.size() >= 2 && i > 0 &&
        line.frags[i - 1].kind == Fragment::Kind::kText)
      return true;
  }
  // A line of figures only, one of them too long or too short for a code (a table in 元
  // whose one row has no caption: "9500        9500").
  bool all_figures = true, amount = false;
  for (const Fragment& f : line.frags) {
    if (!f.figure_like()) all_figures = false;
    if (IsAmountInteger(f)) amount = true;
  }
  if (all_figures && amount) return true;
  const Fragment& first = line.frags.front();
  if (IsCodeShape(first)) return true;
  if (first.kind == Fragment::Kind::kText) {
    U32 sq = Squash(first.text);
    if (StartsWithRowMarker(sq)) return true;
    if (IsTotalLabel(sq) && first.start <= key_end + 2) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Figures to columns

struct Cluster {
  double lo = kInf, hi = -kInf;
  std::set<int> lines;
  std::vector<std::pair<size_t, size_t>> members;  // (line index, fragment index)
  double center() const { return (lo + hi) / 2; }
};

double Distance(double alo, double ahi, double blo, double bhi) {
  double gap = std::max({0.0, blo - ahi, alo - bhi});
  return gap + 0.05 * std::abs((alo + ahi) / 2 - (blo + bhi) / 2);
}

// Maps clusters (left to right) to slots placed at scale·x + shift (left to right), keeping
// order; -1 = unplaced. Returns the cost.
double MatchShifted(const std::vector<Cluster>& cl, const std::vector<Slot>& slots, double scale,
                    double shift, std::vector<int>* out_match);

// The best order-keeping match of the page's columns of figures to the captions, allowing the
// page to be shifted and narrowed against the header (pdftotext places every page afresh).
// *scale and *shift get the placement used.
// `placed`: the captions were printed on this page, above its figures, so the page is where
// they say (no shift: right-aligned figures under centred captions would otherwise pull the
// columns one caption over).
std::vector<int> MatchClusters(const std::vector<Cluster>& cl, const std::vector<Slot>& slots,
                               bool placed, double* scale, double* shift) {
  std::vector<int> best_match;
  double best = MatchShifted(cl, slots, 1, 0, &best_match);
  *scale = 1;
  *shift = 0;
  size_t m = cl.size(), n = slots.size();
  if (placed || m * n > 400) return best_match;
  auto consider = [&](double a, double b) {
    if (a < 0.5 || a > 1.5) return;
    std::vector<int> match;
    double cost = MatchShifted(cl, slots, a, b, &match) + 0.02 * std::abs(b) + 4 * std::abs(a - 1);
    if (cost < best - 1e-9) {
      best = cost;
      best_match = std::move(match);
      *scale = a;
      *shift = b;
    }
  };
  for (size_t i = 0; i < m; ++i)
    for (size_t p = 0; p < n; ++p) {
      consider(1, cl[i].center() - slots[p].center());
      if (m * n > 150) continue;
      for (size_t j = i + 1; j < m; ++j)
        for (size_t q = p + 1; q < n; ++q) {
          double a = (cl[j].center() - cl[i].center()) / (slots[q].center() - slots[p].center());
          consider(a, cl[i].center() - a * slots[p].center());
        }
    }
  return best_match;
}

double MatchShifted(const std::vector<Cluster>& cl, const std::vector<Slot>& slots, double scale,
                    double shift, std::vector<int>* out_match) {
  size_t m = cl.size(), n = slots.size();
  std::vector<int>& out = *out_match;
  out.assign(m, -1);
  if (n == 0 || m == 0) return 0;
  const double kSkip = 1e6;
  std::vector<std::vector<double>> f(m + 1, std::vector<double>(n + 1, kInf));
  std::vector<std::vector<char>> how(m + 1, std::vector<char>(n + 1, 0));
  for (size_t j = 0; j <= n; ++j) f[0][j] = 0;
  for (size_t i = 1; i <= m; ++i) {
    f[i][0] = f[i - 1][0] + kSkip;
    how[i][0] = 's';
    for (size_t j = 1; j <= n; ++j) {
      double best = f[i][j - 1];
      char h = 'u';  // slot j-1 unused
      double take =
          f[i - 1][j - 1] + Distance(cl[i - 1].lo, cl[i - 1].hi, scale * slots[j - 1].lo + shift,
                                     scale * slots[j - 1].hi + shift);
      if (take < best) {
        best = take;
        h = 't';
      }
      double skip = f[i - 1][j] + kSkip;
      if (skip < best) {
        best = skip;
        h = 's';
      }
      f[i][j] = best;
      how[i][j] = h;
    }
  }
  size_t i = m, j = n;
  while (i > 0) {
    char h = how[i][j];
    if (h == 't') {
      out[i - 1] = int(j - 1);
      --i;
      --j;
    } else if (h == 'u') {
      --j;
    } else {
      --i;
    }
  }
  return f[m][n];
}

// ---------------------------------------------------------------------------------------
// Rows

struct Item {
  int line = 0;
  const SourceLine* src = nullptr;
  bool blank = false;
  std::vector<std::string> code;
  bool code_is_part = false;     // only a 款/项 part ("01")
  U32 label;                     // all its caption text (label and text columns), for the row logic
  std::vector<U32> column_text;  // that text by column: [0] the label, [k] text column k
  std::vector<std::pair<int, double>> values;  // (slot, value) ; blank placeholders omitted
  std::vector<int> blank_slots;                // slots holding a "-" placeholder
  bool has_values() const { return !values.empty(); }
};

}  // namespace

TableRead ReadAlignedTable(const TableMeta& meta, const Region& region) {
  TableRead out;
  auto problem = [&](int line, std::string why, std::string text) {
    out.problems.push_back({line, std::move(why), std::move(text)});
  };

  // Lines, without the page furniture.
  std::vector<Line> lines;
  for (size_t k = 0; k < region.size(); ++k) {
    const SourceLine* s = region[k];
    if (!s->blank) {
      if (IsUnitLine(*s, nullptr) || IsOrganisationLine(*s, nullptr) || IsYearCaption(*s) ||
          TableNumberMarker(*s, nullptr) || IsTitleLike(*s, nullptr, nullptr))
        continue;
      // A page number: set apart (indented, or "- 3 -" / "第 3 页"), at the top or bottom of
      // its page; a code alone at the margin ("303") is not one.
      size_t indent = 0;
      while (indent < s->text.size() && IsSpace(s->text[indent])) ++indent;
      bool decorated = Contains(s->squashed, U"页") || Contains(s->squashed, U"-") ||
                       Contains(s->squashed, U"—");
      if (IsPageNumber(*s) && (indent >= 8 || decorated)) {
        bool page_edge = true;
        for (size_t d = k + 1; d < region.size() && region[d]->page == s->page; ++d)
          if (!region[d]->blank) page_edge = false;
        bool first = true;
        for (size_t d = k; d-- > 0 && region[d]->page == s->page;)
          if (!region[d]->blank) first = false;
        if (page_edge || first) continue;
      }
    }
    Line l;
    l.src = s;
    if (!s->blank) l.frags = SplitFragments(s->text);
    // The last header line and the first row printed on one line ("类  款  项    合计
    // 2,946.25 …"): the code-part captions are a header line of their own.
    size_t parts = LeadingCodePartCaptions(l.frags);
    if (parts > 0 && parts < l.frags.size()) {
      Line head;
      head.src = s;
      head.frags.assign(l.frags.begin(), l.frags.begin() + long(parts));
      head.split = l.split = true;
      l.frags.erase(l.frags.begin(), l.frags.begin() + long(parts));
      lines.push_back(std::move(head));
    }
    lines.push_back(std::move(l));
  }

  // 1. Header.
  size_t body_begin = lines.size();
  {
    double keys_so_far = -1;
    for (size_t k = 0; k < lines.size(); ++k) {
      if (IsBodyLine(lines[k], keys_so_far)) {
        body_begin = k;
        break;
      }
      if (!lines[k].frags.empty())
        for (const CapFrag& c : HeaderPieces(lines[k]))
          if (IsKeyCaption(Squash(c.text))) keys_so_far = std::max(keys_so_far, double(c.end));
    }
  }
  // Caption lines just above the first row, below the key captions and left of the figure
  // captions, are the first row's wrapped caption ("社会保障和就" / "208 754.75" / "业支出").
  {
    int last_key = -1;
    double key_zone = -1, value_start = kInf;
    for (size_t k = 0; k < body_begin; ++k)
      for (const CapFrag& c : HeaderPieces(lines[k]))
        if (IsKeyCaption(Squash(c.text))) {
          last_key = int(k);
          key_zone = std::max(key_zone, double(c.end));
        }
    for (size_t k = 0; k < body_begin; ++k)
      for (const CapFrag& c : HeaderPieces(lines[k]))
        if (!IsKeyCaption(Squash(c.text)) && c.start > key_zone)
          value_start = std::min(value_start, double(c.start));
    while (last_key >= 0 && body_begin > size_t(last_key) + 1) {
      const Line& l = lines[body_begin - 1];
      bool row_caption = !l.frags.empty();
      for (const Fragment& f : l.frags)
        if (f.kind != Fragment::Kind::kText || IsKeyCaption(Squash(f.text)) ||
            f.start >= value_start)
          row_caption = false;
      if (!l.frags.empty() && !row_caption) break;
      --body_begin;
    }
    while (body_begin < lines.size() && lines[body_begin].frags.empty()) ++body_begin;
  }
  std::vector<CapFrag> caps;
  std::set<U32> header_keys;
  int header_top_line = -1;
  int header_page = -1;  // the page the captions are printed on
  for (size_t k = 0; k < body_begin; ++k) {
    const Line& l = lines[k];
    if (l.frags.empty() || IsColumnNumberLine(l)) continue;
    header_page = l.src->page;
    if (!l.split) header_keys.insert(l.src->squashed);
    if (header_top_line < 0) header_top_line = l.src->number;
    for (CapFrag& c : HeaderPieces(l)) caps.push_back(std::move(c));
  }
  caps = JoinSpreadCaptions(std::move(caps));
  double key_end = -1;
  for (const CapFrag& c : caps)
    if (IsKeyCap(c, caps)) key_end = std::max(key_end, double(c.end));
  // "合计      合计  基本支出  项目支出": a total row sharing its line with the last captions.
  if (body_begin < lines.size()) {
    Line& first = lines[body_begin];
    bool figures = false;
    for (const Fragment& f : first.frags)
      if (f.figure_like()) figures = true;
    if (!figures && first.frags.size() > 1 && IsTotalLabel(Squash(first.frags.front().text))) {
      double limit = std::max(key_end, double(first.frags.front().end)) + 1;
      std::vector<Fragment> keep;
      Line moved;
      moved.src = first.src;
      for (const Fragment& f : first.frags) {
        if (&f != &first.frags.front() && f.start > limit) {
          moved.frags.push_back(f);
        } else {
          keep.push_back(f);
        }
      }
      for (CapFrag& c : HeaderPieces(moved)) caps.push_back(std::move(c));
      first.frags = std::move(keep);
    }
  }

  HeaderModel model = AnalyseHeader(caps, header_top_line);
  const std::vector<double>& side_starts = model.side_starts;
  size_t nsides = model.nsides();
  auto side_of = [](double x, const std::vector<double>& starts) { return SideOf(x, starts); };
  std::vector<U32>& side_caption = model.side_caption;
  std::vector<std::vector<CapFrag>>& side_value_caps = model.value_caps;
  // Text columns: a side with two name captions (科目名称 | 项目名称) has a text column after its
  // label; a caption piece belongs to the column whose caption is nearest before it.
  std::vector<std::vector<double>> text_bounds(nsides);
  std::vector<std::vector<std::string>> text_captions(nsides);
  {
    std::vector<std::vector<const CapFrag*>> names(nsides);
    for (const CapFrag& c : caps) {
      if (!IsKeyCap(c, caps)) continue;
      U32 sq = Squash(c.text);
      if (Contains(sq, U"名称")) names[side_of(c.center(), side_starts)].push_back(&c);
    }
    for (size_t s = 0; s < nsides; ++s) {
      std::stable_sort(names[s].begin(), names[s].end(), [](const CapFrag* a, const CapFrag* b) {
        return a->center() < b->center();
      });
      for (size_t k = 1; k < names[s].size(); ++k) {
        if (names[s][k]->center() - names[s][k - 1]->center() < 4)
          continue;  // one caption, two lines
        // Text is left-aligned in its column: where a second piece of caption text starts on
        // a row line, right of the first caption, is the column's left edge.
        double bound = (names[s][k - 1]->center() + names[s][k]->center()) / 2;
        for (size_t q = body_begin; q < lines.size(); ++q) {
          const std::vector<Fragment>& fr = lines[q].frags;
          for (size_t j = 1; j < fr.size(); ++j)
            if (fr[j].kind == Fragment::Kind::kText && fr[j - 1].kind == Fragment::Kind::kText &&
                fr[j].start > names[s][k - 1]->center() && fr[j].start < bound)
              bound = fr[j].start;
        }
        text_bounds[s].push_back(bound);
        text_captions[s].push_back(Clean(names[s][k]->text));
      }
    }
  }
  std::vector<std::vector<Slot>> slots(nsides);
  for (size_t s = 0; s < nsides; ++s) slots[s] = BuildSlots(side_value_caps[s]);

  // 2. Body, page by page.
  std::vector<std::vector<Item>> items(nsides);
  std::vector<bool> slots_from_data(nsides, false);
  // Where the figures of each column were on the page under the captions (lo = hi: none).
  std::vector<std::vector<Slot>> figures_at(nsides);
  size_t k = body_begin;
  while (k < lines.size()) {
    int page = lines[k].src->page;
    size_t page_end = k;
    while (page_end < lines.size() && lines[page_end].src->page == page) ++page_end;
    // The lines of this page that hold rows.
    std::vector<Line*> page_lines;
    for (size_t p = k; p < page_end; ++p) {
      Line& l = lines[p];
      bool repeated_header = header_keys.count(l.src->squashed) &&
                             (l.frags.size() >= 2 || l.src->squashed.size() >= 4);
      if (!l.frags.empty() && (repeated_header || IsKeyOnlyLine(l) || IsColumnNumberLine(l)))
        continue;
      page_lines.push_back(&l);
    }
    // A header repeated at the top of the page, printed a little differently (other wraps,
    // other positions): the lines above the first row, when they hold key captions. Its
    // figure captions say where this page's columns are.
    std::vector<std::vector<Slot>> page_slots(nsides);
    if (k > body_begin) {
      size_t first_body = k;
      while (first_body < page_end &&
             (lines[first_body].frags.empty() || !IsBodyLine(lines[first_body], key_end)))
        ++first_body;
      // The header ends with its last line of key captions; caption lines after it belong
      // to the first row.
      size_t header_end = k;
      for (size_t q = k; q < first_body; ++q) {
        bool keys = header_keys.count(lines[q].src->squashed) > 0 && !lines[q].frags.empty();
        for (const CapFrag& c : HeaderPieces(lines[q]))
          if (IsKeyCaption(Squash(c.text)) && Squash(c.text).size() >= 2) keys = true;
        if (keys) header_end = q + 1;
      }
      std::vector<CapFrag> page_caps;
      int top = -1;
      for (size_t q = k; q < header_end; ++q) {
        if (lines[q].frags.empty() || IsColumnNumberLine(lines[q])) continue;
        if (top < 0) top = lines[q].src->number;
        for (CapFrag& c : HeaderPieces(lines[q])) page_caps.push_back(std::move(c));
      }
      if (header_end > k && first_body < page_end) {
        std::set<const Line*> header_lines;
        for (size_t q = k; q < header_end; ++q) header_lines.insert(&lines[q]);
        page_lines.erase(std::remove_if(page_lines.begin(), page_lines.end(),
                                        [&](Line* l) { return header_lines.count(l) > 0; }),
                         page_lines.end());
        HeaderModel pm = AnalyseHeader(JoinSpreadCaptions(std::move(page_caps)), top);
        if (pm.nsides() == nsides)
          for (size_t s = 0; s < nsides; ++s) {
            std::vector<Slot> ps = BuildSlots(pm.value_caps[s]);
            if (ps.size() == slots[s].size()) page_slots[s] = std::move(ps);
          }
      }
    }
    // Where the right half starts on this page.
    // Figures are right-aligned in their column: an integer that ends where figures end on
    // other lines of the page ("八、其他收入   62000" under "29400500") is one too.
    std::set<int> figure_ends;
    for (Line* l : page_lines)
      for (const Fragment& f : l->frags)
        if (f.kind == Fragment::Kind::kNumber || IsAmountInteger(f)) figure_ends.insert(f.end);
    auto aligned = [&](const Fragment& f) {
      return figure_ends.count(f.end) || figure_ends.count(f.end - 1) ||
             figure_ends.count(f.end + 1);
    };
    std::vector<double> starts = side_starts;
    std::set<int> left_ends;  // where the figures of the left half end (nsides == 2)
    if (nsides == 2) {
      // An integer right after a caption is a figure ("结转结余  1366100"), not a code.
      // An integer between a caption and a code ("结转结余  1366100  219 援助…") is one too.
      auto amount_int = [&](const std::vector<Fragment>& fr, size_t i) {
        if (fr[i].kind != Fragment::Kind::kInteger) return false;
        if (IsAmountInteger(fr[i]) || aligned(fr[i])) return true;
        bool after_caption = i > 0 && fr[i - 1].kind == Fragment::Kind::kText;
        return after_caption && i + 1 < fr.size() && IsCodeShape(fr[i + 1]);
      };
      auto key_like = [&](const std::vector<Fragment>& fr, size_t i) {
        return fr[i].kind == Fragment::Kind::kText || (IsCodeShape(fr[i]) && !amount_int(fr, i));
      };
      double left_figure = kInf;
      for (Line* l : page_lines) {
        const std::vector<Fragment>& fr = l->frags;
        for (size_t i = 0; i + 1 < fr.size(); ++i) {
          if (fr[i].kind != Fragment::Kind::kNumber && !amount_int(fr, i)) continue;
          bool key_after = false;
          for (size_t j = i + 1; j < fr.size(); ++j)
            if (key_like(fr, j)) key_after = true;
          if (key_after) left_figure = std::min(left_figure, double(fr[i].start));
        }
      }
      double boundary = kInf;
      if (left_figure < kInf) {
        for (Line* l : page_lines)
          for (size_t i = 0; i < l->frags.size(); ++i)
            if (l->frags[i].start > left_figure && key_like(l->frags, i))
              boundary = std::min(boundary, double(l->frags[i].start));
      }
      if (boundary == kInf) {
        std::vector<int> key_starts;
        for (Line* l : page_lines)
          for (size_t i = 0; i < l->frags.size(); ++i)
            if (key_like(l->frags, i)) key_starts.push_back(l->frags[i].start);
        std::sort(key_starts.begin(), key_starts.end());
        key_starts.erase(std::unique(key_starts.begin(), key_starts.end()), key_starts.end());
        int best_gap = 0;
        for (size_t i = 1; i < key_starts.size(); ++i) {
          int gap = key_starts[i] - key_starts[i - 1];
          if (gap > best_gap) {
            best_gap = gap;
            boundary = key_starts[i];
          }
        }
        if (best_gap < 8) boundary = side_starts[0];
      }
      starts = {boundary};
      for (Line* l : page_lines)
        for (const Fragment& f : l->frags)
          if ((f.kind == Fragment::Kind::kNumber || IsAmountInteger(f)) && f.start < boundary)
            for (int e : {f.end - 1, f.end, f.end + 1}) left_ends.insert(e);
    }
    for (size_t s = 0; s < nsides; ++s) {
      // This side's fragments on each line.
      std::vector<std::vector<Fragment>> frs(page_lines.size());
      for (size_t i = 0; i < page_lines.size(); ++i) {
        bool right_key = false;
        for (const Fragment& f : page_lines[i]->frags) {
          size_t side = side_of(f.start, starts);
          // A short figure of the left half reaching past where the right half starts on
          // other lines ("奖金   0   30203 咨询费" under "工资福利支出   48161400   302 …"):
          // it ends where the left half's figures end, before anything of the right half.
          if (side == 1 && !right_key && f.figure_like() && left_ends.count(f.end)) side = 0;
          if (side == 1 && !f.figure_like()) right_key = true;
          if (side == s) frs[i].push_back(f);
        }
      }
      // Where the figures begin: the leftmost number with a decimal point or a thousands
      // separator, or integer that follows a caption on its line.
      double key_limit = kInf;
      for (auto& fl : frs)
        for (size_t j = 0; j < fl.size(); ++j) {
          const Fragment& f = fl[j];
          bool after_caption = j > 0 && fl[j - 1].kind == Fragment::Kind::kText;
          if (f.kind == Fragment::Kind::kNumber ||
              (f.kind == Fragment::Kind::kInteger && after_caption))
            key_limit = std::min(key_limit, double(f.start));
        }
      if (key_limit == kInf && !slots[s].empty()) key_limit = slots[s].front().lo - 2;
      // Roles of fragments: code, caption, figure, stray text.
      enum Role { kCode, kCaption, kFigure, kStray, kBroken };
      std::vector<std::vector<Role>> roles(frs.size());
      std::vector<Cluster> clusters;
      for (size_t i = 0; i < frs.size(); ++i) {
        roles[i].assign(frs[i].size(), kCaption);
        bool leading = true, seen_figure = false;
        int code_parts = 0;
        for (size_t j = 0; j < frs[i].size(); ++j) {
          const Fragment& f = frs[i][j];
          bool left = f.start < key_limit;
          // A code leads its line; an integer ending where the page's figures end, with no
          // caption after it, is a figure in 元 ("20100" under "212100"), not a code.
          bool captioned = j + 1 < frs[i].size() && frs[i][j + 1].kind == Fragment::Kind::kText;
          if (leading && left && f.kind == Fragment::Kind::kInteger && code_parts < 3 &&
              (IsCodeShape(f) || IsCodePart(f.text)) && (captioned || !aligned(f))) {
            roles[i][j] = kCode;
            code_parts += int(SplitCode(f.text).empty() ? 1 : SplitCode(f.text).size());
            continue;
          }
          // Text where the figures are that has digits but no CJK: a figure not readable.
          bool broken_figure = false;
          if (f.kind == Fragment::Kind::kText && !left) {
            bool digit = false, cjk = false;
            for (char32_t ch : f.text) {
              if (IsDigit(FoldWidth(ch))) digit = true;
              if (IsIdeograph(ch)) cjk = true;
            }
            broken_figure = digit && !cjk;
          }
          if (broken_figure) {
            roles[i][j] = kBroken;
            leading = false;
            continue;
          }
          if (f.kind == Fragment::Kind::kText ||
              (left && !seen_figure && f.kind == Fragment::Kind::kBlank)) {  // "…" placeholders
            roles[i][j] = seen_figure ? kStray : kCaption;
            leading = false;
            continue;
          }
          roles[i][j] = kFigure;
          leading = false;
          seen_figure = true;
        }
      }
      // Cluster the figures by position.
      std::vector<std::pair<size_t, size_t>> figs;
      for (size_t i = 0; i < frs.size(); ++i)
        for (size_t j = 0; j < frs[i].size(); ++j)
          if (roles[i][j] == kFigure) figs.push_back({i, j});
      // Figures are aligned on one edge (right, mostly) or centred: group them by right edge
      // and by centre, and keep the grouping that needs fewer columns.
      auto by_key = [&](auto key) {
        std::vector<std::pair<size_t, size_t>> order = figs;
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
          return key(frs[a.first][a.second]) < key(frs[b.first][b.second]);
        });
        std::vector<std::vector<std::pair<size_t, size_t>>> groups;
        double last = -kInf;
        for (auto m : order) {
          double k = key(frs[m.first][m.second]);
          if (groups.empty() || k - last > 2) groups.emplace_back();
          groups.back().push_back(m);
          last = k;
        }
        // Two figures of one line are two columns: split a group where they meet.
        std::vector<std::vector<std::pair<size_t, size_t>>> out;
        for (auto& g : groups) {
          std::vector<std::pair<size_t, size_t>> cur;
          std::set<size_t> cur_lines;
          for (auto m : g) {
            if (cur_lines.count(m.first)) {
              out.push_back(cur);
              cur.clear();
              cur_lines.clear();
            }
            cur.push_back(m);
            cur_lines.insert(m.first);
          }
          if (!cur.empty()) out.push_back(cur);
        }
        return out;
      };
      auto right_groups = by_key([](const Fragment& f) { return double(f.end); });
      auto centre_groups = by_key([](const Fragment& f) { return f.center(); });
      auto& groups = centre_groups.size() < right_groups.size() ? centre_groups : right_groups;
      for (auto& g : groups) {
        if (clusters.size() >= kMaxClusters) break;
        Cluster cl;
        for (auto [i, j] : g) {
          const Fragment& f = frs[i][j];
          cl.lo = std::min(cl.lo, double(f.start));
          cl.hi = std::max(cl.hi, double(f.end));
          cl.lines.insert(int(i));
          cl.members.push_back({i, j});
        }
        clusters.push_back(std::move(cl));
      }
      std::stable_sort(clusters.begin(), clusters.end(),
                       [](const Cluster& a, const Cluster& b) { return a.center() < b.center(); });
      if (slots[s].empty() && !clusters.empty()) {
        // No captions over the figures: the columns are where the figures are.
        for (const Cluster& cl : clusters) slots[s].push_back({cl.lo, cl.hi, ""});
        slots_from_data[s] = true;
      }
      bool placed = !page_slots[s].empty() || (k == body_begin && page == header_page);
      // On a page without captions, the columns are looked for where the figures of the
      // captioned page were (right-aligned figures match each other better than they match
      // centred captions); columns that had no figure there keep their caption's place.
      std::vector<Slot> learned = slots[s];
      if (!placed && figures_at[s].size() == learned.size()) {
        for (size_t q = 0; q < learned.size(); ++q)
          if (figures_at[s][q].hi > figures_at[s][q].lo) {
            learned[q].lo = figures_at[s][q].lo;
            learned[q].hi = figures_at[s][q].hi;
          }
        for (size_t q = 1; q < learned.size(); ++q)
          if (learned[q].center() <= learned[q - 1].center()) learned = slots[s];
      }
      const std::vector<Slot>& ref = !page_slots[s].empty() ? page_slots[s] : learned;
      double scale = 1, shift = 0;
      std::vector<int> match = MatchClusters(clusters, ref, placed, &scale, &shift);
      if (placed && page_slots[s].empty()) {
        figures_at[s].resize(slots[s].size());
        for (size_t c = 0; c < clusters.size(); ++c) {
          if (match[c] < 0 || size_t(match[c]) >= figures_at[s].size()) continue;
          Slot& f = figures_at[s][size_t(match[c])];
          bool unset = !(f.hi > f.lo);
          f.lo = unset ? clusters[c].lo : std::min(f.lo, clusters[c].lo);
          f.hi = unset ? clusters[c].hi : std::max(f.hi, clusters[c].hi);
        }
      }
      // A column of figures far from its caption even with the page shifted: placed by its
      // order only.
      for (size_t c = 0; c < clusters.size(); ++c) {
        if (match[c] < 0 || slots_from_data[s]) continue;
        const Slot& sl = ref[size_t(match[c])];
        double lo = scale * sl.lo + shift, hi = scale * sl.hi + shift;
        double gap = std::max({0.0, lo - clusters[c].hi, clusters[c].lo - hi});
        if (gap > 4) {
          const auto& m = clusters[c].members.front();
          problem(page_lines[m.first]->src->number,
                  "figures at columns " + std::to_string(int(clusters[c].lo)) + "-" +
                      std::to_string(int(clusters[c].hi)) + " are " + std::to_string(int(gap)) +
                      " characters from the caption 「" + sl.caption +
                      "」; placed there by their order",
                  ShowLine(*page_lines[m.first]->src));
        }
      }
      std::map<std::pair<size_t, size_t>, int> slot_of;
      for (size_t c = 0; c < clusters.size(); ++c)
        for (auto m : clusters[c].members) slot_of[m] = match[c];
      // Items.
      for (size_t i = 0; i < frs.size(); ++i) {
        const SourceLine* src = page_lines[i]->src;
        Item it;
        it.line = src->number;
        it.src = src;
        if (src->blank) {
          it.blank = true;
          items[s].push_back(std::move(it));
          continue;
        }
        if (frs[i].empty()) continue;  // only the other side has something here
        std::vector<U32> label_pieces;
        std::vector<std::vector<U32>> by_column(text_bounds[s].size() + 1);
        for (size_t j = 0; j < frs[i].size(); ++j) {
          const Fragment& f = frs[i][j];
          switch (roles[i][j]) {
            case kCode: {
              std::vector<std::string> parts = SplitCode(f.text);
              if (parts.empty()) {
                parts.push_back(EncodeUtf8(FoldWidth(f.text)));
                if (it.code.empty()) it.code_is_part = true;
              }
              for (auto& p : parts) it.code.push_back(p);
              break;
            }
            case kCaption: {
              label_pieces.push_back(f.text);
              size_t col = 0;
              while (col < text_bounds[s].size() && f.start >= text_bounds[s][col]) ++col;
              by_column[col].push_back(f.text);
              break;
            }
            case kStray:
              problem(src->number, "text among the figures: «" + Clean(f.text) + "»",
                      ShowLine(*src));
              break;
            case kBroken:
              problem(src->number, "not a figure: «" + Clean(f.text) + "»", ShowLine(*src));
              break;
            case kFigure: {
              int slot = slot_of.count({i, j}) ? slot_of[{i, j}] : -1;
              if (slot < 0) {
                problem(src->number, "figure " + Clean(f.text) + " is under no column caption",
                        ShowLine(*src));
                break;
              }
              if (f.kind == Fragment::Kind::kBlank) {
                it.blank_slots.push_back(slot);
              } else {
                it.values.push_back({slot, f.value});
              }
              break;
            }
          }
        }
        if (it.code.size() > 1) it.code_is_part = false;
        it.label = JoinPieces(label_pieces);
        for (auto& pieces : by_column) it.column_text.push_back(JoinPieces(pieces));
        items[s].push_back(std::move(it));
      }
    }
    // A page break separates rows as a blank line does.
    for (size_t s = 0; s < nsides; ++s) {
      Item sep;
      sep.blank = true;
      sep.line = lines[page_end - 1].src->number;
      items[s].push_back(sep);
    }
    k = page_end;
  }
  for (size_t s = 0; s < nsides; ++s)
    if (slots_from_data[s] && !slots[s].empty())
      problem(meta.line, "no captions over the figures; columns numbered by position", "");

  // 3. Rows of each side.
  std::vector<DisclosureTable> tables(nsides);
  for (size_t s = 0; s < nsides; ++s) {
    std::vector<Item>& its = items[s];
    size_t n = its.size();
    bool code_table = false;
    size_t max_label = 0;
    for (const Item& it : its) {
      if (!it.code.empty() && !it.code_is_part) code_table = true;
      max_label = std::max(max_label, Squash(it.label).size());
    }
    auto wrapped = [&](const U32& label) {
      U32 sq = Squash(label);
      return !sq.empty() && sq.size() + 1 >= max_label && !EndsComplete(sq);
    };
    // Pass 1: anchors.
    std::vector<char> anchor(n, 0), to_prev(n, 0);
    int prev_anchor = -1;
    int prev_label_item = -1;
    bool blank_since_anchor = false, blank_since_label = false;
    for (size_t i = 0; i < n; ++i) {
      const Item& it = its[i];
      if (it.blank) {
        blank_since_anchor = blank_since_label = true;
        continue;
      }
      U32 sq = Squash(it.label);
      if (!it.code.empty()) {
        if (it.code_is_part && prev_anchor >= 0 && !blank_since_anchor &&
            its[size_t(prev_anchor)].code.size() == 1) {
          to_prev[i] = 1;  // "302" above, "01 办公费" below
        } else {
          anchor[i] = 1;
        }
      } else if (!sq.empty()) {
        if (code_table) {
          const Item* pa = prev_anchor >= 0 ? &its[size_t(prev_anchor)] : nullptr;
          bool right_after = pa && size_t(prev_anchor) + 1 == i;
          if (IsTotalLabel(sq) || StartsWithRowMarker(sq)) {
            anchor[i] = 1;
          } else if (right_after && !pa->code.empty() && pa->label.empty() && it.has_values()) {
            to_prev[i] = 1;  // the caption of the code above ("30207" / "邮电费  8.05")
          } else if (it.has_values()) {
            anchor[i] = 1;
          }
        } else {
          bool continuation = prev_label_item >= 0 && !blank_since_label &&
                              wrapped(its[size_t(prev_label_item)].label) &&
                              !StartsWithRowMarker(sq) && !IsTotalLabel(sq);
          if (continuation) {
            to_prev[i] = 1;
          } else {
            anchor[i] = 1;
          }
        }
        prev_label_item = int(i);
        blank_since_label = false;
      }
      if (anchor[i]) {
        prev_anchor = int(i);
        blank_since_anchor = false;
      }
    }
    std::vector<int> anchors;
    for (size_t i = 0; i < n; ++i)
      if (anchor[i]) anchors.push_back(int(i));
    std::vector<int> owner(n, -1);
    for (int a : anchors) owner[size_t(a)] = a;
    auto prev_of = [&](size_t i) {
      auto it = std::lower_bound(anchors.begin(), anchors.end(), int(i));
      return it == anchors.begin() ? -1 : *(it - 1);
    };
    auto next_of = [&](size_t i) {
      auto it = std::upper_bound(anchors.begin(), anchors.end(), int(i));
      return it == anchors.end() ? -1 : *it;
    };
    for (size_t i = 0; i < n; ++i) {
      if (!to_prev[i]) continue;
      int a = prev_of(i);
      owner[i] = a >= 0 ? a : next_of(i);
    }
    // Captions between two anchors: split by blank lines, then by where wrapped captions sit.
    auto is_caption_item = [&](size_t i) {
      return !its[i].blank && !anchor[i] && owner[i] < 0 && !its[i].label.empty();
    };
    std::vector<int> above(n, 0), below(n, 0);      // caption lines given to each anchor
    std::vector<U32> last_above(n), last_below(n);  // the nearest of them
    auto give = [&](size_t i, int a) {
      owner[i] = a;
      if (its[i].label.empty()) return;
      if (int(i) < a) {
        ++above[size_t(a)];
        last_above[size_t(a)] = its[i].label;
      } else {
        ++below[size_t(a)];
        last_below[size_t(a)] = its[i].label;
      }
    };
    for (size_t i = 0; i < n; ++i)
      if (owner[i] >= 0 && !anchor[i]) give(i, owner[i]);
    for (size_t g = 0; g <= anchors.size(); ++g) {
      int A = g == 0 ? -1 : anchors[g - 1];
      int B = g == anchors.size() ? -1 : anchors[g];
      size_t from = A < 0 ? 0 : size_t(A) + 1;
      size_t to = B < 0 ? n : size_t(B);
      // Runs of caption lines, split at blank lines.
      std::vector<std::vector<size_t>> runs(1);
      std::vector<bool> touches_a(1, true);
      for (size_t i = from; i < to; ++i) {
        if (its[i].blank) {
          if (!runs.back().empty() || runs.size() == 1) {
            runs.push_back({});
            touches_a.push_back(false);
          }
          continue;
        }
        if (is_caption_item(i)) runs.back().push_back(i);
      }
      for (size_t r = 0; r < runs.size(); ++r) {
        const std::vector<size_t>& run = runs[r];
        if (run.empty()) continue;
        bool last = r + 1 == runs.size();
        bool ta = touches_a[r] && A >= 0;
        bool tb = last && B >= 0;
        if (A < 0 && B < 0) continue;
        if (A < 0 || (!ta && tb) || (!ta && !tb && B >= 0)) {
          for (size_t i : run) give(i, B);
          continue;
        }
        if (B < 0 || (ta && !tb)) {
          for (size_t i : run) give(i, A);
          continue;
        }
        // The run touches both anchors: choose the split.
        const Item& ia = its[size_t(A)];
        const Item& ib = its[size_t(B)];
        // Caption lines B will have below it: those already given to it, else the caption
        // line that follows it (a caption centred on its code line has one below).
        int b_below = 0;
        size_t after_b = size_t(B) + 1;
        while (after_b < n && !its[after_b].blank && owner[after_b] == B) {
          if (!its[after_b].label.empty()) ++b_below;
          ++after_b;
        }
        if (b_below == 0 && after_b < n && is_caption_item(after_b)) b_below = 1;
        size_t m = run.size();
        double best = kInf;
        size_t best_s = 0;
        // Costs of giving the first `split` lines to A, as prefix sums (a run may be long):
        // a line that continues a caption that was not cut off, a line that starts a row.
        std::vector<int> unwrapped_before(m + 1, 0), starts_row(m + 1, 0);
        {
          U32 prev = ia.label.empty() ? last_above[size_t(A)] : ia.label;
          if (below[size_t(A)] > 0) prev = last_below[size_t(A)];
          for (size_t q = 0; q < m; ++q) {
            unwrapped_before[q + 1] = unwrapped_before[q] + (!prev.empty() && !wrapped(prev));
            prev = its[run[q]].label;
            U32 sq = Squash(prev);
            starts_row[q + 1] = starts_row[q] + (StartsWithRowMarker(sq) || IsTotalLabel(sq));
          }
        }
        for (size_t split = 0; split <= m; ++split) {
          double cost = 0;
          bool a_has =
              !ia.label.empty() || above[size_t(A)] > 0 || below[size_t(A)] > 0 || split > 0;
          if (!a_has) cost += 100;
          if (!ia.label.empty() && above[size_t(A)] > 0) {
            // A caption centred on A's line: as many lines below as above.
            cost += 10 * std::abs(int(split) + below[size_t(A)] - above[size_t(A)]);
          } else {
            // A caption continues below only where it was cut off.
            cost += 20 * unwrapped_before[split];
            U32 last = ia.label.empty() ? last_above[size_t(A)] : ia.label;
            if (split == 0 && wrapped(last) && below[size_t(A)] == 0) cost += 20;
          }
          cost += 50 * starts_row[split];
          int up = int(m - split);
          if (!ib.label.empty()) {
            if (up > 0) cost += b_below > 0 ? 10 * std::abs(up - b_below) : 30 * up;
          } else {
            if (up == 0 && b_below == 0)
              cost += 100;
            else if (b_below > 0)
              cost += 10 * std::abs(up - b_below);
          }
          if (cost < best - 1e-9 || (std::abs(cost - best) < 1e-9 && split > best_s)) {
            best = cost;
            best_s = split;
          }
        }
        for (size_t q = 0; q < m; ++q) give(run[q], q < best_s ? A : B);
      }
    }
    // Lines with figures only: to the next anchor unless a blank line says otherwise or the
    // cells are taken there.
    std::map<int, std::set<int>> taken;        // anchor -> slots
    std::vector<int> blanks_before(n + 1, 0);  // blank items among the first i
    for (size_t i = 0; i < n; ++i) blanks_before[i + 1] = blanks_before[i] + its[i].blank;
    for (size_t i = 0; i < n; ++i) {
      if (owner[i] < 0) continue;
      for (auto& v : its[i].values) taken[owner[i]].insert(v.first);
    }
    for (size_t i = 0; i < n; ++i) {
      const Item& it = its[i];
      if (it.blank || owner[i] >= 0 || anchor[i]) continue;
      if (!it.has_values() && it.blank_slots.empty() && it.label.empty() && it.code.empty())
        continue;
      int A = prev_of(i), B = next_of(i);
      if (A < 0 && B < 0) {
        owner[i] = -2;  // a row of its own
        continue;
      }
      // Blank lines between A and this line, and between it and B.
      bool blank_a = A >= 0 && blanks_before[i] > blanks_before[size_t(A) + 1];
      bool blank_b = B >= 0 && blanks_before[size_t(B)] > blanks_before[i + 1];
      int pref = B >= 0 ? B : A, other = B >= 0 ? A : -1;
      if (A >= 0 && B >= 0 && blank_b && !blank_a) std::swap(pref, other);
      auto conflicts = [&](int a) {
        if (a < 0) return true;
        for (auto& v : it.values)
          if (taken[a].count(v.first)) return true;
        return false;
      };
      if (conflicts(pref) && other >= 0 && !conflicts(other)) std::swap(pref, other);
      owner[i] = pref;
      for (auto& v : it.values) taken[pref].insert(v.first);
    }

    // Build rows.
    DisclosureTable& t = tables[s];
    for (const Slot& sl : slots[s]) t.columns.push_back(sl.caption);
    t.text_columns = text_captions[s];
    std::map<int, std::vector<size_t>> members;
    std::vector<int> order;
    for (size_t i = 0; i < n; ++i) {
      if (its[i].blank) continue;
      int o = owner[i];
      if (o == -1) {
        // Nothing took it: say so rather than drop its text and figures unseen.
        const Item& it = its[i];
        if (!it.label.empty() || !it.code.empty() || it.has_values())
          problem(it.line,
                  std::string("a line of this table was placed in no row") +
                      (it.has_values() ? "; its figures are not read" : ""),
                  ShowLine(*it.src));
        continue;
      }
      int key = o == -2 ? -int(i) - 10 : o;
      if (!members.count(key)) order.push_back(key);
      members[key].push_back(i);
    }
    std::vector<std::string> previous_code;
    bool inherited_reported = false;
    std::vector<std::pair<int, DisclosureRow>> rows;  // (first item index, row)
    for (int key : order) {
      std::vector<size_t>& mem = members[key];
      std::sort(mem.begin(), mem.end());
      DisclosureRow row;
      row.line = its[mem.front()].line;
      row.values.assign(slots[s].size(), std::nullopt);
      std::vector<std::vector<U32>> column_pieces(text_bounds[s].size() + 1);
      std::vector<std::string> code;
      bool part_only = false;
      for (size_t i : mem) {
        const Item& it = its[i];
        if (!it.code.empty()) {
          if (code.empty()) part_only = it.code_is_part;
          for (auto& p : it.code) code.push_back(p);
        }
        for (size_t col = 0; col < it.column_text.size() && col < column_pieces.size(); ++col)
          if (!it.column_text[col].empty()) column_pieces[col].push_back(it.column_text[col]);
        for (auto& [slot, value] : it.values) {
          if (slot < 0 || size_t(slot) >= row.values.size()) continue;
          if (row.values[size_t(slot)]) {
            problem(it.line,
                    "two figures for one cell (" + t.columns[size_t(slot)] +
                        "): " + ShowFigure(*row.values[size_t(slot)]) + " and " + ShowFigure(value),
                    ShowLine(*it.src));
            continue;
          }
          row.values[size_t(slot)] = value;
        }
      }
      if (part_only && !previous_code.empty()) {
        std::vector<std::string> full;
        full.push_back(previous_code[0]);
        if (previous_code.size() >= 2 && code.size() == 1) full.push_back(previous_code[1]);
        for (auto& p : code) full.push_back(p);
        if (full.size() > 3) full.resize(3);
        code = full;
        if (!inherited_reported) {
          problem(row.line, "code printed without its 类/款; taken from the rows above",
                  ShowLine(*its[mem.front()].src));
          inherited_reported = true;
        }
      }
      if (code.size() > 3) {
        problem(row.line, "more code parts than 类/款/项: " + JoinCode(code),
                ShowLine(*its[mem.front()].src));
        code.resize(3);
      }
      row.code_parts = code;
      row.code = JoinCode(code);
      if (!code.empty()) previous_code = code;
      row.label = EncodeUtf8(JoinPieces(column_pieces[0]));
      for (size_t col = 1; col < column_pieces.size(); ++col)
        row.texts.push_back(EncodeUtf8(JoinPieces(column_pieces[col])));
      rows.push_back({int(mem.front()), std::move(row)});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.line < b.second.line; });
    for (auto& r : rows) t.rows.push_back(std::move(r.second));
  }

  // Side-by-side halves: parts, or one list printed in two columns.
  bool merge = nsides == 2 && side_caption[0].empty() && side_caption[1].empty() &&
               tables[0].columns == tables[1].columns && !tables[0].columns.empty();
  if (merge) {
    for (auto& r : tables[1].rows) tables[0].rows.push_back(std::move(r));
    tables.resize(1);
  }
  for (size_t s = 0; s < tables.size(); ++s) {
    DisclosureTable& t = tables[s];
    t.number = meta.number;
    t.title = meta.title;
    t.unit = meta.unit;
    t.line = meta.line;
    if (tables.size() > 1)
      t.part =
          side_caption[s].empty() ? "第" + std::to_string(s + 1) + "栏" : PartName(side_caption[s]);
    SetEmpty(&t);
  }
  out.tables = std::move(tables);
  return out;
}

}  // namespace suan::disclosure
