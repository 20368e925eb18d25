#include "formulas/functions/args.hpp"

#include <algorithm>
#include <vector>

namespace suan {

std::optional<Value> ForEachNumber(std::span<const Operand> args, const CallContext& ctx,
                                   absl::FunctionRef<void(double)> take) {
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    switch (arg.kind()) {
      case Operand::Kind::kValue: {
        const Value& v = arg.value();
        if (v.is_number()) {
          take(v.number());
        } else if (v.is_empty()) {
          continue;
        } else {
          Value n = CoerceToNumber(v);
          if (n.is_error()) return n;
          take(n.number());
        }
        break;
      }
      case Operand::Kind::kRange: {
        std::optional<Value> error;
        ctx.cells->ForEachNonEmpty(arg.range(),
                                   [&](uint32_t, int32_t, int32_t, const Value& v) {
                                     if (v.is_number()) {
                                       take(v.number());
                                     } else if (v.is_error()) {
                                       error = v;
                                       return false;
                                     }
                                     return true;
                                   });
        if (error) return error;
        break;
      }
      case Operand::Kind::kArray:
        for (const Value& v : arg.array().values()) {
          if (v.is_number()) take(v.number());
          if (v.is_error()) return v;
        }
        break;
    }
  }
  return std::nullopt;
}

Value ArgValue(const Operand& arg, const CallContext& ctx) { return ScalarOf(arg, *ctx.cells); }
Value ArgNumber(const Operand& arg, const CallContext& ctx) {
  return CoerceToNumber(ArgValue(arg, ctx));
}
Value ArgBool(const Operand& arg, const CallContext& ctx) { return CoerceToBool(ArgValue(arg, ctx)); }
Value ArgText(const Operand& arg, const CallContext& ctx) { return CoerceToText(ArgValue(arg, ctx)); }

Operand LiftScalar(std::span<const Operand> args, const CallContext& ctx,
                   absl::FunctionRef<Value(std::span<const Value>)> f) {
  bool multi = false;
  for (const Operand& a : args)
    multi |= a.is_array() || (a.is_range() && !a.range().is_cell());
  std::vector<Value> scalars(args.size());
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
