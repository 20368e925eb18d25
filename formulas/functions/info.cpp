// Information functions: ISNUMBER, ISTEXT, ISNONTEXT, ISBLANK, ISERROR, ISERR, ISNA, ISLOGICAL,
// ISEVEN, ISODD, ISREF, N, T, NA, ERROR.TYPE. They look at their argument's kind and never pass
// an error on (except ISEVEN/ISODD/N/T, as in Excel). A multi-cell range or array gives an
// array of answers: SUMPRODUCT(--ISNUMBER(A1:A9)).
#include <cmath>

#include "formulas/functions/args.hpp"

namespace suan {

namespace {

template <typename Pred>
Operand Is(std::span<const Operand> args, CallContext& ctx, Pred pred) {
  return LiftScalar(args, ctx, [&](std::span<const Value> v) { return Value::Bool(pred(v[0])); });
}

Operand IsNumber(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_number(); });
}
Operand IsText(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_text(); });
}
Operand IsNonText(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return !v.is_text(); });
}
Operand IsBlank(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_empty(); });
}
Operand IsError(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_error(); });
}
Operand IsErr(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_error() && v.error() != ErrorCode::kNA; });
}
Operand IsNA(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_error() && v.error() == ErrorCode::kNA; });
}
Operand IsLogical(std::span<const Operand> args, CallContext& ctx) {
  return Is(args, ctx, [](const Value& v) { return v.is_bool(); });
}

// ISEVEN / ISODD: the number truncated; booleans and non-numeric text are #VALUE!.
template <bool kEven>
Operand Parity(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    if (v[0].is_bool()) return Value::Error(ErrorCode::kValue);
    Value n = CoerceToNumber(v[0]);
    if (n.is_error()) return n;
    bool even = std::fmod(std::trunc(std::fabs(n.number())), 2.0) == 0;
    return Value::Bool(even == kEven);
  });
}

Operand IsRef(std::span<const Operand> args, CallContext&) {
  return Value::Bool(args[0].is_range());
}

// N: numbers as they are, TRUE 1, FALSE 0, text and empty 0, errors unchanged.
Operand N(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    if (v[0].is_error()) return v[0];
    if (v[0].is_number()) return v[0];
    if (v[0].is_bool()) return Value::Number(v[0].boolean() ? 1 : 0);
    return Value::Number(0);
  });
}

// T: text as it is, errors unchanged, anything else "".
Operand T(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    if (v[0].is_error() || v[0].is_text()) return v[0];
    return Value::Text("");
  });
}

Operand Na(std::span<const Operand>, CallContext&) {
  return Value::Error(ErrorCode::kNA);
}

// ERROR.TYPE: 1 #NULL!, 2 #DIV/0!, 3 #VALUE!, 4 #REF!, 5 #NAME?, 6 #NUM!, 7 #N/A,
// 8 #GETTING_DATA, 9 #SPILL!, 14 #CALC! (99 for suan's #CYCLE!); #N/A for a non-error.
Operand ErrorType(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) -> Value {
    if (!v[0].is_error()) return Value::Error(ErrorCode::kNA);
    return Value::Number(double(static_cast<int>(v[0].error())));
  });
}

}  // namespace

void RegisterInfoFunctions(FunctionRegistry& r) {
  r.Add({"ISNUMBER", 1, 1, kFnNone, IsNumber});
  r.Add({"ISTEXT", 1, 1, kFnNone, IsText});
  r.Add({"ISNONTEXT", 1, 1, kFnNone, IsNonText});
  r.Add({"ISBLANK", 1, 1, kFnNone, IsBlank});
  r.Add({"ISERROR", 1, 1, kFnNone, IsError});
  r.Add({"ISERR", 1, 1, kFnNone, IsErr});
  r.Add({"ISNA", 1, 1, kFnNone, IsNA});
  r.Add({"ISLOGICAL", 1, 1, kFnNone, IsLogical});
  r.Add({"ISEVEN", 1, 1, kFnNone, Parity<true>});
  r.Add({"ISODD", 1, 1, kFnNone, Parity<false>});
  r.Add({"ISREF", 1, 1, kFnNone, IsRef});
  r.Add({"N", 1, 1, kFnNone, N});
  r.Add({"T", 1, 1, kFnNone, T});
  r.Add({"NA", 0, 0, kFnNone, Na});
  r.Add({"ERROR.TYPE", 1, 1, kFnNone, ErrorType});
}

}  // namespace suan
