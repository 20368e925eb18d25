// The numeric fast path: a second, smaller form of programs that only compute with numbers.
//
// Most cells of a budget workbook are sums, differences, ratios and ROUNDs of numbers. For a
// program that uses nothing else, CompileNumeric produces a NumericProgram run on a plain stack
// of doubles, with no Value or Operand objects. It must agree with the general interpreter bit
// for bit, so it does the same operations in the same order, and whenever it meets anything
// the general rules would treat specially (a cell holding text, TRUE or an error, a division by
// zero, a non-finite result) it gives up and the engine runs the general interpreter instead.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "formulas/program.hpp"

namespace suan {

enum class NumOp : uint8_t {
  kConst,          // push consts[a]
  kLoad,           // push the number in single-cell operand a (empty reads 0; else give up)
  kLoadReference,  // the same for a reference operand naming one cell (a function argument)
  kAggregate,      // pop nothing; push fn(b) over the n arguments described at args[a .. a+n)
  kNeg,
  kPercent,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,     // 15-digit comparison; pushes 1 or 0
  kRound,  // pop digits, x; push ExcelRound(x, digits)
  kAbs,
  kJumpIfZero,  // pop; if 0 jump to a
  kJump,        // jump to a
};

enum class NumAggregate : uint8_t { kSum, kMin, kMax, kAverage };

// One argument of SUM/MIN/MAX/AVERAGE: a reference operand (cells are read with reference
// rules: only numbers count) or a value on the stack (direct rules). A single-cell reference
// is both: its value was loaded on the stack (dropped by the aggregate) and it is read as a
// reference.
struct NumArg {
  bool is_reference;
  bool on_stack;
  uint32_t operand;  // reference operand index (is_reference)
};

struct NumInstr {
  NumOp op;
  uint8_t n = 0;       // kAggregate: number of arguments
  uint8_t fn = 0;      // kAggregate: NumAggregate
  uint8_t popped = 0;  // kAggregate: arguments that are values on the stack
  uint32_t a = 0;
};

inline constexpr uint32_t kMaxNumericStack = 32;

struct NumericProgram {
  std::vector<NumInstr> code;
  std::vector<double> consts;
  std::vector<NumArg> args;  // aggregate argument lists
  bool result_is_bool = false;
  uint32_t max_stack = 0;
};

// nullopt when the program does anything outside the numeric subset. `function_ids` are the
// registry ids of SUM, MIN, MAX, AVERAGE, ROUND and ABS.
std::optional<NumericProgram> CompileNumeric(const Program& program);

}  // namespace suan
