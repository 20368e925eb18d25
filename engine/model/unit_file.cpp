#include "engine/model/unit_file.hpp"

#include "engine/io/disclosure_text.hpp"
#include "engine/io/workbook_json.hpp"
#include "engine/model/import_disclosure.hpp"
#include "engine/model/unit_data_io.hpp"

namespace suan::model {

namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool Blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<UnitData> ReadUnitText(const Template& t, std::string_view text,
                                      const std::string& name) {
  if (Blank(text)) return absl::InvalidArgumentError(name + ": the file is empty");
  if (EndsWith(name, ".csv")) return ReadUnitCsv(t, text, name);
  if (EndsWith(name, ".json")) return ReadUnitJson(t, text, name);
  absl::StatusOr<DisclosureDocument> doc = ReadDisclosureText(text, name);
  if (!doc.ok()) return doc.status();
  if (doc->tables.empty()) {
    return absl::InvalidArgumentError(name + ": no table of a disclosure was found in it");
  }
  return ImportDisclosure(t, *doc, name);
}

absl::StatusOr<UnitData> LoadUnitFile(const Template& t, const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  return ReadUnitText(t, *text, path);
}

}  // namespace suan::model
