// Checks every name a model uses before any unit's data is seen: the tables, rows, columns,
// codes and levels of each rule, check and narrative statement, and the functions called.
#pragma once

#include <string>
#include <vector>

#include "engine/model/template.hpp"

namespace suan::model {

// Located messages ("file:line:column: why" with a caret), empty when all is well.
std::vector<std::string> CheckTemplateNames(const Template& t);

// The part an each-statement's rows come from: the first part of `table` with code or item
// rows, else 0.
int NarrativePart(const TableDef& table);

}  // namespace suan::model
