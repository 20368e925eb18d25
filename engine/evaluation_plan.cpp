#include "engine/evaluation_plan.hpp"

namespace suan {

void EvaluationPlan::Build(const FormulaStore& formulas, const DependencyGraph& graph,
                           bool numeric_fast_path) {
  words_.clear();
  record_of_formula_.assign(formulas.formulas().size(), kNoRecord);
  record_of_range_.assign(graph.range_node_count(), kNoRecord);
  words_.reserve(graph.order().size() * 6);
  // Formulas in a cycle are not in the order but still need a record for direct evaluation.
  auto add = [&](uint32_t f) {
    record_of_formula_[f] = uint32_t(words_.size());
    uint32_t p = formulas.formulas()[f].program;
    if (numeric_fast_path && formulas.numeric(p)) {
      if (!AppendSumOfCells(formulas, f, *formulas.numeric(p))) AppendNumeric(formulas, f, p);
    } else {
      words_.push_back(kGeneral | f);
    }
  };
  // Cycles sit between nodes of the order; their records go where they sit.
  record_of_cycle_.assign(graph.cycles().size(), kNoRecord);
  size_t next_cycle = 0;
  auto add_cycles_before = [&](uint32_t position) {
    while (next_cycle < graph.cycles().size() && graph.cycles()[next_cycle].position <= position) {
      record_of_cycle_[next_cycle] = uint32_t(words_.size());
      words_.push_back(kGeneral | kCycleFlag | uint32_t(next_cycle));
      ++next_cycle;
    }
  };
  for (uint32_t i = 0; i < graph.order().size(); ++i) {
    add_cycles_before(i);
    uint32_t n = graph.order()[i];
    if (graph.is_range_node(n)) {
      record_of_range_[n - graph.cell_capacity()] = uint32_t(words_.size());
      words_.push_back(kRangeNode | (n - graph.cell_capacity()));
    } else {
      add(formulas.FormulaOf(n));
    }
  }
  add_cycles_before(uint32_t(graph.order().size()));
  order_end_ = uint32_t(words_.size());
  for (uint32_t f = 0; f < formulas.formulas().size(); ++f)
    if (record_of_formula_[f] == kNoRecord) {
      // Not in the order (cyclic): a record after the order's end, never walked by a full
      // recalculation.
      add(f);
    }
}

bool EvaluationPlan::AppendSumOfCells(const FormulaStore& formulas, uint32_t f,
                                      const NumericProgram& np) {
  if (np.code.size() != 1 || np.code[0].op != NumOp::kAggregate ||
      NumAggregate(np.code[0].fn) != NumAggregate::kSum)
    return false;
  const NumInstr& in = np.code[0];
  const FormulaCell& cell = formulas.formulas()[f];
  const uint32_t* ops = formulas.operands(cell);
  for (uint32_t k = 0; k < in.n; ++k) {
    const NumArg& arg = np.args[in.a + k];
    if (!arg.is_reference || arg.on_stack) return false;
    uint32_t r = ops[arg.operand];
    if (r == kBadOperand || !formulas.expanded(r)) return false;
  }
  words_.push_back(kSumCells | f);
  words_.push_back(cell.cell);
  size_t count_slot = words_.size();
  words_.push_back(0);
  // Summing the arguments' cells in argument order is exactly SUM's order of additions.
  for (uint32_t k = 0; k < in.n; ++k) {
    auto ids = formulas.range_cells(ops[np.args[in.a + k].operand]);
    words_.insert(words_.end(), ids.begin(), ids.end());
  }
  words_[count_slot] = uint32_t(words_.size() - count_slot - 1);
  return true;
}

void EvaluationPlan::AppendNumeric(const FormulaStore& formulas, uint32_t f, uint32_t p) {
  const FormulaCell& cell = formulas.formulas()[f];
  const NumericProgram& np = *formulas.numeric(p);
  const uint32_t* ops = formulas.operands(cell);
  words_.push_back(kNumeric | f);
  words_.push_back(p);
  words_.push_back(cell.cell);
  size_t end_slot = words_.size();
  words_.push_back(0);
  // Branch lengths are known only once the branch is written: remember (placeholder, target
  // instruction) and fill the placeholder when the walk reaches the target.
  std::vector<std::pair<size_t, uint32_t>> pending;
  auto settle = [&](uint32_t pc) {
    for (auto& [slot, target] : pending)
      if (target == pc) {
        words_[slot] = uint32_t(words_.size() - slot - 1);
        target = 0xFFFFFFFFu;
      }
  };
  for (uint32_t pc = 0; pc < np.code.size(); ++pc) {
    settle(pc);
    const NumInstr& in = np.code[pc];
    switch (in.op) {
      case NumOp::kLoad:
        words_.push_back(ops[in.a]);
        break;
      case NumOp::kLoadReference: {
        uint32_t r = ops[in.a];
        words_.push_back(r != kBadOperand && formulas.expanded(r) &&
                                 !formulas.range_cells(r).empty()
                             ? formulas.range_cells(r)[0]
                             : kBadOperand);
        break;
      }
      case NumOp::kAggregate:
        for (uint32_t k = 0; k < in.n; ++k) {
          const NumArg& arg = np.args[in.a + k];
          if (!arg.is_reference) continue;
          uint32_t r = ops[arg.operand];
          if (r == kBadOperand) {
            words_.push_back(kBadOperand);
          } else if (formulas.expanded(r)) {
            auto ids = formulas.range_cells(r);
            words_.push_back(uint32_t(ids.size()));
            words_.insert(words_.end(), ids.begin(), ids.end());
          } else {
            words_.push_back(kLargeRange);
            words_.push_back(r);
          }
        }
        break;
      case NumOp::kJumpIfZero:
      case NumOp::kJump:
        pending.emplace_back(words_.size(), in.a);
        words_.push_back(0);
        break;
      default:
        break;
    }
  }
  settle(uint32_t(np.code.size()));
  words_[end_slot] = uint32_t(words_.size());
}

}  // namespace suan
