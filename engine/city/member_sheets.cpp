#include "engine/city/member_sheets.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/city/row_identity.hpp"

namespace suan::city {

void AlignedRows::Assign(const model::Template& t,
                         const std::vector<const model::UnitData*>& units) {
  // Columns: tables side by side in bands of 16 (two of the engine's tiles wide; bands of one
  // tile, 8, measured no smaller on the city-500 workbook), widest first, each in the first band
  // with room; a table wider than a band takes bands of its own.
  constexpr int32_t kBand = 16;
  std::vector<std::pair<int32_t, size_t>> widths;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    int32_t w = 1;
    for (const model::PartDef& p : t.tables[k].parts) w = std::max(w, int32_t(p.columns.size()));
    widths.emplace_back(w, k);
  }
  std::stable_sort(widths.begin(), widths.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  column_.assign(t.tables.size(), 0);
  std::vector<int32_t> used;  // columns taken in each band
  for (const auto& [width, k] : widths) {
    size_t band = 0;
    while (band < used.size() && used[band] + width > kBand) ++band;
    if (band == used.size()) {
      // New bands: as many as the table needs.
      for (int32_t b = 0; b < std::max<int32_t>(1, (width + kBand - 1) / kBand); ++b) {
        used.push_back(b == 0 ? 0 : kBand);
      }
    }
    column_[k] = int32_t(band) * kBand + used[band];
    used[band] += std::min(width, kBand);
  }
  // Rows.
  next_.assign(t.tables.size(), 0);
  size_t half = (units.size() + 1) / 2;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const model::TableDef& def = t.tables[k];
    absl::flat_hash_map<std::string, size_t> users;  // identity -> units having the row
    // (fixed 0 / code 1, rare, part, fixed row index, code) -> identity
    std::map<std::tuple<int, int, int, int, std::string>, std::string> order;
    std::map<std::string, std::tuple<int, int, int, std::string>> where;
    for (const model::UnitData* u : units) {
      if (!u || k >= u->tables.size() || !u->tables[k].present) continue;
      for (size_t p = 0; p < u->tables[k].parts.size(); ++p) {
        for (const model::UnitRow& r : u->tables[k].parts[p].rows) {
          if (r.kind == model::RowKind::kItem) continue;
          std::string identity = RowIdentity(int(k), int(p), r);
          ++users[identity];
          bool fixed = r.kind == model::RowKind::kFixed;
          where.emplace(identity, std::make_tuple(fixed ? 0 : 1, int(p),
                                                  fixed ? def.parts[p].FixedRowIndex(r.key) : 0,
                                                  fixed ? "" : r.code));
        }
      }
    }
    for (const auto& [identity, at] : where) {
      auto [kind, part, fixed, code] = at;
      int rare = kind == 1 && users[identity] < half ? 1 : 0;
      order.emplace(std::make_tuple(kind, rare, part, fixed, code), identity);
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

namespace {
std::string PriorKey(const std::string& identity, int column) {
  return identity + "|" + std::to_string(column);
}
std::pair<int32_t, int32_t> SlotCell(int32_t slot) {
  return {kFirstPriorRow + slot / 16, slot % 16};
}
}  // namespace

std::pair<int32_t, int32_t> AlignedRows::PriorCell(const std::string& identity, int column) {
  auto [it, added] = prior_slots_.emplace(PriorKey(identity, column), int32_t(prior_slots_.size()));
  return SlotCell(it->second);
}

std::optional<std::pair<int32_t, int32_t>> AlignedRows::FindPriorCell(const std::string& identity,
                                                                      int column) const {
  auto it = prior_slots_.find(PriorKey(identity, column));
  if (it == prior_slots_.end()) return std::nullopt;
  return SlotCell(it->second);
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
