// Rounding the way Excel does it: half away from zero, on the decimal number the user sees
// (15 significant digits), not on the binary double. ROUND(2.675, 2) is 2.68 in Excel even
// though the double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875.
#pragma once

namespace suan {

// ROUND(x, digits); digits may be negative (ROUND(1234, -2) = 1200).
double ExcelRound(double x, int digits);
// ROUNDUP / ROUNDDOWN: away from / towards zero, with the same decimal view of x.
double ExcelRoundUp(double x, int digits);
double ExcelRoundDown(double x, int digits);

}  // namespace suan
