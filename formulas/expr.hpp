// The parsed form of one Excel formula: a plain tree, independent of the parser that built it.
//
// The Spirit X3 grammar (grammar/) produces its own attribute AST; parse.cpp turns that into
// Expr so the compiler and tools never see X3 types. Nesting depth is bounded by the parser
// (kMaxFormulaDepth), and so is the height of the whole tree, chains of binary operators
// included (kMaxFormulaHeight), so recursive walks over an Expr are safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formulas/value.hpp"

namespace suan {

// Excel's sheet limits (1,048,576 rows x 16,384 columns); 0-based inside suan.
inline constexpr int32_t kMaxRows = 1'048'576;
inline constexpr int32_t kMaxCols = 16'384;
// Deepest nesting of parentheses, function calls and prefix operators a formula may have.
// Excel allows 64 nested function levels; anything far beyond that is an error, not a crash.
inline constexpr int kMaxFormulaDepth = 256;
// Tallest Expr tree the parser returns. A chain of binary operators (=A1+A2+...+A900) adds one
// level per operator without nesting anything; Excel's 8,192-character formulas stay below
// 4,096 operators, so every formula Excel accepts fits.
inline constexpr int kMaxFormulaHeight = 4096 + kMaxFormulaDepth;

struct CellAddress {
  int32_t row = 0;  // 0-based
  int32_t col = 0;  // 0-based
  bool row_absolute = false;
  bool col_absolute = false;
  friend bool operator==(const CellAddress&, const CellAddress&) = default;
};

// A reference as written: A1, $A$1, A1:B2, A:A, 1:3, Sheet!A1, 'My Sheet'!A1:B2, 表3!A1,
// and Excel 3-D references Dept_0001:Dept_0500!C5.
struct ReferenceExpr {
  std::string sheet_first;  // empty: the formula's own sheet
  std::string sheet_last;   // non-empty only for a 3-D reference (sheet_first:sheet_last!...)
  CellAddress first;
  CellAddress last;            // equals first for a single cell
  bool is_range = false;       // written with ':' (A1:A1 is a range of one cell)
  bool whole_columns = false;  // A:C  (first.row = 0, last.row = kMaxRows-1)
  bool whole_rows = false;     // 1:3  (first.col = 0, last.col = kMaxCols-1)
  friend bool operator==(const ReferenceExpr&, const ReferenceExpr&) = default;
};

enum class ExprKind : uint8_t {
  kNumber,     // number
  kString,     // text (quotes removed, "" unescaped)
  kBoolean,    // TRUE / FALSE
  kError,      // #DIV/0! ...
  kReference,  // ref
  kName,       // a defined name (text holds it as written)
  kCall,       // function call: text = upper-cased name, args = arguments
  kUnary,      // unary_op applied to args[0]
  kBinary,     // binary_op applied to args[0], args[1]
  kPercent,    // postfix %: args[0] / 100
  kMissing,    // an omitted argument: f(1,,3)
  kArray,      // array constant {1,2;3,4}: args row-major, array_cols columns
};

enum class UnaryOp : uint8_t { kPlus, kMinus };

// Ordered by Excel precedence groups, loosest first:
// comparison < & < + - < * / < ^ < (% and unary minus, tighter) ; ':' binds tightest.
enum class BinaryOp : uint8_t {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kConcat,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kRange,  // ref:ref where an end is not a plain address, e.g. A1:INDEX(B:B,3)
};

struct Expr {
  ExprKind kind = ExprKind::kMissing;
  uint32_t position = 0;  // byte offset of the first character in the formula text
  double number = 0;
  bool boolean = false;
  ErrorCode error = ErrorCode::kValue;
  std::string text;  // kString: the text; kName: the name; kCall: upper-cased function name
  ReferenceExpr ref;
  UnaryOp unary_op = UnaryOp::kMinus;
  BinaryOp binary_op = BinaryOp::kAdd;
  std::vector<Expr> args;
  uint32_t array_cols = 0;
};

std::string_view BinaryOpText(BinaryOp op);

// The expression copied `drow` rows down and `dcol` columns right, as Excel copies a formula:
// relative parts of references move, absolute parts ($A$1) stay; a reference moved off the
// sheet becomes #REF!.
Expr ShiftRelativeReferences(const Expr& e, int32_t drow, int32_t dcol);

// Writes an Expr back as formula text (no leading '='), fully parenthesised where needed.
// parse(ToFormulaText(parse(x))) == parse(x); used by tests and the fuzzer.
std::string ToFormulaText(const Expr& e);

// True when a and b are the same formula: equal in every field that matters for their kind,
// ignoring positions (so "= 1+2" and "1+2" compare equal).
bool SameFormula(const Expr& a, const Expr& b);

}  // namespace suan
