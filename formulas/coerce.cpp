#include "formulas/coerce.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "formulas/absl_compat.hpp"
#include "formulas/dates.hpp"
#include "formulas/utf8.hpp"

namespace suan {

namespace {

// Excel serial of a calendar date written in text; nullopt when the date does not exist.
std::optional<double> SerialOfDate(long y, long m, long d) {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > DaysInMonth(int(y), int(m))) return std::nullopt;
  return DateSerial(y, m, d);
}

bool ParseUnsigned(std::string_view& s, long& out, int max_digits) {
  size_t i = 0;
  long v = 0;
  while (i < s.size() && i < size_t(max_digits) && absl::ascii_isdigit(s[i]))
    v = v * 10 + (s[i++] - '0');
  if (i == 0) return false;
  out = v;
  s.remove_prefix(i);
  return true;
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// "2024-03-31", "2024/3/31", "2024年3月31日", optionally followed by " 12:30[:15]"; or a time
// alone ("12:30", "8:05:10").
std::optional<double> ParseDateTime(std::string_view s) {
  double serial = 0;
  std::string_view t = s;
  long y, m, d;
  if (ParseUnsigned(t, y, 4) && !t.empty() && (t[0] == '-' || t[0] == '/' || t[0] == '\xE5')) {
    std::string_view sep1 = t[0] == '-' ? "-" : t[0] == '/' ? "/" : "年";
    std::string_view sep2 = sep1 == "年" ? "月" : sep1;
    if (!ConsumePrefix(t, sep1)) return std::nullopt;
    if (!ParseUnsigned(t, m, 2) || !ConsumePrefix(t, sep2)) return std::nullopt;
    if (!ParseUnsigned(t, d, 2)) return std::nullopt;
    if (sep1 == "年") ConsumePrefix(t, "日");
    auto date = SerialOfDate(y, m, d);
    if (!date) return std::nullopt;
    serial = *date;
    if (t.empty()) return serial;
    if (t[0] != ' ' && t[0] != 'T') return std::nullopt;
    t.remove_prefix(1);
  } else {
    t = s;
  }
  long hh, mm, ss = 0;
  if (!ParseUnsigned(t, hh, 2) || !ConsumePrefix(t, ":")) return std::nullopt;
  if (!ParseUnsigned(t, mm, 2)) return std::nullopt;
  if (ConsumePrefix(t, ":") && !ParseUnsigned(t, ss, 2)) return std::nullopt;
  if (!t.empty() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return serial + double(hh * 3600 + mm * 60 + ss) / 86400.0;
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
  bool signed_ = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') negative = !negative;
    s.remove_prefix(1);
    signed_ = true;
  }
  if (!s.empty() && s.front() == '$') {
    s = s.substr(1);
    // The sign may follow the currency symbol too: "$-5" is -5 as "-$5" is (Excel's entry
    // rules; HyperFormula and IronCalc agree).
    if (!signed_ && !s.empty() && (s.front() == '+' || s.front() == '-')) {
      if (s.front() == '-') negative = !negative;
      s.remove_prefix(1);
    }
  }
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
      if (r.is_3d() || size_t(r.rows()) * size_t(r.cols()) > kMaxArrayCells) {
        auto a = std::make_shared<Array>(1, 1);
        a->at(0, 0) = Value::Error(r.is_3d() ? ErrorCode::kValue : ErrorCode::kNum);
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
    case ValueKind::kText:
      return 1;
    case ValueKind::kBool:
      return 2;
    default:
      return 0;
  }
}
}  // namespace

int CompareNumbers15(double a, double b) {
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

int CompareValues(const Value& a, const Value& b) {
  // An empty side takes the other side's kind: 0, "" or FALSE.
  if (a.is_empty()) {
    switch (b.kind()) {
      case ValueKind::kEmpty:
        return 0;
      case ValueKind::kText:
        return b.text().empty() ? 0 : -1;
      case ValueKind::kBool:
        return b.boolean() ? -1 : 0;
      default:
        return CompareNumbers15(0, b.number());
    }
  }
  if (b.is_empty()) return -CompareValues(b, a);
  int ra = TypeRank(a.kind()), rb = TypeRank(b.kind());
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_text()) return utf8::CompareIgnoringCase(a.text(), b.text());
  return CompareNumbers15(a.number(), b.number());
}

}  // namespace suan
