#include "engine/model/other_units.hpp"

#include "absl/strings/str_cat.h"

namespace suan::model {

std::optional<NamedUnit> UnitList::Find(std::string_view name, std::string* why) const {
  for (const NamedUnit& u : units_) {
    if (u.code == name) return u;
  }
  const NamedUnit* found = nullptr;
  for (const NamedUnit& u : units_) {
    if (u.data && !u.data->name.empty() && u.data->name == name) {
      if (found) {
        *why = absl::StrCat("two units are named '", std::string(name), "' (", found->code, ", ",
                            u.code, "): name one by its code");
        return std::nullopt;
      }
      found = &u;
    }
  }
  if (found) return *found;
  *why = absl::StrCat("no unit '", std::string(name), "' among the units given");
  return std::nullopt;
}

}  // namespace suan::model
