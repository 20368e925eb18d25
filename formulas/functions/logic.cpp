// Logical functions: IF, IFS, IFERROR, IFNA, AND, OR, XOR, NOT, SWITCH, CHOOSE, TRUE, FALSE.
//
// Error arguments arrive as error Values: IFERROR and IFNA catch them, the others return the
// first error they meet, in argument order.
#include <cmath>

#include "formulas/functions/args.hpp"

namespace suan {

namespace {

// The operand a chooser returns: an omitted argument is 0, as IF(TRUE,,1) is in Excel.
Operand Chosen(const Operand& o) {
  if (o.is_missing()) return Value::Number(0);
  return o;
}

// IF with eager arguments. The compiler turns plain IF calls into jumps so only the chosen
// branch is evaluated; this implementation serves array conditions and the general case.
Operand If(std::span<const Operand> args, CallContext& ctx) {
  auto choose = [&](const Value& cond) -> Operand {
    Value b = CoerceToBool(cond);
    if (b.is_error()) return b;
    size_t i = b.boolean() ? 1 : 2;
    if (i >= args.size()) return Value::Bool(false);  // IF(FALSE, x) is FALSE
    return Chosen(args[i]);
  };
  const Operand& cond = args[0];
  if (!IsMulti(cond)) return choose(ArgValue(cond, ctx));
  // An array condition picks element by element; each branch is read once, not per element.
  auto conds = ArrayOf(cond, *ctx.cells);
  std::shared_ptr<const Array> branches[2];
  for (size_t b = 0; b < 2; ++b) {
    size_t i = b + 1;
    Operand branch = i >= args.size() ? Operand(Value::Bool(false)) : Chosen(args[i]);
    branches[b] = ArrayOf(branch, *ctx.cells);
  }
  auto out = std::make_shared<Array>(conds->rows(), conds->cols());
  for (int32_t r = 0; r < conds->rows(); ++r) {
    for (int32_t c = 0; c < conds->cols(); ++c) {
      Value b = CoerceToBool(conds->at(r, c));
      if (b.is_error()) {
        out->at(r, c) = b;
        continue;
      }
      const Array& a = *branches[b.boolean() ? 0 : 1];
      int32_t rr = a.rows() == 1 ? 0 : r, cc = a.cols() == 1 ? 0 : c;
      out->at(r, c) = rr < a.rows() && cc < a.cols() ? a.at(rr, cc) : Value::Error(ErrorCode::kNA);
    }
  }
  return Operand(std::shared_ptr<const Array>(std::move(out)));
}

// IFS(test1, value1, test2, value2, ...): the value of the first TRUE test; #N/A when none is.
Operand Ifs(std::span<const Operand> args, CallContext& ctx) {
  if (args.size() % 2 != 0) return Value::Error(ErrorCode::kValue);
  for (size_t i = 0; i < args.size(); i += 2) {
    Value b = CoerceToBool(ArgValue(args[i], ctx));
    if (b.is_error()) return b;
    if (b.boolean()) return Chosen(args[i + 1]);
  }
  return Value::Error(ErrorCode::kNA);
}

// IFERROR / IFNA: an empty cell on either side is treated as "" (Microsoft's IFERROR page); an
// omitted value_if_error is 0, as every omitted argument of a chooser is (IFERROR(1/0,) is 0).
template <bool kOnlyNA>
Operand IfError(std::span<const Operand> args, CallContext& ctx) {
  const bool fallback_omitted = args[1].is_missing();
  return LiftScalar(args, ctx, [&](std::span<const Value> v) -> Value {
    bool caught = v[0].is_error() && (!kOnlyNA || v[0].error() == ErrorCode::kNA);
    if (caught && fallback_omitted) return Value::Number(0);
    const Value& r = caught ? v[1] : v[0];
    return r.is_empty() ? Value::Text("") : r;
  });
}

// AND / OR / XOR: booleans and numbers count; text and empty cells in references are skipped;
// text written directly is #VALUE! unless it reads as TRUE/FALSE; no logical value at all is
// #VALUE!.
enum class Logic { kAnd, kOr, kXor };

template <Logic kOp>
Operand Combine(std::span<const Operand> args, CallContext& ctx) {
  bool any = false;
  bool result = kOp == Logic::kAnd;
  std::optional<Value> error;
  auto add = [&](bool b) {
    any = true;
    if (kOp == Logic::kAnd) result = result && b;
    if (kOp == Logic::kOr) result = result || b;
    if (kOp == Logic::kXor) result = result != b;
  };
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    const bool direct = arg.is_value();
    ForEachValue(arg, ctx, [&](const Value& v) {
      if (v.is_error()) {
        error = v;
        return false;
      }
      if (v.is_number() || v.is_bool()) {
        add(v.number() != 0);
      } else if (v.is_text() && direct) {
        Value b = CoerceToBool(v);
        if (b.is_error()) {
          error = b;
          return false;
        }
        add(b.boolean());
      }
      return true;
    });
    if (error) return *error;
  }
  if (!any) return Value::Error(ErrorCode::kValue);
  return Value::Bool(result);
}

Operand Not(std::span<const Operand> args, CallContext& ctx) {
  return LiftScalar(args, ctx, [](std::span<const Value> v) {
    Value b = CoerceToBool(v[0]);
    if (b.is_error()) return b;
    return Value::Bool(!b.boolean());
  });
}

// SWITCH(expression, value1, result1, [value2, result2], ..., [default]): the result of the
// first value equal to the expression (Excel's "=", so text is compared case-insensitively and
// 1 never equals "1"); the default, or #N/A.
Operand Switch(std::span<const Operand> args, CallContext& ctx) {
  Value x = ArgValue(args[0], ctx);
  if (x.is_error()) return x;
  const size_t rest = args.size() - 1;
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    Value v = ArgValue(args[i], ctx);
    if (v.is_error()) return v;
    if (CompareValues(x, v) == 0) return Chosen(args[i + 1]);
  }
  if (rest % 2 == 1) return Chosen(args.back());
  return Value::Error(ErrorCode::kNA);
}

// CHOOSE(index_num, value1, ...): index truncated; outside 1..count is #VALUE!. The chosen
// argument is returned as it is, so CHOOSE(2, A1:A3, B1:B3) is a reference SUM can use.
Operand Choose(std::span<const Operand> args, CallContext& ctx) {
  const size_t count = args.size() - 1;
  auto index_of = [&](const Value& v) -> std::optional<size_t> {
    Value n = CoerceToNumber(v);
    if (n.is_error()) return std::nullopt;
    double i = std::trunc(n.number());
    if (i < 1 || i > double(count)) return std::nullopt;
    return size_t(i);
  };
  if (IsMulti(args[0])) {
    return LiftScalar(args.subspan(0, 1), ctx, [&](std::span<const Value> v) -> Value {
      if (v[0].is_error()) return v[0];
      auto i = index_of(v[0]);
      if (!i) return Value::Error(ErrorCode::kValue);
      return args[*i].is_missing() ? Value::Number(0) : ArgValue(args[*i], ctx);
    });
  }
  Value v = ArgValue(args[0], ctx);
  if (v.is_error()) return v;
  auto i = index_of(v);
  if (!i) return Value::Error(ErrorCode::kValue);
  return Chosen(args[*i]);
}

Operand True(std::span<const Operand>, CallContext&) {
  return Value::Bool(true);
}
Operand False(std::span<const Operand>, CallContext&) {
  return Value::Bool(false);
}

}  // namespace

void RegisterLogicFunctions(FunctionRegistry& r) {
  constexpr int kVar = FunctionSpec::kVariadic;
  r.Add({"IF", 2, 3, kFnNone, If});
  r.Add({"IFS", 2, 254, kFnNone, Ifs});
  r.Add({"IFERROR", 2, 2, kFnNone, IfError<false>});
  r.Add({"IFNA", 2, 2, kFnNone, IfError<true>});
  r.Add({"AND", 1, kVar, kFnNone, Combine<Logic::kAnd>});
  r.Add({"OR", 1, kVar, kFnNone, Combine<Logic::kOr>});
  r.Add({"XOR", 1, kVar, kFnNone, Combine<Logic::kXor>});
  r.Add({"NOT", 1, 1, kFnNone, Not});
  r.Add({"SWITCH", 3, 254, kFnNone, Switch});
  r.Add({"CHOOSE", 2, kVar, kFnNone, Choose});
  r.Add({"TRUE", 0, 0, kFnNone, True});
  r.Add({"FALSE", 0, 0, kFnNone, False});
}

}  // namespace suan
