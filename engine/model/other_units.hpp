// Other units' figures, for a model reference that names a unit: 人社局!表1[收入总计].
//
// A unit is compiled with copies of the figures of the units its rules and checks name (laid
// out on sheets of their own, "@<code>.表1"), so a department's check over its sub-units runs
// in the department's workbook like any other. Whoever changes a named unit's figures
// recompiles the units that name it (CompiledUnit::named_units lists them): the city does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/unit_data.hpp"

namespace suan::model {

struct NamedUnit {
  std::string code;  // what identifies it (its sheets' names; the city's unit code)
  const UnitData* data = nullptr;
};

class OtherUnits {
 public:
  virtual ~OtherUnits() = default;
  // The unit `name` (a code or a name, as written before '!') means, or nullopt with `why`
  // (no such unit, or one without figures).
  virtual std::optional<NamedUnit> Find(std::string_view name, std::string* why) const = 0;
};

// A fixed list of units, each known by its code and its name (suan check --with FILE: the
// file's name without extension and the organisation it names).
class UnitList : public OtherUnits {
 public:
  void Add(std::string code, const UnitData* data) { units_.push_back({std::move(code), data}); }
  std::optional<NamedUnit> Find(std::string_view name, std::string* why) const override;

 private:
  std::vector<NamedUnit> units_;
};

}  // namespace suan::model
