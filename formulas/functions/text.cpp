// Text functions: CONCATENATE, CONCAT, TEXTJOIN, LEFT, RIGHT, MID, LEN, UPPER, LOWER, TRIM,
// SUBSTITUTE, REPLACE, FIND, SEARCH, REPT, EXACT, VALUE, NUMBERVALUE, TEXT, FIXED, UNICHAR,
// UNICODE.
//
// Positions and lengths count characters, not bytes (utf8.hpp): LEN("社会保障") is 4. Numbers
// become text in General format (15 significant digits), booleans TRUE/FALSE. A result longer
// than Excel's cell limit of 32,767 characters is #VALUE!.
#include <cmath>
#include <cstdlib>
#include <limits>

#include "formulas/functions/args.hpp"
#include "formulas/number_format.hpp"
#include "formulas/utf8.hpp"
#include "formulas/wildcard.hpp"

namespace suan {

namespace {

constexpr size_t kMaxTextChars = 32767;

Value TextResult(std::string s) {
  if (s.size() > kMaxTextChars && utf8::Length(s) > kMaxTextChars)
    return Value::Error(ErrorCode::kValue);
  return Value::Text(std::move(s));
}

// A count or position argument, truncated; huge values are clamped so size_t math is safe.
double Whole(const Value& n) {
  return std::clamp(std::trunc(n.number()), -1e12, 1e12);
}

// A character count: any negative value is refused before truncation (LEFT("abc",-0.5) is
// #VALUE! in Excel, not LEFT("abc",0)); -1 stands for "negative".
double Count(const Value& n) {
  return n.number() < 0 ? -1 : Whole(n);
}

// Reads v[i] as text / number into `out`, or returns the error to give back.
#define SUAN_TEXT_ARG(out, value)  \
  Value out = CoerceToText(value); \
  if (out.is_error()) return out
#define SUAN_NUMBER_ARG(out, value)  \
  Value out = CoerceToNumber(value); \
  if (out.is_error()) return out

Operand Concatenate(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    std::string out;
    for (const Value& x : v) {
      SUAN_TEXT_ARG(t, x);
      out += t.text();
    }
    return TextResult(std::move(out));
  });
}

// CONCAT(text1, ...): every value of every argument, ranges and arrays included, row by row.
Operand Concat(std::span<const Operand> args, CallContext& ctx) {
  std::string out;
  std::optional<Value> error;
  for (const Operand& arg : args) {
    ForEachValue(arg, ctx, [&](const Value& v) {
      if (v.is_error()) {
        error = v;
        return false;
      }
      if (v.is_text()) {
        out += v.text();
      } else if (!v.is_empty()) {
        out += v.ToString();
      }
      return out.size() <= 4 * kMaxTextChars;
    });
    if (error) return *error;
  }
  return TextResult(std::move(out));
}

// TEXTJOIN(delimiter, ignore_empty, text1, ...): the delimiter may be a range or array, whose
// values are used in turn; with ignore_empty, empty cells and "" are left out.
Operand TextJoin(std::span<const Operand> args, CallContext& ctx) {
  std::vector<std::string> delims;
  if (args[0].is_missing()) {
    delims.emplace_back();
  } else {
    auto block = BlockOf(args[0], ctx);
    if (!block) return Value::Error(ErrorCode::kValue);
    for (const Value& v : block->values()) {
      if (v.is_error()) return v;
      delims.push_back(v.is_text() ? v.text() : v.ToString());
    }
  }
  Value ignore = CoerceToBool(OptionalArg(args, 1, ctx, Value::Bool(false)));
  if (ignore.is_error()) return ignore;
  std::string out;
  size_t items = 0;
  for (const Operand& arg : args.subspan(2)) {
    if (arg.is_missing()) continue;
    auto block = BlockOf(arg, ctx);
    if (!block) return Value::Error(ErrorCode::kValue);
    for (const Value& v : block->values()) {
      if (v.is_error()) return v;
      std::string t = v.is_text() ? v.text() : v.ToString();
      if (ignore.boolean() && t.empty()) continue;
      if (items > 0) out += delims[(items - 1) % delims.size()];
      out += t;
      ++items;
      if (out.size() > 4 * kMaxTextChars) return Value::Error(ErrorCode::kValue);
    }
  }
  return TextResult(std::move(out));
}

template <bool kLeft>
Operand LeftRight(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    double n = 1;
    if (v.size() > 1) {
      SUAN_NUMBER_ARG(k, v[1]);
      n = Count(k);
    }
    if (n < 0) return Value::Error(ErrorCode::kValue);
    std::string_view s = t.text();
    if (kLeft) return Value::Text(std::string(utf8::Substr(s, 0, size_t(n))));
    size_t len = utf8::Length(s);
    size_t keep = std::min(len, size_t(n));
    return Value::Text(std::string(s.substr(utf8::ByteOffset(s, len - keep))));
  });
}

Operand Mid(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    SUAN_NUMBER_ARG(start, v[1]);
    SUAN_NUMBER_ARG(count, v[2]);
    double s = Whole(start), n = Count(count);
    if (s < 1 || n < 0) return Value::Error(ErrorCode::kValue);
    return Value::Text(std::string(utf8::Substr(t.text(), size_t(s) - 1, size_t(n))));
  });
}

Operand Len(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    return Value::Number(double(utf8::Length(t.text())));
  });
}

template <bool kUpper>
Operand ChangeCase(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    return Value::Text(kUpper ? utf8::Upper(t.text()) : utf8::Lower(t.text()));
  });
}

// TRIM removes spaces (character 32 only, as in Excel) from both ends and leaves single spaces
// between words.
Operand Trim(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    std::string out;
    bool pending_space = false;
    for (char c : t.text()) {
      if (c == ' ') {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
    return Value::Text(std::move(out));
  });
}

// SUBSTITUTE(text, old_text, new_text, [instance_num]): case-sensitive; every occurrence, or
// only the instance_num-th (counted left to right, without overlaps).
Operand Substitute(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    SUAN_TEXT_ARG(from, v[1]);
    SUAN_TEXT_ARG(to, v[2]);
    double instance = 0;
    if (v.size() > 3) {
      SUAN_NUMBER_ARG(k, v[3]);
      instance = Whole(k);
      if (instance < 1) return Value::Error(ErrorCode::kValue);
    }
    const std::string& s = t.text();
    const std::string& old = from.text();
    if (old.empty()) return t;
    std::string out;
    size_t pos = 0, seen = 0;
    while (true) {
      size_t hit = s.find(old, pos);
      if (hit == std::string::npos) break;
      ++seen;
      out.append(s, pos, hit - pos);
      if (instance == 0 || double(seen) == instance) {
        out += to.text();
      } else {
        out += old;
      }
      pos = hit + old.size();
      if (instance != 0 && double(seen) == instance) break;
      if (out.size() > 4 * kMaxTextChars) return Value::Error(ErrorCode::kValue);
    }
    out.append(s, pos, std::string::npos);
    return TextResult(std::move(out));
  });
}

// REPLACE(old_text, start_num, num_chars, new_text), in characters.
Operand Replace(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    SUAN_NUMBER_ARG(start, v[1]);
    SUAN_NUMBER_ARG(count, v[2]);
    SUAN_TEXT_ARG(with, v[3]);
    double s = Whole(start), n = Count(count);
    if (s < 1 || n < 0) return Value::Error(ErrorCode::kValue);
    std::string_view text = t.text();
    size_t head = utf8::ByteOffset(text, size_t(s) - 1);
    size_t tail = head + utf8::ByteOffset(text.substr(head), size_t(n));
    std::string out(text.substr(0, head));
    out += with.text();
    out += text.substr(tail);
    return TextResult(std::move(out));
  });
}

// FIND (case-sensitive, no wildcards) and SEARCH (case-insensitive, * ? ~): the character
// position of find_text in within_text from start_num; #VALUE! when absent or start_num is
// outside the text.
template <bool kSearch>
Operand Find(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(what, v[0]);
    SUAN_TEXT_ARG(within, v[1]);
    double start = 1;
    if (v.size() > 2) {
      SUAN_NUMBER_ARG(s, v[2]);
      start = Whole(s);
    }
    std::string_view text = within.text();
    size_t len = utf8::Length(text);
    // Even an empty find_text needs start_num inside within_text (Microsoft's FIND page: "If
    // start_num is greater than the length of within_text, FIND returns #VALUE!"; the OOXML
    // spec says the same): FIND("","") and FIND("","abc",4) are #VALUE!.
    if (start < 1 || start > double(len)) return Value::Error(ErrorCode::kValue);
    size_t from = size_t(start) - 1;
    if (kSearch) {
      auto at = WildcardPattern(what.text()).Find(text, from);
      if (!at) return Value::Error(ErrorCode::kValue);
      return Value::Number(double(*at + 1));
    }
    size_t byte = utf8::ByteOffset(text, from);
    size_t hit = text.find(what.text(), byte);
    if (hit == std::string_view::npos) return Value::Error(ErrorCode::kValue);
    return Value::Number(double(utf8::Length(text.substr(0, hit)) + 1));
  });
}

Operand Rept(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    SUAN_NUMBER_ARG(count, v[1]);
    double n = Count(count);
    if (n < 0) return Value::Error(ErrorCode::kValue);
    size_t chars = utf8::Length(t.text());
    if (chars > 0 && n * double(chars) > double(kMaxTextChars))
      return Value::Error(ErrorCode::kValue);
    std::string out;
    if (chars > 0) {
      out.reserve(t.text().size() * size_t(n));
      for (size_t i = 0; i < size_t(n); ++i) out += t.text();
    }
    return Value::Text(std::move(out));
  });
}

Operand Exact(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(a, v[0]);
    SUAN_TEXT_ARG(b, v[1]);
    return Value::Bool(a.text() == b.text());
  });
}

// VALUE: text that reads as a number (coerce.hpp's rules, dates and times included); a number
// as it is; an empty cell 0; TRUE/FALSE and other text #VALUE!.
Operand ValueFn(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    const Value& x = v[0];
    if (x.is_error() || x.is_number()) return x;
    if (x.is_empty()) return Value::Number(0);
    if (x.is_bool()) return Value::Error(ErrorCode::kValue);
    auto n = TextToNumber(x.text());
    return n ? Value::Number(*n) : Value::Error(ErrorCode::kValue);
  });
}

// NUMBERVALUE(text, [decimal_separator], [group_separator]): locale-independent parsing.
// Spaces are ignored anywhere, group separators are allowed only before the decimal separator,
// trailing % signs divide by 100 each; "" is 0.
Operand NumberValue(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    if (v[0].is_error()) return v[0];
    if (v[0].is_number()) return v[0];
    SUAN_TEXT_ARG(t, v[0]);
    char dec = '.', group = ',';
    if (v.size() > 1 && !v[1].is_empty()) {
      SUAN_TEXT_ARG(d, v[1]);
      if (d.text().empty()) return Value::Error(ErrorCode::kValue);
      dec = d.text()[0];
    }
    if (v.size() > 2 && !v[2].is_empty()) {
      SUAN_TEXT_ARG(g, v[2]);
      if (g.text().empty()) return Value::Error(ErrorCode::kValue);
      group = g.text()[0];
    }
    if (dec == group) return Value::Error(ErrorCode::kValue);
    std::string s;
    for (char c : t.text())
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') s.push_back(c);
    if (s.empty()) return Value::Number(0);
    int percents = 0;
    while (!s.empty() && s.back() == '%') {
      s.pop_back();
      ++percents;
    }
    std::string plain;
    bool seen_dec = false;
    for (char c : s) {
      if (c == dec) {
        if (seen_dec) return Value::Error(ErrorCode::kValue);
        seen_dec = true;
        plain.push_back('.');
      } else if (c == group) {
        if (seen_dec) return Value::Error(ErrorCode::kValue);
      } else {
        plain.push_back(c);
      }
    }
    // What is left must be a plain decimal number: [sign] digits [. digits] [e [sign] digits].
    size_t i = 0;
    if (i < plain.size() && (plain[i] == '+' || plain[i] == '-')) ++i;
    size_t digits = 0;
    while (i < plain.size() &&
           (std::isdigit(static_cast<unsigned char>(plain[i])) || plain[i] == '.')) {
      digits += plain[i] != '.';
      ++i;
    }
    if (digits == 0) return Value::Error(ErrorCode::kValue);
    if (i < plain.size() && (plain[i] == 'e' || plain[i] == 'E')) {
      ++i;
      if (i < plain.size() && (plain[i] == '+' || plain[i] == '-')) ++i;
      size_t exp_start = i;
      while (i < plain.size() && std::isdigit(static_cast<unsigned char>(plain[i]))) ++i;
      if (i == exp_start) return Value::Error(ErrorCode::kValue);
    }
    if (i != plain.size()) return Value::Error(ErrorCode::kValue);
    double x = std::strtod(plain.c_str(), nullptr);
    for (int k = 0; k < percents; ++k) x /= 100;
    return NumberOrNum(x);
  });
}

// TEXT(value, format_text): see number_format.hpp. Numeric text is formatted as the number;
// other text goes through the format's text section; TRUE/FALSE stay as they are.
Operand Text(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    const Value& x = v[0];
    if (x.is_error()) return x;
    SUAN_TEXT_ARG(format, v[1]);
    if (x.is_bool()) return Value::Text(x.ToString());
    double number = 0;
    if (x.is_number()) {
      number = x.number();
    } else if (x.is_text()) {
      auto n = TextToNumber(x.text());
      if (!n) return TextResult(FormatText(x.text(), format.text()));
      number = *n;
    }
    auto out = FormatNumber(number, format.text());
    if (!out) return Value::Error(ErrorCode::kValue);
    return TextResult(std::move(*out));
  });
}

// FIXED(number, [decimals = 2], [no_commas = FALSE]); decimals above 127 are #VALUE!.
Operand Fixed(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [&](std::span<const Value> v) -> Value {
    SUAN_NUMBER_ARG(x, v[0]);
    double decimals = 2;
    if (v.size() > 1 && !args[1].is_missing()) {
      SUAN_NUMBER_ARG(d, v[1]);
      decimals = Whole(d);
    }
    if (decimals > 127) return Value::Error(ErrorCode::kValue);
    bool no_commas = false;
    if (v.size() > 2) {
      Value b = CoerceToBool(v[2]);
      if (b.is_error()) return b;
      no_commas = b.boolean();
    }
    return Value::Text(FormatFixed(x.number(), int(std::max(decimals, -400.0)), no_commas));
  });
}

Operand Unichar(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_NUMBER_ARG(n, v[0]);
    double c = std::trunc(n.number());
    if (c < 1 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      return Value::Error(ErrorCode::kValue);
    std::string out;
    utf8::Append(out, char32_t(c));
    return Value::Text(std::move(out));
  });
}

Operand Unicode(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    SUAN_TEXT_ARG(t, v[0]);
    if (t.text().empty()) return Value::Error(ErrorCode::kValue);
    size_t i = 0;
    return Value::Number(double(utf8::Decode(t.text(), i)));
  });
}

#undef SUAN_TEXT_ARG
#undef SUAN_NUMBER_ARG

}  // namespace

void RegisterTextFunctions(FunctionRegistry& r) {
  constexpr int kVar = FunctionSpec::kVariadic;
  r.Add({"CONCATENATE", 1, kVar, kFnNone, Concatenate});
  r.Add({"CONCAT", 1, 254, kFnNone, Concat});
  r.Add({"TEXTJOIN", 3, kVar, kFnNone, TextJoin});
  r.Add({"LEFT", 1, 2, kFnNone, LeftRight<true>});
  r.Add({"RIGHT", 1, 2, kFnNone, LeftRight<false>});
  r.Add({"MID", 3, 3, kFnNone, Mid});
  r.Add({"LEN", 1, 1, kFnNone, Len});
  r.Add({"UPPER", 1, 1, kFnNone, ChangeCase<true>});
  r.Add({"LOWER", 1, 1, kFnNone, ChangeCase<false>});
  r.Add({"TRIM", 1, 1, kFnNone, Trim});
  r.Add({"SUBSTITUTE", 3, 4, kFnNone, Substitute});
  r.Add({"REPLACE", 4, 4, kFnNone, Replace});
  r.Add({"FIND", 2, 3, kFnNone, Find<false>});
  r.Add({"SEARCH", 2, 3, kFnNone, Find<true>});
  r.Add({"REPT", 2, 2, kFnNone, Rept});
  r.Add({"EXACT", 2, 2, kFnNone, Exact});
  r.Add({"VALUE", 1, 1, kFnNone, ValueFn});
  r.Add({"NUMBERVALUE", 1, 3, kFnNone, NumberValue});
  r.Add({"TEXT", 2, 2, kFnNone, Text});
  r.Add({"FIXED", 1, 3, kFnNone, Fixed});
  r.Add({"UNICHAR", 1, 1, kFnNone, Unichar});
  r.Add({"UNICODE", 1, 1, kFnNone, Unicode});
}

}  // namespace suan
