// What makes two units' rows "the same row" for consolidation: the table, the part, the kind of
// row and its key (a fixed row's key, a code, a project's name with the code it is filed
// under). Two departments' 表3 rows 2080101 are one row of their consolidated 表3; two projects
// of the same name under different codes are not.
#pragma once

#include <string>

#include "engine/model/unit_data.hpp"

namespace suan::city {

// A compact key: "3|0|c|2080101", "7|0|i|办公经费|2080101".
std::string RowIdentity(int table, int part, const model::UnitRow& row);
std::string RowIdentity(int table, int part, model::RowKind kind, const std::string& key,
                        const std::string& code);

}  // namespace suan::city
