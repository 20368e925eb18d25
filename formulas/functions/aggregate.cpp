// Aggregates over numbers: MIN, MAX, AVERAGE, MEDIAN, COUNT, COUNTA, COUNTBLANK, LARGE, SMALL,
// RANK, STDEV, VAR and SUBTOTAL. Arguments are read by ForEachNumber's rules (args.hpp): text
// and booleans in references are skipped, written directly they count.
//
// SUBTOTAL differs from Excel in one corner: Excel ignores cells of its ranges that hold
// SUBTOTAL formulas themselves (no double counting of nested subtotals); a function here
// cannot tell a cell's formula from its value, so such cells are counted like any other. Rows
// cannot be hidden in suan, so 101-111 behave like 1-11.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "formulas/functions/args.hpp"

namespace suan {

namespace {

std::optional<Value> CollectNumbers(std::span<const Operand> args, const CallContext& ctx,
                                    std::vector<double>& out) {
  return ForEachNumber(args, ctx, [&](double x) { out.push_back(x); });
}

Value MinOf(std::span<const Operand> args, const CallContext& ctx) {
  double m = std::numeric_limits<double>::infinity();
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        m = std::min(m, x);
        any = true;
      }))
    return *err;
  return Value::Number(any ? m : 0);  // MIN of no numbers is 0
}

Value MaxOf(std::span<const Operand> args, const CallContext& ctx) {
  double m = -std::numeric_limits<double>::infinity();
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        m = std::max(m, x);
        any = true;
      }))
    return *err;
  return Value::Number(any ? m : 0);
}

Value AverageOf(std::span<const Operand> args, const CallContext& ctx) {
  double total = 0;
  double n = 0;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        total += x;
        n += 1;
      }))
    return *err;
  if (n == 0) return Value::Error(ErrorCode::kDiv0);
  return NumberOrNum(total / n);
}

Value SumOf(std::span<const Operand> args, const CallContext& ctx) {
  double total = 0;
  if (auto err = ForEachNumber(args, ctx, [&](double x) { total += x; })) return *err;
  return NumberOrNum(total);
}

Value ProductOf(std::span<const Operand> args, const CallContext& ctx) {
  double p = 1;
  bool any = false;
  if (auto err = ForEachNumber(args, ctx, [&](double x) {
        p *= x;
        any = true;
      }))
    return *err;
  return NumberOrNum(any ? p : 0);
}

// COUNT counts numbers; it never fails: errors and text are simply not counted, but numeric
// text and booleans written directly in the call are.
Value CountOf(std::span<const Operand> args, const CallContext& ctx) {
  double n = 0;
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    if (arg.is_value()) {
      const Value& v = arg.value();
      if (v.is_number() || v.is_bool() || (v.is_text() && TextToNumber(v.text()))) n += 1;
      continue;
    }
    ForEachValue(arg, ctx, [&](const Value& v) {
      if (v.is_number()) n += 1;
      return true;
    });
  }
  return Value::Number(n);
}

// COUNTA counts every value that is not empty: text (even ""), booleans, errors.
Value CountAOf(std::span<const Operand> args, const CallContext& ctx) {
  double n = 0;
  for (const Operand& arg : args) {
    ForEachValue(arg, ctx, [&](const Value& v) {
      if (!v.is_empty()) n += 1;
      return true;
    });
  }
  return Value::Number(n);
}

// Variance of the numbers: sample (n-1) or population (n). Two passes for accuracy.
Value VarianceOf(std::span<const Operand> args, const CallContext& ctx, bool sample) {
  std::vector<double> xs;
  if (auto err = CollectNumbers(args, ctx, xs)) return *err;
  size_t n = xs.size();
  if (n == 0 || (sample && n < 2)) return Value::Error(ErrorCode::kDiv0);
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= double(n);
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return NumberOrNum(ss / double(sample ? n - 1 : n));
}

Value StdevOf(std::span<const Operand> args, const CallContext& ctx, bool sample) {
  Value v = VarianceOf(args, ctx, sample);
  if (v.is_error()) return v;
  return Value::Number(std::sqrt(v.number()));
}

Operand Min(std::span<const Operand> args, CallContext& ctx) {
  return MinOf(args, ctx);
}
Operand Max(std::span<const Operand> args, CallContext& ctx) {
  return MaxOf(args, ctx);
}
Operand Average(std::span<const Operand> args, CallContext& ctx) {
  return AverageOf(args, ctx);
}
Operand Count(std::span<const Operand> args, CallContext& ctx) {
  return CountOf(args, ctx);
}
Operand CountA(std::span<const Operand> args, CallContext& ctx) {
  return CountAOf(args, ctx);
}
Operand VarS(std::span<const Operand> args, CallContext& ctx) {
  return VarianceOf(args, ctx, true);
}
Operand VarP(std::span<const Operand> args, CallContext& ctx) {
  return VarianceOf(args, ctx, false);
}
Operand StdevS(std::span<const Operand> args, CallContext& ctx) {
  return StdevOf(args, ctx, true);
}
Operand StdevP(std::span<const Operand> args, CallContext& ctx) {
  return StdevOf(args, ctx, false);
}

Operand Median(std::span<const Operand> args, CallContext& ctx) {
  std::vector<double> xs;
  if (auto err = CollectNumbers(args, ctx, xs)) return *err;
  if (xs.empty()) return Value::Error(ErrorCode::kNum);
  size_t mid = xs.size() / 2;
  std::nth_element(xs.begin(), xs.begin() + long(mid), xs.end());
  double upper = xs[mid];
  if (xs.size() % 2 == 1) return Value::Number(upper);
  double lower = *std::max_element(xs.begin(), xs.begin() + long(mid));
  return Value::Number(lower + (upper - lower) / 2);
}

// COUNTBLANK(range): empty cells and cells holding empty text.
Operand CountBlank(std::span<const Operand> args, CallContext& ctx) {
  const Operand& a = args[0];
  if (!a.is_range() || a.range().is_3d()) return Value::Error(ErrorCode::kValue);
  const RangeRef& r = a.range();
  double filled = 0;
  ctx.cells->ForEachNonEmpty(r, [&](uint32_t, int32_t, int32_t, const Value& v) {
    if (!(v.is_text() && v.text().empty())) filled += 1;
    return true;
  });
  return Value::Number(double(r.rows()) * double(r.cols()) - filled);
}

// LARGE / SMALL (array, k): the k-th largest / smallest number; k is rounded up, as in
// LibreOffice; k < 1 or beyond the count is #NUM!. An array of k gives an array of results.
template <bool kLarge>
Operand KthNumber(std::span<const Operand> args, CallContext& ctx) {
  std::vector<double> xs;
  if (auto err = CollectNumbers(args.subspan(0, 1), ctx, xs)) return *err;
  if (kLarge) {
    std::sort(xs.begin(), xs.end(), std::greater<>());
  } else {
    std::sort(xs.begin(), xs.end());
  }
  return LiftScalar(args.subspan(1, 1), ctx, [&](std::span<const Value> v) -> Value {
    Value k = CoerceToNumber(v[0]);
    if (k.is_error()) return k;
    double kk = std::ceil(k.number());
    if (kk < 1 || kk > double(xs.size())) return Value::Error(ErrorCode::kNum);
    return Value::Number(xs[size_t(kk) - 1]);
  });
}

// RANK / RANK.EQ (number, ref, [order]): 1 + how many numbers of ref are greater (order 0 or
// omitted) or smaller (order non-zero); #N/A when the number is not in ref.
Operand Rank(std::span<const Operand> args, CallContext& ctx) {
  std::vector<double> xs;
  if (auto err = CollectNumbers(args.subspan(1, 1), ctx, xs)) return *err;
  Value order = OptionalArg(args, 2, ctx, Value::Number(0));
  Value ascending = CoerceToNumber(order);
  if (ascending.is_error()) return ascending;
  bool asc = ascending.number() != 0;
  return LiftScalar(args.subspan(0, 1), ctx, [&](std::span<const Value> v) -> Value {
    Value x = CoerceToNumber(v[0]);
    if (x.is_error()) return x;
    double before = 0;
    bool found = false;
    for (double y : xs) {
      int c = CompareNumbers15(y, x.number());
      if (c == 0) found = true;
      if (asc ? c < 0 : c > 0) before += 1;
    }
    if (!found) return Value::Error(ErrorCode::kNA);
    return Value::Number(before + 1);
  });
}

// SUBTOTAL(function_num, ref1, ...): 1 AVERAGE, 2 COUNT, 3 COUNTA, 4 MAX, 5 MIN, 6 PRODUCT,
// 7 STDEV, 8 STDEVP, 9 SUM, 10 VAR, 11 VARP; 101-111 the same (no hidden rows in suan).
Operand Subtotal(std::span<const Operand> args, CallContext& ctx) {
  Value f = ArgNumber(args[0], ctx);
  if (f.is_error()) return f;
  int fn = int(std::trunc(f.number()));
  if (fn > 100) fn -= 100;
  auto refs = args.subspan(1);
  for (const Operand& r : refs)
    if (!r.is_range()) return Value::Error(ErrorCode::kValue);
  switch (fn) {
    case 1:
      return AverageOf(refs, ctx);
    case 2:
      return CountOf(refs, ctx);
    case 3:
      return CountAOf(refs, ctx);
    case 4:
      return MaxOf(refs, ctx);
    case 5:
      return MinOf(refs, ctx);
    case 6:
      return ProductOf(refs, ctx);
    case 7:
      return StdevOf(refs, ctx, true);
    case 8:
      return StdevOf(refs, ctx, false);
    case 9:
      return SumOf(refs, ctx);
    case 10:
      return VarianceOf(refs, ctx, true);
    case 11:
      return VarianceOf(refs, ctx, false);
    default:
      return Value::Error(ErrorCode::kValue);
  }
}

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& r) {
  constexpr int kVar = FunctionSpec::kVariadic;
  r.Add({"MIN", 1, kVar, kFnNone, Min});
  r.Add({"MAX", 1, kVar, kFnNone, Max});
  r.Add({"AVERAGE", 1, kVar, kFnNone, Average});
  r.Add({"MEDIAN", 1, kVar, kFnNone, Median});
  r.Add({"COUNT", 1, kVar, kFnNone, Count});
  r.Add({"COUNTA", 1, kVar, kFnNone, CountA});
  r.Add({"COUNTBLANK", 1, 1, kFnNone, CountBlank});
  r.Add({"LARGE", 2, 2, kFnNone, KthNumber<true>});
  r.Add({"SMALL", 2, 2, kFnNone, KthNumber<false>});
  r.Add({"RANK", 2, 3, kFnNone, Rank});
  r.Add({"RANK.EQ", 2, 3, kFnNone, Rank});
  r.Add({"STDEV.S", 1, kVar, kFnNone, StdevS});
  r.Add({"STDEV", 1, kVar, kFnNone, StdevS});
  r.Add({"STDEV.P", 1, kVar, kFnNone, StdevP});
  r.Add({"STDEVP", 1, kVar, kFnNone, StdevP});
  r.Add({"VAR.S", 1, kVar, kFnNone, VarS});
  r.Add({"VAR", 1, kVar, kFnNone, VarS});
  r.Add({"VAR.P", 1, kVar, kFnNone, VarP});
  r.Add({"VARP", 1, kVar, kFnNone, VarP});
  r.Add({"SUBTOTAL", 2, kVar, kFnNone, Subtotal});
}

}  // namespace suan
