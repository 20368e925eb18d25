#include "engine/city/member_sheets.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/city/row_identity.hpp"

namespace suan::city {

void AlignedRows::Assign(const model::Template& t,
                         const std::vector<const model::UnitData*>& units) {
  next_.assign(t.tables.size(), 0);
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const model::TableDef& def = t.tables[k];
    // (part, 0, fixed index, "") for fixed rows; (part, 1, 0, code) for code rows.
    std::map<std::tuple<int, int, int, std::string>, std::string> order;
    for (const model::UnitData* u : units) {
      if (!u || k >= u->tables.size() || !u->tables[k].present) continue;
      for (size_t p = 0; p < u->tables[k].parts.size(); ++p) {
        for (const model::UnitRow& r : u->tables[k].parts[p].rows) {
          if (r.kind == model::RowKind::kItem) continue;
          int fixed = r.kind == model::RowKind::kFixed ? def.parts[p].FixedRowIndex(r.key) : 0;
          order.emplace(std::make_tuple(int(p), r.kind == model::RowKind::kFixed ? 0 : 1, fixed,
                                        r.kind == model::RowKind::kFixed ? "" : r.code),
                        RowIdentity(int(k), int(p), r));
        }
      }
    }
    for (const auto& [key, identity] : order) rows_.emplace(identity, next_[k]++);
  }
}

int32_t AlignedRows::RowOf(int table, const std::string& identity) {
  if (size_t(table) >= next_.size()) next_.resize(size_t(table) + 1, 0);
  auto [it, added] = rows_.emplace(identity, next_[size_t(table)]);
  if (added) ++next_[size_t(table)];
  return it->second;
}

std::optional<int32_t> AlignedRows::Find(const std::string& identity) const {
  auto it = rows_.find(identity);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

int32_t UnitPlacement::ItemRow(int table, const std::string& identity) {
  if (size_t(table) >= next_item.size()) next_item.resize(size_t(table) + 1, kFirstItemRow);
  auto [it, added] = item_rows.emplace(identity, next_item[size_t(table)]);
  if (added) ++next_item[size_t(table)];
  return it->second;
}

int32_t PlaceRow(AlignedRows& aligned, UnitPlacement& placement, int table, int part,
                 const model::UnitRow& row) {
  std::string identity = RowIdentity(table, part, row);
  if (row.kind == model::RowKind::kItem) return placement.ItemRow(table, identity);
  return aligned.RowOf(table, identity);
}

std::optional<int32_t> FindRow(const AlignedRows& aligned, const UnitPlacement& placement,
                               int table, int part, const model::UnitRow& row) {
  std::string identity = RowIdentity(table, part, row);
  if (row.kind != model::RowKind::kItem) return aligned.Find(identity);
  auto it = placement.item_rows.find(identity);
  if (it == placement.item_rows.end()) return std::nullopt;
  return it->second;
}

}  // namespace suan::city
