// A selection roll-up (选择汇总): the units meeting a condition, consolidated as one more unit,
// e.g. every 行政 unit, or the units below one department.
//
//   "行政单位:kind=行政"            units whose manifest column `kind` is 行政
//   "教育口:parent=D0007,kind=事业" every condition must hold
//   "大额:code^=D00"                the code starts with D00
//
// Conditions test the manifest's record of a unit with figures of its own: `code`, `name`,
// `parent`, `file` or any other column, with = (equal) or ^= (starts with).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/city/manifest.hpp"

namespace suan::city {

struct Selection {
  std::string name;
  struct Condition {
    std::string field;
    bool prefix = false;  // ^=
    std::string value;
  };
  std::vector<Condition> conditions;

  bool Matches(const UnitEntry& unit) const;
};

// "NAME:FIELD=VALUE[,FIELD^=VALUE…]"; errors say what is wrong with the text.
absl::StatusOr<Selection> ParseSelection(std::string_view text);

}  // namespace suan::city
