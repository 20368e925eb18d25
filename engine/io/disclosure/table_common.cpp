#include "engine/io/disclosure/table_common.hpp"

#include <cstdio>

namespace suan::disclosure {

bool IsKeyCaption(U32View s) {
  static const U32View kExact[] = {U"项目", U"科目", U"类",   U"款",  U"项",
                                   U"序号", U"栏次", U"行次", U"编号"};
  for (U32View e : kExact)
    if (s == e) return true;
  bool parts = !s.empty();  // "类款项" printed as one fragment
  for (char32_t c : s)
    if (c != U'类' && c != U'款' && c != U'项') parts = false;
  if (parts) return true;
  static const U32View kParts[] = {U"名称",     U"编码", U"代码",  U"功能分类",
                                   U"经济分类", U"内容", U"科目编"};
  for (U32View p : kParts)
    if (Contains(s, p)) return true;
  return false;
}

bool IsCodePartCaption(U32View s) {
  return s == U"类" || s == U"款" || s == U"项";
}

std::string PartName(U32View caption) {
  U32 s = Squash(caption);
  bool in = Contains(s, U"收入"), out = Contains(s, U"支出");
  if (in && !out) return "收入";
  if (out && !in) return "支出";
  return Clean(caption);
}

bool SplitLeadingCode(U32View text, std::vector<std::string>* parts, U32* rest) {
  U32View t = Trim(text);
  size_t i = 0;
  while (i < t.size() && (IsDigit(FoldWidth(t[i])) || FoldWidth(t[i]) == U'.')) ++i;
  if (i == 0) return false;
  std::vector<std::string> p = SplitCode(t.substr(0, i));
  if (p.empty()) return false;
  U32View r = t.substr(i);
  // The code must stand apart from the caption ("201 一般…") or be glued to CJK ("310资本…").
  if (!r.empty() && !IsSpace(r.front()) && !IsIdeograph(r.front())) return false;
  *parts = std::move(p);
  *rest = CleanSpaces(r);
  return true;
}

std::string JoinCode(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += p;
  return out;
}

U32 JoinPieces(const std::vector<U32>& pieces) {
  U32 out;
  for (const U32& piece : pieces) {
    U32 p = CleanSpaces(piece);
    if (p.empty()) continue;
    if (!out.empty() && IsAsciiAlnum(FoldWidth(out.back())) && IsAsciiAlnum(FoldWidth(p.front())))
      out.push_back(U' ');
    out += p;
  }
  return out;
}

void SetEmpty(DisclosureTable* table) {
  bool any = false;
  for (const DisclosureRow& row : table->rows)
    for (const std::optional<double>& v : row.values)
      if (v && *v != 0) any = true;
  table->empty = !any;
}

DisclosureTable ReadGridTable(const TableMeta& meta, const Region& region) {
  DisclosureTable t;
  t.number = meta.number;
  t.title = meta.title;
  t.unit = meta.unit;
  t.line = meta.line;
  for (const SourceLine* line : region) {
    if (line->blank) continue;
    std::vector<std::string> cells;
    std::vector<std::pair<int, int>> spans;
    if (line->has_tab) {
      size_t start = 0;
      while (start <= line->text.size()) {
        size_t tab = line->text.find(U'\t', start);
        cells.push_back(
            Clean(U32View(line->text).substr(start, tab == U32::npos ? U32::npos : tab - start)));
        if (tab == U32::npos) break;
        start = tab + 1;
      }
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
    } else {
      for (const Fragment& f : SplitFragments(line->text)) {
        cells.push_back(Clean(f.text));
        spans.push_back({f.start, f.end});
      }
    }
    if (cells.empty()) continue;
    DisclosureRow row;
    row.line = line->number;
    row.label = cells[0];
    row.texts.assign(cells.begin() + 1, cells.end());
    row.spans = std::move(spans);
    t.rows.push_back(std::move(row));
  }
  SetEmpty(&t);
  return t;
}

std::string ShowLine(const SourceLine& line) {
  // Tabs as " | ", runs of spaces as one (a -layout line stays readable), at most 200
  // characters (a problem is reported per figure of a line that may be very long).
  constexpr size_t kMaxShown = 200;
  U32View t = Trim(line.text);
  U32 out;
  for (char32_t c : t) {
    if (out.size() >= kMaxShown) {
      out += U"…";
      break;
    }
    if (c == U'\t') {
      out += !out.empty() && out.back() == U' ' ? U"| " : U" | ";
    } else if (c == U' ' && !out.empty() && out.back() == U' ') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  return EncodeUtf8(out);
}

std::string ShowFigure(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace suan::disclosure
