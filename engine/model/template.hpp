// A budget template (表样): the tables of a disclosure, their rows and columns, the rules that
// calculate cells, the checks that must hold and the narrative statements, as read from a
// .suan model file. A template is data: a new table set is a new model file.
//
// LoadTemplate parses the file, loads its code lists (paths relative to the model file) and
// checks every name it can before any unit's data is seen: tables, columns, fixed rows, codes
// (a code must be in its code list), levels, statement slots and function names. Each problem
// is reported as "file:line:column: why" with a caret; all of them, not just the first.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/model/code_list.hpp"
#include "formulas/model/ast.hpp"
#include "formulas/model/parse_model.hpp"

namespace suan::model {

struct ColumnDef {
  std::string key;                    // 合计
  std::vector<std::string> captions;  // as published; the key when none is given
  const char* at = nullptr;
};

struct FixedRowDef {
  std::string key;
  std::vector<std::string> captions;  // "{单位}" in a caption stands for the unit's name
  bool optional = false;              // absent from a unit unless published
  const char* at = nullptr;
  std::vector<std::string> labels;  // the captions as NormalizeLabel reads them (made once)
};

// The printed order of a part's rows: blocks of fixed rows, the code rows, the item rows.
struct RowSection {
  enum class Kind { kFixed, kCodes, kItems };
  Kind kind = Kind::kFixed;
  size_t first = 0, count = 0;  // kFixed: the range in PartDef::fixed_rows
};

// A rule in declaration order: a formula statement or a roll-up of the code hierarchy.
struct RuleDef {
  const ast::rule_stmt* rule = nullptr;  // nullptr for a roll-up
  const char* at = nullptr;
};

// One part of a table (a side-by-side table has two: 收入 and 支出); a plain table has one
// part with an empty key.
struct PartDef {
  std::string key;
  std::vector<std::string> captions;
  std::vector<ColumnDef> columns;       // value columns
  std::vector<ColumnDef> text_columns;  // 项目名称 …
  std::vector<FixedRowDef> fixed_rows;
  std::vector<RowSection> sections;
  // Code rows: which list, which levels (empty: all), and tables whose codes this part also
  // has (表1's 类 rows are those of 表3).
  const CodeList* codes = nullptr;
  std::vector<int> code_levels;
  std::vector<std::string> codes_from;
  // Item rows (projects): keyed by their label or a text column, grouped under a code.
  bool has_items = false;
  std::string items_section;
  int items_text_column = -1;  // index into text_columns; -1: the row label
  const CodeList* item_codes = nullptr;
  std::vector<RuleDef> rules;
  std::vector<const ast::check_stmt*> checks;

  int ColumnIndex(std::string_view key) const;
  int FixedRowIndex(std::string_view key) const;
  bool AllowsLevel(int level) const;
};

struct TableDef {
  std::string key;                  // 表3
  std::vector<std::string> titles;  // 部门支出总体情况表 and other spellings
  bool optional = false;            // may be absent from a disclosure without a finding
  std::vector<PartDef> parts;
  const char* at = nullptr;

  int PartIndex(std::string_view key) const;
  // The part holding fixed row `key`, or -1.
  int PartOfFixedRow(std::string_view key) const;
};

// A labelled cell of a grid: the caption as published, the figure or text in the cell after it
// ("年度预算总额 | 812.00", "项目名称 | 档案运行经费").
struct FieldDef {
  std::string key;
  std::vector<std::string> captions;  // the key when none is given
  bool text = false;                  // textfield: kept as text (a name), not a figure
  const char* at = nullptr;
};

// A grid published again and again inside the narrative (a 项目支出绩效目标表 per project):
// each occurrence has its fields, and item rows below a header row that names the columns.
// Its checks are made for every occurrence.
struct GridDef {
  std::string key;                  // 项目绩效
  std::vector<std::string> titles;  // 项目支出绩效目标表
  bool optional = false;            // may be absent from a disclosure without a finding
  std::vector<FieldDef> fields;
  std::vector<ColumnDef> columns;       // value columns of the item rows
  std::vector<ColumnDef> text_columns;  // text columns of the item rows
  std::string items_section;            // items 指标 by 三级指标: "指标"
  // The text column naming an item: a row where it is blank continues the item above (a row
  // wrapped across a page break). -1: the first text column, if any.
  int items_text_column = -1;
  std::vector<const ast::check_stmt*> checks;
  const char* at = nullptr;

  int FieldIndex(std::string_view key) const;
  int ColumnIndex(std::string_view key) const;
  int TextColumnIndex(std::string_view key) const;
  // The text column that names the item rows, or -1.
  int KeyColumn() const;
};

// param 绩效分值 = 90: a named constant of the model (its own cell, so a what-if can vary it).
struct ParamDef {
  std::string key;
  double value = 0;
  const char* at = nullptr;
};

struct Template {
  ModelSource source;    // the model file
  std::string base_dir;  // code list paths are relative to it
  // Models it includes (include "…"), each kept alive for the positions into it.
  std::vector<std::unique_ptr<ModelSource>> included;
  std::string unit = "万元";
  int decimals = 2;
  double tolerance = 0.01;  // of a calculation rule: per summed term by default
  bool tolerance_per_term = true;
  std::vector<std::unique_ptr<CodeList>> code_lists;
  std::vector<TableDef> tables;
  std::vector<GridDef> grids;
  std::vector<ParamDef> params;
  std::vector<const ast::check_stmt*> checks;  // top-level checks
  std::vector<const ast::text_stmt*> texts;

  int TableIndex(std::string_view key) const;
  const TableDef* FindTable(std::string_view key) const;
  int GridIndex(std::string_view key) const;
  int ParamIndex(std::string_view key) const;
  const CodeList* FindCodes(std::string_view name) const;
  const ast::text_stmt* FindText(std::string_view id) const;
  // The source (the model or an included one) a position is in.
  const ModelSource& SourceOf(const char* at) const;
  // "file:line:column: why" with a caret under `at`.
  std::string Message(const char* at, std::string_view why) const {
    return SourceOf(at).Message(at, why);
  }
};

// Reads and checks a model file (and its code lists).
absl::StatusOr<std::unique_ptr<Template>> LoadTemplate(const std::string& path);
// The same from text already read; code list paths are relative to `base_dir`.
absl::StatusOr<std::unique_ptr<Template>> BuildTemplate(std::string text,
                                                        const std::string& source_name,
                                                        const std::string& base_dir);

}  // namespace suan::model
