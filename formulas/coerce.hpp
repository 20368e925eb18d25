// Excel's implicit conversions between value kinds.
//
// These are the rules behind every operator and most function arguments: "3"+1 is 4, TRUE+1
// is 2, an empty cell is 0 or "", "abc"+1 is #VALUE!. Functions with their own rules (SUM
// skips text in ranges but not in literal arguments) build on these.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "formulas/cell_source.hpp"
#include "formulas/operand.hpp"
#include "formulas/value.hpp"

namespace suan {

// Text that Excel reads as a number: optional spaces and sign, digits with optional thousands
// separators, a decimal point, an exponent, a trailing '%', "(12)" for -12; also ISO-like dates
// (2024-03-31, 2024/3/31), Chinese dates (2024年3月31日) and times (12:30) as serial numbers.
// nullopt when it is not a number.
std::optional<double> TextToNumber(std::string_view text);

// Number or error: numbers as is, TRUE/FALSE as 1/0, empty as 0, numeric text parsed,
// other text #VALUE!, errors unchanged. The result is always a number or an error Value.
Value CoerceToNumber(const Value& v);
// Boolean or error: numbers are TRUE unless 0, text "TRUE"/"FALSE" (any case), empty FALSE.
Value CoerceToBool(const Value& v);
// Text or error: numbers in General format (15 significant digits), TRUE/FALSE, "" for empty.
Value CoerceToText(const Value& v);

// The value of an operand used where one value is needed: a single cell is read, a multi-cell
// reference or array gives its top-left value (Excel's implicit intersection is not modelled;
// a cell cannot spill). Ranges of one cell on several sheets give #VALUE!.
Value ScalarOf(const Operand& o, const CellSource& cells);

// The largest array an expression may build: eight whole columns. A bigger one (A:XFD*2, a row
// times a column of a million cells) would exhaust memory; it gives #NUM! instead, where Excel
// stops with "out of resources".
inline constexpr size_t kMaxArrayCells = size_t(1) << 23;

// Turns a reference into an Array of its values (empty cells stay empty); arrays and values
// pass through (a value becomes a 1x1 array). 3-D references give #VALUE!, references of more
// than kMaxArrayCells cells #NUM! (both as a 1x1 array).
std::shared_ptr<const Array> ArrayOf(const Operand& o, const CellSource& cells);

// Excel's ordering for comparison operators and sorting functions: numbers < text < booleans,
// text compared case-insensitively (UTF-8 aware); empty compares as 0, "" or FALSE depending on the
// other side. Returns <0, 0, >0. Neither side may be an error.
int CompareValues(const Value& a, const Value& b);

// Numbers compared at 15 significant digits (Excel's "="): <0, 0, >0.
int CompareNumbers15(double a, double b);

// Rounds to 15 significant digits, as Excel does before comparing and displaying numbers.
double RoundTo15Digits(double x);

}  // namespace suan
