#include "engine/model/layout.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/model/labels.hpp"

namespace suan::model {

int PartLayout::FindFixed(std::string_view key) const {
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].kind == RowKind::kFixed && rows[k].key == key) return int(k);
  }
  return -1;
}

int PartLayout::FindCode(std::string_view code) const {
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].kind == RowKind::kCode && rows[k].code == code) return int(k);
  }
  return -1;
}

int PartLayout::FindItem(std::string_view label) const {
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].kind == RowKind::kItem && rows[k].key == label) return int(k);
  }
  return -1;
}

int PartLayout::FindByLabel(std::string_view label) const {
  std::string want = NormalizeLabel(label);
  int found = -1;
  for (size_t k = 0; k < rows.size(); ++k) {
    if (NormalizeLabel(rows[k].label) != want) continue;
    if (found >= 0) return -1;
    found = int(k);
  }
  return found;
}

namespace {

struct Floating {
  LaidRow row;
  size_t order = 0;  // appearance in the data
};

void LayOutPart(const Template& t, const TableDef& table, size_t part_index, const UnitData& unit,
                size_t table_index, PartLayout& out) {
  const PartDef& part = table.parts[part_index];
  const UnitPart* data =
      unit.tables[table_index].present ? &unit.tables[table_index].parts[part_index] : nullptr;
  // Published rows by kind.
  std::map<std::string, const UnitRow*> fixed;
  std::vector<Floating> floating;
  std::set<std::string> codes_seen;
  if (data) {
    for (const UnitRow& r : data->rows) {
      if (r.kind == RowKind::kFixed) {
        fixed.emplace(r.key, &r);
        continue;
      }
      Floating f;
      f.row.kind = r.kind;
      f.row.key = r.key;
      f.row.code = r.code;
      f.row.label = r.label;
      f.row.data = &r;
      f.order = floating.size();
      if (r.kind == RowKind::kCode) {
        if (!codes_seen.insert(r.code).second) continue;
        f.row.level = part.codes ? part.codes->LevelOf(r.code) : -1;
      }
      floating.push_back(std::move(f));
    }
  }
  // Codes the part shares with other tables (表1's 类 rows are those of 表3).
  if (part.codes) {
    for (const std::string& from : part.codes_from) {
      int k = t.TableIndex(from);
      if (k < 0 || !unit.tables[size_t(k)].present) continue;
      for (const UnitPart& p : unit.tables[size_t(k)].parts) {
        for (const UnitRow& r : p.rows) {
          if (r.kind != RowKind::kCode || codes_seen.count(r.code)) continue;
          int level = part.codes->LevelOf(r.code);
          if (level < 0 || !part.AllowsLevel(level)) continue;
          codes_seen.insert(r.code);
          Floating f;
          f.row.kind = RowKind::kCode;
          f.row.key = r.code;
          f.row.code = r.code;
          f.row.label = part.codes->NameOf(r.code);
          if (f.row.label.empty()) f.row.label = r.label;
          f.row.level = level;
          f.order = floating.size();
          floating.push_back(std::move(f));
        }
      }
    }
  }
  // Codes in code order, items under their code in published order; uncoded items last.
  std::stable_sort(floating.begin(), floating.end(), [](const Floating& a, const Floating& b) {
    bool a_coded = !a.row.code.empty(), b_coded = !b.row.code.empty();
    if (a_coded != b_coded) return a_coded;
    if (!a_coded) return a.order < b.order;
    if (a.row.code != b.row.code) {
      // Hierarchical order: a parent before its children ("208" < "20801" < "209").
      return a.row.code < b.row.code;
    }
    if (a.row.kind != b.row.kind) return a.row.kind == RowKind::kCode;
    return a.order < b.order;
  });

  for (const RowSection& s : part.sections) {
    if (s.kind == RowSection::Kind::kFixed) {
      for (size_t k = s.first; k < s.first + s.count; ++k) {
        const FixedRowDef& def = part.fixed_rows[k];
        auto it = fixed.find(def.key);
        if (def.optional && it == fixed.end()) continue;
        LaidRow row;
        row.kind = RowKind::kFixed;
        row.key = def.key;
        row.label = it != fixed.end() ? it->second->label : def.captions[0];
        row.data = it != fixed.end() ? it->second : nullptr;
        out.rows.push_back(std::move(row));
      }
    } else if (s.kind == RowSection::Kind::kCodes) {
      for (Floating& f : floating) {
        if (f.row.kind == RowKind::kCode) out.rows.push_back(f.row);
        // Items with codes sit among the code rows.
        if (f.row.kind == RowKind::kItem && !f.row.code.empty()) out.rows.push_back(f.row);
      }
    } else {
      for (Floating& f : floating) {
        if (f.row.kind != RowKind::kItem) continue;
        // Coded items were placed with the codes when the part has code rows.
        if (!f.row.code.empty() && part.codes) continue;
        out.rows.push_back(f.row);
      }
    }
  }
  // The roll-up tree: each coded row's nearest ancestor present in the part.
  const CodeList* list = part.codes ? part.codes : part.item_codes;
  if (list) {
    for (size_t k = 0; k < out.rows.size(); ++k) {
      LaidRow& r = out.rows[k];
      if (r.code.empty() || r.kind == RowKind::kFixed) continue;
      std::string up = r.kind == RowKind::kItem ? r.code : list->Parent(r.code);
      while (!up.empty()) {
        int p = out.FindCode(up);
        if (p >= 0 && size_t(p) != k) {
          r.parent = p;
          out.rows[size_t(p)].children++;
          break;
        }
        up = list->Parent(up);
      }
    }
  }
}

}  // namespace

UnitLayout LayOut(const Template& t, const UnitData& unit, bool all_tables_present) {
  UnitLayout layout;
  layout.tables.resize(t.tables.size());
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableDef& table = t.tables[k];
    TableLayout& tl = layout.tables[k];
    tl.present = all_tables_present || unit.tables[k].present;
    tl.parts.resize(table.parts.size());
    int32_t next = 0;
    for (size_t p = 0; p < table.parts.size(); ++p) {
      PartLayout& pl = tl.parts[p];
      LayOutPart(t, table, p, unit, k, pl);
      pl.header_row = next;
      pl.value_col = int32_t(2 + table.parts[p].text_columns.size());
      for (size_t r = 0; r < pl.rows.size(); ++r) pl.rows[r].sheet_row = next + 1 + int32_t(r);
      next += int32_t(pl.rows.size()) + 2;  // header, rows, a blank line
    }
  }
  layout.grids.resize(t.grids.size());
  for (size_t g = 0; g < t.grids.size() && g < unit.grids.size(); ++g) {
    GridLayout& gl = layout.grids[g];
    gl.field_col = 2;
    gl.value_col = 2;
    const std::vector<GridOccurrence>& occs = unit.grids[g].occurrences;
    int32_t next = 1;  // row 0: the header
    for (const GridOccurrence& o : occs) gl.occurrences.push_back({&o, next++, {}});
    ++next;  // a blank line, then the items' header
    ++next;
    for (GridLayout::Occurrence& o : gl.occurrences) {
      for (size_t r = 0; r < o.data->rows.size(); ++r) o.item_rows.push_back(next++);
    }
  }
  return layout;
}

}  // namespace suan::model
