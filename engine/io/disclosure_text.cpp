// The document level of the disclosure reader: where tables start and end, the cover's
// organisation and year, the narrative, and the checks that need the whole text (a table
// the contents list but the text lacks, a gap in the 表 N numbers, text that ends inside a
// table). The tables themselves are read by engine/io/disclosure/{tab,aligned}_table.cpp.
#include "engine/io/disclosure_text.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "absl/status/status.h"
#include "engine/io/disclosure/narrative.hpp"
#include "engine/io/disclosure/table_common.hpp"

namespace suan {

namespace {

using namespace disclosure;  // NOLINT: the reader's own building blocks

constexpr size_t kMaxBytes = size_t(64) << 20;

struct Start {
  bool found = false;
  bool numbered = false;
  bool continued = false;  // the title says （续）
  TableMeta meta;
  size_t header = 0;  // first line after the title and its 编制部门/单位 lines
};

struct FoundTable {
  Start start;
  size_t end = 0;  // one past its last line
  bool tab = false;
  TableRead read;
  Region region;
  std::string note;
  int note_line = 0;
};

// A line of a -layout table: several fragments with wide gaps, no sentence.
bool IsGridLine(const SourceLine& line) {
  if (line.blank || IsProseLine(line)) return false;
  std::vector<Fragment> f = SplitFragments(line.text);
  if (f.size() < 2) return false;
  for (size_t i = 1; i < f.size(); ++i)
    if (f[i].start - f[i - 1].end >= 3) return true;
  return false;
}

// A table's title without the department and year some publishers put before it
// ("昌吉市人力资源和社会保障局2026年部门收支总体情况表", "2024年度收入支出决算总表"), squashed:
// what the contents list and a model name it by.
U32 TitleCore(const std::string& title) {
  U32 s = Squash(DecodeUtf8(title));
  for (size_t i = 0; i + 4 < s.size() && i < 40; ++i) {
    if (!(IsDigit(s[i]) && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3])) ||
        (i > 0 && IsDigit(s[i - 1])) || s[i + 4] != U'年')
      continue;
    size_t after = i + 5 + (i + 5 < s.size() && s[i + 5] == U'度' ? 1 : 0);
    if (s.size() - after >= 4) return s.substr(after);
  }
  return s;
}

std::string Quote(const std::string& s) {
  return s.empty() ? "" : ": " + s;
}

class Reader {
 public:
  Reader(std::string name, std::vector<SourceLine> lines)
      : name_(std::move(name)), lines_(std::move(lines)) {}

  DisclosureDocument Run();

 private:
  Start DetectStart(size_t i) const;
  size_t SkipMetadata(size_t j, Start* st) const;
  size_t RegionEnd(const Start& st, bool tab) const;
  bool SameTable(const Start& a, size_t line) const;
  void FindNote(FoundTable* t) const;
  void ReadCover(DisclosureDocument* doc) const;
  void AddProblem(DisclosureDocument* doc, int line, const std::string& message) const {
    doc->problems.push_back({Diagnostic::Kind::kLoad, name_ + ":" + std::to_string(line), message});
  }

  std::string name_;
  std::vector<SourceLine> lines_;
};

size_t Reader::SkipMetadata(size_t j, Start* st) const {
  while (j < lines_.size()) {
    const SourceLine& l = lines_[j];
    std::string v;
    if (l.blank || IsYearCaption(l)) {
      ++j;
    } else if (IsUnitLine(l, &v)) {
      if (st->meta.unit.empty()) st->meta.unit = v;
      std::string org;
      if (IsOrganisationLine(l, &org) && st->meta.organisation.empty()) st->meta.organisation = org;
      ++j;
    } else if (IsOrganisationLine(l, &v)) {
      if (st->meta.organisation.empty()) st->meta.organisation = v;
      ++j;
    } else {
      break;
    }
  }
  return j;
}

Start Reader::DetectStart(size_t i) const {
  Start st;
  const SourceLine& l = lines_[i];
  if (l.blank) return st;
  std::string title;
  if (std::optional<int> n = TableNumberMarker(l, &title)) {
    size_t j = i + 1;
    if (title.empty()) {
      // The title on one of the next lines.
      int seen = 0;
      for (size_t k = i + 1; k < lines_.size() && seen < 3; ++k) {
        if (lines_[k].blank) continue;
        ++seen;
        std::string t;
        bool cont = false;
        if (IsTitleLike(lines_[k], &t, &cont)) {
          title = t;
          st.continued = cont;
          j = k + 1;
          break;
        }
        if (IsUnitLine(lines_[k], nullptr) || IsOrganisationLine(lines_[k], nullptr) ||
            lines_[k].has_tab)
          break;
      }
    }
    st.meta.number = *n;
    st.meta.line = l.number;
    st.meta.title = title;
    st.numbered = true;
    IsUnitLine(l, &st.meta.unit);
    IsOrganisationLine(l, &st.meta.organisation);
    st.header = SkipMetadata(j, &st);
    bool has_grid =
        st.header < lines_.size() && (lines_[st.header].has_tab || IsGridLine(lines_[st.header]));
    if (title.empty() && st.meta.unit.empty() && !has_grid) return Start();
    st.found = true;
    return st;
  }
  bool cont = false;
  if (IsTitleLike(l, &title, &cont)) {
    bool confirmed = false;
    int seen = 0;
    for (size_t j = i + 1; j < lines_.size() && seen < 6; ++j) {
      const SourceLine& n = lines_[j];
      if (n.blank || IsYearCaption(n)) continue;
      ++seen;
      if (IsUnitLine(n, nullptr) || IsOrganisationLine(n, nullptr) || n.has_tab) {
        confirmed = true;
      } else if (seen == 1 && IsGridLine(n) && !IsTitleLike(n, nullptr, nullptr)) {
        confirmed = true;
      }
      break;
    }
    if (!confirmed) return st;
    st.meta.line = l.number;
    st.meta.title = title;
    st.continued = cont;
    IsUnitLine(l, &st.meta.unit);
    st.header = SkipMetadata(i + 1, &st);
    st.found = true;
    return st;
  }
  std::string unit;
  if (IsUnitLine(l, &unit)) {
    // A table with a unit line but no title.
    Start s2;
    s2.meta.line = l.number;
    s2.header = SkipMetadata(i, &s2);
    if (s2.header < lines_.size() && (lines_[s2.header].has_tab || IsGridLine(lines_[s2.header]))) {
      s2.found = true;
      return s2;
    }
  }
  return st;
}

// Whether line `line` restarts table `a` after a page break (same 表 N, or the same title
// with or without （续）).
bool Reader::SameTable(const Start& a, size_t line) const {
  std::string title;
  bool cont = false;
  if (std::optional<int> n = TableNumberMarker(lines_[line], &title))
    return a.numbered && *n == a.meta.number;
  if (IsTitleLike(lines_[line], &title, &cont))
    return cont && !a.meta.title.empty() &&
           Squash(DecodeUtf8(title)) == Squash(DecodeUtf8(a.meta.title));
  return false;
}

size_t Reader::RegionEnd(const Start& st, bool tab) const {
  size_t last = st.header;
  bool any = false;
  for (size_t j = st.header; j < lines_.size(); ++j) {
    const SourceLine& l = lines_[j];
    if (l.blank) continue;
    if (tab) {
      if (l.has_tab) {
        last = j;
        any = true;
        continue;
      }
      if (SameTable(st, j)) continue;
      if (TableNumberMarker(l, nullptr) || IsTitleLike(l, nullptr, nullptr)) break;
      if (IsUnitLine(l, nullptr) || IsOrganisationLine(l, nullptr) || IsYearCaption(l) ||
          IsPageNumber(l))
        continue;
      break;
    }
    if (SameTable(st, j)) continue;
    bool titled = TableNumberMarker(l, nullptr).has_value() || IsTitleLike(l, nullptr, nullptr);
    if (titled && DetectStart(j).found) break;
    // 编制部门/单位 lines of a page break continue the table (a new one has a title).
    if (IsUnitLine(l, nullptr) || IsOrganisationLine(l, nullptr) || IsYearCaption(l)) continue;
    if (IsNoteLine(l) || IsPartHeading(l) || IsProseLine(l)) break;
    if (!titled && DetectStart(j).found) break;
    last = j;
    any = true;
  }
  return any ? last + 1 : st.header;
}

void Reader::FindNote(FoundTable* t) const {
  int seen = 0;
  for (size_t j = t->end; j < lines_.size() && seen < 6; ++j) {
    const SourceLine& l = lines_[j];
    if (l.blank) continue;
    ++seen;
    if (IsPartHeading(l) || DetectStart(j).found) return;
    if (IsEmptyTableNote(l.squashed)) {
      t->note = Clean(l.text);
      t->note_line = l.number;
      return;
    }
  }
}

void Reader::ReadCover(DisclosureDocument* doc) const {
  U32 cover;
  int taken = 0;
  for (const SourceLine& l : lines_) {
    if (l.blank) continue;
    if (Contains(l.squashed, U"目录") || IsPartHeading(l) || TableNumberMarker(l, nullptr) ||
        l.has_tab || taken >= 4)
      break;
    char32_t first = Trim(l.text).front();
    if (first < 0x80 && IsAsciiAlnum(first) && !IsDigit(first)) continue;  // "SOURCE: …"
    cover += l.squashed;
    ++taken;
  }
  // The year: 2026年 / 2024年度.
  size_t year_at = U32::npos, year_len = 0;
  for (size_t i = 0; i + 4 < cover.size(); ++i) {
    if (!(IsDigit(cover[i]) && IsDigit(cover[i + 1]) && IsDigit(cover[i + 2]) &&
          IsDigit(cover[i + 3])))
      continue;
    if (i > 0 && IsDigit(cover[i - 1])) continue;
    if (cover[i + 4] != U'年') continue;
    int y = int(cover[i] - U'0') * 1000 + int(cover[i + 1] - U'0') * 100 +
            int(cover[i + 2] - U'0') * 10 + int(cover[i + 3] - U'0');
    if (y < 1990 || y > 2100) continue;
    doc->year = y;
    year_at = i;
    year_len = (i + 5 < cover.size() && cover[i + 5] == U'度') ? 6 : 5;
    break;
  }
  if (doc->organisation.empty() && year_at != U32::npos) {
    U32 before = cover.substr(0, year_at);
    U32 after = cover.substr(year_at + year_len);
    U32 org = before;
    if (org.size() < 2) {
      org = after;
      static const U32View kEnds[] = {U"部门预算", U"部门决算", U"预算", U"决算"};
      for (U32View e : kEnds) {
        size_t p = org.find(e);
        if (p != U32::npos) {
          org = org.substr(0, p);
          break;
        }
      }
    }
    if (org.size() >= 2 && org.size() <= 40) doc->organisation = EncodeUtf8(org);
  }
}

DisclosureDocument Reader::Run() {
  DisclosureDocument doc;
  std::vector<FoundTable> found;
  std::vector<std::vector<const SourceLine*>> segments(1);
  std::vector<std::pair<int, std::string>> contents;  // (line, title) listed before the tables
  std::vector<int> contents_number;                   // its enumeration (四、 -> 4), or -1
  size_t first_table = lines_.size();
  for (size_t i = 0; i < lines_.size();) {
    Start st = DetectStart(i);
    if (!st.found) {
      std::string title;
      // Contents: "一、收入支出决算总表" (enumerated) before the first table.
      U32View sq = lines_[i].squashed;
      while (!sq.empty() && (sq.front() == U'-' || sq.front() == 0x2022)) sq.remove_prefix(1);
      if (found.empty() && StartsWithRowMarker(sq) && IsTitleLike(lines_[i], &title, nullptr)) {
        contents.push_back({lines_[i].number, title});
        size_t m = RowMarkerLength(sq);
        contents_number.push_back(ParseChineseNumber(sq.substr(0, m > 0 ? m - 1 : 0)));
      }
      segments.back().push_back(&lines_[i]);
      ++i;
      continue;
    }
    if (found.empty()) first_table = i;
    FoundTable t;
    t.start = st;
    size_t probe = st.header;
    while (probe < lines_.size() && lines_[probe].blank) ++probe;
    t.tab = probe < lines_.size() && lines_[probe].has_tab;
    t.end = RegionEnd(st, t.tab);
    t.start.meta.organisation = st.meta.organisation;
    Region region;
    for (size_t j = st.header; j < t.end; ++j) region.push_back(&lines_[j]);
    t.read = t.tab ? ReadTabTable(st.meta, region) : ReadAlignedTable(st.meta, region);
    t.region = std::move(region);
    FindNote(&t);
    found.push_back(std::move(t));
    segments.emplace_back();
    i = std::max(found.back().end, i + 1);
  }
  (void)first_table;

  // Organisation and year.
  for (const FoundTable& t : found)
    if (doc.organisation.empty() && !t.start.meta.organisation.empty())
      doc.organisation = t.start.meta.organisation;
  ReadCover(&doc);

  // Tables: numbered ones are the disclosure's table set when the document numbers them.
  bool numbered = false;
  for (const FoundTable& t : found)
    if (t.start.numbered) numbered = true;
  // Unnumbered tables take the number the contents give them ("四、财政拨款收入支出决算总表"),
  // so that a missing table does not renumber the rest; else their order of appearance.
  // In a document whose tables are not numbered but listed in its contents, a grid after the
  // last listed table that the contents do not list and that states no unit is part of the
  // narrative (绩效目标表), as an unnumbered grid is in a numbered document.
  std::vector<bool> listed(found.size(), false), narrative_grid(found.size(), false);
  if (!numbered && contents.size() >= 3) {
    size_t last_listed = found.size();
    for (size_t k = 0; k < found.size(); ++k) {
      U32 title = TitleCore(found[k].start.meta.title);
      for (const auto& [line, entry] : contents)
        if (!title.empty() && TitleCore(entry) == title) listed[k] = true;
      if (listed[k]) last_listed = k;
    }
    for (size_t k = 0; last_listed < found.size() && k < found.size(); ++k)
      narrative_grid[k] = k > last_listed && found[k].start.meta.unit.empty();
  }
  std::vector<int> numbers;
  {
    std::set<int> used;
    bool from_contents = !numbered && contents.size() >= 3;
    for (size_t k = 0; k < found.size(); ++k) {
      const FoundTable& t = found[k];
      int n = -1;
      U32 title = TitleCore(t.start.meta.title);
      for (size_t c = 0; c < contents.size() && from_contents; ++c)
        if (!title.empty() && TitleCore(contents[c].second) == title && contents_number[c] > 0)
          n = contents_number[c];
      if (narrative_grid[k]) n = 0;
      if (n < 0 || (n > 0 && !used.insert(n).second)) from_contents = false;
      numbers.push_back(n);
    }
    if (!from_contents) {
      int order = 0;
      for (size_t k = 0; k < found.size(); ++k)
        numbers[k] = ((!numbered || found[k].start.numbered) && !narrative_grid[k]) ? ++order : 0;
    }
  }
  for (size_t k = 0; k < found.size(); ++k) {
    FoundTable& t = found[k];
    bool main = (!numbered || t.start.numbered) && !narrative_grid[k];
    const SourceLine& last_line = lines_[t.end > 0 ? t.end - 1 : 0];
    for (DisclosureTable& table : t.read.tables) {
      if (!t.start.numbered) table.number = main ? numbers[k] : 0;
      table.end_line = std::max(table.line, last_line.number);
      if (!t.note.empty()) table.empty_note = t.note;
    }
    if (!main) {
      DisclosureTable grid = ReadGridTable(t.start.meta, t.region);
      grid.end_line = std::max(grid.line, last_line.number);
      doc.other_tables.push_back(std::move(grid));
      continue;
    }
    std::string name;
    if (t.start.numbered) name = "表" + std::to_string(t.start.meta.number) + " ";
    name += t.start.meta.title.empty()
                ? "(untitled table at line " + std::to_string(t.start.meta.line) + ")"
                : t.start.meta.title;
    // A table that cannot be read at all would otherwise give a problem per figure: the first
    // ones are listed, the rest counted.
    constexpr size_t kMaxListed = 50;
    for (size_t q = 0; q < t.read.problems.size() && q < kMaxListed; ++q) {
      const Problem& p = t.read.problems[q];
      AddProblem(&doc, p.line, name + ": " + p.why + Quote(p.text));
    }
    if (t.read.problems.size() > kMaxListed)
      AddProblem(&doc, t.read.problems[kMaxListed].line,
                 name + ": " + std::to_string(t.read.problems.size() - kMaxListed) +
                     " more problems in this table, from this line on, not listed");
    bool any_rows = false;
    for (const DisclosureTable& table : t.read.tables) {
      if (!table.rows.empty()) any_rows = true;
      if (!table.empty_note.empty() && !table.empty)
        AddProblem(&doc, t.note_line,
                   name + (table.part.empty() ? "" : "（" + table.part + "）") +
                       ": declared empty but has figures" + Quote(table.empty_note));
    }
    if (!any_rows && t.note.empty())
      AddProblem(&doc, t.start.meta.line,
                 name + ": no rows under the header, and no note that the table is empty");
    // Text that ends inside a table (one that does not end with its 合计/总计 row).
    bool after = false;
    for (size_t j = t.end; j < lines_.size(); ++j)
      if (!lines_[j].blank) after = true;
    bool ends_with_total = false;
    for (const DisclosureTable& table : t.read.tables)
      if (!table.rows.empty() && IsTotalLabel(Squash(DecodeUtf8(table.rows.back().label))))
        ends_with_total = true;
    if (!after && !ends_with_total)
      AddProblem(
          &doc, last_line.number,
          name + ": the text ends inside this table (truncated?)" + Quote(ShowLine(last_line)));
    for (DisclosureTable& table : t.read.tables) doc.tables.push_back(std::move(table));
  }

  // Gaps in the numbering.
  if (numbered) {
    std::map<int, int> lines_of;  // number -> line
    for (const DisclosureTable& t : doc.tables) lines_of.emplace(t.number, t.line);
    int max = lines_of.empty() ? 0 : lines_of.rbegin()->first;
    for (int n = 1; n < max; ++n) {
      if (lines_of.count(n)) continue;
      auto next = lines_of.upper_bound(n);
      auto prev = lines_of.lower_bound(n);
      std::string around = prev != lines_of.begin()
                               ? "表" + std::to_string(std::prev(prev)->first) +
                                     " is followed by 表" + std::to_string(next->first)
                               : "the first table is 表" + std::to_string(next->first);
      AddProblem(&doc, next->second, "表" + std::to_string(n) + " is missing (" + around + ")");
    }
  }
  // Tables the contents list but the text lacks.
  if (contents.size() >= 3) {
    for (size_t c = 0; c < contents.size(); ++c) {
      const auto& [line, title] = contents[c];
      U32 want = TitleCore(title);
      bool present = false;
      for (const DisclosureTable& t : doc.tables) {
        U32 have = TitleCore(t.title);
        // The same title, or one a few characters longer ("…表（一）").
        size_t shorter = std::min(have.size(), want.size());
        size_t longer = std::max(have.size(), want.size());
        if (!have.empty() && (have == want || ((Contains(have, want) || Contains(want, have)) &&
                                               shorter * 5 >= longer * 4)))
          present = true;
      }
      if (!present)
        AddProblem(
            &doc, line,
            "the contents list 「" + title + "」" +
                (contents_number[c] > 0 ? " (item " + std::to_string(contents_number[c]) + ")"
                                        : "") +
                ", but no such table was found");
    }
  }
  if (doc.tables.empty()) AddProblem(&doc, 1, "no table found in the text");

  // Narrative.
  size_t widest = 0;
  std::vector<size_t> widths;
  for (const auto& seg : segments)
    for (const SourceLine* l : seg)
      if (!l->blank) widths.push_back(l->squashed.size());
  if (!widths.empty()) {
    std::sort(widths.begin(), widths.end());
    widest = widths[widths.size() * 9 / 10];
  }
  std::string heading;
  for (const auto& seg : segments) AppendParagraphs(seg, widest, &heading, &doc.paragraphs);
  std::stable_sort(doc.problems.begin(), doc.problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     auto line = [](const std::string& cell) {
                       size_t colon = cell.rfind(':');
                       return colon == std::string::npos ? 0 : std::atoi(cell.c_str() + colon + 1);
                     };
                     return line(a.cell) < line(b.cell);
                   });
  return doc;
}

}  // namespace

const DisclosureTable* DisclosureDocument::FindTable(int number, std::string_view part) const {
  for (const DisclosureTable& t : tables)
    if (t.number == number && (part.empty() || t.part == part)) return &t;
  return nullptr;
}

absl::StatusOr<DisclosureDocument> ReadDisclosureText(std::string_view text,
                                                      const std::string& source_name) {
  if (text.size() > kMaxBytes)
    return absl::InvalidArgumentError(source_name + ": " + std::to_string(text.size()) +
                                      " bytes is too large for a disclosure text");
  Reader reader(source_name, SplitLines(text));
  return reader.Run();
}

std::string FormatProblem(const Diagnostic& problem) {
  return problem.cell + ": " + problem.message;
}

}  // namespace suan
