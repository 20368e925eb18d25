// A classification (代码表): 支出功能分类 (类 208 > 款 20801 > 项 2080101) or 部门预算支出经济
// 分类 (类 301 > 款 30101). A code's level is given by its number of digits, so the hierarchy
// of a code the list does not know is still clear; the list supplies names (to recognise rows
// printed without codes, and for messages) and says which codes are known.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace suan::model {

struct CodeLevel {
  std::string name;  // 类, 款, 项
  int digits = 0;    // 3, 5, 7
};

struct CodeEntry {
  std::string code;      // digits only: "2080101"
  std::string name;      // 行政运行
  int level = -1;        // index into CodeList::levels
  bool verified = true;  // false for rows marked "unverified" in the list
};

class CodeList {
 public:
  CodeList(std::string name, std::vector<CodeLevel> levels);

  const std::string& name() const { return name_; }
  const std::vector<CodeLevel>& levels() const { return levels_; }
  size_t size() const { return entries_.size(); }

  void Add(CodeEntry entry);
  const CodeEntry* Find(std::string_view code) const;
  // Codes whose normalised name equals `label`'s (a row printed without its code).
  std::vector<const CodeEntry*> FindByName(std::string_view label) const;

  // The level of a code from its digits, or -1 when no level has that many.
  int LevelOf(std::string_view code) const;
  // Index of a level by name (类), or -1.
  int LevelIndex(std::string_view level_name) const;
  // The code one level up ("2080101" -> "20801"), "" at the top or for an unknown shape.
  std::string Parent(std::string_view code) const;
  // True when `code` is `ancestor` or below it.
  static bool IsUnder(std::string_view code, std::string_view ancestor) {
    return code.size() >= ancestor.size() && code.compare(0, ancestor.size(), ancestor) == 0;
  }
  // "208" -> "社会保障和就业支出", "" when unknown.
  std::string NameOf(std::string_view code) const;
  // Every entry, in code order (a generator of synthetic units picks codes from them).
  std::vector<const CodeEntry*> Entries() const;

 private:
  std::string name_;
  std::vector<CodeLevel> levels_;
  std::map<std::string, CodeEntry, std::less<>> entries_;
  std::multimap<std::string, std::string, std::less<>> by_name_;  // normalised name -> code
};

// Reads a code list from CSV text with a header naming at least `code` and `name` columns
// (and optionally `level`, `source`): "code,name,level,source". Levels not given by the model
// are taken from the file (each level name and the digits of its codes). Rows whose source is
// "unverified" are kept, marked unverified. Errors name the line.
absl::StatusOr<CodeList> ReadCodeListCsv(std::string_view text, const std::string& source_name,
                                         std::string list_name, std::vector<CodeLevel> levels);

}  // namespace suan::model
