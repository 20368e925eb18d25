#include "engine/interpreter.hpp"

#include <algorithm>

#include "formulas/coerce.hpp"
#include "formulas/operators.hpp"

namespace suan {

// The range operator between two references: the smallest rectangle holding both (Excel's
// A1:INDEX(B:B,3)). Anything but two references on one sheet is #VALUE! (#REF! passes).
Operand Interpreter::RangeBetween(const Operand& a, const Operand& b) {
  if (a.is_value() && a.value().is_error()) return a;
  if (b.is_value() && b.value().is_error()) return b;
  if (!a.is_range() || !b.is_range()) return Value::Error(ErrorCode::kValue);
  const RangeRef& x = a.range();
  const RangeRef& y = b.range();
  if (x.is_3d() || y.is_3d() || x.sheet_first != y.sheet_first)
    return Value::Error(ErrorCode::kValue);
  RangeRef r = x;
  r.row1 = std::min(x.row1, y.row1);
  r.col1 = std::min(x.col1, y.col1);
  r.row2 = std::max(x.row2, y.row2);
  r.col2 = std::max(x.col2, y.col2);
  return Operand(r);
}

Value Interpreter::Run(const FormulaCell& f, CellAddress3 at, const CellReader& reader,
                       Environment& env) const {
  const Program& prog = formulas_.program(f.program);
  const uint32_t* ops = formulas_.operands(f);
  const std::vector<RangeRef>& ranges = formulas_.ranges();
  const FunctionRegistry& fns = FunctionRegistry::Builtins();
  CallContext ctx{&reader, &env, at.sheet, at.row, at.col};

  if (stacks_.size() <= depth_) stacks_.push_back(std::make_unique<std::vector<Operand>>());
  std::vector<Operand>& stack = *stacks_[depth_];
  ++depth_;
  stack.clear();
  const Instr* code = prog.code.data();
  size_t n = prog.code.size();
  for (size_t pc = 0; pc < n; ++pc) {
    const Instr& i = code[pc];
    switch (i.op) {
      case OpCode::kNumber:
        stack.emplace_back(Value::Number(prog.numbers[i.a]));
        break;
      case OpCode::kText:
        stack.emplace_back(Value::Text(prog.texts[i.a]));
        break;
      case OpCode::kBool:
        stack.emplace_back(Value::Bool(i.a != 0));
        break;
      case OpCode::kError:
        stack.emplace_back(Value::Error(ErrorCode(i.a)));
        break;
      case OpCode::kMissing:
        stack.push_back(Operand::Missing());
        break;
      case OpCode::kArray:
        stack.emplace_back(prog.arrays[i.a]);
        break;
      case OpCode::kCellValue: {
        uint32_t id = ops[i.a];
        stack.emplace_back(id == kBadOperand ? Value::Error(ErrorCode::kRef) : reader.ReadCell(id));
        break;
      }
      case OpCode::kReference: {
        uint32_t r = ops[i.a];
        if (r == kBadOperand) {
          stack.emplace_back(Value::Error(ErrorCode::kRef));
        } else {
          stack.emplace_back(ranges[r]);
        }
        break;
      }
      case OpCode::kNeg:
        stack.back() = ApplyUnaryMinus(stack.back(), reader);
        break;
      case OpCode::kPercent:
        stack.back() = ApplyPercent(stack.back(), reader);
        break;
      case OpCode::kBinary: {
        Operand b = std::move(stack.back());
        stack.pop_back();
        if (i.binary == BinaryOp::kRange) {
          stack.back() = RangeBetween(stack.back(), b);
        } else {
          stack.back() = ApplyBinary(i.binary, stack.back(), b, reader);
        }
        break;
      }
      case OpCode::kCall: {
        size_t argc = i.argc;
        Operand result;
        bool done = false;
        if (argc == 1 && pc > 0 && code[pc - 1].op == OpCode::kReference &&
            ops[code[pc - 1].a] != kBadOperand) {
          done = reader.RangeAggregate(int(i.a), ops[code[pc - 1].a], result);
        }
        if (!done) {
          const FunctionSpec& spec = fns.Get(int(i.a));
          std::span<const Operand> args(stack.data() + stack.size() - argc, argc);
          result = spec.impl(args, ctx);
        }
        stack.resize(stack.size() - argc);
        stack.push_back(std::move(result));
        break;
      }
      case OpCode::kJumpIfFalse: {
        Value cond = CoerceToBool(ScalarOf(stack.back(), reader));
        stack.pop_back();
        if (cond.is_error()) {
          stack.emplace_back(cond);
          pc = i.b - 1;
        } else if (!cond.boolean()) {
          pc = i.a - 1;
        }
        break;
      }
      case OpCode::kJump:
        pc = i.a - 1;
        break;
    }
  }
  --depth_;
  if (stack.empty()) return Value::Error(ErrorCode::kValue);
  Value v = ScalarOf(stack.back(), reader);
  stack.clear();
  // A formula that yields an empty cell shows 0, as in Excel (=A1 with A1 blank).
  if (v.is_empty()) return Value::Number(0);
  return v;
}

}  // namespace suan
