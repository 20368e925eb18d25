#include "engine/evaluator.hpp"

#include <cmath>
#include <limits>

#include "formulas/coerce.hpp"
#include "formulas/operators.hpp"

namespace suan {

namespace {
// On-demand evaluation (INDIRECT chains) may nest; beyond this depth a read is treated as a
// cycle rather than risking the stack.
constexpr size_t kMaxOnDemandDepth = 2000;
}  // namespace

Evaluator::Evaluator(CellStore& cells, const FormulaStore& formulas, const DependencyGraph& graph,
                     Environment& env)
    : cells_(cells), formulas_(formulas), graph_(graph), env_(env) {
  state_.assign(graph.node_count(), kClean);
  aggregates_.assign(graph.range_node_count(), RangeAggregate{});
  const FunctionRegistry& fns = FunctionRegistry::Builtins();
  fn_sum_ = fns.IdOf("SUM");
  fn_count_ = fns.IdOf("COUNT");
  fn_average_ = fns.IdOf("AVERAGE");
  fn_min_ = fns.IdOf("MIN");
  fn_max_ = fns.IdOf("MAX");
}

void Evaluator::MarkPending(std::span<const uint32_t> nodes) {
  for (uint32_t n : nodes) state_[n] = kPending;
}

void Evaluator::EvaluateInOrder(std::span<const uint32_t> nodes) {
  for (uint32_t n : nodes)
    if (state_[n] == kPending) EvaluateNode(n);
}

void Evaluator::EvaluateNode(uint32_t node) const {
  state_[node] = kEvaluating;
  if (graph_.is_range_node(node)) {
    EvaluateRangeNode(node);
  } else {
    uint32_t f = formulas_.FormulaOf(node);
    Value v = Run(formulas_.formulas()[f]);
    cells_.Set(node, v);
  }
  state_[node] = kClean;
}

void Evaluator::EvaluateRangeNode(uint32_t node) const {
  const RangeNode& rn = graph_.range_node(node);
  RangeAggregate a;
  a.min = std::numeric_limits<double>::infinity();
  a.max = -std::numeric_limits<double>::infinity();
  int32_t first_row = rn.range.row1;
  if (rn.prefix != kNoRangeNode) {
    uint32_t p = rn.prefix;
    uint32_t pnode = graph_.cell_capacity() + p;
    if (state_[pnode] == kPending) EvaluateNode(pnode);
    a = aggregates_[p];
    first_row = graph_.range_node(pnode).range.row2 + 1;
  }
  const uint8_t* kinds = cells_.kinds();
  const double* numbers = cells_.numbers();
  cells_.ForEachAllocated(rn.range.sheet_first, first_row, rn.range.col1, rn.range.row2,
                          rn.range.col2, [&](CellId id, int32_t, int32_t) {
                            if (state_[id] == kPending) EvaluateNode(id);
                            ValueKind k = ValueKind(kinds[id]);
                            if (k == ValueKind::kNumber) {
                              double x = numbers[id];
                              a.sum += x;
                              a.count += 1;
                              a.min = std::min(a.min, x);
                              a.max = std::max(a.max, x);
                            } else if (k == ValueKind::kError && a.error == 0) {
                              a.error = uint8_t(numbers[id]);
                            }
                          });
  aggregates_[node - graph_.cell_capacity()] = a;
}

bool Evaluator::TryAggregate(int fn, uint32_t range_index, Operand& out) const {
  uint32_t node = graph_.RangeNodeOf(range_index);
  if (node == kNoRangeNode) return false;
  uint32_t nid = graph_.cell_capacity() + node;
  if (state_[nid] != kClean) return false;  // not computed yet (only in cycles): go the long way
  const RangeAggregate& a = aggregates_[node];
  if (fn == fn_count_) {
    out = Value::Number(a.count);
    return true;
  }
  if (a.error) {
    out = Value::Error(ErrorCode(a.error));
    return true;
  }
  if (fn == fn_sum_) {
    out = std::isfinite(a.sum) ? Value::Number(a.sum) : Value::Error(ErrorCode::kNum);
  } else if (fn == fn_average_) {
    out = a.count == 0 ? Value::Error(ErrorCode::kDiv0) : Value::Number(a.sum / a.count);
  } else if (fn == fn_min_) {
    out = Value::Number(a.count == 0 ? 0 : a.min);
  } else if (fn == fn_max_) {
    out = Value::Number(a.count == 0 ? 0 : a.max);
  } else {
    return false;
  }
  return true;
}

Value Evaluator::ReadCell(CellId id) const {
  uint8_t s = state_[id];
  if (s == kPending) {
    if (depth_ >= kMaxOnDemandDepth) return Value::Error(ErrorCode::kCycle);
    EvaluateNode(id);
  } else if (s == kEvaluating) {
    return Value::Error(ErrorCode::kCycle);
  }
  return cells_.Get(id);
}

Value Evaluator::Get(uint32_t sheet, int32_t row, int32_t col) const {
  if (sheet >= cells_.sheet_count() || row < 0 || col < 0 || row >= kMaxRows || col >= kMaxCols)
    return Value::Error(ErrorCode::kRef);
  CellId id = cells_.Find(sheet, row, col);
  if (id == kNoCell) return Value();
  return ReadCell(id);
}

void Evaluator::ForEachNonEmpty(
    const RangeRef& range,
    absl::FunctionRef<bool(uint32_t sheet, int32_t row, int32_t col, const Value&)> visit) const {
  for (uint32_t s = range.sheet_first; s <= range.sheet_last && s < cells_.sheet_count(); ++s) {
    bool stop = false;
    cells_.ForEachAllocated(s, range.row1, range.col1, range.row2, range.col2,
                            [&](CellId id, int32_t r, int32_t c) {
                              if (stop) return;
                              if (state_[id] != kClean || cells_.kind(id) != ValueKind::kEmpty) {
                                Value v = ReadCell(id);
                                if (!v.is_empty() && !visit(s, r, c, v)) stop = true;
                              }
                            });
    if (stop) return;
  }
}

Value Evaluator::EvaluateFormulaValue(uint32_t formula) const {
  return Run(formulas_.formulas()[formula]);
}

Value Evaluator::Run(const FormulaCell& f) const {
  const Program& prog = formulas_.program(f.program);
  const uint32_t* ops = formulas_.operands(f);
  const std::vector<RangeRef>& ranges = formulas_.ranges();
  const FunctionRegistry& fns = FunctionRegistry::Builtins();
  CellAddress3 at = cells_.AddressOf(f.cell);
  CallContext ctx{this, &env_, at.sheet, at.row, at.col};

  if (stacks_.size() <= depth_) stacks_.resize(depth_ + 1);
  std::vector<Operand>& stack = stacks_[depth_];
  ++depth_;
  stack.clear();
  const Instr* code = prog.code.data();
  size_t n = prog.code.size();
  for (size_t pc = 0; pc < n; ++pc) {
    const Instr& i = code[pc];
    switch (i.op) {
      case OpCode::kNumber:
        stack.emplace_back(Value::Number(prog.numbers[i.a]));
        break;
      case OpCode::kText:
        stack.emplace_back(Value::Text(prog.texts[i.a]));
        break;
      case OpCode::kBool:
        stack.emplace_back(Value::Bool(i.a != 0));
        break;
      case OpCode::kError:
        stack.emplace_back(Value::Error(ErrorCode(i.a)));
        break;
      case OpCode::kMissing:
        stack.push_back(Operand::Missing());
        break;
      case OpCode::kArray:
        stack.emplace_back(prog.arrays[i.a]);
        break;
      case OpCode::kCellValue: {
        uint32_t id = ops[i.a];
        stack.emplace_back(id == kBadOperand ? Value::Error(ErrorCode::kRef) : ReadCell(id));
        break;
      }
      case OpCode::kReference: {
        uint32_t r = ops[i.a];
        if (r == kBadOperand) {
          stack.emplace_back(Value::Error(ErrorCode::kRef));
        } else {
          stack.emplace_back(ranges[r]);
        }
        break;
      }
      case OpCode::kNeg:
        stack.back() = ApplyUnaryMinus(stack.back(), *this);
        break;
      case OpCode::kPercent:
        stack.back() = ApplyPercent(stack.back(), *this);
        break;
      case OpCode::kBinary: {
        Operand b = std::move(stack.back());
        stack.pop_back();
        stack.back() = ApplyBinary(i.binary, stack.back(), b, *this);
        break;
      }
      case OpCode::kCall: {
        size_t argc = i.argc;
        Operand result;
        bool done = false;
        if (argc == 1 && pc > 0 && code[pc - 1].op == OpCode::kReference &&
            ops[code[pc - 1].a] != kBadOperand) {
          done = TryAggregate(int(i.a), ops[code[pc - 1].a], result);
        }
        if (!done) {
          const FunctionSpec& spec = fns.Get(int(i.a));
          std::span<const Operand> args(stack.data() + stack.size() - argc, argc);
          result = spec.impl(args, ctx);
        }
        stack.resize(stack.size() - argc);
        stack.push_back(std::move(result));
        break;
      }
      case OpCode::kJumpIfFalse: {
        Value cond = CoerceToBool(ScalarOf(stack.back(), *this));
        stack.pop_back();
        if (cond.is_error()) {
          stack.emplace_back(cond);
          pc = i.b - 1;
        } else if (!cond.boolean()) {
          pc = i.a - 1;
        }
        break;
      }
      case OpCode::kJump:
        pc = i.a - 1;
        break;
    }
  }
  --depth_;
  if (stack.empty()) return Value::Error(ErrorCode::kValue);
  Value v = ScalarOf(stack.back(), *this);
  stack.clear();
  // A formula that yields an empty cell shows 0, as in Excel (=A1 with A1 blank).
  if (v.is_empty()) return Value::Number(0);
  return v;
}

}  // namespace suan
