// Excel number format codes, as TEXT and FIXED apply them.
//
// Supported: up to four sections (positive;negative;zero;text) and [conditions]; digit
// placeholders 0 # ?, the decimal point, thousands separators and ',' scaling, %, scientific
// E+00 / E-00, literal text in quotes, backslash escapes, _x (a space) and *x (ignored), '@',
// [Red]-style colours and [$¥-804] currency/locale tags (the symbol is kept), "General", and
// date/time codes y m d h s AM/PM A/P [h] [m] [s] fractional seconds, plus aaa/aaaa (the
// Chinese weekday, as zh-CN Excel shows it). Text such as 年 月 日 元 is literal.
// Not supported: fractions (# ?/?), which show as the plain number's digits.
//
// Numbers are formatted from their 15-significant-digit decimal form and rounded half away
// from zero, as Excel shows them: TEXT(2.675,"0.00") is "2.68".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace suan {

// TEXT(value, format) for a number. nullopt when the format cannot show it (a date or time
// format given a negative number or one beyond 9999-12-31): TEXT then gives #VALUE!.
std::optional<std::string> FormatNumber(double value, std::string_view format);

// TEXT(text, format) for text that is not a number: the format's text section applied (4th
// section, or a lone section holding '@'); the text itself when there is none.
std::string FormatText(std::string_view text, std::string_view format);

// FIXED(value, decimals, no_commas): rounded to `decimals` places (negative: left of the
// point), thousands separators unless `no_commas`.
std::string FormatFixed(double value, int decimals, bool no_commas);

}  // namespace suan
