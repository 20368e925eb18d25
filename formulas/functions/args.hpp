// Argument helpers shared by the function families: how Excel reads numbers, booleans and text
// out of function arguments. The rules differ between values written in the call and values
// found in references or arrays, and every function family needs the same rules.
#pragma once

#include <optional>
#include <span>

#include "absl/functional/function_ref.h"
#include "formulas/coerce.hpp"
#include "formulas/function_registry.hpp"

namespace suan {

// The numbers of aggregate arguments, as SUM, AVERAGE, MIN, MAX, COUNT read them:
// - in a reference or array: numbers are taken; text, booleans and empty cells are skipped;
//   an error is returned at once;
// - written directly: numbers and booleans are taken, numeric text is parsed, other text is
//   #VALUE!, an error is returned, an omitted argument is skipped.
// Returns the first error met, or nullopt when every argument was read.
std::optional<Value> ForEachNumber(std::span<const Operand> args, const CallContext& ctx,
                                   absl::FunctionRef<void(double)> take);

// The value of a scalar argument (a single cell is read; a range gives its top-left value).
Value ArgValue(const Operand& arg, const CallContext& ctx);
// Scalar argument as a number or error Value (see CoerceToNumber).
Value ArgNumber(const Operand& arg, const CallContext& ctx);
// Scalar argument as a boolean or error Value (see CoerceToBool).
Value ArgBool(const Operand& arg, const CallContext& ctx);
// Scalar argument as a text or error Value (see CoerceToText).
Value ArgText(const Operand& arg, const CallContext& ctx);

// Applies a scalar function element-wise when an argument is an array or multi-cell range
// (Excel's lifting: ROUND({1.25,2.35},1)), or once for scalar arguments.
Operand LiftScalar(std::span<const Operand> args, const CallContext& ctx,
                   absl::FunctionRef<Value(std::span<const Value>)> f);

}  // namespace suan
