#include "formulas/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "formulas/absl_compat.hpp"
#include "formulas/dates.hpp"
#include "formulas/excel_round.hpp"
#include "formulas/utf8.hpp"
#include "formulas/value.hpp"

namespace suan {

namespace {

// ---------------------------------------------------------------------------------------------
// Decimal digits of a number as Excel shows it: its 15 significant digits, rounded half away
// from zero to a number of decimal places.

struct DecimalDigits {
  std::string integer;   // no leading zeros; empty for 0
  std::string fraction;  // exactly `decimals` digits
};

// Digits and decimal exponent of |x| to 15 significant digits: x = d.dddd... * 10^exp10.
int SignificantDigits(double ax, char (&mant)[16]) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.14e", ax);
  int nd = 0;
  const char* p = buf;
  for (; *p && *p != 'e'; ++p)
    if (*p >= '0' && *p <= '9' && nd < 15) mant[nd++] = *p;
  while (nd < 15) mant[nd++] = '0';
  mant[15] = 0;
  return *p == 'e' ? std::atoi(p + 1) : 0;
}

DecimalDigits ToDecimal(double ax, int decimals) {
  decimals = std::clamp(decimals, 0, 400);
  char mant[16];
  int exp10 = ax == 0 ? 0 : SignificantDigits(ax, mant);
  if (ax == 0) std::memset(mant, '0', 15);
  auto digit_at = [&](int power) -> char {
    int i = exp10 - power;
    return i >= 0 && i < 15 ? mant[i] : '0';
  };
  const int hi = std::max(exp10, 0), lo = -decimals;
  std::string s;
  s.reserve(size_t(hi - lo + 2));
  for (int p = hi; p >= lo; --p) s.push_back(digit_at(p));
  if (digit_at(lo - 1) >= '5') {
    int k = int(s.size()) - 1;
    while (k >= 0 && s[size_t(k)] == '9') s[size_t(k--)] = '0';
    if (k >= 0) {
      ++s[size_t(k)];
    } else {
      s.insert(s.begin(), '1');
    }
  }
  DecimalDigits d;
  size_t int_len = s.size() - size_t(decimals);
  size_t first = 0;
  while (first < int_len && s[first] == '0') ++first;
  d.integer = s.substr(first, int_len - first);
  d.fraction = s.substr(int_len);
  return d;
}

std::string Group(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsed format codes.

enum class Tok : uint8_t {
  kLiteral,
  kDigit,  // placeholder 0 # ?
  kPoint,
  kComma,
  kPercent,
  kExp,   // E+ E-
  kText,  // @
  kGeneral,
  kYear,
  kMonth,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kSubSecond,  // .0 .00 .000 after seconds
  kAmPm,
  kElapsedHours,
  kElapsedMinutes,
  kElapsedSeconds,
  kWeekdayChinese,  // aaa / aaaa
};

struct Token {
  Tok kind = Tok::kLiteral;
  char placeholder = 0;  // kDigit: '0', '#' or '?'
  int count = 0;         // run length of date codes, digits of kSubSecond
  bool flag = false;     // kExp: '+' written; kAmPm: lower case; kComma: thousands grouping
  std::string text;      // kLiteral; kExp: "E" or "e"; kAmPm: "AM/PM" or "A/P" as written
};

struct Section {
  std::vector<Token> tokens;
  bool has_condition = false;
  std::string condition_op;
  double condition_value = 0;
  bool is_date = false;
  bool has_text = false;
  bool has_ampm = false;
  bool has_digits = false;
};

bool IsDateKind(Tok k) {
  switch (k) {
    case Tok::kYear:
    case Tok::kMonth:
    case Tok::kDay:
    case Tok::kHour:
    case Tok::kMinute:
    case Tok::kSecond:
    case Tok::kAmPm:
    case Tok::kElapsedHours:
    case Tok::kElapsedMinutes:
    case Tok::kElapsedSeconds:
    case Tok::kWeekdayChinese:
      return true;
    default:
      return false;
  }
}

void AddLiteral(Section& s, std::string_view text) {
  if (!s.tokens.empty() && s.tokens.back().kind == Tok::kLiteral) {
    s.tokens.back().text.append(text);
    return;
  }
  Token t;
  t.text = std::string(text);
  s.tokens.push_back(std::move(t));
}

// The next UTF-8 character of `src` at `i`, as text; moves `i` past it.
std::string_view NextChar(std::string_view src, size_t& i) {
  size_t start = i;
  utf8::Decode(src, i);
  return src.substr(start, i - start);
}

// Splits the format at top-level ';' (not inside quotes or brackets, not escaped).
std::vector<std::string_view> SplitSections(std::string_view format) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '"') {
      size_t close = format.find('"', i + 1);
      i = close == std::string_view::npos ? format.size() : close;
    } else if (c == '[') {
      size_t close = format.find(']', i + 1);
      i = close == std::string_view::npos ? format.size() : close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      out.push_back(format.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(format.substr(std::min(start, format.size())));
  return out;
}

void ParseBracket(Section& s, std::string_view content) {
  std::string lower = absl::AsciiStrToLower(ToAbsl(content));
  auto all_of = [&](char ch) {
    return !lower.empty() && lower.find_first_not_of(ch) == std::string::npos;
  };
  Token t;
  t.count = int(lower.size());
  if (all_of('h')) {
    t.kind = Tok::kElapsedHours;
  } else if (all_of('m')) {
    t.kind = Tok::kElapsedMinutes;
  } else if (all_of('s')) {
    t.kind = Tok::kElapsedSeconds;
  } else if (!content.empty() && (content[0] == '<' || content[0] == '>' || content[0] == '=')) {
    size_t n = content.size() > 1 && (content[1] == '=' || content[1] == '>') ? 2 : 1;
    s.has_condition = true;
    s.condition_op = std::string(content.substr(0, n));
    s.condition_value = std::strtod(std::string(content.substr(n)).c_str(), nullptr);
    return;
  } else if (!content.empty() && content[0] == '$') {
    std::string_view symbol = content.substr(1);
    symbol = symbol.substr(0, symbol.find('-'));
    if (!symbol.empty()) AddLiteral(s, symbol);
    return;
  } else {
    return;  // a colour, [DBNum1] ...: no effect on the text
  }
  s.tokens.push_back(std::move(t));
}

Section ParseSection(std::string_view src) {
  Section s;
  bool seen_point = false;
  for (size_t i = 0; i < src.size();) {
    char c = src[i];
    auto run_of = [&](char lower_letter) {
      int n = 0;
      while (i < src.size() &&
             absl::ascii_tolower(static_cast<unsigned char>(src[i])) == lower_letter) {
        ++i;
        ++n;
      }
      return n;
    };
    auto starts_with_ci = [&](std::string_view word) {
      return src.size() - i >= word.size() &&
             absl::EqualsIgnoreCase(ToAbsl(src.substr(i, word.size())), ToAbsl(word));
    };
    Token t;
    switch (c) {
      case '"': {
        size_t close = src.find('"', i + 1);
        if (close == std::string_view::npos) close = src.size();
        AddLiteral(s, src.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
      case '\\':
        ++i;
        if (i < src.size()) AddLiteral(s, NextChar(src, i));
        continue;
      case '_':
        ++i;
        if (i < src.size()) NextChar(src, i);
        AddLiteral(s, " ");
        continue;
      case '*':
        ++i;
        if (i < src.size()) NextChar(src, i);  // fill to the column width: nothing in TEXT
        continue;
      case '[': {
        size_t close = src.find(']', i + 1);
        if (close == std::string_view::npos) close = src.size();
        ParseBracket(s, src.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
      case '0':
      case '#':
      case '?':
        t.kind = Tok::kDigit;
        t.placeholder = c;
        s.has_digits = true;
        ++i;
        break;
      case '.':
        ++i;
        if (seen_point) {
          AddLiteral(s, ".");
          continue;
        }
        seen_point = true;
        t.kind = Tok::kPoint;
        break;
      case ',':
        t.kind = Tok::kComma;
        ++i;
        break;
      case '%':
        t.kind = Tok::kPercent;
        ++i;
        break;
      case '@':
        t.kind = Tok::kText;
        s.has_text = true;
        ++i;
        break;
      case 'E':
      case 'e':
        if (i + 1 < src.size() && (src[i + 1] == '+' || src[i + 1] == '-')) {
          t.kind = Tok::kExp;
          t.text = std::string(1, c);
          t.flag = src[i + 1] == '+';
          i += 2;
        } else {
          AddLiteral(s, src.substr(i++, 1));
          continue;
        }
        break;
      case 'G':
      case 'g':
        if (starts_with_ci("General")) {
          t.kind = Tok::kGeneral;
          i += 7;
        } else {
          AddLiteral(s, src.substr(i++, 1));
          continue;
        }
        break;
      case 'Y':
      case 'y':
        t.kind = Tok::kYear;
        t.count = run_of('y');
        break;
      case 'M':
      case 'm':
        t.kind = Tok::kMonth;
        t.count = run_of('m');
        break;
      case 'D':
      case 'd':
        t.kind = Tok::kDay;
        t.count = run_of('d');
        break;
      case 'H':
      case 'h':
        t.kind = Tok::kHour;
        t.count = run_of('h');
        break;
      case 'S':
      case 's':
        t.kind = Tok::kSecond;
        t.count = run_of('s');
        break;
      case 'A':
      case 'a':
        if (starts_with_ci("AM/PM")) {
          t.kind = Tok::kAmPm;
          t.text = "AM/PM";
          t.flag = c == 'a';
          i += 5;
        } else if (starts_with_ci("A/P")) {
          t.kind = Tok::kAmPm;
          t.text = "A/P";
          t.flag = c == 'a';
          i += 3;
        } else {
          size_t start = i;
          int n = run_of('a');
          if (n >= 3) {
            t.kind = Tok::kWeekdayChinese;
            t.count = n;
          } else {
            AddLiteral(s, src.substr(start, i - start));
            continue;
          }
        }
        break;
      default:
        AddLiteral(s, NextChar(src, i));
        continue;
    }
    if (t.kind == Tok::kAmPm) s.has_ampm = true;
    s.tokens.push_back(std::move(t));
  }

  // "m" is minutes right after an hour or right before a second, months otherwise.
  auto& toks = s.tokens;
  for (size_t k = 0; k < toks.size(); ++k) {
    if (toks[k].kind != Tok::kMonth || toks[k].count > 2) continue;
    bool minute = false;
    for (size_t j = k; j-- > 0;) {
      if (!IsDateKind(toks[j].kind)) continue;
      minute = toks[j].kind == Tok::kHour || toks[j].kind == Tok::kElapsedHours;
      break;
    }
    for (size_t j = k + 1; !minute && j < toks.size(); ++j) {
      if (!IsDateKind(toks[j].kind)) continue;
      minute = toks[j].kind == Tok::kSecond || toks[j].kind == Tok::kElapsedSeconds;
      break;
    }
    if (minute) toks[k].kind = Tok::kMinute;
  }
  for (const Token& t : toks) s.is_date |= IsDateKind(t.kind);
  if (s.is_date) {
    // Fractional seconds: a point followed by zeros.
    for (size_t k = 0; k < toks.size(); ++k) {
      if (toks[k].kind != Tok::kPoint) continue;
      size_t j = k + 1;
      while (j < toks.size() && toks[j].kind == Tok::kDigit && toks[j].placeholder == '0') ++j;
      toks[k].kind = Tok::kSubSecond;
      toks[k].count = int(std::min<size_t>(j - k - 1, 3));
      toks.erase(toks.begin() + long(k) + 1, toks.begin() + long(j));
    }
  }
  return s;
}

bool ConditionHolds(const Section& s, double x) {
  const std::string& op = s.condition_op;
  double v = s.condition_value;
  if (op == "<") return x < v;
  if (op == "<=") return x <= v;
  if (op == ">") return x > v;
  if (op == ">=") return x >= v;
  if (op == "=") return x == v;
  if (op == "<>") return x != v;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

std::string RenderNumber(double v, const Section& s, bool minus) {
  const auto& toks = s.tokens;
  const size_t n = toks.size();
  size_t exp_at = n, point_at = n;
  for (size_t k = 0; k < n; ++k) {
    if (toks[k].kind == Tok::kExp && exp_at == n) exp_at = k;
    if (toks[k].kind == Tok::kPoint && point_at == n && k < exp_at) point_at = k;
  }
  const size_t int_end = std::min(point_at, exp_at);
  std::vector<size_t> int_ph, frac_ph, exp_ph;
  for (size_t k = 0; k < n; ++k) {
    if (toks[k].kind != Tok::kDigit) continue;
    if (k < int_end) {
      int_ph.push_back(k);
    } else if (k < exp_at) {
      frac_ph.push_back(k);
    } else {
      exp_ph.push_back(k);
    }
  }
  // Commas: between integer placeholders they group thousands; right after the last digit
  // placeholder they divide by 1000 each; elsewhere they are literal.
  std::vector<char> comma_role(n, 0);  // 'g' group, 's' scale, 'l' literal
  bool grouping = false;
  int scale = 0;
  for (size_t k = 0; k < n; ++k) {
    if (toks[k].kind != Tok::kComma) continue;
    size_t next = k + 1;
    while (next < n && toks[next].kind == Tok::kComma) ++next;
    bool digit_before = false;
    for (size_t j = 0; j < k; ++j) digit_before |= toks[j].kind == Tok::kDigit;
    bool digit_next = next < n && toks[next].kind == Tok::kDigit;
    if (digit_before && digit_next && k < int_end) {
      comma_role[k] = 'g';
      grouping = true;
    } else if (digit_before && !digit_next && k > 0 &&
               (toks[k - 1].kind == Tok::kDigit || toks[k - 1].kind == Tok::kComma ||
                toks[k - 1].kind == Tok::kPoint)) {
      comma_role[k] = 's';
      ++scale;
    } else {
      comma_role[k] = 'l';
    }
  }
  int percent = 0;
  for (const Token& t : toks) percent += t.kind == Tok::kPercent;
  for (int i = 0; i < percent; ++i) v *= 100;
  for (int i = 0; i < scale; ++i) v /= 1000;

  // Digits of the integer part, fraction and exponent.
  int exponent = 0;
  DecimalDigits dd;
  if (exp_at < n) {
    int n_int = std::max<int>(int(int_ph.size()), 1);
    bool engineering = n_int > 1 && std::any_of(int_ph.begin(), int_ph.end(), [&](size_t k) {
                         return toks[k].placeholder == '#';
                       });
    if (v != 0) {
      char mant[16];
      int e10 = SignificantDigits(v, mant);
      auto exponent_for = [&](int e) {
        if (engineering) return int(std::floor(double(e) / n_int)) * n_int;
        return e - (n_int - 1);
      };
      exponent = exponent_for(e10);
      dd = ToDecimal(v / std::pow(10.0, exponent), int(frac_ph.size()));
      // Rounding may carry into one more integer digit (9.99 -> 10.0).
      if (int(dd.integer.size()) > n_int) {
        exponent = exponent_for(e10 + 1);
        dd = ToDecimal(v / std::pow(10.0, exponent), int(frac_ph.size()));
      }
    } else {
      dd = ToDecimal(0, int(frac_ph.size()));
    }
  } else {
    dd = ToDecimal(v, int(frac_ph.size()));
  }

  // Integer placeholders, filled from the right; the leftmost takes every extra digit.
  std::vector<std::string> int_out(int_ph.size());
  const std::string& digits = dd.integer;
  if (grouping && !int_ph.empty()) {
    size_t min_digits = 0;
    for (size_t i = 0; i < int_ph.size(); ++i) {
      if (toks[int_ph[i]].placeholder == '0') {
        min_digits = int_ph.size() - i;
        break;
      }
    }
    std::string padded = digits;
    if (padded.size() < min_digits) padded.insert(0, min_digits - padded.size(), '0');
    int_out[0] = Group(padded);
  } else if (!int_ph.empty()) {
    size_t remaining = digits.size();
    for (size_t i = int_ph.size(); i-- > 0;) {
      char ph = toks[int_ph[i]].placeholder;
      if (i == 0 && remaining > 0) {
        int_out[0] = digits.substr(0, remaining);
        remaining = 0;
      } else if (remaining > 0) {
        int_out[i] = std::string(1, digits[--remaining]);
      } else {
        int_out[i] = ph == '0' ? "0" : ph == '?' ? " " : "";
      }
    }
  }
  // Fraction placeholders: '#' drops trailing zeros, '?' turns them into spaces.
  std::vector<std::string> frac_out(frac_ph.size());
  for (size_t i = 0; i < frac_ph.size(); ++i) frac_out[i] = std::string(1, dd.fraction[i]);
  for (size_t i = frac_ph.size(); i-- > 0;) {
    char ph = toks[frac_ph[i]].placeholder;
    if (ph == '0' || dd.fraction[i] != '0') break;
    frac_out[i] = ph == '?' ? " " : "";
  }
  // Exponent digits.
  std::string exp_text;
  if (exp_at < n) {
    int min_digits = 0;
    for (size_t k : exp_ph) min_digits += toks[k].placeholder == '0';
    std::string e = std::to_string(std::abs(exponent));
    if (int(e.size()) < min_digits) e.insert(0, size_t(min_digits) - e.size(), '0');
    exp_text = toks[exp_at].text + (exponent < 0 ? "-" : toks[exp_at].flag ? "+" : "") + e;
  }

  std::string out = minus ? "-" : "";
  size_t ii = 0, fi = 0;
  for (size_t k = 0; k < n; ++k) {
    const Token& t = toks[k];
    switch (t.kind) {
      case Tok::kLiteral:
        out += t.text;
        break;
      case Tok::kDigit:
        if (k < int_end) {
          out += int_out[ii++];
        } else if (k < exp_at) {
          out += frac_out[fi++];
        }
        break;
      case Tok::kPoint:
        out += ".";
        break;
      case Tok::kComma:
        if (comma_role[k] == 'l') out += ",";
        break;
      case Tok::kPercent:
        out += "%";
        break;
      case Tok::kExp:
        if (k == exp_at) out += exp_text;
        break;
      case Tok::kGeneral:
        out += FormatNumber15(v);
        break;
      default:
        break;
    }
  }
  return out;
}

const char* const kMonthNames[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};
const char* const kChineseDays[] = {"日", "一", "二", "三", "四", "五", "六"};

std::string Pad(long long v, int width) {
  std::string s = std::to_string(v);
  if (int(s.size()) < width) s.insert(0, size_t(width) - s.size(), '0');
  return s;
}

std::optional<std::string> RenderDate(double serial, const Section& s) {
  if (!(serial >= 0) || serial >= kMaxDateSerial + 1) return std::nullopt;
  int sub_digits = 0;
  bool has_time = false;
  for (const Token& t : s.tokens) {
    if (t.kind == Tok::kSubSecond) sub_digits = std::max(sub_digits, t.count);
    has_time |= t.kind == Tok::kHour || t.kind == Tok::kMinute || t.kind == Tok::kSecond ||
                t.kind == Tok::kElapsedHours || t.kind == Tok::kElapsedMinutes ||
                t.kind == Tok::kElapsedSeconds || t.kind == Tok::kAmPm;
  }
  long long per_second = 1;
  for (int i = 0; i < sub_digits; ++i) per_second *= 10;
  const long long per_day = 86400 * per_second;
  long long ticks = has_time ? std::llround(serial * double(per_day))
                             : static_cast<long long>(std::floor(serial)) * per_day;
  long long days = ticks / per_day;
  long long in_day = ticks % per_day;
  auto date = DateOfSerial(double(days));
  if (!date) return std::nullopt;
  long long secs = in_day / per_second, sub = in_day % per_second;
  long long hour = secs / 3600, minute = secs / 60 % 60, second = secs % 60;
  long long total_seconds = ticks / per_second;
  int weekday = WeekdayOfSerial(double(days));

  std::string out;
  for (const Token& t : s.tokens) {
    switch (t.kind) {
      case Tok::kLiteral:
        out += t.text;
        break;
      case Tok::kYear:
        out += t.count <= 2 ? Pad(date->year % 100, 2) : Pad(date->year, 4);
        break;
      case Tok::kMonth:
        if (t.count <= 2) {
          out += Pad(date->month, t.count);
        } else {
          std::string_view name = kMonthNames[date->month - 1];
          out += t.count == 3 ? name.substr(0, 3) : t.count == 4 ? name : name.substr(0, 1);
        }
        break;
      case Tok::kDay:
        if (t.count <= 2) {
          out += Pad(date->day, t.count);
        } else {
          std::string_view name = kDayNames[weekday];
          out += t.count == 3 ? name.substr(0, 3) : name;
        }
        break;
      case Tok::kWeekdayChinese:
        out += t.count == 3 ? "" : "星期";
        out += kChineseDays[weekday];
        break;
      case Tok::kHour: {
        long long h = hour;
        if (s.has_ampm) h = h % 12 == 0 ? 12 : h % 12;
        out += Pad(h, std::min(t.count, 2));
        break;
      }
      case Tok::kMinute:
        out += Pad(minute, std::min(t.count, 2));
        break;
      case Tok::kSecond:
        out += Pad(second, std::min(t.count, 2));
        break;
      case Tok::kSubSecond:
        if (t.count > 0) {
          out += ".";
          out += Pad(sub, sub_digits).substr(0, size_t(t.count));
        } else {
          out += ".";
        }
        break;
      case Tok::kElapsedHours:
        out += Pad(total_seconds / 3600, t.count);
        break;
      case Tok::kElapsedMinutes:
        out += Pad(total_seconds / 60, t.count);
        break;
      case Tok::kElapsedSeconds:
        out += Pad(total_seconds, t.count);
        break;
      case Tok::kAmPm: {
        bool pm = hour >= 12;
        std::string text = t.text == "A/P" ? (pm ? "P" : "A") : (pm ? "PM" : "AM");
        if (t.flag) text = absl::AsciiStrToLower(text);
        out += text;
        break;
      }
      case Tok::kDigit:
        out.push_back(t.placeholder);
        break;
      case Tok::kPoint:
        out += ".";
        break;
      case Tok::kComma:
        out += ",";
        break;
      case Tok::kPercent:
        out += "%";
        break;
      default:
        break;
    }
  }
  return out;
}

std::string RenderText(std::string_view text, const Section& s) {
  std::string out;
  for (const Token& t : s.tokens) {
    if (t.kind == Tok::kLiteral) out += t.text;
    if (t.kind == Tok::kText) out += text;
  }
  return out;
}

}  // namespace

std::optional<std::string> FormatNumber(double value, std::string_view format) {
  if (!std::isfinite(value)) return std::nullopt;
  std::vector<Section> sections;
  for (std::string_view src : SplitSections(format)) sections.push_back(ParseSection(src));
  // A text-only section (holding '@') does not take numbers.
  size_t numeric = sections.size();
  if (numeric == 4 || (numeric > 1 && sections.back().has_text)) --numeric;
  if (numeric == 0) numeric = 1;

  const Section* chosen = nullptr;
  bool minus = false;
  double v = value;
  bool conditional = false;
  for (size_t i = 0; i < numeric; ++i) conditional |= sections[i].has_condition;
  if (conditional) {
    for (size_t i = 0; i < numeric && !chosen; ++i)
      if (sections[i].has_condition && ConditionHolds(sections[i], value)) chosen = &sections[i];
    if (!chosen) {
      for (size_t i = 0; i < numeric && !chosen; ++i)
        if (!sections[i].has_condition) chosen = &sections[i];
    }
    if (!chosen) return std::string();
    minus = value < 0 && chosen == &sections[0];
    v = std::fabs(value);
  } else if (numeric == 1 || value > 0 || (value == 0 && numeric == 2)) {
    chosen = &sections[0];
    minus = value < 0;
    v = std::fabs(value);
  } else if (value < 0) {
    chosen = &sections[1];
    v = -value;
  } else {
    chosen = &sections[2];
  }
  if (chosen->is_date) {
    if (minus) return std::nullopt;
    return RenderDate(v, *chosen);
  }
  if (chosen->has_text && !chosen->has_digits) {
    // "@" given a number shows the number as General.
    std::string out = minus ? "-" : "";
    for (const Token& t : chosen->tokens) {
      if (t.kind == Tok::kLiteral) out += t.text;
      if (t.kind == Tok::kText || t.kind == Tok::kGeneral) out += FormatNumber15(v);
    }
    return out;
  }
  return RenderNumber(v, *chosen, minus);
}

std::string FormatText(std::string_view text, std::string_view format) {
  std::vector<std::string_view> parts = SplitSections(format);
  if (parts.size() >= 4) return RenderText(text, ParseSection(parts[3]));
  Section last = ParseSection(parts.back());
  if (last.has_text) return RenderText(text, last);
  return std::string(text);
}

std::string FormatFixed(double value, int decimals, bool no_commas) {
  double r = decimals < 0 ? ExcelRound(value, decimals) : value;
  int d = std::max(decimals, 0);
  DecimalDigits dd = ToDecimal(std::fabs(r), d);
  bool zero = dd.integer.empty() && dd.fraction.find_first_not_of('0') == std::string::npos;
  std::string integer = dd.integer.empty() ? "0" : dd.integer;
  std::string out = value < 0 && !zero ? "-" : "";
  out += no_commas ? integer : Group(integer);
  if (d > 0) out += "." + dd.fraction;
  return out;
}

}  // namespace suan
