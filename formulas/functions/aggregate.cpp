// Aggregates over numbers: MIN, MAX, AVERAGE, COUNT, ...
#include <algorithm>
#include <cmath>
#include <limits>

#include "formulas/functions/args.hpp"

namespace suan {

namespace {

Operand Min(std::span<const Operand> args, CallContext& ctx) {
  double m = std::numeric_limits<double>::infinity();
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        m = std::min(m, x);
        any = true;
      }))
    return *err;
  return Value::Number(any ? m : 0);  // MIN of no numbers is 0
}

Operand Max(std::span<const Operand> args, CallContext& ctx) {
  double m = -std::numeric_limits<double>::infinity();
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        m = std::max(m, x);
        any = true;
      }))
    return *err;
  return Value::Number(any ? m : 0);
}

Operand Average(std::span<const Operand> args, CallContext& ctx) {
  double total = 0;
  double n = 0;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        total += x;
        n += 1;
      }))
    return *err;
  if (n == 0) return Value::Error(ErrorCode::kDiv0);
  return Value::Number(total / n);
}

// COUNT counts numbers; unlike SUM it never fails: errors and text are simply not counted,
// but numeric text and booleans written directly in the call are.
Operand Count(std::span<const Operand> args, CallContext& ctx) {
  double n = 0;
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    switch (arg.kind()) {
      case Operand::Kind::kValue: {
        const Value& v = arg.value();
        if (v.is_number() || v.is_bool() || (v.is_text() && TextToNumber(v.text()))) n += 1;
        break;
      }
      case Operand::Kind::kRange:
        ctx.cells->ForEachNonEmpty(arg.range(), [&](uint32_t, int32_t, int32_t, const Value& v) {
          if (v.is_number()) n += 1;
          return true;
        });
        break;
      case Operand::Kind::kArray:
        for (const Value& v : arg.array().values())
          if (v.is_number()) n += 1;
        break;
    }
  }
  return Value::Number(n);
}

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& r) {
  r.Add({"MIN", 1, FunctionSpec::kVariadic, kFnNone, Min});
  r.Add({"MAX", 1, FunctionSpec::kVariadic, kFnNone, Max});
  r.Add({"AVERAGE", 1, FunctionSpec::kVariadic, kFnNone, Average});
  r.Add({"COUNT", 1, FunctionSpec::kVariadic, kFnNone, Count});
}

}  // namespace suan
