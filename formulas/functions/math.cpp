// Math functions: SUM, SUMPRODUCT, PRODUCT, the ROUND family, INT, MOD, CEILING, FLOOR, LOG, RAND
// ... (Microsoft's function reference is the spec).
//
// Where a result depends on where a binary double falls (INT, CEILING, FLOOR, MROUND, MOD,
// LOG), suan decides on the number's 15-significant-digit form, the form Excel shows and
// compares: INT((0.1+0.7)*10) is 8, CEILING(1.5,0.1) is 1.5, MOD(0.3,0.1) is 0.
#include <cmath>
#include <numbers>
#include <random>

#include "formulas/excel_round.hpp"
#include "formulas/functions/args.hpp"

namespace suan {

namespace {

// A scalar numeric function of one argument, lifted over arrays.
template <typename F>
Operand Unary(std::span<const Operand> args, CallContext& ctx, F f) {
  return LiftScalar(args, ctx, [&](std::span<const Value> v) -> Value {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    return f(x.number());
  });
}

// A scalar numeric function of two arguments (the second may be optional: `fallback`).
template <typename F>
Operand Binary(std::span<const Operand> args, CallContext& ctx, double fallback, F f) {
  return LiftScalar(args, ctx, [&](std::span<const Value> v) -> Value {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    double y = fallback;
    if (v.size() > 1 && !(args[1].is_missing() && fallback != 0)) {
      Value n = CoerceToNumber(v[1]);
      if (n.is_error()) return n;
      y = n.number();
    }
    return f(x.number(), y);
  });
}

// Digits arguments are truncated towards zero; far-out values are clamped (ROUND(x, 1e9) = x).
int Digits(double d) {
  return int(std::clamp(std::trunc(d), -400.0, 400.0));
}

double Floor15(double x) {
  return std::floor(RoundTo15Digits(x));
}
double Ceil15(double x) {
  return std::ceil(RoundTo15Digits(x));
}

Operand Sum(std::span<const Operand> args, CallContext& ctx) {
  double total = 0;
  if (auto err = ForEachNumber(args, ctx, [&](double x) { total += x; })) return *err;
  return NumberOrNum(total);
}

Operand Product(std::span<const Operand> args, CallContext& ctx) {
  double p = 1;
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        p *= x;
        any = true;
      }))
    return *err;
  return NumberOrNum(any ? p : 0);
}

// SUMPRODUCT: arrays of one size, multiplied element by element and summed; entries that are not
// numbers count as 0 (so TRUE needs --), an error anywhere is the result.
Operand SumProduct(std::span<const Operand> args, CallContext& ctx) {
  std::vector<std::shared_ptr<const Array>> blocks;
  blocks.reserve(args.size());
  for (const Operand& a : args) {
    if (a.is_missing()) return Value::Error(ErrorCode::kValue);
    auto b = BlockOf(a, ctx);
    if (!b) return Value::Error(ErrorCode::kValue);
    if (!blocks.empty() && (b->rows() != blocks[0]->rows() || b->cols() != blocks[0]->cols()))
      return Value::Error(ErrorCode::kValue);
    blocks.push_back(std::move(b));
  }
  for (const auto& b : blocks)
    for (const Value& v : b->values())
      if (v.is_error()) return v;
  double total = 0;
  const size_t n = blocks[0]->size();
  for (size_t i = 0; i < n; ++i) {
    double p = 1;
    for (const auto& b : blocks) {
      const Value& v = b->values()[i];
      p *= v.is_number() ? v.number() : 0;
    }
    total += p;
  }
  return NumberOrNum(total);
}

template <double (*RoundFn)(double, int)>
Operand RoundWith(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0,
                [](double x, double d) { return NumberOrNum(RoundFn(x, Digits(d))); });
}

Operand MRound(std::span<const Operand> args, CallContext& ctx) {
  // A former Analysis ToolPak function: like EDATE and EOMONTH it takes no logical values
  // (MROUND(TRUE,1) is #VALUE!; IronCalc agrees).
  for (const Operand& a : args)
    if (!IsMulti(a) && ArgValue(a, ctx).is_bool()) return Value::Error(ErrorCode::kValue);
  return Binary(args, ctx, 0, [](double x, double m) -> Value {
    if (m == 0 || x == 0) return Value::Number(0);
    if ((x > 0) != (m > 0)) return Value::Error(ErrorCode::kNum);
    double q = ExcelRound(x / m, 0);
    return NumberOrNum(RoundTo15Digits(q * m));
  });
}

Operand Int(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) { return Value::Number(Floor15(x)); });
}

Operand Trunc(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0,
                [](double x, double d) { return Value::Number(ExcelRoundDown(x, Digits(d))); });
}

Operand Mod(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0, [](double n, double d) -> Value {
    if (d == 0) return Value::Error(ErrorCode::kDiv0);
    // The 15-digit quotient decides only when it moves n/d by a hair (62.99999999999999 -> 63);
    // a quotient past 15 digits (999999999999999/5 = 199999999999999.8) keeps its floor.
    const double q = n / d;
    double fq = Floor15(q);
    if (fq - q > 1e-9) fq = std::floor(q);
    double r = n - d * fq;
    if (r != 0 && std::fabs(r) >= std::fabs(d)) r = 0;  // quotient rounded up to the next integer
    // The quotient rounded up past n/d leaves a tiny remainder of the wrong sign (MOD(6.3,0.1)
    // was -8.9e-16): the result has the divisor's sign, so that is 0 as MOD(0.3,0.1) is.
    if ((r < 0 && d > 0) || (r > 0 && d < 0)) r = 0;
    // A cancellation residue (n a hair above a multiple of d); with a zero quotient r is n
    // itself, exact: MOD(1E-15,5) is 1E-15.
    if (fq != 0 && std::fabs(r) < std::fabs(d) * 1e-15) r = 0;
    return NumberOrNum(r);
  });
}

Operand Abs(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) { return Value::Number(std::fabs(x)); });
}

Operand Sign(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) { return Value::Number(x > 0 ? 1 : x < 0 ? -1 : 0); });
}

Operand Sqrt(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) {
    return x < 0 ? Value::Error(ErrorCode::kNum) : Value::Number(std::sqrt(x));
  });
}

Value PowerOf(double a, double b) {
  if (a == 0 && b == 0) return Value::Error(ErrorCode::kNum);
  if (a == 0 && b < 0) return Value::Error(ErrorCode::kDiv0);
  return NumberOrNum(std::pow(a, b));  // negative base, fractional power: NaN -> #NUM!
}

Operand Power(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0, PowerOf);
}

Operand Exp(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) { return NumberOrNum(std::exp(x)); });
}

Operand Ln(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) {
    return x <= 0 ? Value::Error(ErrorCode::kNum) : Value::Number(std::log(x));
  });
}

Operand Log10(std::span<const Operand> args, CallContext& ctx) {
  return Unary(args, ctx, [](double x) {
    return x <= 0 ? Value::Error(ErrorCode::kNum) : Value::Number(std::log10(x));
  });
}

Operand Log(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 10, [](double x, double base) -> Value {
    if (x <= 0 || base <= 0) return Value::Error(ErrorCode::kNum);
    if (base == 1) return Value::Error(ErrorCode::kDiv0);
    if (base == 10) return Value::Number(std::log10(x));
    return NumberOrNum(RoundTo15Digits(std::log(x) / std::log(base)));
  });
}

// CEILING / FLOOR (Excel 2010 rules): a positive number with a negative significance is #NUM!;
// a negative number rounds towards zero with a positive significance, away with a negative.
Operand Ceiling(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0, [](double x, double s) -> Value {
    if (x > 0 && s < 0) return Value::Error(ErrorCode::kNum);
    if (s == 0 || x == 0) return Value::Number(0);
    return NumberOrNum(RoundTo15Digits(Ceil15(x / s) * s));
  });
}

Operand Floor(std::span<const Operand> args, CallContext& ctx) {
  return Binary(args, ctx, 0, [](double x, double s) -> Value {
    if (x > 0 && s < 0) return Value::Error(ErrorCode::kNum);
    if (s == 0) return x == 0 ? Value::Number(0) : Value::Error(ErrorCode::kDiv0);
    return NumberOrNum(RoundTo15Digits(Floor15(x / s) * s));
  });
}

// CEILING.MATH / FLOOR.MATH (number, [significance = 1], [mode]): the significance's sign is
// ignored; a non-zero mode rounds negative numbers the other way (away from / towards zero).
template <bool kCeiling>
Operand RoundToMultiple(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [&](std::span<const Value> v) -> Value {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    double s = 1, mode = 0;
    if (v.size() > 1 && !args[1].is_missing()) {
      Value n = CoerceToNumber(v[1]);
      if (n.is_error()) return n;
      s = std::fabs(n.number());
    }
    if (v.size() > 2) {
      Value m = CoerceToNumber(v[2]);
      if (m.is_error()) return m;
      mode = m.number();
    }
    if (s == 0 || x.number() == 0) return Value::Number(0);
    double q = x.number() / s;
    bool up = kCeiling;
    if (x.number() < 0 && mode != 0) up = !up;
    return NumberOrNum(RoundTo15Digits((up ? Ceil15(q) : Floor15(q)) * s));
  });
}

Operand Pi(std::span<const Operand>, CallContext&) {
  return Value::Number(std::numbers::pi);
}

std::mt19937_64& Generator(CallContext& ctx) {
  static thread_local std::mt19937_64 fallback{20240601};
  return ctx.env ? ctx.env->random : fallback;
}

double Uniform01(CallContext& ctx) {
  return double(Generator(ctx)() >> 11) * 0x1.0p-53;
}

Operand Rand(std::span<const Operand>, CallContext& ctx) {
  return Value::Number(Uniform01(ctx));
}

Operand RandBetween(std::span<const Operand> args, CallContext& ctx) {
  Value lo = ArgNumber(args[0], ctx);
  if (lo.is_error()) return lo;
  Value hi = ArgNumber(args[1], ctx);
  if (hi.is_error()) return hi;
  double b = std::ceil(lo.number()), t = std::floor(hi.number());
  if (b > t) return Value::Error(ErrorCode::kNum);
  return Value::Number(b + std::floor(Uniform01(ctx) * (t - b + 1)));
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  constexpr int kVar = FunctionSpec::kVariadic;
  r.Add({"SUM", 1, kVar, kFnNone, Sum});
  r.Add({"PRODUCT", 1, kVar, kFnNone, Product});
  r.Add({"SUMPRODUCT", 1, kVar, kFnNone, SumProduct});
  r.Add({"ROUND", 2, 2, kFnNone, RoundWith<ExcelRound>});
  r.Add({"ROUNDUP", 2, 2, kFnNone, RoundWith<ExcelRoundUp>});
  r.Add({"ROUNDDOWN", 2, 2, kFnNone, RoundWith<ExcelRoundDown>});
  r.Add({"MROUND", 2, 2, kFnNone, MRound});
  r.Add({"INT", 1, 1, kFnNone, Int});
  r.Add({"TRUNC", 1, 2, kFnNone, Trunc});
  r.Add({"MOD", 2, 2, kFnNone, Mod});
  r.Add({"ABS", 1, 1, kFnNone, Abs});
  r.Add({"SIGN", 1, 1, kFnNone, Sign});
  r.Add({"SQRT", 1, 1, kFnNone, Sqrt});
  r.Add({"POWER", 2, 2, kFnNone, Power});
  r.Add({"EXP", 1, 1, kFnNone, Exp});
  r.Add({"LN", 1, 1, kFnNone, Ln});
  r.Add({"LOG", 1, 2, kFnNone, Log});
  r.Add({"LOG10", 1, 1, kFnNone, Log10});
  r.Add({"CEILING", 2, 2, kFnNone, Ceiling});
  r.Add({"FLOOR", 2, 2, kFnNone, Floor});
  r.Add({"CEILING.MATH", 1, 3, kFnNone, RoundToMultiple<true>});
  r.Add({"FLOOR.MATH", 1, 3, kFnNone, RoundToMultiple<false>});
  r.Add({"CEILING.PRECISE", 1, 2, kFnNone, RoundToMultiple<true>});
  r.Add({"FLOOR.PRECISE", 1, 2, kFnNone, RoundToMultiple<false>});
  r.Add({"PI", 0, 0, kFnNone, Pi});
  r.Add({"RAND", 0, 0, kFnVolatile, Rand});
  r.Add({"RANDBETWEEN", 2, 2, kFnVolatile, RandBetween});
}

}  // namespace suan
