#include "engine/model/resolver.hpp"

#include <boost/variant/get.hpp>

#include "absl/strings/str_join.h"
#include "engine/model/labels.hpp"
#include "engine/model/name_match.hpp"

namespace suan::model {

namespace {

bool IsCodeKey(std::string_view key) {
  return !key.empty() && key[0] >= '0' && key[0] <= '9';
}

std::string Quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

}  // namespace

Resolution Resolver::Error(const char* at, std::string_view why) const {
  Resolution r;
  r.kind = Resolution::Kind::kError;
  r.reason = t_.Message(at, why);
  return r;
}

const char* Resolver::PositionOf(const ast::reference& ref, std::string_view text) const {
  // The reference keeps one position; find the name inside it for a precise caret.
  if (!ref.at || text.empty()) return ref.at;
  const std::string& src = *t_.SourceOf(ref.at).text;
  size_t from = size_t(ref.at - src.data());
  size_t found = src.find(text, from);
  if (found == std::string::npos || found > from + 400) return ref.at;
  return src.data() + found;
}

std::string Resolver::ColumnList(const PartDef& part) const {
  std::vector<std::string> keys;
  for (const ColumnDef& c : part.columns) keys.push_back(c.key);
  return absl::StrJoin(keys, ", ");
}

bool Resolver::NamedSet(int table, int part, std::string_view name, std::vector<int>* rows) const {
  const PartDef& def = t_.tables[size_t(table)].parts[size_t(part)];
  int level = def.codes ? def.codes->LevelIndex(name) : -1;
  bool items = def.has_items && def.items_section == name;
  if (level < 0 && !items) return false;
  if (layout_ && rows) {
    const PartLayout& pl = layout_->tables[size_t(table)].parts[size_t(part)];
    for (size_t k = 0; k < pl.rows.size(); ++k) {
      const LaidRow& r = pl.rows[k];
      if ((level >= 0 && r.kind == RowKind::kCode && r.level == level) ||
          (items && r.kind == RowKind::kItem)) {
        rows->push_back(int(k));
      }
    }
  }
  return true;
}

std::vector<int> Resolver::LeavesUnder(int table, int part, std::string_view code) const {
  std::vector<int> rows;
  if (!layout_) return rows;
  const PartLayout& pl = layout_->tables[size_t(table)].parts[size_t(part)];
  for (size_t k = 0; k < pl.rows.size(); ++k) {
    const LaidRow& r = pl.rows[k];
    if (r.kind == RowKind::kFixed || r.code.empty() || r.children > 0) continue;
    if (CodeList::IsUnder(r.code, code)) rows.push_back(int(k));
  }
  return rows;
}

std::pair<int, int> Resolver::SameRow(int table, const Scope& scope) const {
  if (!layout_ || scope.table < 0 || scope.row < 0) return {-1, -1};
  const LaidRow& here =
      layout_->tables[size_t(scope.table)].parts[size_t(scope.part)].rows[size_t(scope.row)];
  const TableLayout& tl = layout_->tables[size_t(table)];
  for (size_t p = 0; p < tl.parts.size(); ++p) {
    int k = here.kind == RowKind::kFixed  ? tl.parts[p].FindFixed(here.key)
            : here.kind == RowKind::kCode ? tl.parts[p].FindCode(here.code)
                                          : tl.parts[p].FindItem(here.key);
    if (k >= 0) return {int(p), k};
  }
  return {-1, -1};
}

Resolution Resolver::Cells(int table, int part, const std::vector<int>& rows, int column, bool set,
                           const Scope& scope) const {
  Resolution r;
  r.is_set = set;
  if (!layout_) {
    r.cells.push_back(CellRef{});
    return r;
  }
  const TableLayout& tl = layout_->tables[size_t(table)];
  if (!tl.present) {
    r.kind = Resolution::Kind::kUnavailable;
    r.reason = t_.tables[size_t(table)].key + " is not in the document";
    return r;
  }
  const PartLayout& pl = tl.parts[size_t(part)];
  if (missing_rows_unknown_ && !set && rows.size() == 1 && !scope.prior) {
    const LaidRow& lr = pl.rows[size_t(rows[0])];
    if (lr.kind == RowKind::kFixed && !lr.data) {
      r.kind = Resolution::Kind::kUnavailable;
      r.reason = t_.tables[size_t(table)].key + " has no row 「" + lr.label + "」 in the document";
      return r;
    }
  }
  for (int row : rows) {
    r.cells.push_back(CellRef{scope.prior ? tl.prior_sheet : tl.sheet,
                              pl.rows[size_t(row)].sheet_row, pl.value_col + column});
  }
  if (r.cells.empty() && !set) r.kind = Resolution::Kind::kAbsent;
  return r;
}

Resolution Resolver::Column(int table, int part, const ast::reference& ref, const Scope& scope,
                            int* column) const {
  const TableDef& def = t_.tables[size_t(table)];
  const PartDef& pd = def.parts[size_t(part)];
  Resolution ok;
  if (!ref.column.empty()) {
    *column = pd.ColumnIndex(ref.column);
    if (*column < 0) {
      return Error(PositionOf(ref, ref.column), "unknown column " + Quote(ref.column) + " in " +
                                                    def.key +
                                                    (pd.key.empty() ? "" : " part " + pd.key) +
                                                    " (columns: " + ColumnList(pd) + ")");
    }
    return ok;
  }
  if (pd.columns.size() == 1 || scope.any_column) {
    *column = 0;
    return ok;
  }
  if (scope.table == table && scope.part == part && (scope.column >= 0 || scope.column_context)) {
    *column = std::max(scope.column, 0);
    return ok;
  }
  if (scope.table >= 0 && scope.part >= 0 && (scope.column >= 0 || scope.column_context)) {
    // The same column of another table (each col checks across tables with equal columns).
    const PartDef& here = t_.tables[size_t(scope.table)].parts[size_t(scope.part)];
    if (scope.column >= 0) {
      *column = pd.ColumnIndex(here.columns[size_t(scope.column)].key);
      if (*column >= 0) return ok;
    } else {
      *column = 0;
      return ok;
    }
  }
  return Error(ref.at, def.key + (pd.key.empty() ? "" : " part " + pd.key) + " has " +
                           std::to_string(pd.columns.size()) +
                           " columns: name one after the row, as in " + def.key + "[…]." +
                           pd.columns[0].key);
}

std::optional<Resolution> Resolver::Param(std::string_view name) const {
  int k = t_.ParamIndex(name);
  if (k < 0) return std::nullopt;
  Resolution r;
  r.cells.push_back(layout_ ? CellRef{layout_->param_sheet, k + 1, 1} : CellRef{});
  return r;
}

std::optional<Resolution> Resolver::GridName(const ast::reference& ref, const Scope& scope) const {
  const GridDef& def = t_.grids[size_t(scope.grid)];
  const GridLayout::Occurrence* o = nullptr;
  const GridLayout* gl = nullptr;
  if (layout_ && scope.occurrence >= 0) {
    gl = &layout_->grids[size_t(scope.grid)];
    o = &gl->occurrences[size_t(scope.occurrence)];
  }
  auto where = [&]() {
    return "「" + o->data->title + "」 (line " + std::to_string(o->data->line) + ")";
  };
  Resolution r;
  if (int f = def.FieldIndex(ref.column); f >= 0) {
    const FieldDef& field = def.fields[size_t(f)];
    if (field.text) {
      return Error(ref.at, Quote(ref.column) + " is a text field of grid " + def.key +
                               ": it names the occurrence, as in 表7[like " + ref.column +
                               "].合计");
    }
    if (!o) {
      r.cells.push_back(CellRef{});
      return r;
    }
    const GridField& data = o->data->fields[size_t(f)];
    if (!data.found || !data.value) {
      r.kind = Resolution::Kind::kUnavailable;
      r.reason =
          where() + (!data.found         ? " has no 「" + field.captions[0] + "」"
                     : data.text.empty() ? " gives no figure after 「" + field.captions[0] + "」"
                                         : ": 「" + data.text + "」 after 「" + field.captions[0] +
                                               "」 is not a figure");
      return r;
    }
    r.cells.push_back(CellRef{gl->sheet, o->row, gl->field_col + f});
    return r;
  }
  if (int c = def.ColumnIndex(ref.column); c >= 0) {
    r.is_set = true;
    if (!o) {
      r.cells.push_back(CellRef{});
      return r;
    }
    const ColumnDef& col = def.columns[size_t(c)];
    r.kind = Resolution::Kind::kUnavailable;
    if (!o->data->has_column[size_t(c)]) {
      r.reason = where() + " has no column 「" + col.captions[0] + "」";
      return r;
    }
    if (o->data->rows.empty()) {
      r.reason = where() + " has no rows below its header";
      return r;
    }
    std::vector<std::string> blank;
    for (const UnitRow& item : o->data->rows) {
      if (!item.values[size_t(c)]) {
        blank.push_back("「" + item.label + "」 (line " + std::to_string(item.line) + ")");
      }
    }
    if (!blank.empty()) {
      r.reason = where() + ": " + col.captions[0] + " is blank or not a figure for " + blank[0] +
                 (blank.size() > 1 ? " and " + std::to_string(blank.size() - 1) + " more" : "");
      return r;
    }
    r.kind = Resolution::Kind::kCells;
    for (size_t k = 0; k < o->item_rows.size(); ++k) {
      r.cells.push_back(CellRef{gl->sheet, o->item_rows[k], gl->value_col + c});
    }
    return r;
  }
  if (def.TextColumnIndex(ref.column) >= 0) {
    return Error(ref.at, Quote(ref.column) + " is a text column of grid " + def.key +
                             ": a check reads figures");
  }
  return std::nullopt;
}

Resolution Resolver::Like(int table, const ast::reference& ref, const Scope& scope) const {
  const TableDef& def = t_.tables[size_t(table)];
  const ast::row_key& key = *ref.row;
  if (key.under) return Error(key.at, "'under' and 'like' do not go together");
  if (scope.grid < 0) {
    return Error(key.at,
                 "'like F' matches the name in a grid's text field F: use it in a grid's check");
  }
  const GridDef& grid = t_.grids[size_t(scope.grid)];
  int f = grid.FieldIndex(key.key);
  if (f < 0 || !grid.fields[size_t(f)].text) {
    std::vector<std::string> names;
    for (const FieldDef& d : grid.fields) {
      if (d.text) names.push_back(d.key);
    }
    return Error(key.at,
                 "'like' takes a text field of grid " + grid.key + ", not " + Quote(key.key) +
                     (names.empty() ? " (declare one with textfield)"
                                    : " (text fields: " + absl::StrJoin(names, ", ") + ")"));
  }
  int part = -1;
  for (size_t p = 0; p < def.parts.size() && part < 0; ++p) {
    if (def.parts[p].has_items) part = int(p);
  }
  if (part < 0) return Error(key.at, def.key + " has no item rows to match by name");
  int column = -1;
  Resolution c = Column(table, part, ref, scope, &column);
  if (c.kind == Resolution::Kind::kError) return c;
  std::vector<int> rows;
  if (layout_ && scope.occurrence >= 0 && layout_->tables[size_t(table)].present) {
    const GridLayout& gl = layout_->grids[size_t(scope.grid)];
    const GridOccurrence& here = *gl.occurrences[size_t(scope.occurrence)].data;
    const std::string& name = here.fields[size_t(f)].text;
    if (name.empty()) {
      Resolution r;
      r.kind = Resolution::Kind::kUnavailable;
      r.reason = "「" + here.title + "」 (line " + std::to_string(here.line) + ") gives no " +
                 grid.fields[size_t(f)].captions[0];
      return r;
    }
    // Every occurrence's name takes part: an item goes to the one it matches best.
    auto cached = like_rows_.find({scope.grid, f, table});
    if (cached == like_rows_.end()) {
      std::vector<std::string> names;
      for (const GridLayout::Occurrence& o : gl.occurrences) {
        names.push_back(o.data->fields[size_t(f)].text);
      }
      const PartLayout& pl = layout_->tables[size_t(table)].parts[size_t(part)];
      std::vector<std::string> labels;
      std::vector<int> item_rows;
      for (size_t k = 0; k < pl.rows.size(); ++k) {
        if (pl.rows[k].kind != RowKind::kItem) continue;
        // The item's name: its text column (表7's 项目名称), else its label.
        const LaidRow& row = pl.rows[k];
        int by = def.parts[size_t(part)].items_text_column;
        bool named = by >= 0 && row.data && size_t(by) < row.data->texts.size() &&
                     !row.data->texts[size_t(by)].empty();
        labels.push_back(named ? row.data->texts[size_t(by)] : row.label);
        item_rows.push_back(int(k));
      }
      std::vector<std::vector<int>> matches = MatchNames(names, labels);
      for (std::vector<int>& m : matches) {
        for (int& i : m) i = item_rows[size_t(i)];
      }
      cached = like_rows_.emplace(std::make_tuple(scope.grid, f, table), std::move(matches)).first;
    }
    rows = cached->second[size_t(scope.occurrence)];
    if (rows.empty()) {
      Resolution r;
      r.kind = Resolution::Kind::kUnavailable;
      r.reason = "no item of " + def.key + " matches 「" + name + "」";
      return r;
    }
  }
  return Cells(table, part, rows, column, true, scope);
}

Resolution Resolver::RowReference(int table, const ast::reference& ref, const Scope& scope) const {
  const TableDef& def = t_.tables[size_t(table)];
  const ast::row_key& key = *ref.row;
  if (key.like) return Like(table, ref, scope);
  std::string k = key.key;
  int part = -1;
  std::vector<int> rows;
  bool set = false;

  if (key.under) {
    std::string code;
    if (k == "@") {
      if (!scope.row_context) {
        return Error(key.at, "'under @' needs a row: use it in a rule or an 'each row' check");
      }
      if (layout_ && scope.row >= 0) {
        code = layout_->tables[size_t(scope.table)]
                   .parts[size_t(scope.part)]
                   .rows[size_t(scope.row)]
                   .code;
      }
    } else if (IsCodeKey(k)) {
      code = NormalizeCode(k);
    } else {
      return Error(key.at, "'under' takes a code or @, not " + Quote(k));
    }
    for (size_t p = 0; p < def.parts.size(); ++p) {
      if (def.parts[p].codes || def.parts[p].item_codes) {
        part = int(p);
        break;
      }
    }
    if (part < 0) return Error(key.at, def.key + " has no coded rows to take 'under' " + k);
    set = true;
    if (!code.empty()) rows = LeavesUnder(table, part, code);
  } else if (k == "@") {
    if (!scope.row_context) {
      return Error(key.at,
                   "@ means the row a rule or an 'each row' check is made for; there is none here");
    }
    if (layout_ && !scope.absent_row) {
      auto [p, row] = SameRow(table, scope);
      if (p >= 0) {
        part = p;
        rows.push_back(row);
      }
    }
    if (part < 0) {
      // Checking names, or the unit lacks the row (it reads as 0): the part with the column.
      part = scope.table == table && scope.part >= 0 ? scope.part : 0;
      for (size_t p = 0; p < def.parts.size() && !ref.column.empty(); ++p) {
        if (def.parts[p].ColumnIndex(ref.column) >= 0) {
          part = int(p);
          break;
        }
      }
    }
  } else if (IsCodeKey(k)) {
    std::string code = NormalizeCode(k);
    if (code.empty()) return Error(key.at, Quote(k) + " is not a code");
    const CodeList* list = nullptr;
    for (size_t p = 0; p < def.parts.size(); ++p) {
      const CodeList* l = def.parts[p].codes ? def.parts[p].codes : def.parts[p].item_codes;
      if (l && l->LevelOf(code) >= 0) {
        part = int(p);
        list = l;
        break;
      }
    }
    if (!list) return Error(key.at, def.key + " has no rows with codes like " + k);
    if (!list->Find(code)) {
      return Error(key.at, "unknown code " + k + " in " + list->name());
    }
    if (layout_) {
      int row = layout_->tables[size_t(table)].parts[size_t(part)].FindCode(code);
      if (row >= 0) rows.push_back(row);
    }
  } else {
    part = def.PartOfFixedRow(k);
    if (part >= 0) {
      if (layout_) {
        int row = layout_->tables[size_t(table)].parts[size_t(part)].FindFixed(k);
        if (row >= 0) rows.push_back(row);
      }
    } else {
      for (size_t p = 0; p < def.parts.size() && part < 0; ++p) {
        if (NamedSet(table, int(p), k, &rows)) {
          part = int(p);
          set = true;
        }
      }
      // An item (a project) by its name: floating rows, so a unit may not have it.
      for (size_t p = 0; p < def.parts.size() && part < 0; ++p) {
        if (!def.parts[p].has_items) continue;
        part = int(p);
        if (layout_) {
          const PartLayout& pl = layout_->tables[size_t(table)].parts[p];
          int row = pl.FindItem(k);
          if (row < 0) row = pl.FindByLabel(k);
          if (row >= 0) rows.push_back(row);
        }
      }
      if (part < 0) {
        std::vector<std::string> keys;
        for (const PartDef& pd : def.parts) {
          for (const FixedRowDef& r : pd.fixed_rows) keys.push_back(r.key);
        }
        return Error(key.at,
                     "unknown row " + Quote(k) + " in " + def.key +
                         (keys.empty() ? "" : " (rows: " + absl::StrJoin(keys, ", ") + ")"));
      }
    }
  }
  int column = -1;
  Resolution c = Column(table, part, ref, scope, &column);
  if (c.kind == Resolution::Kind::kError) return c;
  return Cells(table, part, rows, column, set, scope);
}

Resolution Resolver::Resolve(const ast::reference& ref, const Scope& scope) const {
  if (!ref.unit.empty()) return OtherUnit(ref, scope);
  if (ref.table.empty() && !ref.row) {
    // A bare name: a column of this row, or a row set in this column; in a grid's check, a
    // field or a column of the occurrence; else a param.
    if (scope.grid >= 0) {
      if (std::optional<Resolution> r = GridName(ref, scope)) return *r;
      if (std::optional<Resolution> r = Param(ref.column)) return *r;
      const GridDef& grid = t_.grids[size_t(scope.grid)];
      std::vector<std::string> names;
      for (const FieldDef& f : grid.fields) names.push_back(f.key);
      for (const ColumnDef& c : grid.columns) names.push_back(c.key);
      return Error(ref.at, "unknown name " + Quote(ref.column) + " in grid " + grid.key +
                               " (fields and columns: " + absl::StrJoin(names, ", ") + ")");
    }
    if (std::optional<Resolution> r = Param(ref.column); r && scope.table < 0) return *r;
    if (scope.table < 0) {
      return Error(ref.at, Quote(ref.column) +
                               " is not a table cell: write 表N[row].column (or S.slot for a "
                               "statement's figure)");
    }
    const TableDef& def = t_.tables[size_t(scope.table)];
    const PartDef& part = def.parts[size_t(scope.part)];
    int column = part.ColumnIndex(ref.column);
    if (column >= 0) {
      if (!scope.row_context) {
        return Error(
            ref.at, "column " + Quote(ref.column) + " needs a row here: write [row]." + ref.column);
      }
      if (scope.absent_row) {
        Resolution r;
        r.kind = Resolution::Kind::kAbsent;
        return r;
      }
      std::vector<int> rows;
      if (scope.row >= 0) rows.push_back(scope.row);
      return Cells(scope.table, scope.part, rows, column, false, scope);
    }
    std::vector<int> rows;
    if (NamedSet(scope.table, scope.part, ref.column, &rows)) {
      if (scope.column < 0 && !scope.column_context) {
        return Error(ref.at, "the rows " + Quote(ref.column) + " need a column: write [" +
                                 ref.column + "]." + part.columns[0].key);
      }
      return Cells(scope.table, scope.part, rows, std::max(scope.column, 0), true, scope);
    }
    if (std::optional<Resolution> r = Param(ref.column)) return *r;
    return Error(ref.at, "unknown column " + Quote(ref.column) + " in " + def.key +
                             (part.key.empty() ? "" : " part " + part.key) +
                             " (columns: " + ColumnList(part) + ")");
  }
  if (ref.table.empty()) {
    if (scope.table < 0) {
      return Error(ref.at,
                   "[" + ref.row->key + "] needs a table here: write 表N[" + ref.row->key + "]");
    }
    return RowReference(scope.table, ref, scope);
  }
  int table = t_.TableIndex(ref.table);
  if (!ref.row) {
    // S.slot: a figure of a narrative statement.
    const ast::text_stmt* text = t_.FindText(ref.table);
    if (!text) {
      if (table >= 0) {
        return Error(ref.at, ref.table + "." + ref.column + " needs a row: write " + ref.table +
                                 "[row]." + ref.column);
      }
      return Error(ref.at, "unknown statement " + Quote(ref.table));
    }
    bool slot_known = false;
    for (const ast::template_piece& piece : text->body.pieces) {
      if (auto* ph = boost::get<ast::placeholder>(&piece)) {
        slot_known = slot_known || ph->as == ref.column;
      }
    }
    if (!slot_known) {
      return Error(PositionOf(ref, ref.column), "statement " + ref.table + " has no slot " +
                                                    Quote(ref.column) +
                                                    " (name one with 'as' in its template)");
    }
    Resolution r;
    r.is_set = text->each_table.has_value();
    if (!layout_ || !slots_) {
      r.cells.push_back(CellRef{});
      return r;
    }
    auto it = slots_->find(ref.table);
    if (it == slots_->end() || !it->second.found) {
      r.kind = Resolution::Kind::kUnavailable;
      r.reason = "statement " + ref.table + " was not found in the text";
      return r;
    }
    auto slot = it->second.slots.find(ref.column);
    if (slot != it->second.slots.end()) r.cells = slot->second;
    if (r.cells.empty() && !r.is_set) r.kind = Resolution::Kind::kAbsent;
    return r;
  }
  if (table < 0) {
    std::vector<std::string> keys;
    for (const TableDef& d : t_.tables) keys.push_back(d.key);
    return Error(ref.at, "unknown table " + Quote(ref.table) +
                             " (tables: " + absl::StrJoin(keys, ", ") + ")");
  }
  return RowReference(table, ref, scope);
}

Resolution Resolver::OtherUnit(const ast::reference& ref, const Scope& scope) const {
  ast::reference local = ref;
  local.unit.clear();
  if (scope.grid >= 0 || (ref.row && ref.row->like)) {
    return Error(ref.at, "a grid's check cannot read another unit's cells (" + ref.unit + "!…)");
  }
  // Checking names: the table, row and column are checked as for this unit.
  if (!layout_) return Resolve(local, scope);
  std::string why;
  const UnitLayout* other = units_ ? units_(ref.unit, &why) : nullptr;
  if (!other) {
    Resolution r;
    r.kind = Resolution::Kind::kUnavailable;
    r.reason = why.empty() ? "unit " + Quote(ref.unit) + " is not part of this check" : why;
    return r;
  }
  if (other == layout_) return Resolve(local, scope);
  // The row a rule is made for ([@], under @) is the row of the same identity over there.
  Scope there = scope;
  if (scope.table >= 0 && scope.row >= 0) {
    const LaidRow& here =
        layout_->tables[size_t(scope.table)].parts[size_t(scope.part)].rows[size_t(scope.row)];
    const PartLayout& pl = other->tables[size_t(scope.table)].parts[size_t(scope.part)];
    int k = here.kind == RowKind::kFixed  ? pl.FindFixed(here.key)
            : here.kind == RowKind::kCode ? pl.FindCode(here.code)
                                          : pl.FindItem(here.key);
    there.row = k;
    there.absent_row = scope.absent_row || k < 0;
  }
  Resolver sub(t_, other);
  sub.set_missing_rows_unknown(missing_rows_unknown_);
  Resolution r = sub.Resolve(local, there);
  if (r.kind == Resolution::Kind::kUnavailable) r.reason = ref.unit + ": " + r.reason;
  return r;
}

}  // namespace suan::model
