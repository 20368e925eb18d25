#include "engine/model/unit_data.hpp"

namespace suan::model {

std::string_view SeverityName(ImportNote::Severity s) {
  switch (s) {
    case ImportNote::Severity::kError:
      return "error";
    case ImportNote::Severity::kWarning:
      return "warning";
    case ImportNote::Severity::kInfo:
      return "info";
  }
  return "?";
}

UnitData UnitData::For(const Template& t) {
  UnitData u;
  u.tables.resize(t.tables.size());
  for (size_t k = 0; k < t.tables.size(); ++k) u.tables[k].parts.resize(t.tables[k].parts.size());
  u.grids.resize(t.grids.size());
  return u;
}

bool UnitData::HasErrors() const {
  for (const ImportNote& n : notes) {
    if (n.severity == ImportNote::Severity::kError) return true;
  }
  return false;
}

}  // namespace suan::model
