// What a reference in a model expression means: which cell, which set of cells, or that the
// cell does not exist for this unit (a floating row it does not have reads as 0).
//
// One resolver serves two purposes. Without a layout it checks names against the template
// alone (LoadTemplate reports an unknown table, row, column, code or level with its line and
// column before any data is seen). With a unit's layout it gives the cells a formula reads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/model/layout.hpp"
#include "engine/model/template.hpp"
#include "formulas/model/ast.hpp"

namespace suan::model {

struct CellRef {
  uint32_t sheet = 0;
  int32_t row = 0;
  int32_t col = 0;
  friend bool operator==(const CellRef&, const CellRef&) = default;
};

// Where an expression is evaluated.
struct Scope {
  int table = -1;  // the table whose bare column names and [rows] are meant
  int part = -1;
  int row = -1;                 // a laid-out row of that part (compile), -1 none
  int column = -1;              // a value column of that part, -1 none
  bool row_context = false;     // instantiated per row (checking names: any row)
  bool column_context = false;  // instantiated per column
  bool absent_row = false;      // the row named by a sentence is not in the unit's table
  bool prior = false;           // inside 上年(…): the prior-year sheets
  bool any_column = false;      // only rows matter (行数): an unnamed column is the first
  int grid = -1;                // a grid's check: bare names are its fields and columns
  int occurrence = -1;          // the occurrence (compile), -1 none
};

struct Resolution {
  enum class Kind {
    kCells,        // one cell, or a row set (several)
    kAbsent,       // a row or table cell the unit does not have: reads as 0
    kUnavailable,  // depends on something missing (a table not published, a sentence not
                   // found): the check is skipped, with `reason`
    kError,        // a mistake in the model: `reason` is a located message
  };
  Kind kind = Kind::kCells;
  bool is_set = false;  // a row set ([类], [under 208], 明细.金额 of an each-statement)
  std::vector<CellRef> cells;
  std::string reason;
};

// Narrative slots the compiler laid out: statement id -> slot name -> published cells.
struct SlotCells {
  bool each = false;
  bool found = false;
  std::map<std::string, std::vector<CellRef>> slots;
};

// Where another unit's figures are, for a reference that names a unit (人社局!表1[收入总计]):
// the layout of that unit's figures in the workbook being compiled, the compiled unit's own
// layout when the name means the unit itself, or nullptr with `why` when the unit cannot be
// reached here (a single unit checked alone, a name no unit has).
using UnitLayoutLookup = std::function<const UnitLayout*(std::string_view unit, std::string* why)>;

class Resolver {
 public:
  // `layout` nullptr: check names only.
  Resolver(const Template& t, const UnitLayout* layout) : t_(t), layout_(layout) {}

  void set_slots(const std::map<std::string, SlotCells>* slots) { slots_ = slots; }
  // Audit mode: a fixed row the published table lacks is unknown, not zero (checks that read
  // it are skipped; the import reported the row once).
  void set_missing_rows_unknown(bool on) { missing_rows_unknown_ = on; }
  // Without a lookup, a reference naming a unit is unavailable (its check is skipped).
  void set_units(UnitLayoutLookup lookup) { units_ = std::move(lookup); }

  Resolution Resolve(const ast::reference& ref, const Scope& scope) const;

  // The identity of the scope's row in another table (same code, fixed key or item label).
  // Returns {part, row} or {-1,-1}.
  std::pair<int, int> SameRow(int table, const Scope& scope) const;

 private:
  Resolution Error(const char* at, std::string_view why) const;
  Resolution RowReference(int table, const ast::reference& ref, const Scope& scope) const;
  // The column to read in `part` of `table`.
  Resolution Column(int table, int part, const ast::reference& ref, const Scope& scope,
                    int* column) const;
  Resolution Cells(int table, int part, const std::vector<int>& rows, int column, bool set,
                   const Scope& scope) const;
  // Rows of a named set in a part: a level of its code list, or its items section.
  bool NamedSet(int table, int part, std::string_view name, std::vector<int>* rows) const;
  std::vector<int> LeavesUnder(int table, int part, std::string_view code) const;
  std::string ColumnList(const PartDef& part) const;
  // A bare name in a grid's check: a field (one cell) or a value column (the occurrence's
  // item rows); nullopt when it is neither.
  std::optional<Resolution> GridName(const ast::reference& ref, const Scope& scope) const;
  // A param's cell, or nullopt when `name` is no param.
  std::optional<Resolution> Param(std::string_view name) const;
  // [like F]: the item rows of `table` matching the name in this occurrence's text field F.
  Resolution Like(int table, const ast::reference& ref, const Scope& scope) const;
  const char* PositionOf(const ast::reference& ref, std::string_view text) const;
  // U!表N[row].col: the reference resolved in unit U's layout.
  Resolution OtherUnit(const ast::reference& ref, const Scope& scope) const;

  const Template& t_;
  const UnitLayout* layout_;
  const std::map<std::string, SlotCells>* slots_ = nullptr;
  bool missing_rows_unknown_ = false;
  UnitLayoutLookup units_;
  // [like F] matches every occurrence's name at once: (grid, field, table) -> for each
  // occurrence, the rows of the table it matches. Computed once per unit.
  mutable std::map<std::tuple<int, int, int>, std::vector<std::vector<int>>> like_rows_;
};

}  // namespace suan::model
