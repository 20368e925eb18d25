#include "engine/city/consolidated_shape.hpp"

#include "absl/container/flat_hash_set.h"
#include "engine/city/row_identity.hpp"

namespace suan::city {

namespace {

bool HasFigures(const model::UnitTable& table) {
  for (const model::UnitPart& p : table.parts) {
    for (const model::UnitRow& r : p.rows) {
      for (const std::optional<double>& v : r.values) {
        if (v) return true;
      }
    }
  }
  return false;
}

}  // namespace

void ShapeCounts::Add(const model::Template& t, const model::UnitData& unit, int sign) {
  present.resize(t.tables.size(), 0);
  nonempty.resize(t.tables.size(), 0);
  for (size_t k = 0; k < t.tables.size() && k < unit.tables.size(); ++k) {
    const model::UnitTable& table = unit.tables[k];
    if (!table.present) continue;
    present[k] += sign;
    if (HasFigures(table)) nonempty[k] += sign;
    for (size_t p = 0; p < table.parts.size(); ++p) {
      for (const model::UnitRow& r : table.parts[p].rows) {
        int& n = rows[RowIdentity(int(k), int(p), r)];
        n += sign;
      }
    }
  }
}

bool ShapeCounts::SameUnion(const ShapeCounts& other) const {
  for (size_t k = 0; k < present.size() || k < other.present.size(); ++k) {
    auto at = [](const std::vector<int>& v, size_t i) { return i < v.size() ? v[i] : 0; };
    if ((at(present, k) > 0) != (at(other.present, k) > 0)) return false;
    if ((at(nonempty, k) > 0) != (at(other.nonempty, k) > 0)) return false;
  }
  auto covers = [](const ShapeCounts& a, const ShapeCounts& b) {
    for (const auto& [identity, n] : a.rows) {
      if (n <= 0) continue;
      auto it = b.rows.find(identity);
      if (it == b.rows.end() || it->second <= 0) return false;
    }
    return true;
  };
  return covers(*this, other) && covers(other, *this);
}

ConsolidatedShape BuildShape(const model::Template& t,
                             const std::vector<const model::UnitData*>& members,
                             const std::string& name) {
  ConsolidatedShape shape;
  model::UnitData& out = shape.data;
  out = model::UnitData::For(t);
  out.name = name;
  out.source = "consolidated";
  for (const model::UnitData* m : members) {
    if (!m) continue;
    if (out.year == 0) out.year = m->year;
    shape.counts.Add(t, *m, +1);
  }
  // Rows in members' order of first appearance; the layout sorts codes itself.
  for (size_t k = 0; k < t.tables.size(); ++k) {
    model::UnitTable& table = out.tables[k];
    table.present = k < shape.counts.present.size() && shape.counts.present[k] > 0;
    if (!table.present) continue;
    // Empty (published without a figure, as a document declares it) when every member's is.
    table.empty = true;
    for (const model::UnitData* m : members) {
      if (m && k < m->tables.size() && m->tables[k].present && !m->tables[k].empty) {
        table.empty = false;
      }
    }
    if (table.empty) table.empty_note = "所有成员单位的该表均为空表";
    for (size_t p = 0; p < t.tables[k].parts.size(); ++p) {
      const model::PartDef& part = t.tables[k].parts[p];
      absl::flat_hash_set<std::string> seen;  // identities placed
      // Projects of one name under several codes are told apart by their code, whichever
      // member comes first (so the keys do not depend on the members' order).
      absl::flat_hash_map<std::string, std::string> code_of_name;
      absl::flat_hash_set<std::string> ambiguous;
      for (const model::UnitData* m : members) {
        if (!m || k >= m->tables.size() || !m->tables[k].present) continue;
        for (const model::UnitRow& r : m->tables[k].parts[p].rows) {
          if (r.kind != model::RowKind::kItem) continue;
          auto [it, added] = code_of_name.emplace(r.key, r.code);
          if (!added && it->second != r.code) ambiguous.insert(r.key);
        }
      }
      for (const model::UnitData* m : members) {
        if (!m || k >= m->tables.size() || !m->tables[k].present) continue;
        for (const model::UnitRow& r : m->tables[k].parts[p].rows) {
          std::string identity = RowIdentity(int(k), int(p), r);
          if (!seen.insert(identity).second) continue;
          model::UnitRow row;
          row.kind = r.kind;
          row.key = r.key;
          row.code = r.code;
          row.label = r.label;
          row.texts.assign(part.text_columns.size(), "");
          row.values.assign(part.columns.size(), std::nullopt);
          if (r.kind == model::RowKind::kItem) {
            if (ambiguous.count(r.key)) row.key = r.key + "（" + r.code + "）";
            shape.item_key[identity] = row.key;
            if (part.items_text_column >= 0) {
              row.texts[size_t(part.items_text_column)] = row.key;
            }
          }
          table.parts[p].rows.push_back(std::move(row));
        }
      }
    }
  }
  return shape;
}

}  // namespace suan::city
