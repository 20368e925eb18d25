// Where the figures of every unit with data sit in the city's workbook, laid out so that a
// consolidated cell sums the same row of many units with one 3-D reference.
//
// Each data unit has one sheet per table ("u12.表3") and one per table for its prior-year
// figures ("u12.上年.表3"), created table by table in tree order: the sheets of one subtree's
// units are then adjacent, and 'u3.表3:u9.表3'!B5 sums row 5, column B over units 3 to 9, with
// one short formula text however many units there are. For that, fixed rows and code rows are
// aligned across the whole city (a row of a table has the same sheet row in every unit).
// Projects (item rows) are each unit's own and sit below kFirstItemRow; a consolidated project
// row names its members' cells one by one. Only value columns are stored: column A is a part's
// first value column.
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

// The city-wide rows of fixed and code rows, by row identity (row_identity.hpp).
class AlignedRows {
 public:
  // Assigns rows to every fixed and code row the units have: each table's fixed rows in the
  // template's order, then its code rows in code order (a unit's rows are then few tiles).
  void Assign(const model::Template& t, const std::vector<const model::UnitData*>& units);
  // The row of an identity, given a new row at the end of its table when it has none.
  int32_t RowOf(int table, const std::string& identity);
  std::optional<int32_t> Find(const std::string& identity) const;

 private:
  absl::flat_hash_map<std::string, int32_t> rows_;
  std::vector<int32_t> next_;  // by table
};

// One data unit's sheets and project rows.
struct UnitPlacement {
  std::vector<uint32_t> sheet;                          // by table
  std::vector<uint32_t> prior_sheet;                    // by table
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
