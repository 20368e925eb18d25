// Writes a model expression as an Excel formula for one cell: structured references become
// A1 references (relative on table sheets, so the rule's cells share one program in the
// engine; absolute on the check and narrative sheets, see References), row sets
// become argument lists, and the model's own functions are expanded:
//
//   上年(x)   x read from the prior-year sheets (上年 / PRIOR)
//   增减(x)   x - 上年(x) (CHANGE)
//   行数(S)   the number of rows in a row set, as a constant (ROWS_IN)
//
// Every other function is passed to the engine, which must know it (checked when the model
// loads). The cells read by the formula are returned as its terms: the per-term tolerance of
// a rule counts those that are not zero.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/direct_check.hpp"
#include "engine/model/resolver.hpp"
#include "engine/workbook.hpp"
#include "formulas/model/ast.hpp"

namespace suan::model {

struct WrittenFormula {
  enum class Status { kOk, kUnavailable, kError };
  Status status = Status::kOk;
  std::string text;  // without '='
  std::vector<CellRef> terms;
  std::string reason;  // kUnavailable: why; kError: a located message
  // Asked for (WriteFormula's `plan`) and the expression a sum and difference of cells and
  // numbers: the same formula as steps to evaluate without the engine (direct_check.hpp), and
  // no text (write it again without `plan` for that).
  bool planned = false;
  std::vector<PlanStep> plan;
};

// How a formula names the cells it reads. Relative references let the cells of one rule share
// a program; a check row is written once per unit at a row that varies from unit to unit, so
// its references are absolute and one text is one program wherever the row falls.
enum class References { kRelative, kAbsolute };

// `book` may be nullptr when only names are checked.
// With `plan`, its steps instead of its text when it has them (WrittenFormula::planned).
WrittenFormula WriteFormula(const ast::expression& e, const Scope& scope, const Resolver& resolver,
                            const Template& t, const Workbook* book, uint32_t host_sheet,
                            References references = References::kRelative, bool plan = false);

// A cell as a formula writes it from `host_sheet`: "C5" or "表2!C5" ("$C$5", "表2!$C$5").
std::string CellText(const Workbook& book, const CellRef& cell, uint32_t host_sheet,
                     References references = References::kRelative);
// The same, appended to `out` (a formula being written).
void AppendCellText(std::string& out, const Workbook& book, const CellRef& cell,
                    uint32_t host_sheet, References references = References::kRelative);

// A double as formula text that reads back exactly.
std::string NumberText(double value);

}  // namespace suan::model
