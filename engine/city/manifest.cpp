#include "engine/city/manifest.hpp"

#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/io/json.hpp"
#include "engine/io/workbook_json.hpp"
#include "engine/model/csv.hpp"

namespace suan::city {

namespace {

namespace fs = std::filesystem;

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

absl::StatusOr<Manifest> ParseCsv(std::string_view text, const std::string& name) {
  absl::StatusOr<model::CsvTable> csv = model::ReadCsv(text, name);
  if (!csv.ok()) return csv.status();
  int code = csv->Column("code"), unit_name = csv->Column("name"), parent = csv->Column("parent"),
      file = csv->Column("file");
  std::vector<std::string> missing;
  for (auto [column, label] :
       {std::pair{code, "code"}, {unit_name, "name"}, {parent, "parent"}, {file, "file"}}) {
    if (column < 0) missing.push_back(label);
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) absl::StrAppend(&list, list.empty() ? "" : ", ", m);
    return absl::InvalidArgumentError(absl::StrCat(name, ":1: the header lacks the column(s) ",
                                                   list,
                                                   " (a city manifest has code,name,parent,file)"));
  }
  Manifest m;
  m.path = name;
  for (const model::CsvRow& row : csv->rows) {
    UnitEntry e;
    e.where = absl::StrCat(name, ":", row.line);
    e.code = Trim(row.Cell(code));
    e.name = Trim(row.Cell(unit_name));
    e.parent = Trim(row.Cell(parent));
    e.file = Trim(row.Cell(file));
    if (e.code.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(e.where, ": the unit has no code"));
    }
    for (size_t c = 0; c < csv->header.size(); ++c) {
      if (int(c) == code || int(c) == unit_name || int(c) == parent || int(c) == file) continue;
      std::string value = Trim(row.Cell(int(c)));
      if (!value.empty()) e.attributes[Trim(csv->header[c])] = value;
    }
    m.units.push_back(std::move(e));
  }
  return m;
}

absl::StatusOr<Manifest> ParseJsonManifest(std::string_view text, const std::string& name) {
  absl::StatusOr<JsonValue> root = ParseJson(text, name);
  if (!root.ok()) return root.status();
  const JsonValue* units = root->is_object() ? root->Find("units") : nullptr;
  if (!units || !units->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name,
                     ": expected {\"units\":[{\"code\":…, \"name\":…, \"parent\":…, "
                     "\"file\":…}, …]}"));
  }
  Manifest m;
  m.path = name;
  for (size_t k = 0; k < units->items.size(); ++k) {
    const JsonValue& u = units->items[k];
    UnitEntry e;
    e.where = absl::StrCat(name, ": units[", k, "]");
    if (!u.is_object()) return absl::InvalidArgumentError(e.where + ": not an object");
    for (const auto& [key, value] : u.members) {
      std::string text_value;
      if (value.is_string()) {
        text_value = value.string;
      } else if (value.is_number()) {
        std::string n;
        AppendJsonNumber(n, value.number);
        text_value = n;
      } else if (value.type != JsonValue::Type::kNull) {
        return absl::InvalidArgumentError(
            absl::StrCat(e.where, ": \"", key, "\" must be a string or a number"));
      }
      if (key == "code") {
        e.code = Trim(text_value);
      } else if (key == "name") {
        e.name = text_value;
      } else if (key == "parent") {
        e.parent = Trim(text_value);
      } else if (key == "file") {
        e.file = Trim(text_value);
      } else if (!text_value.empty()) {
        e.attributes[key] = text_value;
      }
    }
    if (e.code.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(e.where, ": the unit has no code"));
    }
    m.units.push_back(std::move(e));
  }
  return m;
}

}  // namespace

absl::StatusOr<Manifest> ParseManifest(std::string_view text, const std::string& name,
                                       const std::string& dir) {
  absl::StatusOr<Manifest> m =
      EndsWith(name, ".json") ? ParseJsonManifest(text, name) : ParseCsv(text, name);
  if (!m.ok()) return m.status();
  if (m->units.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": the manifest lists no unit"));
  }
  m->dir = dir;
  return m;
}

absl::StatusOr<Manifest> ReadManifest(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(dir, ": not a folder"));
  }
  if (fs::directory_iterator(dir, ec) == fs::directory_iterator()) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir,
                     ": the folder is empty (a city needs city.csv or city.json listing "
                     "its units, and their data files)"));
  }
  for (const char* name : {"city.csv", "city.json"}) {
    std::string path = (fs::path(dir) / name).string();
    if (!fs::exists(path, ec)) continue;
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) return text.status();
    return ParseManifest(*text, path, dir);
  }
  return absl::NotFoundError(
      absl::StrCat(dir, ": no city.csv or city.json (the manifest: code,name,parent,file)"));
}

std::string WriteManifestCsv(const Manifest& manifest) {
  std::set<std::string> extra;
  for (const UnitEntry& e : manifest.units) {
    for (const auto& [key, value] : e.attributes) extra.insert(key);
  }
  std::string out;
  std::vector<std::string> header = {"code", "name", "parent", "file"};
  header.insert(header.end(), extra.begin(), extra.end());
  model::AppendCsvRecord(out, header);
  for (const UnitEntry& e : manifest.units) {
    std::vector<std::string> row = {e.code, e.name, e.parent, e.file};
    for (const std::string& key : extra) {
      auto it = e.attributes.find(key);
      row.push_back(it == e.attributes.end() ? "" : it->second);
    }
    model::AppendCsvRecord(out, row);
  }
  return out;
}

}  // namespace suan::city
