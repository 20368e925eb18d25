// A1 notation for writing addresses: column letters, "B3", and sheet names quoted the way
// Excel quotes them ('My Sheet'!A1). Used by diagnostics, reports and formula printing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace suan {

std::string ColumnLetters(int32_t col);           // 0 -> "A", 27 -> "AB"
std::string A1Address(int32_t row, int32_t col);  // (2, 1) -> "B3"
// The sheet name as a formula would write it: bare when it is a plain identifier (including
// UTF-8 letters), otherwise in single quotes with ' doubled.
std::string QuoteSheetName(std::string_view name);
// "Sheet1!B3", "'My Sheet'!B3"
std::string QualifiedAddress(std::string_view sheet, int32_t row, int32_t col);

}  // namespace suan
