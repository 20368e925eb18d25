// Math functions: SUM, ROUND, ABS, ... (Microsoft's function reference is the spec).
#include <cmath>

#include "formulas/excel_round.hpp"
#include "formulas/functions/args.hpp"

namespace suan {

namespace {

Operand Sum(std::span<const Operand> args, CallContext& ctx) {
  double total = 0;
  if (auto err = ForEachNumber(args, ctx, [&](double x) { total += x; })) return *err;
  if (!std::isfinite(total)) return Value::Error(ErrorCode::kNum);
  return Value::Number(total);
}

Operand Round(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    Value d = CoerceToNumber(v[1]);
    if (d.is_error()) return d;
    // Excel truncates the digits argument towards zero.
    return Value::Number(ExcelRound(x.number(), int(std::trunc(d.number()))));
  });
}

Operand Abs(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    return Value::Number(std::fabs(x.number()));
  });
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  r.Add({"SUM", 1, FunctionSpec::kVariadic, kFnNone, Sum});
  r.Add({"ROUND", 2, 2, kFnNone, Round});
  r.Add({"ABS", 1, 1, kFnNone, Abs});
}

}  // namespace suan
