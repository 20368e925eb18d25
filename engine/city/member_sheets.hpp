// Where the figures of every unit with data sit in the city's workbook, laid out so that a
// consolidated cell sums the same cell of many units with one 3-D reference, and so that a
// unit's figures fill few of the engine's tiles (16 rows x 8 columns, each costing every cell
// slot in it whether used or not).
//
// Each data unit has one sheet for all its tables ("u12"), created in tree order: the sheets of
// one subtree's units are then adjacent, and
// 'u3:u9'!B5 sums B5 over units 3 to 9 with one short formula text, however many units there
// are. For that, every row of a table that is not a project (its fixed rows and code rows) has
// the same sheet row in every unit ("aligned"), the rows most units have first; tables sit side
// by side in bands of 16 columns. Projects (item rows) are each unit's own, from
// kFirstItemRow down; a consolidated project row names its members' cells one by one.
// Prior-year figures (a few per unit) are packed 16 to a row from kFirstPriorRow, each kind
// (row identity and column) at the same place in every unit: one tile holds them all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::city {

inline constexpr int32_t kFirstItemRow = 8192;
inline constexpr int32_t kFirstPriorRow = 4096;

// The city-wide places of fixed and code rows (by row identity, row_identity.hpp) and of each
// table's columns.
class AlignedRows {
 public:
  // Places every table's columns, and rows for every fixed and code row the units have: each
  // table's fixed rows in the template's order, then its code rows, those most units have first,
  // each group in code order.
  void Assign(const model::Template& t, const std::vector<const model::UnitData*>& units);
  // The row of an identity, given a new row at the end of its table when it has none.
  int32_t RowOf(int table, const std::string& identity);
  std::optional<int32_t> Find(const std::string& identity) const;
  // The sheet column of value column `column` of `table`.
  int32_t Column(int table, int column) const { return column_[size_t(table)] + column; }
  // Where the prior-year figure of a row identity's value column is (a place is given when
  // new; Find does not).
  std::pair<int32_t, int32_t> PriorCell(const std::string& identity, int column);
  std::optional<std::pair<int32_t, int32_t>> FindPriorCell(const std::string& identity,
                                                           int column) const;

 private:
  absl::flat_hash_map<std::string, int32_t> rows_;
  absl::flat_hash_map<std::string, int32_t> prior_slots_;  // "identity|column" -> slot
  std::vector<int32_t> next_;                              // by table
  std::vector<int32_t> column_;  // by table: where its first value column is
};

// One data unit's sheets and project rows.
struct UnitPlacement {
  uint32_t sheet = 0;
  absl::flat_hash_map<std::string, int32_t> item_rows;  // project identity -> row
  std::vector<int32_t> next_item;                       // by table

  // The row of a project, given a new one when the unit has none yet.
  int32_t ItemRow(int table, const std::string& identity);
};

// The sheet row of one of a unit's rows: aligned for fixed and code rows, the unit's own for
// projects (allocating either when new).
int32_t PlaceRow(AlignedRows& aligned, UnitPlacement& placement, int table, int part,
                 const model::UnitRow& row);
// The same without allocating; nullopt when the row has no place yet.
std::optional<int32_t> FindRow(const AlignedRows& aligned, const UnitPlacement& placement,
                               int table, int part, const model::UnitRow& row);

}  // namespace suan::city
