// References written as text, as INDIRECT reads them: "B3", "$B$3", "A1:C9", "A:A", "2:4",
// "Sheet2!A1", "'Sheet 1'!A1:B2", "表3!C5", and the R1C1 forms "R2C3", "R[-1]C", "RC[2]:R[1]C[4]".
// A sheet name is returned as written (unquoted); the caller resolves it. Defined names,
// external workbooks ([Book1]Sheet1!A1) and 3-D references are not references here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace suan {

struct TextReference {
  std::string sheet;                               // empty: the sheet of the formula
  int32_t row1 = 0, col1 = 0, row2 = 0, col2 = 0;  // 0-based, inclusive, normalised
};

std::optional<TextReference> ParseA1Reference(std::string_view text);
// Relative parts (R[-1], C[2], bare R or C) count from the formula's cell (row, col), 0-based.
std::optional<TextReference> ParseR1C1Reference(std::string_view text, int32_t row, int32_t col);

}  // namespace suan
