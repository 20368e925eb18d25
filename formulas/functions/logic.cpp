// Logical functions: IF, AND, OR, NOT, ...
#include "formulas/functions/args.hpp"

namespace suan {

namespace {

// IF with eager arguments. The compiler turns plain IF calls into jumps so only the chosen
// branch is evaluated; this implementation serves array conditions and the general case.
Operand If(std::span<const Operand> args, CallContext& ctx) {
  auto choose = [&](const Value& cond, size_t branch_if_true) -> Operand {
    Value b = CoerceToBool(cond);
    if (b.is_error()) return b;
    size_t i = b.boolean() ? branch_if_true : branch_if_true + 1;
    if (i >= args.size()) return Value::Bool(false);        // IF(FALSE, x) is FALSE
    if (args[i].is_missing()) return Value::Number(0);      // IF(TRUE,,x) is 0
    return args[i];
  };
  const Operand& cond = args[0];
  if (cond.is_array() || (cond.is_range() && !cond.range().is_cell())) {
    auto conds = ArrayOf(cond, *ctx.cells);
    auto out = std::make_shared<Array>(conds->rows(), conds->cols());
    for (int32_t r = 0; r < conds->rows(); ++r)
      for (int32_t c = 0; c < conds->cols(); ++c) {
        Operand chosen = choose(conds->at(r, c), 1);
        if (chosen.is_value()) {
          out->at(r, c) = chosen.value();
        } else {
          auto a = ArrayOf(chosen, *ctx.cells);
          int32_t rr = a->rows() == 1 ? 0 : r, cc = a->cols() == 1 ? 0 : c;
          out->at(r, c) = rr < a->rows() && cc < a->cols() ? a->at(rr, cc)
                                                           : Value::Error(ErrorCode::kNA);
        }
      }
    return Operand(std::shared_ptr<const Array>(std::move(out)));
  }
  return choose(ArgValue(cond, ctx), 1);
}

// AND / OR: booleans and numbers count; text and empty cells in references are skipped; text
// written directly is #VALUE! unless it reads as TRUE/FALSE; no logical value at all is #VALUE!.
template <bool kIsAnd>
Operand AndOr(std::span<const Operand> args, CallContext& ctx) {
  bool any = false;
  bool result = kIsAnd;
  std::optional<Value> error;
  auto take = [&](const Value& v, bool direct) {
    if (v.is_error()) {
      error = v;
      return false;
    }
    if (v.is_number() || v.is_bool()) {
      any = true;
      bool b = v.number() != 0;
      result = kIsAnd ? (result && b) : (result || b);
    } else if (v.is_text() && direct) {
      Value b = CoerceToBool(v);
      if (b.is_error()) {
        error = b;
        return false;
      }
      any = true;
      result = kIsAnd ? (result && b.boolean()) : (result || b.boolean());
    }
    return true;
  };
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    if (arg.is_value()) {
      take(arg.value(), true);
    } else if (arg.is_range()) {
      ctx.cells->ForEachNonEmpty(arg.range(), [&](uint32_t, int32_t, int32_t, const Value& v) {
        return take(v, false);
      });
    } else {
      for (const Value& v : arg.array().values())
        if (!take(v, false)) break;
    }
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

}  // namespace

void RegisterLogicFunctions(FunctionRegistry& r) {
  r.Add({"IF", 1, 3, kFnNone, If});
  r.Add({"AND", 1, FunctionSpec::kVariadic, kFnNone, AndOr<true>});
  r.Add({"OR", 1, FunctionSpec::kVariadic, kFnNone, AndOr<false>});
  r.Add({"NOT", 1, 1, kFnNone, Not});
}

}  // namespace suan
