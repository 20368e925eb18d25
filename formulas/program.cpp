#include "formulas/program.hpp"

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "formulas/absl_compat.hpp"
#include "formulas/function_registry.hpp"

namespace suan {

std::optional<RangeRef> ProgramRef::Resolve(uint32_t sheet, int32_t row, int32_t col) const {
  if (flags & kBadSheet) return std::nullopt;
  RangeRef r;
  if (flags & kOwnSheet) {
    r.sheet_first = r.sheet_last = sheet;
  } else {
    r.sheet_first = sheet_first;
    r.sheet_last = sheet_last;
  }
  r.row1 = (flags & kRow1Abs) ? row1 : row + row1;
  r.col1 = (flags & kCol1Abs) ? col1 : col + col1;
  r.row2 = (flags & kRow2Abs) ? row2 : row + row2;
  r.col2 = (flags & kCol2Abs) ? col2 : col + col2;
  if (r.row1 > r.row2) std::swap(r.row1, r.row2);
  if (r.col1 > r.col2) std::swap(r.col1, r.col2);
  if (r.row1 < 0 || r.col1 < 0 || r.row2 >= kMaxRows || r.col2 >= kMaxCols) return std::nullopt;
  return r;
}

namespace {

template <typename T>
void AppendBytes(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void AppendValue(std::string& out, const Value& v) {
  out.push_back(char(v.kind()));
  switch (v.kind()) {
    case ValueKind::kNumber:
    case ValueKind::kBool:
      AppendBytes(out, v.number());
      break;
    case ValueKind::kError:
      out.push_back(char(v.error()));
      break;
    case ValueKind::kText:
      AppendBytes(out, uint32_t(v.text().size()));
      out += v.text();
      break;
    case ValueKind::kEmpty:
      break;
  }
}

// Walks an Expr and emits postfix code. Recursion depth is bounded by the parser's
// kMaxFormulaDepth plus the depth of expanded names (bounded below).
class Compiler {
 public:
  Compiler(uint32_t sheet, int32_t row, int32_t col, const CompileEnv& env)
      : sheet_(sheet), row_(row), col_(col), base_row_(row), base_col_(col), env_(env) {}

  absl::Status Compile(const Expr& e) {
    absl::Status s = Emit(e, Context::kValue);
    return s;
  }
  Program Take() { return std::move(program_); }

 private:
  // kValue: the consumer wants one value (the cell's result, an IF condition);
  // kOperand: an operator's operand: a single cell is read, a multi-cell reference stays a
  //   reference so the operator can broadcast over it;
  // kArgument: a function argument, where references stay references (ROW(A5), ISBLANK(A5)
  //   and SUM's rules for cells need the reference, not the value).
  enum class Context { kValue, kOperand, kArgument };

  void Push(OpCode op, uint32_t a = 0, uint8_t argc = 0) {
    Instr i;
    i.op = op;
    i.a = a;
    i.argc = argc;
    program_.code.push_back(i);
  }
  void PushError(ErrorCode e) { Push(OpCode::kError, uint32_t(e)); }

  absl::Status Emit(const Expr& e, Context ctx) {
    switch (e.kind) {
      case ExprKind::kNumber:
        program_.numbers.push_back(e.number);
        Push(OpCode::kNumber, uint32_t(program_.numbers.size() - 1));
        return absl::OkStatus();
      case ExprKind::kString:
        program_.texts.push_back(std::make_shared<const std::string>(e.text));
        Push(OpCode::kText, uint32_t(program_.texts.size() - 1));
        return absl::OkStatus();
      case ExprKind::kBoolean:
        Push(OpCode::kBool, e.boolean ? 1 : 0);
        return absl::OkStatus();
      case ExprKind::kError:
        PushError(e.error);
        return absl::OkStatus();
      case ExprKind::kMissing:
        Push(OpCode::kMissing);
        return absl::OkStatus();
      case ExprKind::kArray:
        return EmitArray(e);
      case ExprKind::kReference:
        return EmitReference(e.ref, ctx);
      case ExprKind::kName:
        return EmitName(e, ctx);
      case ExprKind::kCall:
        return EmitCall(e);
      case ExprKind::kUnary:
        if (auto s = Emit(e.args[0], Context::kOperand); !s.ok()) return s;
        if (e.unary_op == UnaryOp::kMinus) Push(OpCode::kNeg);
        // Unary plus is a no-op in Excel (=+"a" is "a").
        return absl::OkStatus();
      case ExprKind::kPercent:
        if (auto s = Emit(e.args[0], Context::kOperand); !s.ok()) return s;
        Push(OpCode::kPercent);
        return absl::OkStatus();
      case ExprKind::kBinary: {
        // Operands of an operator: single cells are read at once, multi-cell references stay
        // references so the operator can broadcast over them.
        Context operand = e.binary_op == BinaryOp::kRange ? Context::kArgument : Context::kOperand;
        if (e.binary_op == BinaryOp::kRange) {
          // A1:INDEX(B:B,n) names cells only known when evaluated: recalculate it every time.
          program_.is_volatile = true;
          program_.has_dynamic_dependencies = true;
        }
        if (auto s = Emit(e.args[0], operand); !s.ok()) return s;
        if (auto s = Emit(e.args[1], operand); !s.ok()) return s;
        Instr i;
        i.op = OpCode::kBinary;
        i.binary = e.binary_op;
        program_.code.push_back(i);
        return absl::OkStatus();
      }
    }
    return absl::InternalError("unknown expression kind");
  }

  absl::Status EmitArray(const Expr& e) {
    uint32_t cols = e.array_cols ? e.array_cols : 1;
    uint32_t rows = uint32_t(e.args.size()) / cols;
    auto a = std::make_shared<Array>(int32_t(rows), int32_t(cols));
    for (size_t i = 0; i < e.args.size(); ++i) {
      const Expr& x = e.args[i];
      Value v;
      switch (x.kind) {
        case ExprKind::kNumber:
          v = Value::Number(x.number);
          break;
        case ExprKind::kString:
          v = Value::Text(x.text);
          break;
        case ExprKind::kBoolean:
          v = Value::Bool(x.boolean);
          break;
        case ExprKind::kError:
          v = Value::Error(x.error);
          break;
        case ExprKind::kUnary:  // {-1}
          if (x.args.size() == 1 && x.args[0].kind == ExprKind::kNumber) {
            v = Value::Number(x.unary_op == UnaryOp::kMinus ? -x.args[0].number : x.args[0].number);
            break;
          }
          [[fallthrough]];
        default:
          return absl::InvalidArgumentError(
              absl::StrCat("an array constant may hold only numbers, text, TRUE/FALSE and "
                           "errors (position ",
                           x.position + 1, ")"));
      }
      a->values()[i] = std::move(v);
    }
    program_.arrays.push_back(std::move(a));
    Push(OpCode::kArray, uint32_t(program_.arrays.size() - 1));
    return absl::OkStatus();
  }

  absl::Status EmitReference(const ReferenceExpr& ref, Context ctx) {
    ProgramRef r;
    if (ref.sheet_first.empty()) {
      r.flags |= ProgramRef::kOwnSheet;
    } else {
      auto first = env_.find_sheet ? env_.find_sheet(ref.sheet_first) : std::nullopt;
      auto last = first;
      if (!ref.sheet_last.empty()) last = env_.find_sheet(ref.sheet_last);
      if (!first || !last) {
        r.flags |= ProgramRef::kBadSheet;
      } else if (*first > *last) {
        return absl::InvalidArgumentError(
            absl::StrCat("3-D reference ", ref.sheet_first, ":", ref.sheet_last,
                         " lists its sheets in reverse order (", ref.sheet_first, " is sheet ",
                         *first + 1, ", ", ref.sheet_last, " is sheet ", *last + 1, ")"));
      } else {
        r.sheet_first = *first;
        r.sheet_last = *last;
      }
    }
    auto place = [&](const CellAddress& a, int32_t& row, int32_t& col, uint8_t row_abs_flag,
                     uint8_t col_abs_flag, bool whole_col, bool whole_row) {
      if (a.row_absolute || whole_col) {
        row = a.row;
        r.flags |= row_abs_flag;
      } else {
        row = a.row - base_row_;
      }
      if (a.col_absolute || whole_row) {
        col = a.col;
        r.flags |= col_abs_flag;
      } else {
        col = a.col - base_col_;
      }
    };
    place(ref.first, r.row1, r.col1, ProgramRef::kRow1Abs, ProgramRef::kCol1Abs, ref.whole_columns,
          ref.whole_rows);
    place(ref.last, r.row2, r.col2, ProgramRef::kRow2Abs, ProgramRef::kCol2Abs, ref.whole_columns,
          ref.whole_rows);
    bool multi = ref.is_range || !ref.sheet_last.empty();
    if (multi) r.flags |= ProgramRef::kRange;
    program_.refs.push_back(r);
    uint32_t index = uint32_t(program_.refs.size() - 1);
    if (ctx != Context::kArgument && !multi) {
      Push(OpCode::kCellValue, index);
    } else {
      Push(OpCode::kReference, index);
    }
    return absl::OkStatus();
  }

  absl::Status EmitName(const Expr& e, Context ctx) {
    const Expr* def = env_.find_name ? env_.find_name(e.text, sheet_) : nullptr;
    if (!def) {
      PushError(ErrorCode::kName);
      return absl::OkStatus();
    }
    // A name defined in terms of itself (directly or through others) would expand forever.
    for (const std::string& open : names_open_)
      if (absl::EqualsIgnoreCase(open, e.text)) {
        PushError(ErrorCode::kName);
        return absl::OkStatus();
      }
    if (names_open_.size() >= 32) {
      return absl::InvalidArgumentError(
          absl::StrCat("defined names nest more than 32 deep at '", e.text, "'"));
    }
    names_open_.push_back(e.text);
    // Relative references in a name are relative to A1 (as if the name was defined with A1
    // active): Rate = Sheet1!B1 used in C5 means one column to the right, D5 — which is how Excel
    // treats relative names; absolute references are what they say.
    int32_t saved_row = base_row_, saved_col = base_col_;
    base_row_ = base_col_ = 0;
    absl::Status s = Emit(*def, ctx);
    base_row_ = saved_row;
    base_col_ = saved_col;
    names_open_.pop_back();
    return s;
  }

  // True when `e` certainly yields one value, so IF can branch on it with a jump.
  static bool IsScalar(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kReference:
        return !e.ref.is_range && e.ref.sheet_last.empty();
      case ExprKind::kArray:
      case ExprKind::kName:
        return false;
      case ExprKind::kCall:
        return true;
      case ExprKind::kUnary:
      case ExprKind::kPercent:
      case ExprKind::kBinary:
        for (const Expr& a : e.args)
          if (!IsScalar(a)) return false;
        return true;
      default:
        return true;
    }
  }

  absl::Status EmitCall(const Expr& e) {
    const FunctionRegistry& fns = FunctionRegistry::Builtins();
    int id = fns.IdOf(e.text);
    if (id < 0) {
      PushError(ErrorCode::kName);
      return absl::OkStatus();
    }
    const FunctionSpec& spec = fns.Get(id);
    int argc = int(e.args.size());
    // f() is written with no arguments; the parser may give one kMissing for it.
    if (argc == 1 && e.args[0].kind == ExprKind::kMissing && spec.max_args == 0) argc = 0;
    if (argc < spec.min_args || argc > spec.max_args) {
      std::string expected = spec.min_args == spec.max_args ? absl::StrCat(spec.min_args)
                             : spec.max_args == FunctionSpec::kVariadic
                                 ? absl::StrCat("at least ", spec.min_args)
                                 : absl::StrCat(spec.min_args, " to ", spec.max_args);
      return absl::InvalidArgumentError(absl::StrCat(
          ToAbsl(spec.name), " takes ", expected, " argument", expected == "1" ? "" : "s", ", not ",
          argc, " (position ", e.position + 1, ")"));
    }
    if (spec.flags & kFnVolatile) program_.is_volatile = true;
    if (spec.flags & kFnDynamicDependencies) program_.has_dynamic_dependencies = true;

    if (spec.name == "IF" && IsScalar(e.args[0])) return EmitIf(e);

    for (int i = 0; i < argc; ++i)
      if (auto s = Emit(e.args[size_t(i)], Context::kArgument); !s.ok()) return s;
    Push(OpCode::kCall, uint32_t(id), uint8_t(argc));
    return absl::OkStatus();
  }

  // IF(c, x, y) as jumps, so only the chosen branch is evaluated:
  //   c; JumpIfFalse ELSE (END on error); x; Jump END; ELSE: y; END:
  absl::Status EmitIf(const Expr& e) {
    if (auto s = Emit(e.args[0], Context::kValue); !s.ok()) return s;
    size_t jump_if_false = program_.code.size();
    Push(OpCode::kJumpIfFalse);
    auto branch = [&](size_t i, bool when_absent) -> absl::Status {
      if (i >= e.args.size()) {
        Push(OpCode::kBool, when_absent ? 1 : 0);  // IF(FALSE, x) is FALSE
        return absl::OkStatus();
      }
      if (e.args[i].kind == ExprKind::kMissing) {
        program_.numbers.push_back(0);  // IF(TRUE,,x) is 0
        Push(OpCode::kNumber, uint32_t(program_.numbers.size() - 1));
        return absl::OkStatus();
      }
      return Emit(e.args[i], Context::kArgument);
    };
    if (auto s = branch(1, true); !s.ok()) return s;
    size_t jump_end = program_.code.size();
    Push(OpCode::kJump);
    program_.code[jump_if_false].a = uint32_t(program_.code.size());
    if (auto s = branch(2, false); !s.ok()) return s;
    uint32_t end = uint32_t(program_.code.size());
    program_.code[jump_end].a = end;
    program_.code[jump_if_false].b = end;
    return absl::OkStatus();
  }

  uint32_t sheet_;
  int32_t row_, col_;
  // The position relative references are measured from: the cell, or A1 inside a name.
  int32_t base_row_, base_col_;
  const CompileEnv& env_;
  Program program_;
  std::vector<std::string> names_open_;
};

}  // namespace

absl::StatusOr<Program> CompileFormula(const Expr& expr, uint32_t sheet, int32_t row, int32_t col,
                                       const CompileEnv& env) {
  Compiler c(sheet, row, col, env);
  if (auto s = c.Compile(expr); !s.ok()) return s;
  return c.Take();
}

std::string Program::Fingerprint() const {
  std::string out;
  out.reserve(code.size() * sizeof(Instr) + refs.size() * sizeof(ProgramRef) + 16);
  AppendBytes(out, uint32_t(code.size()));
  for (const Instr& i : code) {
    out.push_back(char(i.op));
    out.push_back(char(i.argc));
    out.push_back(char(i.binary));
    AppendBytes(out, i.a);
    AppendBytes(out, i.b);
  }
  AppendBytes(out, uint32_t(numbers.size()));
  for (double d : numbers) AppendBytes(out, d);
  AppendBytes(out, uint32_t(texts.size()));
  for (const auto& t : texts) {
    AppendBytes(out, uint32_t(t->size()));
    out += *t;
  }
  AppendBytes(out, uint32_t(arrays.size()));
  for (const auto& a : arrays) {
    AppendBytes(out, a->rows());
    AppendBytes(out, a->cols());
    for (const Value& v : a->values()) AppendValue(out, v);
  }
  AppendBytes(out, uint32_t(refs.size()));
  for (const ProgramRef& r : refs) {
    AppendBytes(out, r.sheet_first);
    AppendBytes(out, r.sheet_last);
    AppendBytes(out, r.row1);
    AppendBytes(out, r.col1);
    AppendBytes(out, r.row2);
    AppendBytes(out, r.col2);
    out.push_back(char(r.flags));
  }
  return out;
}

std::string Program::Disassemble() const {
  std::string out;
  auto ref_text = [&](uint32_t k) {
    const ProgramRef& r = refs[k];
    auto part = [](int32_t v, bool abs, const char* axis) {
      return abs ? absl::StrCat(axis, v + 1) : absl::StrCat(axis, "[", v, "]");
    };
    std::string s;
    if (r.flags & ProgramRef::kBadSheet) {
      s = "#BADSHEET!";
    } else if (!(r.flags & ProgramRef::kOwnSheet)) {
      absl::StrAppend(&s, "S", r.sheet_first);
      if (r.sheet_last != r.sheet_first) absl::StrAppend(&s, ":S", r.sheet_last);
      absl::StrAppend(&s, "!");
    }
    absl::StrAppend(&s, part(r.row1, r.flags & ProgramRef::kRow1Abs, "R"),
                    part(r.col1, r.flags & ProgramRef::kCol1Abs, "C"));
    if (r.flags & ProgramRef::kRange)
      absl::StrAppend(&s, ":", part(r.row2, r.flags & ProgramRef::kRow2Abs, "R"),
                      part(r.col2, r.flags & ProgramRef::kCol2Abs, "C"));
    return s;
  };
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const Instr& i = code[pc];
    absl::StrAppend(&out, pc, ": ");
    switch (i.op) {
      case OpCode::kNumber:
        absl::StrAppend(&out, "number ", FormatNumber15(numbers[i.a]));
        break;
      case OpCode::kText:
        absl::StrAppend(&out, "text \"", *texts[i.a], "\"");
        break;
      case OpCode::kBool:
        absl::StrAppend(&out, i.a ? "TRUE" : "FALSE");
        break;
      case OpCode::kError:
        absl::StrAppend(&out, "error ", ToAbsl(ErrorText(ErrorCode(i.a))));
        break;
      case OpCode::kMissing:
        absl::StrAppend(&out, "missing");
        break;
      case OpCode::kArray:
        absl::StrAppend(&out, "array #", i.a);
        break;
      case OpCode::kCellValue:
        absl::StrAppend(&out, "value ", ref_text(i.a));
        break;
      case OpCode::kReference:
        absl::StrAppend(&out, "ref ", ref_text(i.a));
        break;
      case OpCode::kNeg:
        absl::StrAppend(&out, "neg");
        break;
      case OpCode::kPercent:
        absl::StrAppend(&out, "percent");
        break;
      case OpCode::kBinary:
        absl::StrAppend(&out, "op ", ToAbsl(BinaryOpText(i.binary)));
        break;
      case OpCode::kCall:
        absl::StrAppend(&out, "call ", ToAbsl(FunctionRegistry::Builtins().Get(int(i.a)).name), "/",
                        int(i.argc));
        break;
      case OpCode::kJumpIfFalse:
        absl::StrAppend(&out, "jump-if-false ", i.a, " (error: ", i.b, ")");
        break;
      case OpCode::kJump:
        absl::StrAppend(&out, "jump ", i.a);
        break;
    }
    out += "\n";
  }
  return out;
}

}  // namespace suan
