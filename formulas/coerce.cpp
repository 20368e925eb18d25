#include "formulas/coerce.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "formulas/absl_compat.hpp"

namespace suan {

namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
long DaysFromCivil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + long(doe) - 719468;
}

bool IsLeap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Excel serial of a calendar date; keeps Excel's fictitious 1900-02-29 (serial 60).
std::optional<double> SerialOfDate(long y, long m, long d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  int dim = kDays[m - 1] + (m == 2 && (IsLeap(y) || y == 1900) ? 1 : 0);
  if (d > dim) return std::nullopt;
  if (y == 1900 && m == 2 && d == 29) return 60.0;
  long serial = DaysFromCivil(y, unsigned(m), unsigned(d)) - DaysFromCivil(1899, 12, 30);
  if (serial < 61) serial -= 1;  // before the fictitious leap day, Excel counts from 1900-01-01 = 1
  return double(serial);
}

bool ParseUnsigned(std::string_view& s, long& out, int max_digits) {
  size_t i = 0;
  long v = 0;
  while (i < s.size() && i < size_t(max_digits) && absl::ascii_isdigit(s[i])) v = v * 10 + (s[i++] - '0');
  if (i == 0) return false;
  out = v;
  s.remove_prefix(i);
  return true;
}

// "2024-03-31", "2024/3/31", optionally followed by " 12:30[:15]"; or a time alone.
std::optional<double> ParseDateTime(std::string_view s) {
  double serial = 0;
  bool any = false;
  std::string_view t = s;
  long y, m, d;
  if (ParseUnsigned(t, y, 4) && !t.empty() && (t[0] == '-' || t[0] == '/')) {
    char sep = t[0];
    t.remove_prefix(1);
    if (!ParseUnsigned(t, m, 2) || t.empty() || t[0] != sep) return std::nullopt;
    t.remove_prefix(1);
    if (!ParseUnsigned(t, d, 2)) return std::nullopt;
    auto date = SerialOfDate(y, m, d);
    if (!date) return std::nullopt;
    serial = *date;
    any = true;
    if (t.empty()) return serial;
    if (t[0] != ' ' && t[0] != 'T') return std::nullopt;
    t.remove_prefix(1);
  } else {
    t = s;
  }
  long hh, mm, ss = 0;
  if (!ParseUnsigned(t, hh, 2) || t.empty() || t[0] != ':') return any ? std::nullopt : std::nullopt;
  t.remove_prefix(1);
  if (!ParseUnsigned(t, mm, 2)) return std::nullopt;
  if (!t.empty() && t[0] == ':') {
    t.remove_prefix(1);
    if (!ParseUnsigned(t, ss, 2)) return std::nullopt;
  }
  if (!t.empty() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return serial + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

}  // namespace

std::optional<double> TextToNumber(std::string_view text) {
  std::string_view s = FromAbsl(absl::StripAsciiWhitespace(ToAbsl(text)));
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s.front() == '(' && s.back() == ')') {
    negative = true;
    s = FromAbsl(absl::StripAsciiWhitespace(ToAbsl(s.substr(1, s.size() - 2))));
  }
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') negative = !negative;
    s.remove_prefix(1);
  }
  if (!s.empty() && s.front() == '$') s = s.substr(1);
  bool percent = false;
  if (!s.empty() && s.back() == '%') {
    percent = true;
    s = FromAbsl(absl::StripTrailingAsciiWhitespace(ToAbsl(s.substr(0, s.size() - 1))));
  }
  if (s.empty()) return std::nullopt;
  // Mantissa with optional thousands separators (groups of three after the first).
  std::string digits;
  size_t i = 0;
  int group = -1;  // digits since the last comma; -1 before any comma
  bool any_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (absl::ascii_isdigit(c)) {
      digits.push_back(c);
      any_digit = true;
      if (group >= 0) ++group;
    } else if (c == ',' && any_digit && (group < 0 || group == 3)) {
      group = 0;
    } else {
      break;
    }
  }
  if (group >= 0 && group != 3) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    digits.push_back('.');
    for (++i; i < s.size() && absl::ascii_isdigit(s[i]); ++i) {
      digits.push_back(s[i]);
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    std::string exp = "e";
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) exp.push_back(s[j++]);
    size_t start = j;
    while (j < s.size() && absl::ascii_isdigit(s[j])) exp.push_back(s[j++]);
    if (j == start) return std::nullopt;
    digits += exp;
    i = j;
  }
  if (i != s.size()) {
    // Not a plain number: perhaps a date or time ("2024-03-31", "12:30").
    if (negative || percent) return std::nullopt;
    return ParseDateTime(FromAbsl(absl::StripAsciiWhitespace(ToAbsl(text))));
  }
  double v = std::strtod(digits.c_str(), nullptr);
  if (!std::isfinite(v)) return std::nullopt;
  if (percent) v /= 100;
  return negative ? -v : v;
}

Value CoerceToNumber(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNumber:
      return v;
    case ValueKind::kBool:
      return Value::Number(v.boolean() ? 1 : 0);
    case ValueKind::kEmpty:
      return Value::Number(0);
    case ValueKind::kError:
      return v;
    case ValueKind::kText: {
      auto n = TextToNumber(v.text());
      return n ? Value::Number(*n) : Value::Error(ErrorCode::kValue);
    }
  }
  return Value::Error(ErrorCode::kValue);
}

Value CoerceToBool(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNumber:
      return Value::Bool(v.number() != 0);
    case ValueKind::kBool:
      return v;
    case ValueKind::kEmpty:
      return Value::Bool(false);
    case ValueKind::kError:
      return v;
    case ValueKind::kText:
      if (absl::EqualsIgnoreCase(v.text(), "TRUE")) return Value::Bool(true);
      if (absl::EqualsIgnoreCase(v.text(), "FALSE")) return Value::Bool(false);
      return Value::Error(ErrorCode::kValue);
  }
  return Value::Error(ErrorCode::kValue);
}

Value CoerceToText(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kText:
    case ValueKind::kError:
      return v;
    default:
      return Value::Text(v.ToString());
  }
}

Value ScalarOf(const Operand& o, const CellSource& cells) {
  switch (o.kind()) {
    case Operand::Kind::kValue:
      return o.value();
    case Operand::Kind::kRange: {
      const RangeRef& r = o.range();
      if (r.is_3d()) return Value::Error(ErrorCode::kValue);
      return cells.Get(r.sheet_first, r.row1, r.col1);
    }
    case Operand::Kind::kArray:
      return o.array().size() ? o.array().at(0, 0) : Value::Error(ErrorCode::kValue);
  }
  return Value::Error(ErrorCode::kValue);
}

std::shared_ptr<const Array> ArrayOf(const Operand& o, const CellSource& cells) {
  switch (o.kind()) {
    case Operand::Kind::kArray:
      return o.shared_array();
    case Operand::Kind::kValue: {
      auto a = std::make_shared<Array>(1, 1);
      a->at(0, 0) = o.value();
      return a;
    }
    case Operand::Kind::kRange: {
      const RangeRef& r = o.range();
      if (r.is_3d()) {
        auto a = std::make_shared<Array>(1, 1);
        a->at(0, 0) = Value::Error(ErrorCode::kValue);
        return a;
      }
      auto a = std::make_shared<Array>(r.rows(), r.cols());
      cells.ForEachNonEmpty(r, [&](uint32_t, int32_t row, int32_t col, const Value& v) {
        a->at(row - r.row1, col - r.col1) = v;
        return true;
      });
      return a;
    }
  }
  return nullptr;
}

double RoundTo15Digits(double x) {
  if (x == 0 || !std::isfinite(x)) return x;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.14e", x);
  return std::strtod(buf, nullptr);
}

namespace {
int TypeRank(ValueKind k) {
  switch (k) {
    case ValueKind::kNumber:
      return 0;
    case ValueKind::kText:
      return 1;
    case ValueKind::kBool:
      return 2;
    default:
      return 0;
  }
}

int CompareNumbers(double a, double b) {
  if (a == b) return 0;
  // Excel compares at 15 significant digits: 0.1+0.2 = 0.3 is TRUE.
  double scale = std::max(std::fabs(a), std::fabs(b));
  if (std::fabs(a - b) <= scale * 1e-14) {
    double ra = RoundTo15Digits(a), rb = RoundTo15Digits(b);
    if (ra == rb) return 0;
    return ra < rb ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

int CompareTextIgnoringCase(const std::string& a, const std::string& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = static_cast<unsigned char>(absl::ascii_tolower(a[i]));
    unsigned char y = static_cast<unsigned char>(absl::ascii_tolower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}
}  // namespace

int CompareValues(const Value& a0, const Value& b0) {
  // An empty side takes the other side's kind: 0, "" or FALSE.
  Value a = a0, b = b0;
  if (a.is_empty() && b.is_empty()) return 0;
  if (a.is_empty()) {
    a = b.is_text() ? Value::Text("") : b.is_bool() ? Value::Bool(false) : Value::Number(0);
  }
  if (b.is_empty()) {
    b = a.is_text() ? Value::Text("") : a.is_bool() ? Value::Bool(false) : Value::Number(0);
  }
  int ra = TypeRank(a.kind()), rb = TypeRank(b.kind());
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_text()) return CompareTextIgnoringCase(a.text(), b.text());
  return CompareNumbers(a.number(), b.number());
}

}  // namespace suan
