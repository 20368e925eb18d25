#include "engine/model/import_grid.hpp"

#include <charconv>
#include <cstdlib>

#include "engine/model/import_disclosure.hpp"
#include "engine/model/labels.hpp"

namespace suan::model {

namespace {

std::vector<std::string> Cells(const DisclosureRow& r) {
  std::vector<std::string> cells{r.label};
  cells.insert(cells.end(), r.texts.begin(), r.texts.end());
  return cells;
}

bool IsBlank(std::string_view cell) {
  return Squash(cell).empty();
}

// The cells of `row` in the header's columns. Tab-separated text keeps blank cells: as
// published. Aligned text does not: each run goes under the caption it lines up with, a text
// by its first column, a figure (right-aligned) by its last; runs under one caption are joined.
std::vector<std::string> Placed(const DisclosureRow& row, const DisclosureRow& header) {
  std::vector<std::string> cells = Cells(row);
  if (row.spans.size() != cells.size() || header.spans.size() != header.texts.size() + 1) {
    return cells;
  }
  std::vector<std::string> out(header.spans.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    auto [first, last] = row.spans[i];
    bool figure = GridFigure(cells[i]).has_value();
    size_t best = 0;
    int distance = -1;
    for (size_t k = 0; k < header.spans.size(); ++k) {
      int d = figure ? std::abs(last - header.spans[k].second)
                     : std::abs(first - header.spans[k].first);
      if (distance < 0 || d < distance) {
        distance = d;
        best = k;
      }
    }
    out[best] += cells[i];
  }
  return out;
}

bool Names(const std::vector<std::string>& captions, const std::string& normalized) {
  if (normalized.empty()) return false;
  for (const std::string& c : captions) {
    if (NormalizeLabel(c) == normalized) return true;
  }
  return false;
}

// The position of the cell naming one of `captions` in `cells`, or -1.
int Find(const std::vector<std::string>& cells, const std::vector<std::string>& captions) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (Names(captions, NormalizeLabel(cells[i]))) return int(i);
  }
  return -1;
}

// What converts the figures of a row to `unit`: the unit its caption states ("项目资金（元）"),
// else the grid's ("单位：元"), else none (1).
double RowFactor(const std::vector<std::string>& cells, std::string_view grid_unit,
                 std::string_view unit) {
  for (const std::string& c : cells) {
    std::string s = Squash(c);
    for (const char* u : {"万元", "亿元", "元"}) {
      if (s.find(std::string("(") + u + ")") != std::string::npos) {
        double f = UnitFactor(u, unit);
        return f > 0 ? f : 1;
      }
    }
  }
  double f = grid_unit.empty() ? 0 : UnitFactor(grid_unit, unit);
  return f > 0 ? f : 1;
}

}  // namespace

std::optional<double> GridFigure(std::string_view cell) {
  std::string s = Squash(cell);
  // A score written with its unit ("10分").
  if (s.size() >= 3 && s.compare(s.size() - 3, 3, "分") == 0) s.resize(s.size() - 3);
  std::string digits;
  for (char c : s) {
    if (c != ',') digits.push_back(c);
  }
  if (digits.empty()) return std::nullopt;
  const char* first = digits.data();
  const char* last = digits.data() + digits.size();
  if (*first == '+') ++first;
  double v = 0;
  auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || end != last) return std::nullopt;
  return v;
}

GridOccurrence ReadGridOccurrence(const GridDef& def, const DisclosureTable& grid,
                                  std::string_view unit) {
  GridOccurrence occ;
  occ.title = grid.title;
  occ.line = grid.line;
  occ.end_line = grid.end_line;
  occ.fields.resize(def.fields.size());
  occ.has_column.assign(def.columns.size(), false);

  // The header row: the first naming one of the columns.
  size_t header = grid.rows.size();
  std::vector<int> value_at(def.columns.size(), -1), text_at(def.text_columns.size(), -1);
  for (size_t r = 0; r < grid.rows.size() && header == grid.rows.size(); ++r) {
    std::vector<std::string> cells = Cells(grid.rows[r]);
    bool any = false;
    for (size_t c = 0; c < def.columns.size(); ++c) {
      value_at[c] = Find(cells, def.columns[c].captions);
      any = any || value_at[c] >= 0;
    }
    for (size_t c = 0; c < def.text_columns.size(); ++c) {
      text_at[c] = Find(cells, def.text_columns[c].captions);
      any = any || text_at[c] >= 0;
    }
    if (any) header = r;
  }
  for (size_t c = 0; c < def.columns.size(); ++c) occ.has_column[c] = value_at[c] >= 0;

  // Fields: the cell after the caption, above the header.
  for (size_t r = 0; r < header; ++r) {
    std::vector<std::string> cells = Cells(grid.rows[r]);
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string n = NormalizeLabel(cells[i]);
      for (size_t f = 0; f < def.fields.size(); ++f) {
        GridField& field = occ.fields[f];
        if (field.found || !Names(def.fields[f].captions, n)) continue;
        field.found = true;
        field.line = grid.rows[r].line;
        size_t j = i + 1;
        while (j < cells.size() && IsBlank(cells[j])) ++j;
        // The next caption is no value ("年度预算总额 | | 其中：财政拨款 | …").
        bool caption = false;
        if (j < cells.size()) {
          std::string next = NormalizeLabel(cells[j]);
          for (const FieldDef& other : def.fields) caption = caption || Names(other.captions, next);
        }
        if (j >= cells.size() || caption) continue;
        field.text = cells[j];
        if (!def.fields[f].text) {
          field.value = GridFigure(cells[j]);
          if (field.value) *field.value *= RowFactor(cells, grid.unit, unit);
        }
      }
    }
  }

  // Item rows.
  int key_column = def.KeyColumn();
  int key_at = key_column >= 0 ? text_at[size_t(key_column)] : -1;
  for (size_t r = header + 1; r < grid.rows.size(); ++r) {
    const DisclosureRow& row = grid.rows[r];
    std::vector<std::string> cells = Placed(row, grid.rows[header]);
    auto cell = [&cells](int at) {
      return at >= 0 && size_t(at) < cells.size() ? cells[size_t(at)] : "";
    };
    if (key_column >= 0 &&
        Names(def.text_columns[size_t(key_column)].captions, NormalizeLabel(cell(key_at)))) {
      continue;  // the header again, after a page break
    }
    // A row continues the item above when its name cell is blank, or when it is nothing but
    // the rest of a wrapped name. A row with more (its 指标值 …) but no weight is an item of its
    // own, whose weight is missing: the sum is then skipped, not guessed.
    bool continues = key_at >= 0 && IsBlank(cell(key_at));
    if (!continues && key_at >= 0 && !occ.rows.empty()) {
      int filled = 0;
      bool figure = false;
      for (const std::string& c : cells) filled += !IsBlank(c);
      for (size_t c = 0; c < def.columns.size(); ++c)
        figure = figure || !IsBlank(cell(value_at[c]));
      continues = !figure && filled <= 1;
    }
    if (continues && occ.rows.empty()) continue;
    if (!continues) {
      bool any = false;
      for (const std::string& c : cells) any = any || !IsBlank(c);
      if (!any) continue;
      UnitRow item;
      item.kind = RowKind::kItem;
      item.line = row.line;
      item.label = key_at >= 0 ? cell(key_at) : cells[0];
      item.key = item.label;
      item.texts.resize(def.text_columns.size());
      item.values.resize(def.columns.size());
      occ.rows.push_back(std::move(item));
    }
    UnitRow& item = occ.rows.back();
    for (size_t c = 0; c < def.text_columns.size(); ++c) {
      std::string text = cell(text_at[c]);
      if (IsBlank(text)) continue;
      item.texts[c] += text;
      if (int(c) == key_column && continues) item.label += text;
    }
    for (size_t c = 0; c < def.columns.size(); ++c) {
      std::string text = cell(value_at[c]);
      if (IsBlank(text) || item.values[c]) continue;
      item.values[c] = GridFigure(text);
    }
  }
  return occ;
}

}  // namespace suan::model
