// A small CSV reader and writer (RFC 4180: quoted fields, "" inside quotes, CRLF or LF), for
// code lists and a unit's data in long form. Errors name the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace suan::model {

struct CsvRow {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> cells;
  std::string_view Cell(int column) const {
    return column >= 0 && size_t(column) < cells.size() ? std::string_view(cells[size_t(column)])
                                                        : std::string_view();
  }
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // blank lines skipped
  // Index of a header column (exact, after trimming and a UTF-8 BOM), or -1.
  int Column(std::string_view name) const;
};

absl::StatusOr<CsvTable> ReadCsv(std::string_view text, const std::string& source_name);

// Appends one record, quoting fields that need it.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells);

}  // namespace suan::model
