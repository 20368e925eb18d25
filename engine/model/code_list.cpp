#include "engine/model/code_list.hpp"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/model/csv.hpp"
#include "engine/model/labels.hpp"

namespace suan::model {

CodeList::CodeList(std::string name, std::vector<CodeLevel> levels)
    : name_(std::move(name)), levels_(std::move(levels)) {}

void CodeList::Add(CodeEntry entry) {
  entry.level = LevelOf(entry.code);
  by_name_.emplace(NormalizeLabel(entry.name), entry.code);
  std::string code = entry.code;
  entries_[code] = std::move(entry);
}

const CodeEntry* CodeList::Find(std::string_view code) const {
  auto it = entries_.find(code);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<const CodeEntry*> CodeList::FindByName(std::string_view label) const {
  std::vector<const CodeEntry*> out;
  std::string key = NormalizeLabel(label);
  auto [first, last] = by_name_.equal_range(key);
  for (auto it = first; it != last; ++it) {
    if (const CodeEntry* e = Find(it->second)) out.push_back(e);
  }
  return out;
}

int CodeList::LevelOf(std::string_view code) const {
  for (size_t k = 0; k < levels_.size(); ++k) {
    if (int(code.size()) == levels_[k].digits) return int(k);
  }
  return -1;
}

int CodeList::LevelIndex(std::string_view level_name) const {
  for (size_t k = 0; k < levels_.size(); ++k) {
    if (levels_[k].name == level_name) return int(k);
  }
  return -1;
}

std::string CodeList::Parent(std::string_view code) const {
  int level = LevelOf(code);
  if (level <= 0) return "";
  return std::string(code.substr(0, size_t(levels_[size_t(level) - 1].digits)));
}

std::string CodeList::NameOf(std::string_view code) const {
  const CodeEntry* e = Find(code);
  return e ? e->name : "";
}

absl::StatusOr<CodeList> ReadCodeListCsv(std::string_view text, const std::string& source_name,
                                         std::string list_name, std::vector<CodeLevel> levels) {
  absl::StatusOr<CsvTable> csv = ReadCsv(text, source_name);
  if (!csv.ok()) return csv.status();
  int code_col = csv->Column("code"), name_col = csv->Column("name");
  int level_col = csv->Column("level"), source_col = csv->Column("source");
  if (code_col < 0 || name_col < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":1: a code list needs 'code' and 'name' columns"));
  }
  struct Row {
    CodeEntry entry;
    std::string level_name;
  };
  std::vector<Row> rows;
  for (const CsvRow& r : csv->rows) {
    std::string code = NormalizeCode(r.Cell(code_col));
    if (code.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          source_name, ":", r.line, ": '", std::string(r.Cell(code_col)), "' is not a code"));
    }
    Row row;
    row.entry.code = code;
    row.entry.name = std::string(r.Cell(name_col));
    row.entry.verified = source_col < 0 || r.Cell(source_col) != "unverified";
    if (level_col >= 0) row.level_name = std::string(r.Cell(level_col));
    rows.push_back(std::move(row));
  }
  if (levels.empty()) {
    // Levels from the file: each level name with the digits of its codes, shortest first.
    for (const Row& r : rows) {
      if (r.level_name.empty()) continue;
      bool known = false;
      for (const CodeLevel& l : levels) known = known || l.name == r.level_name;
      if (!known) levels.push_back({r.level_name, int(r.entry.code.size())});
    }
    std::sort(levels.begin(), levels.end(),
              [](const CodeLevel& a, const CodeLevel& b) { return a.digits < b.digits; });
  }
  CodeList list(std::move(list_name), std::move(levels));
  for (Row& r : rows) {
    if (list.LevelOf(r.entry.code) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name, ": code ", r.entry.code, " has ", r.entry.code.size(),
                       " digits, which is no level of ", list.name()));
    }
    list.Add(std::move(r.entry));
  }
  return list;
}

std::vector<const CodeEntry*> CodeList::Entries() const {
  std::vector<const CodeEntry*> out;
  out.reserve(entries_.size());
  for (const auto& [code, entry] : entries_) out.push_back(&entry);
  return out;
}

}  // namespace suan::model
