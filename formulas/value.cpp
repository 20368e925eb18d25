#include "formulas/value.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "formulas/absl_compat.hpp"

namespace suan {

namespace {
struct ErrorName {
  ErrorCode code;
  std::string_view text;
};
constexpr ErrorName kErrorNames[] = {
    {ErrorCode::kNull, "#NULL!"},    {ErrorCode::kDiv0, "#DIV/0!"},
    {ErrorCode::kValue, "#VALUE!"},  {ErrorCode::kRef, "#REF!"},
    {ErrorCode::kName, "#NAME?"},    {ErrorCode::kNum, "#NUM!"},
    {ErrorCode::kNA, "#N/A"},        {ErrorCode::kGettingData, "#GETTING_DATA"},
    {ErrorCode::kSpill, "#SPILL!"},  {ErrorCode::kCalc, "#CALC!"},
    {ErrorCode::kCycle, "#CYCLE!"},
};
const std::string kEmptyString;
}  // namespace

std::string_view ErrorText(ErrorCode code) {
  for (const auto& e : kErrorNames)
    if (e.code == code) return e.text;
  return "#VALUE!";
}

std::optional<ErrorCode> ParseErrorText(std::string_view text) {
  for (const auto& e : kErrorNames)
    if (absl::EqualsIgnoreCase(ToAbsl(e.text), ToAbsl(text))) return e.code;
  return std::nullopt;
}

const std::string& Value::text() const { return text_ ? *text_ : kEmptyString; }

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case ValueKind::kEmpty:
      return true;
    case ValueKind::kNumber:
    case ValueKind::kBool:
      return a.number_ == b.number_ || (std::isnan(a.number_) && std::isnan(b.number_));
    case ValueKind::kError:
      return a.error_ == b.error_;
    case ValueKind::kText:
      return a.text() == b.text();
  }
  return false;
}

std::string FormatNumber15(double n) {
  if (n == 0) return "0";  // also -0
  if (!std::isfinite(n)) return std::isnan(n) ? "#NUM!" : "#NUM!";
  char buf[64];
  // Decide the layout on the 15 significant digits shown: 999999999999999.9 is 1E+15.
  std::snprintf(buf, sizeof buf, "%.14e", n);
  n = std::strtod(buf, nullptr);
  double a = std::fabs(n);
  if (a >= 1e-9 && a < 1e15) {
    // Fixed notation with 15 significant digits, trailing zeros trimmed.
    int int_digits = a >= 1 ? int(std::floor(std::log10(a))) + 1 : 0;
    int decimals = 15 - int_digits;
    if (a < 1) {
      // leading zeros after the point do not count as significant
      int lead = -int(std::floor(std::log10(a))) - 1;
      decimals = 15 + lead;
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 30) decimals = 30;
    std::snprintf(buf, sizeof buf, "%.*f", decimals, n);
    std::string s(buf);
    if (s.find('.') != std::string::npos) {
      while (!s.empty() && s.back() == '0') s.pop_back();
      if (!s.empty() && s.back() == '.') s.pop_back();
    }
    // Rounding to 15 digits may have produced more integer digits (e.g. 999999999999999.9).
    return s;
  }
  std::snprintf(buf, sizeof buf, "%.14E", n);
  std::string s(buf);
  // Trim mantissa zeros: 1.23000000000000E+20 -> 1.23E+20
  size_t e = s.find('E');
  std::string mant = s.substr(0, e), exp = s.substr(e);
  if (mant.find('.') != std::string::npos) {
    while (mant.back() == '0') mant.pop_back();
    if (mant.back() == '.') mant.pop_back();
  }
  // Excel writes E+20, E-10 (at least two exponent digits).
  int ev = std::atoi(exp.c_str() + 1);
  std::snprintf(buf, sizeof buf, "E%c%02d", ev < 0 ? '-' : '+', std::abs(ev));
  return mant + buf;
}

std::string Value::ToString() const {
  switch (kind_) {
    case ValueKind::kEmpty:
      return "";
    case ValueKind::kNumber:
      return FormatNumber15(number_);
    case ValueKind::kBool:
      return number_ != 0 ? "TRUE" : "FALSE";
    case ValueKind::kError:
      return std::string(ErrorText(error_));
    case ValueKind::kText:
      return text();
  }
  return "";
}

}  // namespace suan
