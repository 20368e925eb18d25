// Argument helpers shared by the function families: how Excel reads numbers, booleans and text
// out of function arguments. The rules differ between values written in the call and values
// found in references or arrays, and every function family needs the same rules.
#pragma once

#include <cmath>
#include <optional>
#include <span>

#include "absl/functional/function_ref.h"
#include "formulas/coerce.hpp"
#include "formulas/function_registry.hpp"

namespace suan {

// A multi-cell reference or an array: what makes scalar functions apply element by element.
inline bool IsMulti(const Operand& o) {
  return o.is_array() || (o.is_range() && !o.range().is_cell());
}

// A number result; infinities and NaN become #NUM! as in Excel.
inline Value NumberOrNum(double x) {
  return std::isfinite(x) ? Value::Number(x) : Value::Error(ErrorCode::kNum);
}

// The numbers of aggregate arguments, as SUM, AVERAGE, MIN, MAX, PRODUCT, MEDIAN ... read them:
// - in a reference or array: numbers are taken; text, booleans and empty cells are skipped;
//   an error is returned at once;
// - written directly: numbers and booleans are taken, numeric text is parsed, other text is
//   #VALUE!, an error is returned, an omitted argument is skipped.
// Returns the first error met, or nullopt when every argument was read. A template so the hot
// loop (SUM over a column) makes no indirect call beyond the cell store's own visit.
template <typename Take>
std::optional<Value> ForEachNumber(std::span<const Operand> args, const CallContext& ctx,
                                   Take&& take) {
  for (const Operand& arg : args) {
    if (arg.is_missing()) continue;
    switch (arg.kind()) {
      case Operand::Kind::kValue: {
        const Value& v = arg.value();
        if (v.is_number()) {
          take(v.number());
        } else if (!v.is_empty()) {
          Value n = CoerceToNumber(v);
          if (n.is_error()) return n;
          take(n.number());
        }
        break;
      }
      case Operand::Kind::kRange: {
        std::optional<Value> error;
        ctx.cells->ForEachNonEmpty(arg.range(), [&](uint32_t, int32_t, int32_t, const Value& v) {
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
          if (v.is_number()) {
            take(v.number());
          } else if (v.is_error()) {
            return v;
          }
        }
        break;
    }
  }
  return std::nullopt;
}

// Every value of one argument: the non-empty cells of a reference (Excel order), the elements
// of an array, or the value itself (even empty, unless the argument was omitted). `visit`
// returns false to stop.
template <typename Visit>
void ForEachValue(const Operand& arg, const CallContext& ctx, Visit&& visit) {
  switch (arg.kind()) {
    case Operand::Kind::kValue:
      if (!arg.is_missing()) visit(arg.value());
      break;
    case Operand::Kind::kRange:
      ctx.cells->ForEachNonEmpty(
          arg.range(), [&](uint32_t, int32_t, int32_t, const Value& v) { return visit(v); });
      break;
    case Operand::Kind::kArray:
      for (const Value& v : arg.array().values())
        if (!visit(v)) break;
      break;
  }
}

// The value of a scalar argument (a single cell is read; a range gives its top-left value).
Value ArgValue(const Operand& arg, const CallContext& ctx);
// Scalar argument as a number or error Value (see CoerceToNumber).
Value ArgNumber(const Operand& arg, const CallContext& ctx);
// Scalar argument as a boolean or error Value (see CoerceToBool).
Value ArgBool(const Operand& arg, const CallContext& ctx);
// Scalar argument as a text or error Value (see CoerceToText).
Value ArgText(const Operand& arg, const CallContext& ctx);

// Applies a scalar function element-wise when an argument is an array or multi-cell range
// (Excel's lifting: ROUND({1.25,2.35},1)), or once for scalar arguments. Omitted arguments
// arrive as empty Values.
Operand LiftScalar(std::span<const Operand> args, const CallContext& ctx,
                   absl::FunctionRef<Value(std::span<const Value>)> f);

// Optional argument `i`: its scalar value, or `fallback` when absent or omitted.
Value OptionalArg(std::span<const Operand> args, size_t i, const CallContext& ctx,
                  const Value& fallback);

// The values of an argument as a 2-D block (a reference's cells, an array, or a single value
// as 1x1). 3-D references give nullptr.
std::shared_ptr<const Array> BlockOf(const Operand& arg, const CallContext& ctx);

}  // namespace suan
