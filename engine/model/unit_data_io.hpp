// A unit's data in long form, one figure per record, for departments that submit data rather
// than a PDF, and for exchanging a unit between tools:
//
//   CSV:  table,row,column,value[,period]          表3,2080101,基本支出,522.96
//         (row: a code, a fixed row's key or caption, or an item's name; period: 本年 (the
//          default) or 上年; an optional label column names new rows)
//   JSON: {"unit":"…","year":2026,"figures":[{"table":"表3","row":"2080101","column":"基本支出",
//          "value":522.96,"period":"上年","label":"…"}, …]}
//
// A grid published once per project (绩效目标表) is carried the same way, each record naming
// its occurrence (1, 2, …) in an `occurrence` column (JSON: key):
//   项目绩效,,,,,项目甲,,1              occurrence 1 is titled 项目甲 (label)
//   项目绩效,,年度预算总额,14.57,,,,1    a field (row blank); text fields hold text
//   项目绩效,3,分值权重,10,,,,1          item 3's value column; its text columns hold text
// A blank value with a field or column and no row says it was published empty.
//
// Reading maps every record onto the template and reports what does not map (an unknown table,
// column or row; a code the code list lacks, kept; a value that is not a number), with the line.
// Writing gives every non-blank figure of a unit; saving writes a temporary file next to the
// target and renames it into place, so a crash never leaves half a file.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

absl::StatusOr<UnitData> ReadUnitCsv(const Template& t, std::string_view text,
                                     const std::string& source_name);
absl::StatusOr<UnitData> ReadUnitJson(const Template& t, std::string_view text,
                                      const std::string& source_name);

std::string WriteUnitCsv(const Template& t, const UnitData& unit);
std::string WriteUnitJson(const Template& t, const UnitData& unit);

// Writes `content` to `path` through a temporary file renamed into place.
absl::Status SaveFileAtomically(const std::string& path, std::string_view content);

}  // namespace suan::model
