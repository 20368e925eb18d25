#include "engine/io/workbook_json.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "formulas/absl_compat.hpp"
#include "formulas/expr.hpp"

namespace suan {

namespace {

// One [row, col, value] entry of a sheet's "cells".
absl::Status ReadCell(JsonCursor& cur, WorkbookJsonSink& sink, uint32_t sheet, JsonValue& value,
                      WorkbookJsonExtras& extras) {
  cur.SkipSpace();
  size_t start = cur.offset();
  if (auto s = cur.Expect('[', "to start a cell entry [row, col, value]"); !s.ok()) return s;
  double row, col;
  if (auto s = cur.ReadNumber(row); !s.ok()) return s;
  if (auto s = cur.Expect(',', "after the row of a cell entry"); !s.ok()) return s;
  if (auto s = cur.ReadNumber(col); !s.ok()) return s;
  if (auto s = cur.Expect(',', "after the column of a cell entry"); !s.ok()) return s;
  // Strings are the common case (labels, formulas): read them into the reused buffer.
  if (cur.Peek() == '"') {
    value.type = JsonValue::Type::kString;
    if (auto s = cur.ReadString(value.string); !s.ok()) return s;
  } else {
    if (auto s = cur.ReadValue(value); !s.ok()) return s;
  }
  auto skip = [&](std::string_view why) {
    extras.skipped.push_back(Diagnostic{
        Diagnostic::Kind::kLoad, cur.WhereAt(start),
        absl::StrCat("cell [", FormatNumber15(row), ", ", FormatNumber15(col), "] of sheet '",
                     sink.SheetName(sheet), "' skipped: ", ToAbsl(why))});
  };
  if (row != std::floor(row) || col != std::floor(col) || row < 0 || col < 0 || row >= kMaxRows ||
      col >= kMaxCols) {
    skip("row and column must be whole numbers within 0..1048575 and 0..16383");
  } else if (value.type == JsonValue::Type::kNull) {
    // an empty cell
  } else if (value.type == JsonValue::Type::kArray || value.type == JsonValue::Type::kObject) {
    skip("a cell's value must be a number, a string, true/false or null");
  } else {
    if (value.type == JsonValue::Type::kString && !value.string.empty() &&
        value.string.front() == '=')
      ++extras.formulas_read;
    if (auto s = sink.Cell(sheet, int32_t(row), int32_t(col), value); !s.ok())
      skip(std::string(s.message()));
  }
  ++extras.cells_read;
  return cur.Expect(']', "to close a cell entry [row, col, value]");
}

absl::Status ReadCells(JsonCursor& cur, WorkbookJsonSink& sink, uint32_t sheet,
                       const std::string& name, JsonValue& value, WorkbookJsonExtras& extras) {
  if (auto s = cur.Expect('[', "to start the cells array"); !s.ok()) return s;
  if (cur.Consume(']')) return absl::OkStatus();
  do {
    if (auto s = ReadCell(cur, sink, sheet, value, extras); !s.ok()) return s;
  } while (cur.Consume(','));
  return cur.Expect(']', absl::StrCat("to close the cells of sheet '", name, "'"));
}

absl::Status ReadSheet(JsonCursor& cur, WorkbookJsonSink& sink, JsonValue& value,
                       WorkbookJsonExtras& extras) {
  if (auto s = cur.Expect('{', "to start a sheet object"); !s.ok()) return s;
  std::optional<uint32_t> sheet;
  std::string name;
  // Cells are streamed once the sheet's name is known; a sheet that lists "cells" before
  // "name" has its cells kept as text and read afterwards.
  std::string deferred;
  if (cur.Consume('}')) return cur.Error("a sheet object needs \"name\" and \"cells\"");
  do {
    std::string key;
    if (auto s = cur.ReadString(key); !s.ok()) return s;
    if (auto s = cur.Expect(':', "after a key"); !s.ok()) return s;
    if (key == "name") {
      cur.SkipSpace();
      size_t at = cur.offset();
      if (auto s = cur.ReadString(name); !s.ok()) return s;
      auto added = sink.AddSheet(name);
      if (!added.ok())
        return absl::InvalidArgumentError(
            absl::StrCat(cur.WhereAt(at), ": ", added.status().message()));
      sheet = *added;
    } else if (key == "cells" && sheet) {
      if (auto s = ReadCells(cur, sink, *sheet, name, value, extras); !s.ok()) return s;
    } else if (key == "cells") {
      size_t start = cur.offset();
      if (auto s = cur.SkipValue(); !s.ok()) return s;
      deferred.assign(cur.text().substr(start, cur.offset() - start));
    } else {
      if (auto s = cur.SkipValue(); !s.ok()) return s;
    }
  } while (cur.Consume(','));
  if (!sheet) return cur.Error("a sheet object needs a \"name\"");
  if (!deferred.empty()) {
    JsonCursor inner(deferred, absl::StrCat("cells of sheet '", name, "'"));
    if (auto s = ReadCells(inner, sink, *sheet, name, value, extras); !s.ok()) return s;
  }
  return cur.Expect('}', "to close a sheet object (or ',')");
}

// Puts cells straight into a Workbook.
class WorkbookSink final : public WorkbookJsonSink {
 public:
  explicit WorkbookSink(Workbook& book) : book_(book) {}
  absl::StatusOr<uint32_t> AddSheet(const std::string& name) override {
    return book_.AddSheet(name);
  }
  absl::Status Cell(uint32_t sheet, int32_t row, int32_t col, const JsonValue& v) override {
    switch (v.type) {
      case JsonValue::Type::kNumber:
        return book_.SetValue(sheet, row, col, Value::Number(v.number));
      case JsonValue::Type::kBool:
        return book_.SetValue(sheet, row, col, Value::Bool(v.boolean));
      case JsonValue::Type::kString:
        if (!v.string.empty() && v.string.front() == '=')
          return book_.SetFormula(sheet, row, col, v.string);
        return book_.SetValue(sheet, row, col, Value::Text(v.string));
      default:
        return absl::OkStatus();
    }
  }
  std::string SheetName(uint32_t sheet) const override { return book_.sheet_name(sheet); }

 private:
  Workbook& book_;
};

}  // namespace

absl::StatusOr<WorkbookJsonExtras> ReadWorkbookJson(std::string_view text,
                                                    const std::string& source_name,
                                                    WorkbookJsonSink& sink) {
  WorkbookJsonExtras extras;
  extras.others.type = JsonValue::Type::kObject;
  JsonCursor cur(text, source_name);
  if (cur.AtEnd()) return absl::InvalidArgumentError(source_name + ": the file is empty");
  if (auto s = cur.Expect('{', "at the start of a workbook"); !s.ok()) return s;
  bool saw_sheets = false;
  JsonValue value;  // reused for every cell
  if (!cur.Consume('}')) {
    do {
      std::string key;
      if (auto s = cur.ReadString(key); !s.ok()) return s;
      if (auto s = cur.Expect(':', "after a key"); !s.ok()) return s;
      if (key == "sheets") {
        saw_sheets = true;
        if (auto s = cur.Expect('[', "to start the sheets array"); !s.ok()) return s;
        if (!cur.Consume(']')) {
          do {
            if (auto s = ReadSheet(cur, sink, value, extras); !s.ok()) return s;
          } while (cur.Consume(','));
          if (auto s = cur.Expect(']', "to close the sheets array"); !s.ok()) return s;
        }
      } else {
        extras.others.members.emplace_back(std::move(key), JsonValue());
        if (auto s = cur.ReadValue(extras.others.members.back().second); !s.ok()) return s;
      }
    } while (cur.Consume(','));
    if (auto s = cur.Expect('}', "to close the workbook object (or ',')"); !s.ok()) return s;
  }
  if (!cur.AtEnd()) return cur.Error("unexpected text after the workbook object");
  if (!saw_sheets)
    return absl::InvalidArgumentError(source_name + ": no \"sheets\" array in the workbook");
  return extras;
}

absl::StatusOr<WorkbookJsonExtras> ReadWorkbookJson(std::string_view text,
                                                    const std::string& source_name,
                                                    Workbook& book) {
  WorkbookSink sink(book);
  auto extras = ReadWorkbookJson(text, source_name, sink);
  if (!extras.ok()) return extras;
  if (const JsonValue* names = extras->others.Find("names")) {
    if (auto st = ApplyNamesJson(*names, book); !st.ok())
      return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", st.message()));
  }
  return extras;
}

absl::Status ApplyNamesJson(const JsonValue& names, Workbook& book) {
  if (!names.is_array()) return absl::InvalidArgumentError("\"names\" must be an array");
  for (size_t i = 0; i < names.items.size(); ++i) {
    const JsonValue& n = names.items[i];
    const JsonValue* name = n.Find("name");
    const JsonValue* refers_to = n.Find("refers_to");
    const JsonValue* sheet = n.Find("sheet");
    if (!n.is_object() || !name || !name->is_string() || !refers_to || !refers_to->is_string())
      return absl::InvalidArgumentError(
          absl::StrCat("names[", i, "] needs \"name\" and \"refers_to\" strings"));
    std::optional<uint32_t> scope;
    if (sheet && sheet->is_string()) {
      scope = book.FindSheet(sheet->string);
      if (!scope)
        return absl::InvalidArgumentError(absl::StrCat("names[", i, "] ('", name->string,
                                                       "'): no sheet named '", sheet->string, "'"));
    }
    if (auto st = book.DefineName(name->string, refers_to->string, scope); !st.ok())
      return absl::InvalidArgumentError(absl::StrCat("names[", i, "]: ", st.message()));
  }
  return absl::OkStatus();
}

std::string WriteValuesJson(const Workbook& book) {
  std::string out = "{\"sheets\":[";
  for (uint32_t s = 0; s < book.sheet_count(); ++s) {
    if (s) out += ",";
    out += "{\"name\":";
    AppendJsonString(out, book.sheet_name(s));
    out += ",\"values\":[";
    bool first = true;
    book.ForEachValue(s, [&](int32_t r, int32_t c, const Value& v) {
      if (!first) out += ",";
      first = false;
      absl::StrAppend(&out, "[", r, ",", c, ",");
      switch (v.kind()) {
        case ValueKind::kNumber:
          AppendJsonNumber(out, v.number());
          break;
        case ValueKind::kBool:
          out += v.boolean() ? "true" : "false";
          break;
        case ValueKind::kText:
          AppendJsonString(out, v.text());
          break;
        case ValueKind::kError:
          AppendJsonString(out, ErrorText(v.error()));
          break;
        case ValueKind::kEmpty:
          out += "null";
          break;
      }
      out += "]";
    });
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::string WriteWorkbookJson(const Workbook& book) {
  std::string out = "{\"sheets\":[";
  for (uint32_t s = 0; s < book.sheet_count(); ++s) {
    if (s) out += ",";
    out += "{\"name\":";
    AppendJsonString(out, book.sheet_name(s));
    out += ",\"cells\":[";
    bool first = true;
    book.ForEachCell(s, [&](int32_t r, int32_t c, const Value& v, const std::string* formula) {
      if (!first) out += ",";
      first = false;
      absl::StrAppend(&out, "[", r, ",", c, ",");
      if (formula) {
        AppendJsonString(out, "=" + *formula);
      } else {
        switch (v.kind()) {
          case ValueKind::kNumber:
            AppendJsonNumber(out, v.number());
            break;
          case ValueKind::kBool:
            out += v.boolean() ? "true" : "false";
            break;
          case ValueKind::kText:
            if (!v.text().empty() && v.text().front() == '=') {
              std::string quoted = "=\"";
              for (char ch : v.text())
                quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
              AppendJsonString(out, quoted + "\"");
            } else {
              AppendJsonString(out, v.text());
            }
            break;
          case ValueKind::kError:
            AppendJsonString(out, "=" + std::string(ErrorText(v.error())));
            break;
          case ValueKind::kEmpty:
            out += "null";
            break;
        }
      }
      out += "]";
    });
    out += "]}";
  }
  out += "],\"names\":[";
  bool first = true;
  for (const Workbook::NameInfo& n : book.names()) {
    if (!first) out += ",";
    first = false;
    out += "{\"name\":";
    AppendJsonString(out, n.name);
    out += ",\"refers_to\":";
    AppendJsonString(out, n.refers_to);
    if (n.scope) {
      out += ",\"sheet\":";
      AppendJsonString(out, book.sheet_name(*n.scope));
    }
    out += "}";
  }
  out += "]}\n";
  return out;
}

absl::Status SaveWorkbookJson(const Workbook& book, const std::string& path) {
  std::string text = WriteWorkbookJson(book);
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    return absl::PermissionDeniedError(
        absl::StrCat(tmp, ": cannot create (", std::strerror(errno), ")"));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok &= std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  ok &= std::fclose(f) == 0;
  if (!ok) {
    std::remove(tmp.c_str());
    return absl::DataLossError(
        absl::StrCat(tmp, ": write failed (", std::strerror(errno), "); ", path, " is unchanged"));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return absl::PermissionDeniedError(
        absl::StrCat("cannot replace ", path, " (", why, "); it is unchanged"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f)
    return absl::NotFoundError(absl::StrCat(path, ": cannot open (", std::strerror(errno), ")"));
  std::string data;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    if (size > 0) data.reserve(size_t(size));
    std::fseek(f, 0, SEEK_SET);
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return data;
}

}  // namespace suan
