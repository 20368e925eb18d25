#include "formulas/functions/args.hpp"

#include <algorithm>
#include <vector>

namespace suan {

Value ArgValue(const Operand& arg, const CallContext& ctx) {
  return ScalarOf(arg, *ctx.cells);
}
Value ArgNumber(const Operand& arg, const CallContext& ctx) {
  return CoerceToNumber(ArgValue(arg, ctx));
}
Value ArgBool(const Operand& arg, const CallContext& ctx) {
  return CoerceToBool(ArgValue(arg, ctx));
}
Value ArgText(const Operand& arg, const CallContext& ctx) {
  return CoerceToText(ArgValue(arg, ctx));
}

Value OptionalArg(std::span<const Operand> args, size_t i, const CallContext& ctx,
                  const Value& fallback) {
  if (i >= args.size() || args[i].is_missing()) return fallback;
  return ArgValue(args[i], ctx);
}

std::shared_ptr<const Array> BlockOf(const Operand& arg, const CallContext& ctx) {
  if (arg.is_range() && arg.range().is_3d()) return nullptr;
  return ArrayOf(arg, *ctx.cells);
}

Operand LiftScalar(std::span<const Operand> args, const CallContext& ctx,
                   absl::FunctionRef<Value(std::span<const Value>)> f) {
  // Scalar calls are the common case (ROUND(x,2) in every cell): no allocation for them.
  constexpr size_t kInline = 8;
  Value inline_buf[kInline];
  std::vector<Value> heap_buf;
  std::span<Value> scalars;
  if (args.size() <= kInline) {
    scalars = std::span<Value>(inline_buf, args.size());
  } else {
    heap_buf.resize(args.size());
    scalars = heap_buf;
  }
  bool multi = false;
  for (const Operand& a : args) multi |= IsMulti(a);
  if (!multi) {
    for (size_t i = 0; i < args.size(); ++i)
      scalars[i] = args[i].is_missing() ? Value() : ArgValue(args[i], ctx);
    return f(scalars);
  }
  std::vector<std::shared_ptr<const Array>> arrays(args.size());
  int32_t rows = 1, cols = 1;
  for (size_t i = 0; i < args.size(); ++i) {
    arrays[i] = ArrayOf(args[i], *ctx.cells);
    rows = std::max(rows, arrays[i]->rows());
    cols = std::max(cols, arrays[i]->cols());
  }
  if (size_t(rows) * size_t(cols) > kMaxArrayCells) return Value::Error(ErrorCode::kNum);
  auto out = std::make_shared<Array>(rows, cols);
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t c = 0; c < cols; ++c) {
      bool missing = false;
      for (size_t i = 0; i < args.size(); ++i) {
        const Array& a = *arrays[i];
        int32_t rr = a.rows() == 1 ? 0 : r, cc = a.cols() == 1 ? 0 : c;
        if (rr >= a.rows() || cc >= a.cols()) {
          missing = true;
          break;
        }
        scalars[i] = a.at(rr, cc);
      }
      out->at(r, c) = missing ? Value::Error(ErrorCode::kNA) : f(scalars);
    }
  }
  return Operand(std::shared_ptr<const Array>(std::move(out)));
}

}  // namespace suan
