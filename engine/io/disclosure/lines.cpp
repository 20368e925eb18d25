#include "engine/io/disclosure/lines.hpp"

#include <algorithm>

namespace suan::disclosure {

namespace {

// A line laid out with spaces: two or more gaps of three spaces or more between its words.
bool IsSpacedGrid(U32View text) {
  U32View t = Trim(text);
  int gaps = 0, run = 0;
  for (char32_t c : t) {
    if (c == U'\t') return false;
    if (c == U' ' || c == 0x3000) {
      ++run;
    } else {
      if (run >= 3) ++gaps;
      run = 0;
    }
  }
  return gaps >= 2;
}

// Tabs expanded to the next multiple of eight characters.
U32 ExpandTabs(U32View text) {
  U32 out;
  for (char32_t c : text) {
    if (c != U'\t') {
      out.push_back(c);
      continue;
    }
    do out.push_back(U' ');
    while (out.size() % 8 != 0);
  }
  return out;
}

}  // namespace

std::vector<SourceLine> SplitLines(std::string_view text) {
  std::vector<SourceLine> lines;
  U32 all = DecodeUtf8(text);
  if (!all.empty() && all.front() == 0xFEFF) all.erase(0, 1);  // a byte order mark
  int page = 0;
  size_t start = 0;
  int number = 1;
  while (start <= all.size()) {
    size_t nl = all.find(U'\n', start);
    size_t end = nl == U32::npos ? all.size() : nl;
    if (nl == U32::npos && start == all.size() && number > 1) break;  // final newline
    SourceLine line;
    line.number = number++;
    for (size_t i = start; i < end; ++i) {
      char32_t c = all[i];
      if (c == U'\f') {
        ++page;
        continue;
      }
      if (c == U'\r' || c == 0) continue;
      if (c == U'\t') line.has_tab = true;
      line.text.push_back(c);
    }
    line.page = page;
    line.squashed = Squash(line.text);
    line.blank = line.squashed.empty();
    lines.push_back(std::move(line));
    if (nl == U32::npos) break;
    start = nl + 1;
  }
  // Text laid out with spaces (pdftotext -layout) in which some runs of spaces became tabs (an
  // editor that tabifies): more lines aligned with spaces than lines with tabs. Its tabs are
  // layout, not cell separators: expanded, as the editor would show them.
  size_t tabbed = 0, spaced = 0;
  for (const SourceLine& l : lines) {
    if (l.has_tab)
      ++tabbed;
    else if (IsSpacedGrid(l.text))
      ++spaced;
  }
  if (tabbed > 0 && spaced > tabbed) {
    for (SourceLine& l : lines) {
      if (!l.has_tab) continue;
      l.text = ExpandTabs(l.text);
      l.has_tab = false;
    }
  }
  return lines;
}

namespace {

// The position just after the first occurrence of `key` followed by ':' in squashed text,
// skipping occurrences preceded by one of `not_after`.
size_t AfterKey(U32View s, U32View key, U32View not_after = U"") {
  size_t from = 0;
  while (true) {
    size_t p = s.find(key, from);
    if (p == U32View::npos) return U32View::npos;
    size_t colon = p + key.size();
    bool excluded = p > 0 && not_after.find(s[p - 1]) != U32View::npos;
    if (!excluded && colon < s.size() && (s[colon] == U':' || s[colon] == U'：')) return colon + 1;
    from = p + 1;
  }
}

bool IsSentencePunct(char32_t c) {
  // On squashed text the full-width ，；！？ are already folded to ASCII.
  return c == U'，' || c == U'。' || c == U'；' || c == U';' || c == U'！' || c == U'？' ||
         c == U',' || c == U'!' || c == U'?';
}

// A comma between digits is a thousands separator, not punctuation.
bool IsSentencePunctAt(U32View s, size_t i) {
  if (!IsSentencePunct(s[i])) return false;
  if (s[i] == U',' && i > 0 && i + 1 < s.size() && IsDigit(s[i - 1]) && IsDigit(s[i + 1]))
    return false;
  return true;
}

}  // namespace

bool IsUnitLine(const SourceLine& line, std::string* unit) {
  U32View s = line.squashed;
  if (s.size() > 60) return false;
  size_t p = AfterKey(s, U"单位", U"制算属级");
  if (p == U32View::npos) return false;
  U32View rest = s.substr(p);
  static const U32View kUnits[] = {U"百万元", U"千万元", U"亿元", U"万元", U"千元", U"元"};
  for (U32View u : kUnits) {
    if (StartsWith(rest, u)) {
      if (unit) *unit = EncodeUtf8(u);
      return true;
    }
  }
  return false;
}

bool IsOrganisationLine(const SourceLine& line, std::string* organisation) {
  U32View s = line.squashed;
  if (s.size() > 80) return false;
  static const U32View kKeys[] = {U"编制部门", U"编制单位", U"单位名称",
                                  U"部门名称", U"填报单位", U"预算单位"};
  for (U32View key : kKeys) {
    if (!StartsWith(s, key)) continue;
    size_t p = AfterKey(s, key);
    if (p != key.size() + 1) continue;
    U32View rest = s.substr(p);
    size_t unit = AfterKey(rest, U"单位", U"制算属级");
    if (unit != U32View::npos) rest = rest.substr(0, unit - 3);
    if (organisation) *organisation = EncodeUtf8(rest);
    return true;
  }
  return false;
}

namespace {

// The printed characters (not width-folded) of a piece of line.squashed: Squash drops spaces
// and folds one character to one, so offsets carry over.
std::string Printed(const SourceLine& line, U32View squashed_piece) {
  size_t offset = size_t(squashed_piece.data() - line.squashed.data());
  U32 printed;
  for (char32_t c : line.text)
    if (!IsSpace(FoldWidth(c)) && c != U'\f') printed.push_back(c);
  if (offset > printed.size()) return EncodeUtf8(squashed_piece);
  return EncodeUtf8(U32View(printed).substr(offset, squashed_piece.size()));
}

bool IsNumberAfterBiao(U32View body) {
  size_t i = StartsWith(body, U"附表") ? 2 : StartsWith(body, U"表") ? 1 : 0;
  if (i == 0) return false;
  size_t j = i;
  while (j < body.size() &&
         (IsDigit(body[j]) || Contains(U"一二三四五六七八九十", body.substr(j, 1))))
    ++j;
  return j > i && j == body.size();
}

}  // namespace

bool IsTitleLike(const SourceLine& line, std::string* title, bool* continued) {
  U32View s = line.squashed;
  // Strip a list bullet ("- ") and a trailing unit ("单位：万元" on the title line).
  while (!s.empty() && (s.front() == U'-' || s.front() == 0x2022 || s.front() == 0x00B7 ||
                        s.front() == U'*' || s.front() == 0x25CF))
    s.remove_prefix(1);
  size_t unit = s.find(U"单位:");
  if (unit != U32View::npos && unit > 0) s = s.substr(0, unit);
  if (s.size() < 3 || s.size() > 40 || IsPartHeading(line)) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (IsSentencePunctAt(s, i) || s[i] == U':') return false;
  bool cont = false;
  if (EndsWith(s, U"(续)")) {
    cont = true;
    s.remove_suffix(3);
  } else if (EndsWith(s, U"续表")) {
    cont = true;
    s.remove_suffix(2);
  } else if (EndsWith(s, U"续")) {
    cont = true;
    s.remove_suffix(1);
  }
  if (!EndsWith(s, U"表") && !cont) return false;
  size_t marker = RowMarkerLength(s);
  if (marker > 0 && !StartsWith(s, U"其中")) s.remove_prefix(marker);
  if (s.size() < 3 || IsNumberAfterBiao(s)) return false;
  if (title) *title = Printed(line, s);
  if (continued) *continued = cont;
  return true;
}

std::optional<int> TableNumberMarker(const SourceLine& line, std::string* title) {
  U32View s = line.squashed;
  if (s.size() > 50) return std::nullopt;
  size_t i = 0;
  if (StartsWith(s, U"附表"))
    i = 2;
  else if (StartsWith(s, U"表"))
    i = 1;
  else
    return std::nullopt;
  // Arabic digits, or the longest run of Chinese numerals that reads as a number ("表一一般
  // 公共预算…" is 表一 and 一般…).
  size_t j = i;
  int n = -1;
  if (j < s.size() && IsDigit(s[j])) {
    while (j < s.size() && IsDigit(s[j])) ++j;
    n = ParseChineseNumber(s.substr(i, j - i));
  } else {
    size_t run = i;
    while (run < s.size() && Contains(U"一二三四五六七八九十", s.substr(run, 1))) ++run;
    for (j = run; j > i; --j) {
      n = ParseChineseNumber(s.substr(i, j - i));
      if (n > 0) break;
    }
  }
  if (j == i || n <= 0) return std::nullopt;
  U32View rest = s.substr(j);
  while (!rest.empty() && (rest.front() == U':' || rest.front() == U'、' || rest.front() == U'.'))
    rest.remove_prefix(1);
  if (StartsWith(rest, U"(续)")) rest.remove_prefix(3);
  if (title) title->clear();
  if (rest.empty()) return n;
  size_t unit = rest.find(U"单位:");
  if (unit != U32View::npos) rest = rest.substr(0, unit);
  if (!(EndsWith(rest, U"表") || EndsWith(rest, U"(续)"))) return std::nullopt;  // "表1中…"
  if (EndsWith(rest, U"(续)")) rest.remove_suffix(3);
  if (title) *title = Printed(line, rest);
  return n;
}

bool IsYearCaption(const SourceLine& line) {
  U32View s = line.squashed;
  if (s.size() < 4 || s.size() > 14) return false;
  if (!(s.front() == U'(' || s.front() == U'（')) return false;
  if (!(s.back() == U')' || s.back() == U'）')) return false;
  return Contains(s, U"年");
}

bool IsPageNumber(const SourceLine& line) {
  U32View s = line.squashed;
  if (s.empty() || s.size() > 12) return false;
  // 第 3 页 / 第3页共12页
  if (StartsWith(s, U"第") && Contains(s, U"页")) {
    for (char32_t c : s)
      if (!(IsDigit(c) || c == U'第' || c == U'页' || c == U'共' || c == U'/' || c == U',' ||
            c == U'，'))
        return false;
    return true;
  }
  size_t digits = 0;
  for (char32_t c : s) {
    if (IsDigit(c)) {
      ++digits;
      continue;
    }
    if (c == U'-' || c == 0x2014 || c == 0x2013 || c == U'/' || c == U'—') continue;
    return false;
  }
  return digits > 0 && digits <= 4;
}

bool IsPartHeading(const SourceLine& line) {
  U32View s = line.squashed;
  if (!StartsWith(s, U"第")) return false;
  size_t i = 1;
  while (i < s.size() && Contains(U"一二三四五六七八九十", s.substr(i, 1))) ++i;
  return i > 1 && i < s.size() && s[i] == U'部' && i + 1 < s.size() && s[i + 1] == U'分';
}

bool IsNoteLine(const SourceLine& line) {
  U32View s = line.squashed;
  if (StartsWith(s, U"注:") || StartsWith(s, U"说明:") || StartsWith(s, U"备注:")) return true;
  if (StartsWith(s, U"注") && s.size() > 2 && IsDigit(s[1])) return true;
  return false;
}

bool IsProseLine(const SourceLine& line) {
  U32View s = line.squashed;
  if (s.size() < 16) return false;
  bool punct = false;
  for (size_t i = 0; i < s.size(); ++i)
    if (IsSentencePunctAt(s, i)) punct = true;
  if (!punct) return false;
  // No wide gap between words (a table row has its cells apart).
  U32View t = Trim(line.text);
  int run = 0;
  for (char32_t c : t) {
    if (IsSpace(c)) {
      if (++run >= 4) return false;
    } else {
      run = 0;
    }
  }
  return true;
}

bool IsEmptyTableNote(U32View s) {
  return Contains(s, U"空表") || Contains(s, U"无数据") || Contains(s, U"本表无") ||
         (Contains(s, U"没有") && Contains(s, U"表")) || Contains(s, U"不涉及");
}

namespace {

bool IsDateOrUnitStart(char32_t c) {
  return Contains(U"年月日号届期批个万元%", U32View(&c, 1));
}

struct Token {
  int start, end;
  U32 text;
  Fragment::Kind kind;
  double value;
};

Fragment::Kind Classify(U32View t, double* value) {
  U32 f = FoldWidth(t);
  bool all_digits = !f.empty();
  for (char32_t c : f)
    if (!IsDigit(c)) all_digits = false;
  Amount a = ParseAmount(t);
  if (a.kind == Amount::Kind::kBlank) return Fragment::Kind::kBlank;
  if (a.kind == Amount::Kind::kNumber) {
    *value = a.value;
    return all_digits ? Fragment::Kind::kInteger : Fragment::Kind::kNumber;
  }
  return Fragment::Kind::kText;
}

}  // namespace

std::vector<Fragment> SplitFragments(U32View line) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < line.size();) {
    if (IsSpace(line[i]) || line[i] == U'\f') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < line.size() && !IsSpace(line[j]) && line[j] != U'\f') ++j;
    U32View word = line.substr(i, j - i);
    // A code glued to its caption: "310资本性支出", "30207邮电费".
    size_t d = 0;
    while (d < word.size() && IsDigit(FoldWidth(word[d]))) ++d;
    if ((d == 3 || d == 5 || d == 7) && d < word.size() && IsIdeograph(word[d]) &&
        !IsDateOrUnitStart(word[d])) {
      double v = 0;
      tokens.push_back(
          {int(i), int(i + d), U32(word.substr(0, d)), Classify(word.substr(0, d), &v), v});
      tokens.push_back({int(i + d), int(j), U32(word.substr(d)), Fragment::Kind::kText, 0});
    } else {
      double v = 0;
      Fragment::Kind k = Classify(word, &v);
      tokens.push_back({int(i), int(j), U32(word), k, v});
    }
    i = j;
  }
  // Text words one space apart belong together; so does a number inside text ("提前下达 2025
  // 年…") and a number followed by 年/月/个/万元 ("2026 年").
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].kind != Fragment::Kind::kInteger && tokens[k].kind != Fragment::Kind::kNumber)
      continue;
    bool next_close = k + 1 < tokens.size() && tokens[k + 1].start - tokens[k].end == 1 &&
                      tokens[k + 1].kind == Fragment::Kind::kText;
    bool prev_close = k > 0 && tokens[k].start - tokens[k - 1].end == 1 &&
                      tokens[k - 1].kind == Fragment::Kind::kText;
    bool unit_after = next_close && IsDateOrUnitStart(tokens[k + 1].text.front());
    if ((next_close && prev_close) || unit_after) tokens[k].kind = Fragment::Kind::kText;
  }
  std::vector<Fragment> out;
  for (const Token& t : tokens) {
    if (!out.empty() && out.back().kind == Fragment::Kind::kText &&
        t.kind == Fragment::Kind::kText && t.start - out.back().end == 1) {
      out.back().text.push_back(U' ');
      out.back().text += t.text;
      out.back().end = t.end;
      continue;
    }
    Fragment f;
    f.start = t.start;
    f.end = t.end;
    f.text = t.text;
    f.kind = t.kind;
    f.value = t.value;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace suan::disclosure
