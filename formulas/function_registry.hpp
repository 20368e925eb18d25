// The table of built-in functions: name -> arity, flags, implementation.
//
// Contract: a function implementation is pure given its arguments and CallContext (RAND and
// TODAY read the context's seeded generator and injectable clock). It never throws and never
// crashes on any argument: wrong counts are caught by the compiler (min/max args), wrong types
// give the Excel error Excel gives. Adding a function is one entry in one of the
// functions/*.cpp files; the compiler and interpreter need no change.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "formulas/cell_source.hpp"
#include "formulas/operand.hpp"

namespace suan {

// Things a function may need beyond its arguments. Owned by the engine, one per workbook.
struct Environment {
  std::mt19937_64 random{20240601};  // RAND / RANDBETWEEN; reseed for reproducible runs
  // TODAY/NOW: days since 1899-12-30 (Excel serial). Tests and scripts inject a fixed clock.
  std::function<double()> clock;
};

struct CallContext {
  const CellSource* cells = nullptr;
  Environment* env = nullptr;
  uint32_t sheet = 0;  // the cell being evaluated
  int32_t row = 0;
  int32_t col = 0;
};

using FunctionImpl = Operand (*)(std::span<const Operand> args, CallContext& ctx);

enum FunctionFlags : uint32_t {
  kFnNone = 0,
  kFnVolatile = 1u << 0,             // recalculated on every recalc (RAND, TODAY, INDIRECT, OFFSET)
  kFnDynamicDependencies = 1u << 1,  // reads cells not named in its arguments (INDIRECT, OFFSET)
  kFnReturnsReference = 1u << 2,     // may return a RangeRef (INDEX, OFFSET, INDIRECT)
};

struct FunctionSpec {
  std::string_view name;  // upper case, as Excel spells it (STDEV.S)
  int min_args = 0;
  int max_args = 0;  // kVariadic: no upper bound (Excel's own limit is 255)
  uint32_t flags = kFnNone;
  FunctionImpl impl = nullptr;
  static constexpr int kVariadic = 255;
};

class FunctionRegistry {
 public:
  // The process-wide table of built-ins, filled on first use.
  static const FunctionRegistry& Builtins();

  void Add(const FunctionSpec& spec);
  // nullptr when unknown. `name` is matched case-insensitively; a leading "_xlfn." or
  // "_xlws." (as xlsx files write newer functions) is ignored.
  const FunctionSpec* Find(std::string_view name) const;
  int IdOf(std::string_view name) const;  // -1 when unknown
  const FunctionSpec& Get(int id) const { return specs_[size_t(id)]; }
  size_t size() const { return specs_.size(); }

 private:
  std::vector<FunctionSpec> specs_;
  absl::flat_hash_map<std::string, int> by_name_;
};

// One registration function per family, each in functions/<family>.cpp.
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterAggregateFunctions(FunctionRegistry& registry);
void RegisterLogicFunctions(FunctionRegistry& registry);
void RegisterConditionalFunctions(FunctionRegistry& registry);
void RegisterInfoFunctions(FunctionRegistry& registry);
void RegisterTextFunctions(FunctionRegistry& registry);
void RegisterLookupFunctions(FunctionRegistry& registry);
void RegisterDateFunctions(FunctionRegistry& registry);

}  // namespace suan
