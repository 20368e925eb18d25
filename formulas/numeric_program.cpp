#include "formulas/numeric_program.hpp"

#include <algorithm>

#include "formulas/function_registry.hpp"

namespace suan {

namespace {

// What a stack slot holds, as far as the compiler can tell; a reference also names its
// operand.
// kCellRef: a single-cell reference passed to a function; its value was also loaded onto the
// numeric stack, so ROUND(B5,2) can use it as a number while SUM(B5) reads it by the rules for
// references (an empty B5 is skipped, not 0) and drops the loaded copy.
enum class Kind : uint8_t { kNumber, kBool, kCellRef, kRangeRef };
struct Slot {
  Kind kind;
  uint32_t ref = 0;
  uint32_t producer = 0;  // kCellRef: the instruction that loaded it
};

// Two stacks agree at an IF join when their slots hold the same kinds of value; a loaded
// single cell counts as a number there (it is no longer an argument).
bool SameShape(const std::vector<Slot>& a, const std::vector<Slot>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto kind = [](const Slot& s) { return s.kind == Kind::kCellRef ? Kind::kNumber : s.kind; };
    if (kind(a[i]) != kind(b[i])) return false;
    if (a[i].kind == Kind::kRangeRef && a[i].ref != b[i].ref) return false;
  }
  return true;
}

struct Ids {
  int sum, min, max, average, round, abs;
  Ids() {
    const FunctionRegistry& r = FunctionRegistry::Builtins();
    sum = r.IdOf("SUM");
    min = r.IdOf("MIN");
    max = r.IdOf("MAX");
    average = r.IdOf("AVERAGE");
    round = r.IdOf("ROUND");
    abs = r.IdOf("ABS");
  }
};

}  // namespace

std::optional<NumericProgram> CompileNumeric(const Program& p) {
  static const Ids ids;
  NumericProgram out;
  std::vector<Slot> stack;
  stack.reserve(16);
  std::vector<uint32_t> dropped;  // loads whose values only an aggregate would have dropped
  std::vector<uint32_t> new_pc(p.code.size() + 1, 0);
  // Jumps point forward; remember which new instructions need their target patched, and the
  // stack shape expected at each join so both IF branches agree.
  std::vector<std::pair<size_t, uint32_t>> patches;  // (new instr, old target)
  std::vector<std::pair<uint32_t, std::vector<Slot>>> joins;
  auto number_like = [](Slot s) { return s.kind != Kind::kRangeRef; };
  const Slot kNum{Kind::kNumber}, kBoolean{Kind::kBool};
  auto pop = [&](Slot& s) {
    if (stack.empty()) return false;
    s = stack.back();
    stack.pop_back();
    return true;
  };
  for (size_t pc = 0; pc < p.code.size(); ++pc) {
    new_pc[pc] = uint32_t(out.code.size());
    // Arriving at a join: the stack must look the same from both branches.
    bool at_join = false;
    for (const auto& [target, shape] : joins) {
      if (target != pc) continue;
      if (!SameShape(shape, stack)) return std::nullopt;
      at_join = true;
    }
    // The IF's result (the top slot) is a value now, even when a branch was a single cell.
    if (at_join && !stack.empty() && stack.back().kind == Kind::kCellRef) stack.back() = kNum;
    const Instr& i = p.code[pc];
    NumInstr n{};
    switch (i.op) {
      case OpCode::kNumber:
        n.op = NumOp::kConst;
        n.a = uint32_t(out.consts.size());
        out.consts.push_back(p.numbers[i.a]);
        stack.push_back(kNum);
        break;
      case OpCode::kBool:
        n.op = NumOp::kConst;
        n.a = uint32_t(out.consts.size());
        out.consts.push_back(i.a ? 1 : 0);
        stack.push_back(kBoolean);
        break;
      case OpCode::kCellValue:
        n.op = NumOp::kLoad;
        n.a = i.a;
        stack.push_back(kNum);
        break;
      case OpCode::kReference:
        if (p.refs[i.a].flags & ProgramRef::kRange) {
          // Only as an argument of an aggregate, which reads it itself: no instruction.
          stack.push_back(Slot{Kind::kRangeRef, i.a});
          continue;
        }
        n.op = NumOp::kLoadReference;
        n.a = i.a;
        stack.push_back(Slot{Kind::kCellRef, i.a, uint32_t(out.code.size())});
        break;
      case OpCode::kNeg:
      case OpCode::kPercent: {
        Slot a;
        if (!pop(a) || !number_like(a)) return std::nullopt;
        n.op = i.op == OpCode::kNeg ? NumOp::kNeg : NumOp::kPercent;
        stack.push_back(kNum);
        break;
      }
      case OpCode::kBinary: {
        Slot b, a;
        if (!pop(b) || !pop(a)) return std::nullopt;
        switch (i.binary) {
          case BinaryOp::kAdd:
            n.op = NumOp::kAdd;
            break;
          case BinaryOp::kSub:
            n.op = NumOp::kSub;
            break;
          case BinaryOp::kMul:
            n.op = NumOp::kMul;
            break;
          case BinaryOp::kDiv:
            n.op = NumOp::kDiv;
            break;
          case BinaryOp::kPow:
            n.op = NumOp::kPow;
            break;
          case BinaryOp::kEq:
            n.op = NumOp::kEq;
            break;
          case BinaryOp::kNe:
            n.op = NumOp::kNe;
            break;
          case BinaryOp::kLt:
            n.op = NumOp::kLt;
            break;
          case BinaryOp::kLe:
            n.op = NumOp::kLe;
            break;
          case BinaryOp::kGt:
            n.op = NumOp::kGt;
            break;
          case BinaryOp::kGe:
            n.op = NumOp::kGe;
            break;
          default:
            return std::nullopt;
        }
        bool comparison = n.op >= NumOp::kEq;
        // Comparisons of a boolean with a number follow Excel's type order: not numeric.
        auto numeric = [](Slot x) { return x.kind == Kind::kNumber || x.kind == Kind::kCellRef; };
        if (comparison ? (!numeric(a) || !numeric(b)) : (!number_like(a) || !number_like(b)))
          return std::nullopt;
        stack.push_back(comparison ? kBoolean : kNum);
        break;
      }
      case OpCode::kCall: {
        int fn = int(i.a);
        size_t argc = i.argc;
        if (stack.size() < argc) return std::nullopt;
        if (fn == ids.sum || fn == ids.min || fn == ids.max || fn == ids.average) {
          n.op = NumOp::kAggregate;
          n.fn = uint8_t(fn == ids.sum   ? NumAggregate::kSum
                         : fn == ids.min ? NumAggregate::kMin
                         : fn == ids.max ? NumAggregate::kMax
                                         : NumAggregate::kAverage);
          n.a = uint32_t(out.args.size());
          n.n = uint8_t(argc);
          // References produced no instruction (the aggregate reads them itself); values are
          // on the numeric stack, in argument order.
          for (size_t j = stack.size() - argc; j < stack.size(); ++j) {
            switch (stack[j].kind) {
              case Kind::kRangeRef:
                out.args.push_back(NumArg{true, false, stack[j].ref});
                break;
              case Kind::kCellRef:
                // Read as a reference by the aggregate: its loaded copy is not needed.
                out.args.push_back(NumArg{true, false, stack[j].ref});
                dropped.push_back(stack[j].producer);
                break;
              default:
                out.args.push_back(NumArg{false, true, 0});
            }
          }
          stack.resize(stack.size() - argc);
          stack.push_back(kNum);
        } else if (fn == ids.round && argc == 2) {
          if (!number_like(stack[stack.size() - 1]) || !number_like(stack[stack.size() - 2]))
            return std::nullopt;
          n.op = NumOp::kRound;
          stack.resize(stack.size() - 2);
          stack.push_back(kNum);
        } else if (fn == ids.abs && argc == 1) {
          if (!number_like(stack.back())) return std::nullopt;
          n.op = NumOp::kAbs;
          stack.back() = kNum;
        } else {
          return std::nullopt;
        }
        break;
      }
      case OpCode::kJumpIfFalse: {
        Slot c;
        if (!pop(c) || !number_like(c)) return std::nullopt;
        n.op = NumOp::kJumpIfZero;
        patches.emplace_back(out.code.size(), i.a);
        break;
      }
      case OpCode::kJump:
        n.op = NumOp::kJump;
        patches.emplace_back(out.code.size(), i.a);
        // The then-branch's result is on the stack; the else-branch starts without it.
        joins.emplace_back(i.a, stack);
        if (stack.empty()) return std::nullopt;
        stack.pop_back();
        break;
      default:  // text, errors, arrays, missing arguments
        return std::nullopt;
    }
    out.code.push_back(n);
    out.max_stack = std::max(out.max_stack, uint32_t(stack.size()));
  }
  new_pc[p.code.size()] = uint32_t(out.code.size());
  for (const auto& [target, shape] : joins)
    if (target == p.code.size() && !SameShape(shape, stack)) return std::nullopt;
  if (stack.size() != 1 || stack[0].kind == Kind::kRangeRef) return std::nullopt;
  for (auto [at, old_target] : patches) out.code[at].a = new_pc[old_target];
  if (!dropped.empty()) {
    // Remove the dropped loads and renumber jump targets (a target moves to the next kept
    // instruction).
    std::vector<uint8_t> drop(out.code.size() + 1, 0);
    for (uint32_t d : dropped) drop[d] = 1;
    std::vector<uint32_t> renumber(out.code.size() + 1);
    uint32_t kept = 0;
    for (size_t k = 0; k <= out.code.size(); ++k) {
      renumber[k] = kept;
      if (k < out.code.size() && !drop[k]) ++kept;
    }
    std::vector<NumInstr> code;
    for (size_t k = 0; k < out.code.size(); ++k) {
      if (drop[k]) continue;
      NumInstr n = out.code[k];
      if (n.op == NumOp::kJump || n.op == NumOp::kJumpIfZero) n.a = renumber[n.a];
      code.push_back(n);
    }
    out.code = std::move(code);
  }
  for (NumInstr& n : out.code)
    if (n.op == NumOp::kAggregate)
      for (uint32_t k = 0; k < n.n; ++k) n.popped += out.args[n.a + k].on_stack ? 1 : 0;
  out.result_is_bool = stack[0].kind == Kind::kBool;
  if (out.max_stack > kMaxNumericStack) return std::nullopt;
  return out;
}

}  // namespace suan
