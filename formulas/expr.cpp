// Printing an Expr back as formula text, and comparing two Exprs. The printer is the
// grammar's inverse: it writes parentheses only where precedence needs them and quotes sheet
// names only where the grammar would not read them bare (grammar/chars.hpp decides both).
#include "formulas/expr.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "formulas/grammar/chars.hpp"

namespace suan {

namespace {

// Binding strength, loosest first; matches parse.cpp and the grammar.
constexpr int kPercentLevel = 6;
constexpr int kUnaryLevel = 7;
constexpr int kRangeLevel = 8;
constexpr int kPrimaryLevel = 9;

int Level(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return 1;
    case BinaryOp::kConcat:
      return 2;
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return 3;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
      return 4;
    case BinaryOp::kPow:
      return 5;
    case BinaryOp::kRange:
      return kRangeLevel;
  }
  return 0;
}

int Level(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      return Level(e.binary_op);
    case ExprKind::kPercent:
      return kPercentLevel;
    case ExprKind::kUnary:
      return kUnaryLevel;
    case ExprKind::kNumber:
      return e.number < 0 || std::signbit(e.number) ? kUnaryLevel : kPrimaryLevel;
    default:
      return kPrimaryLevel;
  }
}

void AppendNumber(double n, std::string& out) {
  if (!std::isfinite(n)) {
    out += "#NUM!";
    return;
  }
  char buf[64];
  double a = std::fabs(n);
  // Shortest text that reads back as the same double: plain digits for everyday magnitudes,
  // exponent form for the very large and very small.
  auto format = (a == 0 || (a >= 1e-6 && a < 1e16)) ? std::chars_format::fixed
                                                    : std::chars_format::scientific;
  std::to_chars_result result = std::to_chars(buf, buf + sizeof buf, n, format);
  if (result.ec != std::errc()) result = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, result.ptr);
}

void AppendQuoted(std::string_view s, char quote, std::string& out) {
  out += quote;
  for (char c : s) {
    out += c;
    if (c == quote) out += c;
  }
  out += quote;
}

void AppendColumn(int32_t col, std::string& out) {
  char letters[8];
  int n = 0;
  for (int64_t c = int64_t(col) + 1; c > 0 && n < 8; c = (c - 1) / 26)
    letters[n++] = char('A' + (c - 1) % 26);
  while (n > 0) out += letters[--n];
}

void AppendCell(const CellAddress& a, std::string& out) {
  if (a.col_absolute) out += '$';
  AppendColumn(a.col, out);
  if (a.row_absolute) out += '$';
  out += std::to_string(int64_t(a.row) + 1);
}

void AppendReference(const ReferenceExpr& r, std::string& out) {
  if (!r.sheet_first.empty()) {
    bool bare = grammar::IsBareSheetName(r.sheet_first) &&
                (r.sheet_last.empty() || grammar::IsBareSheetName(r.sheet_last));
    if (bare) {
      out += r.sheet_first;
      if (!r.sheet_last.empty()) out += ':' + r.sheet_last;
    } else {
      std::string both = r.sheet_first;
      if (!r.sheet_last.empty()) both += ':' + r.sheet_last;
      AppendQuoted(both, '\'', out);
    }
    out += '!';
  }
  if (r.whole_columns) {
    if (r.first.col_absolute) out += '$';
    AppendColumn(r.first.col, out);
    out += ':';
    if (r.last.col_absolute) out += '$';
    AppendColumn(r.last.col, out);
  } else if (r.whole_rows) {
    if (r.first.row_absolute) out += '$';
    out += std::to_string(int64_t(r.first.row) + 1);
    out += ':';
    if (r.last.row_absolute) out += '$';
    out += std::to_string(int64_t(r.last.row) + 1);
  } else {
    AppendCell(r.first, out);
    if (r.is_range) {
      out += ':';
      AppendCell(r.last, out);
    }
  }
}

void Write(const Expr& e, std::string& out);

void WriteOperand(const Expr* e, bool parenthesise, std::string& out) {
  if (!e) return;
  if (parenthesise) out += '(';
  Write(*e, out);
  if (parenthesise) out += ')';
}

const Expr* Arg(const Expr& e, size_t i) {
  return i < e.args.size() ? &e.args[i] : nullptr;
}

bool IsWord(const Expr* e) {
  return e && (e->kind == ExprKind::kReference || e->kind == ExprKind::kName);
}

void Write(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kNumber:
      AppendNumber(e.number, out);
      return;
    case ExprKind::kString:
      AppendQuoted(e.text, '"', out);
      return;
    case ExprKind::kBoolean:
      out += e.boolean ? "TRUE" : "FALSE";
      return;
    case ExprKind::kError:
      out += ErrorText(e.error);
      return;
    case ExprKind::kReference:
      AppendReference(e.ref, out);
      return;
    case ExprKind::kName:
      out += e.text;
      return;
    case ExprKind::kMissing:
      return;
    case ExprKind::kCall:
      out += e.text;
      out += '(';
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += ',';
        Write(e.args[i], out);
      }
      out += ')';
      return;
    case ExprKind::kArray: {
      size_t cols = e.array_cols ? e.array_cols : e.args.size();
      out += '{';
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) out += i % cols == 0 ? ';' : ',';
        Write(e.args[i], out);
      }
      out += '}';
      return;
    }
    case ExprKind::kUnary: {
      out += e.unary_op == UnaryOp::kMinus ? '-' : '+';
      const Expr* x = Arg(e, 0);
      WriteOperand(x, x && Level(*x) < kUnaryLevel, out);
      return;
    }
    case ExprKind::kPercent: {
      const Expr* x = Arg(e, 0);
      WriteOperand(x, x && Level(*x) < kPercentLevel, out);
      out += '%';
      return;
    }
    case ExprKind::kBinary: {
      const Expr* l = Arg(e, 0);
      const Expr* r = Arg(e, 1);
      int level = Level(e.binary_op);
      bool paren_l = l && Level(*l) < level;
      bool paren_r = r && Level(*r) <= level;  // left-associative
      WriteOperand(l, paren_l, out);
      if (e.binary_op == BinaryOp::kRange) {
        // Written together, A1 and B2 (or names A and C) would read back as one reference
        // (A1:B2, A:C, or a 3-D sheet prefix); spaces keep them apart.
        const Expr* left_end = l;
        if (l && l->kind == ExprKind::kBinary && l->binary_op == BinaryOp::kRange) {
          left_end = Arg(*l, 1);
          if (left_end && Level(*left_end) <= kRangeLevel) left_end = nullptr;
        }
        // A range on the left (A1:B2:C3) is already a whole token and cannot merge further.
        bool left_closed =
            left_end && left_end->kind == ExprKind::kReference && left_end->ref.is_range;
        bool apart = !paren_l && !paren_r && !left_closed && IsWord(left_end) && IsWord(r);
        out += apart ? " : " : ":";
      } else {
        out += BinaryOpText(e.binary_op);
      }
      WriteOperand(r, paren_r, out);
      return;
    }
  }
}

bool SameNumber(double a, double b) {
  return (a == b && std::signbit(a) == std::signbit(b)) || (std::isnan(a) && std::isnan(b));
}

}  // namespace

std::string_view BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
      return "=";
    case BinaryOp::kNe:
      return "<>";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kConcat:
      return "&";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kRange:
      return ":";
  }
  return "?";
}

std::string ToFormulaText(const Expr& e) {
  std::string out;
  Write(e, out);
  return out;
}

bool SameFormula(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case ExprKind::kNumber:
      if (!SameNumber(a.number, b.number)) return false;
      break;
    case ExprKind::kString:
    case ExprKind::kName:
    case ExprKind::kCall:
      if (a.text != b.text) return false;
      break;
    case ExprKind::kBoolean:
      if (a.boolean != b.boolean) return false;
      break;
    case ExprKind::kError:
      if (a.error != b.error) return false;
      break;
    case ExprKind::kReference:
      if (!(a.ref == b.ref)) return false;
      break;
    case ExprKind::kUnary:
      if (a.unary_op != b.unary_op) return false;
      break;
    case ExprKind::kBinary:
      if (a.binary_op != b.binary_op) return false;
      break;
    case ExprKind::kArray:
      if (a.array_cols != b.array_cols) return false;
      break;
    case ExprKind::kPercent:
    case ExprKind::kMissing:
      break;
  }
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!SameFormula(a.args[i], b.args[i])) return false;
  return true;
}

Expr ShiftRelativeReferences(const Expr& e, int32_t drow, int32_t dcol) {
  Expr out = e;
  if (e.kind == ExprKind::kReference) {
    auto shift = [&](CellAddress& a) {
      if (!a.row_absolute && !e.ref.whole_columns) a.row += drow;
      if (!a.col_absolute && !e.ref.whole_rows) a.col += dcol;
      return a.row >= 0 && a.row < kMaxRows && a.col >= 0 && a.col < kMaxCols;
    };
    if (!shift(out.ref.first) || !shift(out.ref.last)) {
      Expr ref_error;
      ref_error.kind = ExprKind::kError;
      ref_error.error = ErrorCode::kRef;
      ref_error.position = e.position;
      return ref_error;
    }
    return out;
  }
  for (size_t i = 0; i < e.args.size(); ++i)
    out.args[i] = ShiftRelativeReferences(e.args[i], drow, dcol);
  return out;
}

}  // namespace suan
