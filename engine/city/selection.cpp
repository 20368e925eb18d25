#include "engine/city/selection.hpp"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "formulas/absl_compat.hpp"

namespace suan::city {

namespace {

std::string FieldOf(const UnitEntry& unit, const std::string& field) {
  if (field == "code") return unit.code;
  if (field == "name") return unit.name;
  if (field == "parent") return unit.parent;
  if (field == "file") return unit.file;
  auto it = unit.attributes.find(field);
  return it == unit.attributes.end() ? "" : it->second;
}

}  // namespace

bool Selection::Matches(const UnitEntry& unit) const {
  for (const Condition& c : conditions) {
    std::string v = FieldOf(unit, c.field);
    if (c.prefix ? v.compare(0, c.value.size(), c.value) != 0 : v != c.value) return false;
  }
  return true;
}

absl::StatusOr<Selection> ParseSelection(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("selection '", std::string(text),
                     "': write NAME:FIELD=VALUE[,FIELD=VALUE…] (e.g. 行政单位:kind=行政)"));
  }
  Selection s;
  s.name = std::string(text.substr(0, colon));
  for (absl::string_view part : absl::StrSplit(ToAbsl(text.substr(colon + 1)), ',')) {
    std::string_view p = FromAbsl(part);
    size_t eq = p.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return absl::InvalidArgumentError(absl::StrCat("selection '", std::string(text), "': '",
                                                     std::string(p),
                                                     "' is not FIELD=VALUE or FIELD^=VALUE"));
    }
    Selection::Condition c;
    c.prefix = p[eq - 1] == '^';
    c.field = std::string(p.substr(0, c.prefix ? eq - 1 : eq));
    c.value = std::string(p.substr(eq + 1));
    if (c.field.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("selection '", std::string(text), "': a condition names no field"));
    }
    s.conditions.push_back(std::move(c));
  }
  return s;
}

}  // namespace suan::city
