// Tables whose cells are separated by tabs (one text line per table row).
//
// The header is the block of rows above the first row with a figure, a code, a total or a
// row caption; a caption spans the empty cells to its right that have captions below them
// (财政拨款（补助） over its six columns). Columns are code parts (类/款/项), text (科目名称,
// 项目名称) or figures; a text column that follows figure columns starts the second half of
// a side-by-side table (收入 | 支出).
#include <algorithm>

#include "engine/io/disclosure/table_common.hpp"

namespace suan::disclosure {

namespace {

constexpr size_t kMaxColumns = 200;

struct Cell {
  U32 raw;    // trimmed
  U32 clean;  // stray spaces removed
  U32 key;    // squashed
};

struct Row {
  const SourceLine* src = nullptr;
  std::vector<Cell> cells;
  bool empty_at(size_t c) const { return c >= cells.size() || cells[c].key.empty(); }
  const Cell& at(size_t c) const {
    static const Cell kEmpty;
    return c < cells.size() ? cells[c] : kEmpty;
  }
};

bool IsNumberCell(const Cell& c) {
  return !c.key.empty() && ParseAmount(c.raw).kind == Amount::Kind::kNumber;
}

bool IsCodeCell(const Cell& c) {
  if (c.key.empty()) return false;
  if (!SplitCode(c.key).empty() || IsCodePart(c.key)) return true;
  std::vector<std::string> parts;
  U32 rest;
  return SplitLeadingCode(c.raw, &parts, &rest);
}

// A row of the header block (above the first data row).
bool IsHeaderRow(const Row& row, size_t index) {
  size_t nonempty = 0;
  size_t first = row.cells.size();
  for (size_t c = 0; c < row.cells.size(); ++c) {
    if (row.cells[c].key.empty()) continue;
    if (IsNumberCell(row.cells[c])) return false;
    if (first == row.cells.size()) first = c;
    ++nonempty;
  }
  if (nonempty == 0) return false;
  const Cell& head = row.cells[first];
  if (IsCodeCell(head) || StartsWithRowMarker(head.key)) return false;
  // A total row's caption; in the header, 合计/小计 are captions over figure columns.
  if (IsTotalLabel(head.key) && (nonempty == 1 || first == 0)) return false;
  if (index == 0 || nonempty >= 2) return true;
  return IsCodePartCaption(head.key);
}

U32 RowKey(const Row& row) {
  U32 k;
  size_t last = row.cells.size();
  while (last > 0 && row.cells[last - 1].key.empty()) --last;
  for (size_t c = 0; c < last; ++c) {
    k += row.cells[c].key;
    k.push_back(U'\t');
  }
  return k;
}

enum class Role { kCode, kText, kValue };

struct Side {
  size_t first = 0, last = 0;  // columns, inclusive
  U32 caption;                 // the top caption spanning the side, if any
};

}  // namespace

TableRead ReadTabTable(const TableMeta& meta, const Region& region) {
  TableRead out;
  std::vector<Row> rows;
  for (const SourceLine* line : region) {
    if (line->blank || IsUnitLine(*line, nullptr) || IsOrganisationLine(*line, nullptr) ||
        IsYearCaption(*line))
      continue;
    if (!line->has_tab) {
      // Inside a tab table only a page number, a repeated title or 表 N marker may lack tabs.
      if (IsPageNumber(*line) || TableNumberMarker(*line, nullptr) ||
          IsTitleLike(*line, nullptr, nullptr))
        continue;
    }
    Row row;
    row.src = line;
    size_t start = 0;
    const U32& t = line->text;
    while (start <= t.size()) {
      size_t tab = t.find(U'\t', start);
      U32View piece = U32View(t).substr(start, tab == U32::npos ? U32::npos : tab - start);
      Cell cell;
      cell.raw = U32(Trim(piece));
      cell.clean = CleanSpaces(piece);
      cell.key = Squash(piece);
      row.cells.push_back(std::move(cell));
      if (tab == U32::npos) break;
      start = tab + 1;
    }
    while (!row.cells.empty() && row.cells.back().key.empty()) row.cells.pop_back();
    if (row.cells.empty()) continue;
    if (row.cells.size() > kMaxColumns) {
      out.problems.push_back({line->number,
                              "row has " + std::to_string(row.cells.size()) +
                                  " cells, more than a disclosure table has; cut to " +
                                  std::to_string(kMaxColumns),
                              ShowLine(*line)});
      row.cells.resize(kMaxColumns);
    }
    rows.push_back(std::move(row));
  }

  // Header block.
  size_t header_rows = 0;
  while (header_rows < rows.size() && IsHeaderRow(rows[header_rows], header_rows)) ++header_rows;
  std::vector<Row> header(rows.begin(), rows.begin() + long(header_rows));
  std::vector<U32> header_keys;
  for (const Row& h : header) header_keys.push_back(RowKey(h));
  std::vector<Row> body;
  for (size_t r = header_rows; r < rows.size(); ++r) {
    U32 key = RowKey(rows[r]);
    if (std::find(header_keys.begin(), header_keys.end(), key) != header_keys.end()) continue;
    body.push_back(std::move(rows[r]));
  }

  size_t ncols = 0;
  for (const Row& r : header) ncols = std::max(ncols, r.cells.size());
  for (const Row& r : body) ncols = std::max(ncols, r.cells.size());

  // Captions: each column's pieces from top to bottom, a caption spanning the empty cells to
  // its right that have captions below them.
  std::vector<std::vector<U32>> pieces(ncols);
  std::vector<U32> leaf(ncols);
  std::vector<U32> top(ncols);  // the caption in the top header row (own or spanning)
  for (size_t r = 0; r < header.size(); ++r) {
    std::vector<U32> here(ncols);
    for (size_t c = 0; c < ncols; ++c) {
      if (header[r].empty_at(c)) continue;
      here[c] = header[r].at(c).clean;
      leaf[c] = header[r].at(c).key;
      for (size_t k = c + 1; k < ncols && header[r].empty_at(k); ++k) {
        bool below = false;
        for (size_t r2 = r + 1; r2 < header.size(); ++r2)
          if (!header[r2].empty_at(k)) below = true;
        if (!below) break;
        here[k] = header[r].at(c).clean;
      }
    }
    for (size_t c = 0; c < ncols; ++c) {
      if (here[c].empty()) continue;
      if (r == 0) top[c] = here[c];
      if (pieces[c].empty() || Squash(pieces[c].back()) != Squash(here[c]))
        pieces[c].push_back(here[c]);
    }
  }

  // Column roles.
  std::vector<Role> role(ncols, Role::kValue);
  std::vector<size_t> code_like(ncols, 0), filled(ncols, 0);
  for (size_t c = 0; c < ncols; ++c) {
    size_t numbers = 0, texts = 0;
    for (const Row& r : body) {
      if (r.empty_at(c)) continue;
      const Cell& cell = r.at(c);
      ++filled[c];
      if (!SplitCode(cell.key).empty() || IsCodePart(cell.key)) ++code_like[c];
      Amount a = ParseAmount(cell.raw);
      if (a.kind != Amount::Kind::kNotANumber) {
        ++numbers;
      } else {
        ++texts;
      }
    }
    U32View lc = leaf[c];
    bool code_caption = IsCodePartCaption(lc) || Contains(lc, U"编码") || Contains(lc, U"代码");
    if (code_caption) {
      role[c] = Role::kCode;
    } else if (IsKeyCaption(lc) || texts > numbers) {
      role[c] = Role::kText;
    }
  }
  // Code columns printed without a 类/款/项 caption: the columns left of the first text
  // column whose cells are all codes ("208", "01", "2080101").
  for (size_t c = 0; c < ncols && role[c] != Role::kText; ++c)
    if (role[c] == Role::kValue && filled[c] > 0 && code_like[c] == filled[c])
      role[c] = Role::kCode;

  // Sides.
  std::vector<Side> sides;
  {
    Side cur;
    bool seen_value = false;
    for (size_t c = 0; c < ncols; ++c) {
      if (role[c] != Role::kValue && seen_value) {
        cur.last = c - 1;
        sides.push_back(cur);
        cur = Side();
        cur.first = c;
        seen_value = false;
      }
      if (role[c] == Role::kValue) seen_value = true;
    }
    cur.last = ncols == 0 ? 0 : ncols - 1;
    sides.push_back(cur);
  }
  if (sides.size() > 1) {
    for (Side& s : sides) {
      U32 cap = top[s.first];
      bool spans = !cap.empty();
      for (size_t c = s.first; c <= s.last && spans; ++c)
        if (Squash(top[c]) != Squash(cap)) spans = false;
      if (spans) s.caption = cap;
    }
  }

  auto value_caption = [&](size_t c, const Side& side) {
    std::vector<U32> ps;
    for (const U32& p : pieces[c]) {
      if (!side.caption.empty() && Squash(p) == Squash(side.caption)) continue;
      ps.push_back(p);
    }
    std::string s;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i) s += "/";
      s += EncodeUtf8(ps[i]);
    }
    return s;
  };

  // Two halves with the same columns and no 收入/支出 captions are one list printed in two
  // columns (the economic classification of 基本支出): read them as one table.
  bool merge = false;
  if (sides.size() == 2 && Squash(sides[0].caption) == Squash(sides[1].caption)) {
    std::vector<std::string> a, b;
    for (size_t c = sides[0].first; c <= sides[0].last; ++c)
      if (role[c] == Role::kValue) a.push_back(value_caption(c, sides[0]));
    for (size_t c = sides[1].first; c <= sides[1].last; ++c)
      if (role[c] == Role::kValue) b.push_back(value_caption(c, sides[1]));
    merge = a == b && !a.empty();
  }

  std::vector<DisclosureTable> tables;
  for (size_t s = 0; s < sides.size(); ++s) {
    const Side& side = sides[s];
    if (merge && s == 1) continue;
    DisclosureTable t;
    t.number = meta.number;
    t.title = meta.title;
    t.unit = meta.unit;
    t.line = meta.line;
    if (sides.size() > 1 && !merge) {
      t.part = side.caption.empty() ? "第" + std::to_string(s + 1) + "栏" : PartName(side.caption);
    }
    bool have_label = false;
    for (size_t c = side.first; c <= side.last && c < ncols; ++c) {
      if (role[c] == Role::kValue) t.columns.push_back(value_caption(c, side));
      if (role[c] == Role::kText) {
        if (have_label) t.text_columns.push_back(EncodeUtf8(JoinPieces({leaf[c]})));
        have_label = true;
      }
    }
    tables.push_back(std::move(t));
  }

  // Rows.
  for (size_t s = 0; s < sides.size(); ++s) {
    DisclosureTable& t = tables[merge ? 0 : s];
    const Side& side = sides[s];
    std::vector<std::string> previous_parts;
    bool inherited_reported = false;
    for (const Row& r : body) {
      DisclosureRow row;
      row.line = r.src->number;
      std::vector<U32> code_cells;
      std::vector<const Cell*> value_cells;
      bool label_done = false;
      bool any = false;
      for (size_t c = side.first; c <= side.last && c < ncols; ++c) {
        const Cell& cell = r.at(c);
        if (!cell.key.empty()) any = true;
        if (role[c] == Role::kCode) {
          code_cells.push_back(cell.key);
        } else if (role[c] == Role::kValue) {
          value_cells.push_back(&cell);
        } else if (!label_done) {
          row.label = EncodeUtf8(cell.clean);
          label_done = true;
        } else {
          row.texts.push_back(EncodeUtf8(cell.clean));
        }
      }
      if (!any) continue;
      bool problem = false;
      // Code: parts in their columns, or a code leading the caption ("201 一般公共服务支出").
      size_t filled = 0, last_filled = 0;
      for (size_t i = 0; i < code_cells.size(); ++i)
        if (!code_cells[i].empty()) {
          ++filled;
          last_filled = i;
        }
      if (filled == 1 && SplitCode(code_cells[last_filled]).size() > 1) {
        row.code_parts = SplitCode(code_cells[last_filled]);
      } else if (filled > 0) {
        for (size_t i = 0; i < code_cells.size(); ++i) {
          const U32& k = code_cells[i];
          if (k.empty()) {
            if (i < last_filled && i < previous_parts.size()) {
              row.code_parts.push_back(previous_parts[i]);  // a merged 类/款 cell above
              if (!inherited_reported) {
                out.problems.push_back({r.src->number,
                                        "code printed without its 类/款; taken from the rows above",
                                        ShowLine(*r.src)});
                inherited_reported = true;
              }
            }
            continue;
          }
          bool digits = !SplitCode(k).empty() || IsCodePart(k);
          if (digits && (k.size() == 2 || (k.size() == 3 && row.code_parts.empty()))) {
            row.code_parts.push_back(EncodeUtf8(k));
          } else {
            out.problems.push_back(
                {r.src->number, "code not readable: «" + EncodeUtf8(k) + "»", ShowLine(*r.src)});
            problem = true;
          }
        }
      } else {
        std::vector<std::string> parts;
        U32 rest;
        if (SplitLeadingCode(DecodeUtf8(row.label), &parts, &rest)) {
          row.code_parts = parts;
          row.label = EncodeUtf8(rest);
        }
      }
      row.code = JoinCode(row.code_parts);
      if (!row.code_parts.empty()) previous_parts = row.code_parts;
      bool has_value = false;
      for (size_t i = 0; i < value_cells.size(); ++i) {
        Amount a = ParseAmount(value_cells[i]->raw);
        if (a.kind == Amount::Kind::kNumber) {
          row.values.push_back(a.value);
          has_value = true;
          continue;
        }
        row.values.push_back(std::nullopt);
        if (a.kind == Amount::Kind::kNotANumber) {
          std::string col = i < t.columns.size() ? t.columns[i] : std::to_string(i + 1);
          std::string name = row.code.empty() ? row.label : row.code + " " + row.label;
          out.problems.push_back({r.src->number,
                                  "row " + name + ", column " + col + ": not a figure «" +
                                      EncodeUtf8(value_cells[i]->raw) + "»",
                                  ShowLine(*r.src)});
          problem = true;
        }
      }
      bool has_text = false;
      for (const auto& x : row.texts)
        if (!x.empty()) has_text = true;
      if (row.code.empty() && row.label.empty() && !has_value && !problem) {
        if (!has_text) continue;
        // Only another text column filled: the rest of the row above, wrapped.
        if (!t.rows.empty() && t.rows.back().texts.size() == row.texts.size()) {
          for (size_t i = 0; i < row.texts.size(); ++i)
            t.rows.back().texts[i] = EncodeUtf8(
                JoinPieces({DecodeUtf8(t.rows.back().texts[i]), DecodeUtf8(row.texts[i])}));
          continue;
        }
      }
      t.rows.push_back(std::move(row));
    }
  }
  for (DisclosureTable& t : tables) SetEmpty(&t);
  out.tables = std::move(tables);
  return out;
}

}  // namespace suan::disclosure
