// Where a unit's cells go: every table becomes a sheet (named "表3", or "<prefix>表3" when a
// workbook holds many units), its parts stacked one below the other, each with a header row.
// Column A holds the row key (code or name), B the published label, then the text columns,
// then the value columns. Rows are the template's fixed rows plus the codes and items the
// unit has (floating rows), codes in code order with items under their code.
//
// The layout also knows the code hierarchy as published: each code row or item rolls up into
// its nearest ancestor row present in the same part, which is what a roll-up sums.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

struct LaidRow {
  RowKind kind = RowKind::kFixed;
  std::string key;    // fixed key, code, or item label (unique within the part)
  std::string code;   // code rows and items with a code
  std::string label;  // published label, or the code list's / template's name
  int level = -1;     // code level (code rows), -1 otherwise
  int32_t sheet_row = 0;
  const UnitRow* data = nullptr;  // the published row, nullptr when the unit lacks it
  int parent = -1;                // the row this one rolls up into, -1 none
  int children = 0;               // rows rolling up into this one
};

struct PartLayout {
  int32_t header_row = 0;
  int32_t value_col = 2;  // first value column (after key, label and text columns)
  std::vector<LaidRow> rows;

  int FindFixed(std::string_view key) const;
  int FindCode(std::string_view code) const;
  int FindItem(std::string_view label) const;
  // By normalised label (for narrative sentences naming a row), -1 when none or ambiguous.
  int FindByLabel(std::string_view label) const;
};

struct TableLayout {
  bool present = false;  // published; rules and checks on an absent table are skipped
  uint32_t sheet = 0;
  uint32_t prior_sheet = 0;  // 上年 figures, same layout
  std::string sheet_name;
  std::vector<PartLayout> parts;
};

// A grid's occurrences on one sheet: a row per occurrence (A its number, B its name, the
// fields from column C), then each occurrence's item rows (A the occurrence's number, B the
// item, the value columns from column C).
struct GridLayout {
  uint32_t sheet = 0;
  std::string sheet_name;
  struct Occurrence {
    const GridOccurrence* data = nullptr;
    int32_t row = 0;                 // its fields' row
    std::vector<int32_t> item_rows;  // one per data->rows
  };
  std::vector<Occurrence> occurrences;
  int32_t field_col = 2;
  int32_t value_col = 2;
};

struct UnitLayout {
  std::string prefix;
  std::vector<TableLayout> tables;
  std::vector<GridLayout> grids;  // one per Template::grids
  uint32_t param_sheet = 0;       // the model's params ("参数"): A name, B value, from row 2
};

// Rows of every part (sheets are assigned by the compiler). `all_tables_present`: compute
// mode lays out every table, published or not.
UnitLayout LayOut(const Template& t, const UnitData& unit, bool all_tables_present);

}  // namespace suan::model
