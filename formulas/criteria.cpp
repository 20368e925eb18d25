#include "formulas/criteria.hpp"

#include "absl/strings/match.h"
#include "formulas/absl_compat.hpp"
#include "formulas/coerce.hpp"
#include "formulas/utf8.hpp"

namespace suan {

namespace {

// Cheap test before TextToNumber: can this text possibly read as a number?
bool MayBeNumber(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == '(' || c == '$';
  }
  return false;
}

}  // namespace

Criterion::Criterion(const Value& criteria) {
  switch (criteria.kind()) {
    case ValueKind::kEmpty:
      kind_ = Kind::kNumber;  // an empty criteria cell is 0
      number_ = 0;
      break;
    case ValueKind::kNumber:
      kind_ = Kind::kNumber;
      number_ = criteria.number();
      break;
    case ValueKind::kBool:
      kind_ = Kind::kBool;
      boolean_ = criteria.boolean();
      break;
    case ValueKind::kError:
      kind_ = Kind::kError;
      error_ = criteria.error();
      break;
    case ValueKind::kText: {
      std::string_view s = criteria.text();
      static constexpr struct {
        std::string_view text;
        Op op;
      } kOps[] = {{"<>", Op::kNe}, {"<=", Op::kLe}, {">=", Op::kGe},
                  {"=", Op::kEq},  {"<", Op::kLt},  {">", Op::kGt}};
      bool has_op = false;
      for (const auto& o : kOps) {
        if (s.substr(0, o.text.size()) == o.text) {
          op_ = o.op;
          s.remove_prefix(o.text.size());
          has_op = true;
          break;
        }
      }
      if (s.empty()) {
        kind_ = has_op ? Kind::kEmpty : Kind::kBlankOrEmptyText;
        break;
      }
      if (auto n = MayBeNumber(s) ? TextToNumber(s) : std::nullopt) {
        kind_ = Kind::kNumber;
        number_ = *n;
      } else if (absl::EqualsIgnoreCase(ToAbsl(s), "TRUE") ||
                 absl::EqualsIgnoreCase(ToAbsl(s), "FALSE")) {
        kind_ = Kind::kBool;
        boolean_ = absl::EqualsIgnoreCase(ToAbsl(s), "TRUE");
      } else if (auto e = ParseErrorText(s)) {
        kind_ = Kind::kError;
        error_ = *e;
      } else {
        kind_ = Kind::kText;
        text_ = std::string(s);
        if (op_ == Op::kEq || op_ == Op::kNe) pattern_ = WildcardPattern(s);
      }
      break;
    }
  }
  matches_empty_ = Matches(Value());
}

bool Criterion::Ordered(int cmp) const {
  switch (op_) {
    case Op::kEq:
      return cmp == 0;
    case Op::kNe:
      return cmp != 0;
    case Op::kLt:
      return cmp < 0;
    case Op::kLe:
      return cmp <= 0;
    case Op::kGt:
      return cmp > 0;
    case Op::kGe:
      return cmp >= 0;
  }
  return false;
}

bool Criterion::Matches(const Value& v) const {
  const bool unlike = op_ == Op::kNe;  // what a value of another kind gives
  switch (kind_) {
    case Kind::kBlankOrEmptyText:
      return v.is_empty() || (v.is_text() && v.text().empty());
    case Kind::kEmpty:
      if (op_ == Op::kEq) return v.is_empty();
      if (op_ == Op::kNe) return !v.is_empty();
      return false;
    case Kind::kNumber: {
      double x;
      if (v.is_number()) {
        x = v.number();
      } else if (v.is_text() && (op_ == Op::kEq || op_ == Op::kNe) && MayBeNumber(v.text())) {
        // Only "=" and "<>" read a number stored as text: COUNTIF(A1,">0") skips the text "1"
        // (Excel; HyperFormula and IronCalc agree), COUNTIF(A1,"1") counts it.
        auto n = TextToNumber(v.text());
        if (!n) return unlike;
        x = *n;
      } else {
        return unlike;
      }
      return Ordered(CompareNumbers15(x, number_));
    }
    case Kind::kText:
      if (!v.is_text()) return unlike;
      if (op_ == Op::kEq) return pattern_.Matches(v.text());
      if (op_ == Op::kNe) return !pattern_.Matches(v.text());
      return Ordered(utf8::CompareIgnoringCase(v.text(), text_));
    case Kind::kBool:
      if (!v.is_bool()) return unlike;
      return Ordered(int(v.boolean()) - int(boolean_));
    case Kind::kError:
      if (!v.is_error()) return unlike;
      return Ordered(int(v.error()) - int(error_));
  }
  return false;
}

}  // namespace suan
