// Parsing formula text into an Expr.
//
// Contract: ParseFormula never throws and never recurses deeper than kMaxFormulaDepth for any
// input (100,000 '(' is an error, not a stack overflow). The text may start with '=' or not.
// On failure the status message names the byte position (line:column, 1-based, column counted
// in bytes) and shows the text with a caret under the offending character:
//
//   formula:1:4: expected an operand after '+'
//     =1+*2
//        ^
//
// Choices worth knowing: f() has no arguments while f(1,) and f(,1) hold a kMissing; {-1} is
// the number -1; a column beyond XFD makes a name (XFE1, as in Excel) but a row beyond 1048576
// is an error; A1 : B2 written apart is still the area A1:B2. Rejected with their own messages:
// Excel's intersection operator (a space between two references), the union operator inside
// parentheses, structured references (Table1[Col]), sheet-scoped names (Sheet1!Rate) and
// full-width look-alikes of ASCII punctuation (（ ， “). R1C1 notation is not recognised
// (R1C1 reads as a defined name).
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
