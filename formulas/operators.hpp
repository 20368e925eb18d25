// Excel's operators applied to operands, with array broadcasting.
//
// Scalars follow Excel exactly (coercion per coerce.hpp, errors propagate left operand first,
// 1/0 is #DIV/0!, 0^0 is #NUM!). When either side is a multi-cell reference or an array the
// operator is applied element by element (Excel's dynamic-array rules: a 1-wide side is
// repeated, sizes that do not match give #N/A where one side is missing).
#pragma once

#include "formulas/cell_source.hpp"
#include "formulas/expr.hpp"
#include "formulas/operand.hpp"

namespace suan {

Value ApplyBinaryScalar(BinaryOp op, const Value& a, const Value& b);
Value ApplyUnaryMinusScalar(const Value& a);
Value ApplyPercentScalar(const Value& a);

Operand ApplyBinary(BinaryOp op, const Operand& a, const Operand& b, const CellSource& cells);
Operand ApplyUnaryMinus(const Operand& a, const CellSource& cells);
Operand ApplyPercent(const Operand& a, const CellSource& cells);

}  // namespace suan
