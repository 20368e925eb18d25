#include "formulas/operators.hpp"

#include <algorithm>
#include <cmath>

#include "formulas/coerce.hpp"

namespace suan {

namespace {

Value NumberResult(double x) {
  if (!std::isfinite(x)) return Value::Error(ErrorCode::kNum);
  return Value::Number(x);
}

Value Arithmetic(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kAdd:
      return NumberResult(a + b);
    case BinaryOp::kSub:
      return NumberResult(a - b);
    case BinaryOp::kMul:
      return NumberResult(a * b);
    case BinaryOp::kDiv:
      if (b == 0) return Value::Error(ErrorCode::kDiv0);
      return NumberResult(a / b);
    case BinaryOp::kPow:
      if (a == 0 && b == 0) return Value::Error(ErrorCode::kNum);
      if (a == 0 && b < 0) return Value::Error(ErrorCode::kDiv0);
      return NumberResult(std::pow(a, b));  // negative base, fractional power: NaN -> #NUM!
    default:
      return Value::Error(ErrorCode::kValue);
  }
}

bool IsComparison(BinaryOp op) { return op <= BinaryOp::kGe; }

Value Compare(BinaryOp op, const Value& a, const Value& b) {
  int c = CompareValues(a, b);
  switch (op) {
    case BinaryOp::kEq:
      return Value::Bool(c == 0);
    case BinaryOp::kNe:
      return Value::Bool(c != 0);
    case BinaryOp::kLt:
      return Value::Bool(c < 0);
    case BinaryOp::kLe:
      return Value::Bool(c <= 0);
    case BinaryOp::kGt:
      return Value::Bool(c > 0);
    case BinaryOp::kGe:
      return Value::Bool(c >= 0);
    default:
      return Value::Error(ErrorCode::kValue);
  }
}

bool IsMulti(const Operand& o) {
  if (o.is_array()) return true;
  if (o.is_range()) return !o.range().is_cell();
  return false;
}

}  // namespace

Value ApplyBinaryScalar(BinaryOp op, const Value& a, const Value& b) {
  if (a.is_error()) return a;
  if (b.is_error()) return b;
  if (IsComparison(op)) return Compare(op, a, b);
  if (op == BinaryOp::kConcat) {
    Value ta = CoerceToText(a), tb = CoerceToText(b);
    return Value::Text(ta.text() + tb.text());
  }
  if (op == BinaryOp::kRange) return Value::Error(ErrorCode::kValue);
  if (a.is_number() && b.is_number()) return Arithmetic(op, a.number(), b.number());
  Value na = CoerceToNumber(a);
  if (na.is_error()) return na;
  Value nb = CoerceToNumber(b);
  if (nb.is_error()) return nb;
  return Arithmetic(op, na.number(), nb.number());
}

Value ApplyUnaryMinusScalar(const Value& a) {
  Value n = CoerceToNumber(a);
  if (n.is_error()) return n;
  return Value::Number(-n.number());
}

Value ApplyPercentScalar(const Value& a) {
  Value n = CoerceToNumber(a);
  if (n.is_error()) return n;
  return Value::Number(n.number() / 100);
}

Operand ApplyBinary(BinaryOp op, const Operand& a, const Operand& b, const CellSource& cells) {
  if (!IsMulti(a) && !IsMulti(b)) {
    return ApplyBinaryScalar(op, ScalarOf(a, cells), ScalarOf(b, cells));
  }
  auto x = ArrayOf(a, cells);
  auto y = ArrayOf(b, cells);
  // Broadcasting: a side one row (column) high (wide) is repeated; otherwise the result takes
  // the larger size and positions missing on one side are #N/A.
  int32_t rows = std::max(x->rows(), y->rows());
  int32_t cols = std::max(x->cols(), y->cols());
  if (size_t(rows) * size_t(cols) > kMaxArrayCells) return Value::Error(ErrorCode::kNum);
  auto out = std::make_shared<Array>(rows, cols);
  auto pick = [](const Array& m, int32_t r, int32_t c, Value& v) {
    int32_t rr = m.rows() == 1 ? 0 : r, cc = m.cols() == 1 ? 0 : c;
    if (rr >= m.rows() || cc >= m.cols()) return false;
    v = m.at(rr, cc);
    return true;
  };
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t c = 0; c < cols; ++c) {
      Value va, vb;
      if (!pick(*x, r, c, va) || !pick(*y, r, c, vb)) {
        out->at(r, c) = Value::Error(ErrorCode::kNA);
      } else {
        out->at(r, c) = ApplyBinaryScalar(op, va, vb);
      }
    }
  }
  return Operand(std::shared_ptr<const Array>(std::move(out)));
}

namespace {
template <typename F>
Operand MapUnary(const Operand& a, const CellSource& cells, F f) {
  if (!IsMulti(a)) return f(ScalarOf(a, cells));
  auto x = ArrayOf(a, cells);
  auto out = std::make_shared<Array>(x->rows(), x->cols());
  for (size_t i = 0; i < x->size(); ++i) out->values()[i] = f(x->values()[i]);
  return Operand(std::shared_ptr<const Array>(std::move(out)));
}
}  // namespace

Operand ApplyUnaryMinus(const Operand& a, const CellSource& cells) {
  return MapUnary(a, cells, ApplyUnaryMinusScalar);
}

Operand ApplyPercent(const Operand& a, const CellSource& cells) {
  return MapUnary(a, cells, ApplyPercentScalar);
}

}  // namespace suan
