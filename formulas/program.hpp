// Compiled formulas: compact postfix programs shared by every cell of the same relative shape.
//
// A program never holds a cell address of its own. References are stored the way Excel's R1C1
// notation writes them: relative parts as offsets from the cell being computed (the anchor),
// absolute parts as coordinates. "=SUM(C5:J5)" in B5 and "=SUM(C6:J6)" in B6 therefore
// compile to the same bytes and share one Program (Excel's shared formulas). The engine
// resolves each reference once per cell into that cell's operand list.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "formulas/expr.hpp"
#include "formulas/operand.hpp"

namespace suan {

enum class OpCode : uint8_t {
  kNumber,       // push numbers[a]
  kText,         // push texts[a]
  kBool,         // push a != 0
  kError,        // push error a
  kMissing,      // push an omitted-argument marker
  kArray,        // push arrays[a]
  kCellValue,    // push the value of reference a (a single cell), read now
  kReference,    // push reference a as a RangeRef (function arguments, ranges, 3-D)
  kNeg,          // unary minus
  kPercent,      // postfix %
  kBinary,       // pop b, a; push a <BinaryOp(a field)> b
  kCall,         // call function a with argc arguments
  kJumpIfFalse,  // pop condition; error: push it and jump to b; FALSE: jump to a
  kJump,         // jump to a
};

struct Instr {
  OpCode op;
  uint8_t argc = 0;
  BinaryOp binary = BinaryOp::kAdd;
  uint32_t a = 0;
  uint32_t b = 0;
};

// One reference of a program. Each coordinate is absolute, or an offset from the anchor.
struct ProgramRef {
  enum Flags : uint8_t {
    kRow1Abs = 1,
    kCol1Abs = 2,
    kRow2Abs = 4,
    kCol2Abs = 8,
    kOwnSheet = 16,  // the anchor's sheet (sheet_first/last unused)
    kRange = 32,     // written as a range (kReference pushes it whole)
    kBadSheet = 64,  // names a sheet the workbook does not have: evaluates to #REF!
  };
  uint32_t sheet_first = 0, sheet_last = 0;
  int32_t row1 = 0, col1 = 0, row2 = 0, col2 = 0;
  uint8_t flags = 0;
  friend bool operator==(const ProgramRef&, const ProgramRef&) = default;

  // The rectangle this reference names for a cell at (sheet, row, col); nullopt when it falls
  // off the sheet (Excel's #REF!).
  std::optional<RangeRef> Resolve(uint32_t sheet, int32_t row, int32_t col) const;
};

struct Program {
  std::vector<Instr> code;
  std::vector<double> numbers;
  std::vector<std::shared_ptr<const std::string>> texts;
  std::vector<std::shared_ptr<const Array>> arrays;
  std::vector<ProgramRef> refs;
  bool is_volatile = false;               // contains RAND, TODAY, INDIRECT, OFFSET ...
  bool has_dynamic_dependencies = false;  // reads cells its refs do not name (INDIRECT, OFFSET)

  // A byte string equal for programs that compute the same thing; used to share programs.
  std::string Fingerprint() const;
  // Human-readable listing, for tests and `suan eval --explain`.
  std::string Disassemble() const;
};

// What the compiler needs to know about the workbook it compiles for.
struct CompileEnv {
  // Sheet number for a name (case-insensitive, as Excel), or nullopt.
  std::function<std::optional<uint32_t>(std::string_view)> find_sheet;
  // The expression a defined name stands for, or nullptr when the name is not defined
  // (the formula then yields #NAME?). Names are expanded in place, so they are dependencies
  // like any other reference.
  std::function<const Expr*(std::string_view name, uint32_t sheet)> find_name;
  // Some names are defined for one sheet only, so the same text may compile differently on
  // different sheets (callers that share programs must then key them by sheet too).
  bool sheet_scoped_names = false;
};

// What changed in what formulas compile against since programs were last compiled
// (a workbook tells its formula store).
enum class CompileEnvChange {
  kNone,
  // Sheets were added at the end: a program keeps its meaning (sheet numbers stay) unless its
  // text named a sheet that did not exist (#REF!), which may exist now.
  kSheetsAdded,
  kAll,  // names defined or removed: every text compiles afresh
};

// Compiles `expr` for a cell at (sheet, row, col). Problems that Excel reports as values
// (unknown functions and names: #NAME?, unknown sheets: #REF!) compile into those errors; the
// status is an error only for formulas Excel would refuse to accept, such as a wrong number of
// arguments, with a message naming the function.
absl::StatusOr<Program> CompileFormula(const Expr& expr, uint32_t sheet, int32_t row, int32_t col,
                                       const CompileEnv& env);

}  // namespace suan
