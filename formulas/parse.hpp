// Parsing formula text into an Expr.
//
// Contract: ParseFormula never throws and never recurses deeper than kMaxFormulaDepth for any
// input (100,000 '(' is an error, not a stack overflow). The text may start with '=' or not.
// On failure the status message names the byte position and shows the text with a caret:
//
//   formula:1:5: expected an operand after '+'
//     =1+*2
//         ^
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "formulas/expr.hpp"

namespace suan {

absl::StatusOr<Expr> ParseFormula(std::string_view text);

// Formats "where and why" with a caret line; shared by every parser in suan (formulas,
// model files) so errors look the same everywhere. `column` is a byte offset into `line`.
std::string CaretMessage(std::string_view source_name, int line_number, std::string_view line,
                         size_t column, std::string_view why);

}  // namespace suan
