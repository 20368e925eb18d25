#include "engine/model/unit_data_io.hpp"

#include <unistd.h>
#include <charconv>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "engine/io/json.hpp"
#include "engine/model/csv.hpp"
#include "engine/model/labels.hpp"

namespace suan::model {

namespace {

using Severity = ImportNote::Severity;

// One figure as read, before it is placed.
struct Record {
  int line = 0;
  std::string table, row, column, period, label, code;
  std::string occurrence;  // grids: which occurrence (1, 2, …)
  std::string value_text;  // CSV: as written
  bool has_number = false;
  double value = 0;
};

std::string Where(const std::string& source, int line) {
  return line > 0 ? absl::StrCat(source, ":", line) : source;
}

class Placer {
 public:
  Placer(const Template& t, const std::string& source) : t_(t), source_(source) {
    unit_ = UnitData::For(t);
    unit_.source = source;
  }

  UnitData& unit() { return unit_; }

  void Note(Severity s, int line, const std::string& table, std::string message) {
    unit_.notes.push_back({s, Where(source_, line), table, std::move(message)});
  }

  // The grid a record's table names (its key or a title), or -1.
  int FindGrid(const std::string& name) const {
    return KeyOrTitle(t_.grids, t_.GridIndex(name), name);
  }

  // A record of grid `g`: a title, a field, or an item's cell of one occurrence.
  void PlaceGrid(int g, const Record& r) {
    const GridDef& def = t_.grids[size_t(g)];
    int n = 0;
    if (!ParseOccurrence(r.occurrence, &n)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": occurrence 「", r.occurrence,
                        "」 is not 1, 2, …; the record is not read"));
      return;
    }
    std::vector<GridOccurrence>& all = unit_.grids[size_t(g)].occurrences;
    while (all.size() < size_t(n)) {
      GridOccurrence o;
      o.line = r.line;
      o.fields.resize(def.fields.size());
      o.has_column.assign(def.columns.size(), false);
      all.push_back(std::move(o));
    }
    GridOccurrence& o = all[size_t(n - 1)];
    if (r.row.empty() && r.column.empty()) {
      o.title = r.label;
      return;
    }
    if (r.row.empty()) {
      int f = FindGridName(def.fields, r.column);
      if (f < 0) {
        int c = FindGridName(def.columns, r.column);
        if (c < 0) c = FindGridName(def.text_columns, r.column);
        if (c >= 0 && r.value_text.empty()) {
          if (size_t(c) < o.has_column.size() && FindGridName(def.columns, r.column) >= 0) {
            o.has_column[size_t(c)] = true;
          }
          return;
        }
        Note(Severity::kWarning, r.line, def.key,
             absl::StrCat(def.key, ": unknown field 「", r.column, "」; the record is not read"));
        return;
      }
      GridField& field = o.fields[size_t(f)];
      field.found = true;
      field.line = r.line;
      field.text = r.value_text;
      if (!def.fields[size_t(f)].text && !r.value_text.empty()) {
        if (!r.has_number) {
          Note(Severity::kError, r.line, def.key,
               absl::StrCat(def.key, ": 「", r.value_text, "」 is not an amount (field ", r.column,
                            ")"));
          return;
        }
        field.value = r.value;
      }
      return;
    }
    int item = 0;
    if (!ParseOccurrence(r.row, &item)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": item 「", r.row,
                        "」 is not a number (1, 2, … within its occurrence); the record is not "
                        "read"));
      return;
    }
    while (o.rows.size() < size_t(item)) {
      UnitRow row;
      row.kind = RowKind::kItem;
      row.line = r.line;
      row.texts.resize(def.text_columns.size());
      row.values.resize(def.columns.size());
      o.rows.push_back(std::move(row));
    }
    UnitRow& row = o.rows[size_t(item - 1)];
    if (int c = FindGridName(def.columns, r.column); c >= 0) {
      o.has_column[size_t(c)] = true;
      if (r.value_text.empty()) return;
      if (!r.has_number) {
        Note(Severity::kError, r.line, def.key,
             absl::StrCat(def.key, ": 「", r.value_text, "」 is not an amount (item ", r.row,
                          ", column ", r.column, ")"));
        return;
      }
      row.values[size_t(c)] = r.value;
    } else if (int tc = FindGridName(def.text_columns, r.column); tc >= 0) {
      row.texts[size_t(tc)] = r.value_text;
      if (tc == def.KeyColumn()) row.label = row.key = r.value_text;
    } else {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": unknown column 「", r.column, "」; the record is not read"));
    }
  }

  void Place(const Record& r) {
    int k = FindTable(r.table);
    if (int g = k < 0 ? FindGrid(r.table) : -1; g >= 0) {
      PlaceGrid(g, r);
      return;
    }
    if (k < 0) {
      Note(Severity::kWarning, r.line, "",
           "unknown table 「" + r.table + "」; the record is not read");
      return;
    }
    const TableDef& def = t_.tables[size_t(k)];
    UnitTable& ut = unit_.tables[size_t(k)];
    if (!ut.present) {
      ut.present = true;
      unit_.recognised.push_back(absl::StrCat(def.key, " (line ", r.line, ")"));
    }
    if (r.column.empty() && r.row.empty()) return;  // the table is published, with no figure
    bool prior = r.period == "上年" || r.period == "prior";
    if (!r.period.empty() && !prior && r.period != "本年" && r.period != "current") {
      Note(Severity::kWarning, r.line, def.key,
           "unknown period 「" + r.period + "」 (本年 or 上年); the record is not read");
      return;
    }
    if (!r.has_number) {
      Note(Severity::kError, r.line, def.key,
           absl::StrCat(def.key, ": 「", r.value_text, "」 is not an amount (row ", r.row,
                        ", column ", r.column, ")"));
      return;
    }
    // The part: the one with this column where the row can live.
    int part = -1, column = -1;
    for (size_t p = 0; p < def.parts.size() && part < 0; ++p) {
      int c = FindColumn(def.parts[p], r.column);
      if (c < 0) continue;
      if (def.parts.size() == 1 || RowFits(def.parts[p], r)) {
        part = int(p);
        column = c;
      }
    }
    if (part < 0) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": unknown column 「", r.column, "」 for row 「", r.row,
                        "」; the record is not read"));
      return;
    }
    const PartDef& pd = def.parts[size_t(part)];
    UnitRow* row = FindOrAddRow(def, pd, ut.parts[size_t(part)], r);
    if (!row) return;
    if (r.value < 0) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": negative amount ", r.value_text, " in row ", r.row, " column ",
                        r.column));
    }
    if (prior) {
      unit_.prior.push_back({def.key, row->key, pd.columns[size_t(column)].key, r.value});
      return;
    }
    if (row->values[size_t(column)]) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": row ", r.row, " column ", r.column,
                        " is given twice; the later figure is kept"));
    }
    row->values[size_t(column)] = r.value;
  }

 private:
  int FindTable(const std::string& name) const {
    return KeyOrTitle(t_.tables, t_.TableIndex(name), name);
  }

  // `by_key` (the index of the definition whose key is `name`) unless -1, else the definition
  // one of whose titles reads as `name`, or -1.
  template <typename Def>
  static int KeyOrTitle(const std::vector<Def>& defs, int by_key, const std::string& name) {
    if (by_key >= 0) return by_key;
    std::string want = NormalizeLabel(name);
    for (size_t i = 0; i < defs.size(); ++i) {
      for (const std::string& title : defs[i].titles) {
        if (NormalizeLabel(title) == want) return int(i);
      }
    }
    return -1;
  }

  static int FindColumn(const PartDef& part, const std::string& name) {
    int c = part.ColumnIndex(name);
    if (c >= 0) return c;
    for (size_t j = 0; j < part.columns.size(); ++j) {
      for (const std::string& caption : part.columns[j].captions) {
        if (CaptionMatches(name, caption)) return int(j);
      }
    }
    return -1;
  }

  static bool IsCode(const std::string& s) { return !NormalizeCode(s).empty(); }

  static bool ParseOccurrence(const std::string& s, int* n) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *n);
    return ec == std::errc() && p == s.data() + s.size() && *n >= 1 && *n <= 100000;
  }

  template <typename Def>
  static int FindGridName(const std::vector<Def>& defs, const std::string& name) {
    for (size_t j = 0; j < defs.size(); ++j) {
      if (defs[j].key == name) return int(j);
    }
    for (size_t j = 0; j < defs.size(); ++j) {
      for (const std::string& caption : defs[j].captions) {
        if (CaptionMatches(name, caption)) return int(j);
      }
    }
    return -1;
  }

  static int FindFixed(const PartDef& part, const std::string& name) {
    int k = part.FixedRowIndex(name);
    if (k >= 0) return k;
    std::string want = NormalizeLabel(name);
    for (size_t j = 0; j < part.fixed_rows.size(); ++j) {
      const FixedRowDef& row = part.fixed_rows[j];
      if (row.labels.size() == row.captions.size()) {
        for (const std::string& label : row.labels) {
          if (label == want) return int(j);
        }
        continue;
      }
      for (const std::string& c : row.captions) {
        if (NormalizeLabel(c) == want) return int(j);
      }
    }
    return -1;
  }

  static bool RowFits(const PartDef& part, const Record& r) {
    if (IsCode(r.row) && r.code.empty()) return part.codes != nullptr;
    return FindFixed(part, r.row) >= 0 || part.has_items;
  }

  UnitRow* FindOrAddRow(const TableDef& def, const PartDef& part, UnitPart& up, const Record& r) {
    RowKind kind;
    std::string key, code;
    if (IsCode(r.row) && r.code.empty() && part.codes) {
      kind = RowKind::kCode;
      code = NormalizeCode(r.row);
      key = code;
      int level = part.codes->LevelOf(code);
      if (level < 0) {
        Note(Severity::kWarning, r.line, def.key,
             absl::StrCat(def.key, ": code ", r.row, " has ", code.size(),
                          " digits, which is no level of ", part.codes->name(),
                          "; the record is not read"));
        return nullptr;
      }
    } else if (int f = FindFixed(part, r.row); f >= 0) {
      kind = RowKind::kFixed;
      key = part.fixed_rows[size_t(f)].key;
    } else if (part.has_items) {
      kind = RowKind::kItem;
      key = r.row;
      code = NormalizeCode(r.code);
    } else {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": unknown row 「", r.row, "」; the record is not read"));
      return nullptr;
    }
    for (UnitRow& row : up.rows) {
      if (row.kind == kind && row.key == key) return &row;
    }
    if (kind == RowKind::kCode && !part.codes->Find(code)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " is not in the code list ", part.codes->name(),
                        "; kept"));
    }
    if (kind == RowKind::kItem && !code.empty() && part.item_codes &&
        !part.item_codes->Find(code)) {
      Note(Severity::kWarning, r.line, def.key,
           absl::StrCat(def.key, ": code ", code, " of 「", key, "」 is not in the code list ",
                        part.item_codes->name(), "; kept"));
    }
    UnitRow row;
    row.kind = kind;
    row.key = key;
    row.code = code;
    row.line = r.line;
    row.label = r.label;
    if (row.label.empty()) {
      row.label = kind == RowKind::kCode ? part.codes->NameOf(code)
                  : kind == RowKind::kFixed
                      ? part.fixed_rows[size_t(FindFixed(part, key))].captions[0]
                      : key;
    }
    row.texts.resize(part.text_columns.size());
    if (kind == RowKind::kItem && part.items_text_column >= 0) {
      row.texts[size_t(part.items_text_column)] = key;
    }
    row.values.assign(part.columns.size(), std::nullopt);
    up.rows.push_back(std::move(row));
    return &up.rows.back();
  }

  const Template& t_;
  std::string source_;
  UnitData unit_;
};

bool ParseNumber(std::string_view s, double* out) {
  std::string digits;
  for (char c : s) {
    if (c != ',') digits.push_back(c);
  }
  if (digits.empty()) return false;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  return ec == std::errc() && p == digits.data() + digits.size();
}

std::string NumberText(double v) {
  std::string s;
  AppendJsonNumber(s, v);
  return s;
}

// Every figure of a unit in a stable order.
template <typename F>
void ForEachFigure(const Template& t, const UnitData& unit, F&& f) {
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const UnitTable& ut = unit.tables[k];
    if (!ut.present) continue;
    const TableDef& def = t.tables[k];
    bool any = false;
    for (size_t p = 0; p < def.parts.size(); ++p) {
      for (const UnitRow& r : ut.parts[p].rows) {
        for (size_t j = 0; j < r.values.size(); ++j) {
          if (!r.values[j]) continue;
          any = true;
          f(def.key, &r, def.parts[p].columns[j].key, *r.values[j], "");
        }
      }
    }
    if (!any) f(def.key, nullptr, "", 0, "");
  }
  for (const PriorFigure& p : unit.prior) {
    UnitRow row;
    row.key = p.row;
    f(p.table, &row, p.column, p.value, "上年");
  }
}

// Every grid record of a unit (unit_data_io.hpp): (grid, occurrence, row, column, value text,
// label), titles first, then fields, then items.
template <typename F>
void ForEachGridRecord(const Template& t, const UnitData& unit, F&& f) {
  for (size_t g = 0; g < t.grids.size() && g < unit.grids.size(); ++g) {
    const GridDef& def = t.grids[g];
    const std::vector<GridOccurrence>& all = unit.grids[g].occurrences;
    for (size_t k = 0; k < all.size(); ++k) {
      const GridOccurrence& o = all[k];
      std::string n = std::to_string(k + 1);
      f(def.key, n, "", "", "", o.title);
      for (size_t i = 0; i < def.fields.size() && i < o.fields.size(); ++i) {
        const GridField& field = o.fields[i];
        if (!field.found) continue;
        std::string text = !def.fields[i].text && field.value ? NumberText(*field.value)
                           : def.fields[i].text               ? field.text
                                                              : "";
        f(def.key, n, "", def.fields[i].key, text, "");
      }
      for (size_t c = 0; c < def.columns.size() && c < o.has_column.size(); ++c) {
        if (o.has_column[c]) f(def.key, n, "", def.columns[c].key, "", "");
      }
      for (size_t r = 0; r < o.rows.size(); ++r) {
        const UnitRow& row = o.rows[r];
        std::string item = std::to_string(r + 1);
        for (size_t c = 0; c < def.text_columns.size() && c < row.texts.size(); ++c) {
          if (!row.texts[c].empty()) f(def.key, n, item, def.text_columns[c].key, row.texts[c], "");
        }
        for (size_t c = 0; c < def.columns.size() && c < row.values.size(); ++c) {
          if (row.values[c])
            f(def.key, n, item, def.columns[c].key, NumberText(*row.values[c]), "");
        }
      }
    }
  }
}

}  // namespace

absl::StatusOr<UnitData> ReadUnitCsv(const Template& t, std::string_view text,
                                     const std::string& source_name) {
  // Leading "# unit: …" and "# year: …" lines name the unit.
  std::string name;
  int year = 0;
  int skipped_lines = 0;
  while (!text.empty() && text[0] == '#') {
    size_t end = text.find('\n');
    std::string_view line =
        text.substr(1, end == std::string_view::npos ? text.size() - 1 : end - 1);
    while (!line.empty() && (line.front() == ' ')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.substr(0, 5) == "unit:") {
      name = std::string(line.substr(5));
      while (!name.empty() && name[0] == ' ') name.erase(0, 1);
    } else if (line.substr(0, 5) == "year:") {
      year = std::atoi(std::string(line.substr(5)).c_str());
    }
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++skipped_lines;
  }
  absl::StatusOr<CsvTable> csv = ReadCsv(text, source_name);
  if (!csv.ok()) return csv.status();
  int table = csv->Column("table"), row = csv->Column("row"), column = csv->Column("column"),
      value = csv->Column("value"), period = csv->Column("period"), label = csv->Column("label"),
      code = csv->Column("code"), occurrence = csv->Column("occurrence");
  if (table < 0 || row < 0 || column < 0 || value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", skipped_lines + 1,
                     ": a unit's CSV needs the columns table,row,column,value"));
  }
  Placer placer(t, source_name);
  placer.unit().name = name;
  placer.unit().year = year;
  for (CsvRow& r : csv->rows) {
    // The cells move into the record (each column is read once).
    auto take = [&r](int column) {
      return column >= 0 && size_t(column) < r.cells.size() ? std::move(r.cells[size_t(column)])
                                                            : std::string();
    };
    Record rec;
    rec.line = r.line + skipped_lines;
    rec.table = take(table);
    rec.row = take(row);
    rec.column = take(column);
    rec.period = take(period);
    rec.label = take(label);
    rec.code = take(code);
    rec.occurrence = take(occurrence);
    rec.value_text = take(value);
    if (!rec.occurrence.empty()) {  // a grid's record: blanks and text mean something
      rec.has_number = ParseNumber(rec.value_text, &rec.value);
    } else if (rec.value_text.empty()) {
      if (rec.row.empty() && rec.column.empty()) {
        rec.has_number = true;  // a table present without figures
      } else {
        continue;  // a blank figure
      }
    } else {
      rec.has_number = ParseNumber(rec.value_text, &rec.value);
    }
    placer.Place(rec);
  }
  return std::move(placer.unit());
}

absl::StatusOr<UnitData> ReadUnitJson(const Template& t, std::string_view text,
                                      const std::string& source_name) {
  absl::StatusOr<JsonValue> json = ParseJson(text, source_name);
  if (!json.ok()) return json.status();
  const JsonValue* figures = json->is_object() ? json->Find("figures") : nullptr;
  if (!figures || !figures->is_array()) {
    return absl::InvalidArgumentError(source_name +
                                      ": a unit's JSON is an object with a \"figures\" array");
  }
  Placer placer(t, source_name);
  if (const JsonValue* u = json->Find("unit"); u && u->is_string()) placer.unit().name = u->string;
  if (const JsonValue* y = json->Find("year"); y && y->is_number())
    placer.unit().year = int(y->number);
  int index = 0;
  for (const JsonValue& f : figures->items) {
    ++index;
    Record rec;
    rec.line = 0;
    auto str = [&](const char* key) {
      const JsonValue* v = f.is_object() ? f.Find(key) : nullptr;
      if (!v) return std::string();
      if (v->is_string()) return v->string;
      if (v->is_number()) return NumberText(v->number);
      return std::string();
    };
    rec.table = str("table");
    rec.row = str("row");
    rec.column = str("column");
    rec.period = str("period");
    rec.label = str("label");
    rec.code = str("code");
    rec.occurrence = str("occurrence");
    const JsonValue* v = f.is_object() ? f.Find("value") : nullptr;
    if (!rec.occurrence.empty()) {  // a grid's record: blanks and text mean something
      if (v && v->is_number()) {
        rec.has_number = true;
        rec.value = v->number;
        rec.value_text = NumberText(v->number);
      } else if (v && v->is_string()) {
        rec.value_text = v->string;
        rec.has_number = ParseNumber(v->string, &rec.value);
      }
    } else if (!v || v->type == JsonValue::Type::kNull) {
      if (!rec.row.empty() || !rec.column.empty()) continue;
      rec.has_number = true;
    } else if (v->is_number()) {
      rec.has_number = true;
      rec.value = v->number;
      rec.value_text = NumberText(v->number);
    } else if (v->is_string()) {
      rec.value_text = v->string;
      rec.has_number = ParseNumber(v->string, &rec.value);
    } else {
      rec.value_text = "(not a number)";
    }
    size_t before = placer.unit().notes.size();
    placer.Place(rec);
    for (size_t k = before; k < placer.unit().notes.size(); ++k) {
      placer.unit().notes[k].where = absl::StrCat(source_name, ": figures[", index - 1, "]");
    }
  }
  return std::move(placer.unit());
}

std::string WriteUnitCsv(const Template& t, const UnitData& unit) {
  std::string out;
  if (!unit.name.empty()) out += "# unit: " + unit.name + "\n";
  if (unit.year) absl::StrAppend(&out, "# year: ", unit.year, "\n");
  bool grids = false;
  ForEachGridRecord(t, unit, [&](auto&&...) { grids = true; });
  std::vector<std::string> header = {"table", "row", "column", "value", "period", "label", "code"};
  if (grids) header.push_back("occurrence");
  AppendCsvRecord(out, header);
  ForEachFigure(t, unit,
                [&](const std::string& table, const UnitRow* r, const std::string& col, double v,
                    const std::string& period) {
                  if (!r) {
                    AppendCsvRecord(out, {table, "", "", "", "", "", ""});
                    return;
                  }
                  std::string code = r->kind == RowKind::kItem ? r->code : "";
                  AppendCsvRecord(out, {table, r->key, col, NumberText(v), period,
                                        r->label == r->key ? "" : r->label, code});
                });
  ForEachGridRecord(
      t, unit,
      [&](const std::string& grid, const std::string& n, const std::string& item,
          const std::string& col, const std::string& value, const std::string& label) {
        AppendCsvRecord(out, {grid, item, col, value, "", label, "", n});
      });
  return out;
}

std::string WriteUnitJson(const Template& t, const UnitData& unit) {
  std::string out = "{\"unit\":";
  AppendJsonString(out, unit.name);
  absl::StrAppend(&out, ",\"year\":", unit.year, ",\"figures\":[");
  bool first = true;
  ForEachFigure(t, unit,
                [&](const std::string& table, const UnitRow* r, const std::string& col, double v,
                    const std::string& period) {
                  out += first ? "\n" : ",\n";
                  first = false;
                  out += "{\"table\":";
                  AppendJsonString(out, table);
                  if (r) {
                    out += ",\"row\":";
                    AppendJsonString(out, r->key);
                    out += ",\"column\":";
                    AppendJsonString(out, col);
                    out += ",\"value\":";
                    AppendJsonNumber(out, v);
                    if (!period.empty()) {
                      out += ",\"period\":";
                      AppendJsonString(out, period);
                    }
                    if (!r->label.empty() && r->label != r->key) {
                      out += ",\"label\":";
                      AppendJsonString(out, r->label);
                    }
                    if (r->kind == RowKind::kItem && !r->code.empty()) {
                      out += ",\"code\":";
                      AppendJsonString(out, r->code);
                    }
                  }
                  out += "}";
                });
  ForEachGridRecord(
      t, unit,
      [&](const std::string& grid, const std::string& n, const std::string& item,
          const std::string& col, const std::string& value, const std::string& label) {
        out += first ? "\n" : ",\n";
        first = false;
        out += "{\"table\":";
        AppendJsonString(out, grid);
        absl::StrAppend(&out, ",\"occurrence\":", n);
        if (!item.empty()) absl::StrAppend(&out, ",\"row\":", item);
        if (!col.empty()) {
          out += ",\"column\":";
          AppendJsonString(out, col);
          out += ",\"value\":";
          AppendJsonString(out, value);
        }
        if (!label.empty()) {
          out += ",\"label\":";
          AppendJsonString(out, label);
        }
        out += "}";
      });
  out += "\n]}\n";
  return out;
}

absl::Status SaveFileAtomically(const std::string& path, std::string_view content) {
  std::string temp = absl::StrCat(path, ".tmp.", getpid());
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    if (!f) return absl::UnavailableError("cannot write " + temp);
    f.write(content.data(), std::streamsize(content.size()));
    f.flush();
    if (!f) {
      std::remove(temp.c_str());
      return absl::UnavailableError("cannot write " + temp);
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::UnavailableError("cannot rename " + temp + " to " + path);
  }
  return absl::OkStatus();
}

}  // namespace suan::model
