// Workbooks as JSON, the neutral format of ../shared/peers/gen_workbook.py:
//   {"sheets":[{"name":"Dept_0001","cells":[[row, col, number | "text" | "=formula" | true], ...]},
//              ...], ...other members...}
// Rows and columns are 0-based. The cells are streamed straight into the Workbook (no tree is
// built for them), so a 12.5 MB file loads in a few tens of milliseconds. Other top-level
// members (edits, expected values, checks) are returned as a JsonValue tree for the caller.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/diagnostic.hpp"
#include "engine/io/json.hpp"
#include "engine/workbook.hpp"

namespace suan {

struct WorkbookJsonExtras {
  // Top-level members other than "sheets", in file order.
  JsonValue others;
  // Cells that could not be taken (beyond the sheet limits, malformed entries), with where and
  // why; the rest of the workbook still loads.
  std::vector<Diagnostic> skipped;
  size_t cells_read = 0;
  size_t formulas_read = 0;
};

// Receives what the reader finds, cell by cell, in file order.
class WorkbookJsonSink {
 public:
  virtual ~WorkbookJsonSink() = default;
  // A new sheet; an error (a duplicate or invalid name) stops the read.
  virtual absl::StatusOr<uint32_t> AddSheet(const std::string& name) = 0;
  // One cell; `value` is a number, bool, or text (formulas are text starting with '='). An
  // error skips the cell and is reported in WorkbookJsonExtras::skipped.
  virtual absl::Status Cell(uint32_t sheet, int32_t row, int32_t col, const JsonValue& value) = 0;
  // The name of a sheet already added (for messages).
  virtual std::string SheetName(uint32_t sheet) const = 0;
};

// Streams `text` into `sink`.
absl::StatusOr<WorkbookJsonExtras> ReadWorkbookJson(std::string_view text,
                                                    const std::string& source_name,
                                                    WorkbookJsonSink& sink);

// Reads `text` into `book` (which should be empty). A malformed or truncated file is an error
// naming the line and column; a bad individual cell is skipped and reported in `skipped`.
absl::StatusOr<WorkbookJsonExtras> ReadWorkbookJson(std::string_view text,
                                                    const std::string& source_name, Workbook& book);

// Defines the names of a workbook's "names" member:
//   "names":[{"name":"Rate","refers_to":"=0.05"},{"name":"Local","refers_to":"=$A$1","sheet":"S"}]
// Errors name the entry and say why.
absl::Status ApplyNamesJson(const JsonValue& names, Workbook& book);

// Every non-empty cell's value: {"sheets":[{"name":…, "values":[[row, col, value], …]}]}, errors
// as strings like "#DIV/0!". Numbers are written so they read back exactly.
std::string WriteValuesJson(const Workbook& book);

// The whole workbook in the format ReadWorkbookJson reads: every constant and formula (as
// "=text") of every sheet, and the defined names. Text that starts with '=' and error constants
// are written as formulas that give them back (="=abc", =#N/A).
std::string WriteWorkbookJson(const Workbook& book);
// Writes WriteWorkbookJson to `path` safely: a temporary file in the same folder, flushed, then
// renamed over `path`, so a crash never leaves a half-written workbook where the old one was.
absl::Status SaveWorkbookJson(const Workbook& book, const std::string& path);

// Reads a whole file; errors say which file and why.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace suan
