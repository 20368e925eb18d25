#include "engine/model/csv.hpp"

#include "absl/strings/str_cat.h"

namespace suan::model {

int CsvTable::Column(std::string_view name) const {
  for (size_t k = 0; k < header.size(); ++k) {
    if (header[k] == name) return int(k);
  }
  return -1;
}

absl::StatusOr<CsvTable> ReadCsv(std::string_view text, const std::string& source_name) {
  CsvTable table;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int line = 1;
  size_t i = 0;
  bool first_record = true;
  size_t columns = 0;  // the header's: most records have as many cells
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    row.cells.reserve(columns);
    std::string cell;
    bool any = false;
    while (true) {
      if (i < text.size() && text[i] == '"') {
        int quote_line = line;
        ++i;
        while (true) {
          if (i >= text.size()) {
            return absl::InvalidArgumentError(
                absl::StrCat(source_name, ":", quote_line, ": a quoted field is never closed"));
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          cell.push_back(text[i++]);
        }
        any = true;
      }
      // The unquoted rest of the field, appended at once.
      size_t end = i;
      while (end < text.size() && text[end] != ',' && text[end] != '\n' && text[end] != '\r') {
        ++end;
      }
      if (end > i) {
        cell.append(text.data() + i, end - i);
        i = end;
        any = true;
      }
      row.cells.push_back(std::move(cell));
      cell.clear();
      if (i < text.size() && text[i] == ',') {
        ++i;
        any = true;
        continue;
      }
      break;
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    ++line;
    if (!any) continue;  // a blank line
    for (std::string& c : row.cells) {
      while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.pop_back();
      if (!c.empty() && (c[0] == ' ' || c[0] == '\t')) {
        size_t lead = c.find_first_not_of(" \t");
        c.erase(0, lead == std::string::npos ? c.size() : lead);
      }
    }
    if (first_record) {
      columns = row.cells.size();
      table.header = std::move(row.cells);
      first_record = false;
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  if (first_record) return absl::InvalidArgumentError(source_name + ": the file is empty");
  return table;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells) {
  for (size_t k = 0; k < cells.size(); ++k) {
    if (k) out.push_back(',');
    const std::string& c = cells[k];
    if (c.find_first_of(",\"\n\r") == std::string::npos && (c.empty() || c[0] != ' ')) {
      out += c;
      continue;
    }
    out.push_back('"');
    for (char ch : c) {
      if (ch == '"') out.push_back('"');
      out.push_back(ch);
    }
    out.push_back('"');
  }
  out += "\n";
}

}  // namespace suan::model
