// Reading a unit's data from a file, whatever its form: a disclosure's text (the PDF turned to
// text), or the clean long-form data files (CSV or JSON, unit_data_io.hpp). The form is told by
// the extension (.csv, .json) and otherwise taken to be a disclosure.
//
// An error means the file could not be read at all (missing, empty, not text, no table or
// sentence in it); anything less is an ImportNote in the unit.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

absl::StatusOr<UnitData> LoadUnitFile(const Template& t, const std::string& path);

// The same from text already read (`name` is used in messages and picks the form).
absl::StatusOr<UnitData> ReadUnitText(const Template& t, std::string_view text,
                                      const std::string& name);

}  // namespace suan::model
