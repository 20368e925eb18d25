// One unit's (department's) figures for a template, whatever they were read from: a published
// disclosure, a CSV or JSON data file. Indexed like the template: tables[k] is the unit's copy
// (表页) of Template::tables[k], parts[p] of its parts. Values are in the template's unit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/template.hpp"

namespace suan::model {

enum class RowKind { kFixed, kCode, kItem };

struct UnitRow {
  RowKind kind = RowKind::kFixed;
  std::string key;                 // fixed: the template's row key; code: the code; item: its label
  std::string code;                // code rows, and items filed under a code ("" otherwise)
  std::string label;               // as published
  std::vector<std::string> texts;  // one per template text column
  std::vector<std::optional<double>> values;  // one per template value column; nullopt: blank
  int line = 0;                               // where it was read (0: not from a file)
};

struct UnitPart {
  std::vector<UnitRow> rows;
};

struct UnitTable {
  bool present = false;  // published (or given in the data file)
  std::vector<UnitPart> parts;
  std::string title;  // as published
  int line = 0;
  bool empty = false;      // published without any figure
  std::string empty_note;  // the sentence declaring it empty (…为空表), if any
};

// One occurrence of a grid (绩效目标表): its fields and item rows as published.
struct GridField {
  bool found = false;           // the caption was published
  std::string text;             // the cell after the caption
  std::optional<double> value;  // value fields: the figure read from `text`, nullopt when none
  int line = 0;
};

struct GridOccurrence {
  std::string title;  // as published
  int line = 0;
  int end_line = 0;
  std::vector<GridField> fields;  // one per GridDef::fields
  // One per GridDef::columns: the header row named it (else its cells are unknown).
  std::vector<bool> has_column;
  std::vector<UnitRow> rows;  // the item rows, wrapped rows joined; values per value column,
                              // texts per text column; `label` is the item's name
};

struct UnitGrid {
  std::vector<GridOccurrence> occurrences;
};

// A prior-year figure (上年预算), from a data file or derived from the narrative.
struct PriorFigure {
  std::string table, row, column;  // row: fixed key or code or item label
  double value = 0;
};

struct Paragraph {
  int line = 0;
  std::string heading;
  std::string text;
};

// Something the import could not take as it was, with where and why.
struct ImportNote {
  enum class Severity { kError, kWarning, kInfo };
  Severity severity = Severity::kWarning;
  std::string where;  // "file:line"
  std::string table;  // 表3, or "" for the document
  std::string message;
};

std::string_view SeverityName(ImportNote::Severity s);

struct UnitData {
  std::string name;  // the organisation (编制部门)
  int year = 0;
  std::string source;  // the file it came from
  std::vector<UnitTable> tables;
  std::vector<UnitGrid> grids;  // one per Template::grids (may be shorter: no occurrence)
  std::vector<PriorFigure> prior;
  std::vector<Paragraph> paragraphs;
  std::vector<ImportNote> notes;
  std::vector<std::string> recognised;  // "表3 部门支出总体情况表 (line 162, 27 rows)"

  // An empty unit shaped like the template (every table absent).
  static UnitData For(const Template& t);
  bool HasErrors() const;
};

}  // namespace suan::model
