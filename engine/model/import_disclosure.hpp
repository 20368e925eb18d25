// A published disclosure (as read by engine/io/disclosure_text.hpp) mapped onto a template:
// tables by title, parts by side (收入/支出), columns by caption, rows by code, by caption, or
// as floating items. Whatever does not map is reported with its table, line and text, never
// guessed: a table the template needs but the document lacks, a column or row the template
// does not know, a code the code list lacks (kept, and reported), a negative or unreadable
// amount, figures in another unit (converted, and reported).
#pragma once

#include <string>

#include "engine/io/disclosure_text.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

UnitData ImportDisclosure(const Template& t, const DisclosureDocument& doc,
                          const std::string& source_name);

// Factor that converts figures in `from` to `to` (元 -> 万元: 0.0001), 0 when either unit is
// unknown.
double UnitFactor(std::string_view from, std::string_view to);

}  // namespace suan::model
