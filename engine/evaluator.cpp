#include "engine/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "formulas/coerce.hpp"
#include "formulas/excel_round.hpp"
#include "formulas/operators.hpp"

namespace suan {

namespace {
// On-demand evaluation (INDIRECT chains) may nest; beyond this depth a read is treated as a
// cycle rather than risking the stack.
constexpr size_t kMaxOnDemandDepth = 2000;
}  // namespace

Evaluator::Evaluator(CellStore& cells, const FormulaStore& formulas, const DependencyGraph& graph,
                     Environment& env)
    : cells_(cells), formulas_(formulas), graph_(graph), env_(env), interpreter_(formulas) {
  aggregates_.assign(graph.range_node_count(), CachedAggregate{});
  const FunctionRegistry& fns = FunctionRegistry::Builtins();
  fn_sum_ = fns.IdOf("SUM");
  fn_count_ = fns.IdOf("COUNT");
  fn_average_ = fns.IdOf("AVERAGE");
  fn_min_ = fns.IdOf("MIN");
  fn_max_ = fns.IdOf("MAX");
  fn_of_aggregate_[int(NumAggregate::kSum)] = fn_sum_;
  fn_of_aggregate_[int(NumAggregate::kMin)] = fn_min_;
  fn_of_aggregate_[int(NumAggregate::kMax)] = fn_max_;
  fn_of_aggregate_[int(NumAggregate::kAverage)] = fn_average_;
  tracked_ = formulas.has_dynamic_dependencies();
  for (const FormulaCell& f : formulas.formulas())
    has_volatile_ |= formulas.program(f.program).is_volatile;
  // Pending marks exist only where some formula reads cells it does not name.
  if (tracked_) state_.assign(graph.node_count(), kClean);
}

void Evaluator::Prepare(bool numeric_fast_path, bool iterate, int max_iterations,
                        double max_change) {
  iterate_ = iterate;
  max_iterations_ = std::max(1, max_iterations);
  max_change_ = max_change;
  plan_.Build(formulas_, graph_, numeric_fast_path);
  // A node's key is its plan record + 1: the plan is laid out in evaluation order, so sorted
  // keys are a safe order.
  key_of_node_.assign(graph_.node_count(), 0);
  for (uint32_t n : graph_.order()) {
    uint32_t record = graph_.is_range_node(n) ? plan_.RecordOfRangeNode(n - graph_.cell_capacity())
                                              : plan_.RecordOf(formulas_.FormulaOf(n));
    key_of_node_[n] = record + 1;
  }
  if (iterate_) {
    // Every member of a cycle stands for the whole cycle: an edit reaching any of them
    // iterates the cycle once, at its place in the order.
    for (uint32_t k = 0; k < graph_.cycles().size(); ++k)
      for (uint32_t m : graph_.cycles()[k].members) key_of_node_[m] = plan_.RecordOfCycle(k) + 1;
  }
}

// Excel's iterative calculation: evaluate the cycle's members in turn, each reading the others'
// latest values, until no number moves by more than max_change or max_iterations is reached.
void Evaluator::EvaluateCycle(uint32_t cycle) const {
  if (!iterate_) return;  // members keep #CYCLE!
  const std::vector<uint32_t>& members = graph_.cycles()[cycle].members;
  const double* words = cells_.words();
  for (int it = 0; it < max_iterations_; ++it) {
    double change = 0;
    for (uint32_t m : members) {
      if (graph_.is_range_node(m)) {
        EvaluateRangeNode(m);
        continue;
      }
      double before = words[m];
      EvaluateFormula(formulas_.FormulaOf(m));
      double after = words[m];
      if (WordIsNumber(before) && WordIsNumber(after)) {
        change = std::max(change, std::fabs(after - before));
      } else if (WordBits(before) != WordBits(after)) {
        change = std::numeric_limits<double>::infinity();  // a kind changed: not converged
      }
    }
    if (change < max_change_) break;
  }
}

uint32_t Evaluator::NodeOfRecord(uint32_t record) const {
  uint32_t head = plan_.words()[record];
  uint32_t index = head & ~EvaluationPlan::kTagMask;
  if ((head & EvaluationPlan::kTagMask) == EvaluationPlan::kRangeNode)
    return graph_.cell_capacity() + index;
  return formulas_.formulas()[index].cell;
}

void Evaluator::EvaluateAt(uint32_t record) const {
  const uint32_t* rec = plan_.words().data() + record;
  uint32_t head = rec[0];
  if ((head & EvaluationPlan::kTagMask) == EvaluationPlan::kGeneral &&
      (head & EvaluationPlan::kCycleFlag)) {
    EvaluateCycle(head & ~(EvaluationPlan::kTagMask | EvaluationPlan::kCycleFlag));
    return;
  }
  switch (head & EvaluationPlan::kTagMask) {
    case EvaluationPlan::kNumeric:
      EvaluateRecord(rec);
      break;
    case EvaluationPlan::kSumCells:
      EvaluateSumOfCells(rec);
      break;
    case EvaluationPlan::kGeneral: {
      const FormulaCell& f = formulas_.formulas()[head & ~EvaluationPlan::kTagMask];
      cells_.Set(f.cell, Run(f));
      break;
    }
    default:
      EvaluateRangeNode(graph_.cell_capacity() + (head & ~EvaluationPlan::kTagMask));
      break;
  }
}

size_t Evaluator::EvaluateDirty(std::span<const uint32_t> changed) {
  graph_.CollectCone(changed, key_of_node_.data(), cone_);
  if (!tracked_) {
    for (uint32_t k : cone_) EvaluateAt(k - 1);
    return cone_.size();
  }
  // Some formulas read cells they do not name: mark the cone pending so such reads compute
  // what they need first.
  auto is_cycle = [&](uint32_t k) {
    uint32_t head = plan_.words()[k - 1];
    return (head & EvaluationPlan::kTagMask) == EvaluationPlan::kGeneral &&
           (head & EvaluationPlan::kCycleFlag);
  };
  cone_nodes_.clear();
  for (uint32_t k : cone_)
    if (!is_cycle(k)) cone_nodes_.push_back(NodeOfRecord(k - 1));
  MarkPending(cone_nodes_);
  for (uint32_t k : cone_) {
    if (is_cycle(k)) {
      EvaluateAt(k - 1);
    } else {
      uint32_t n = NodeOfRecord(k - 1);
      if (StateOf(n) == kPending) EvaluateNode(n);
    }
  }
  return cone_.size();
}

void Evaluator::MarkPending(std::span<const uint32_t> nodes) {
  for (uint32_t n : nodes) state_[n] = kPending;
}

void Evaluator::EvaluateInOrder(std::span<const uint32_t> nodes) {
  if (!tracked_) {
    // No formula reads cells it does not name, so the order alone is enough: no pending marks.
    for (uint32_t n : nodes) {
      if (graph_.is_range_node(n)) {
        EvaluateRangeNode(n);
      } else {
        EvaluateFormula(formulas_.FormulaOf(n));
      }
    }
    return;
  }
  for (uint32_t n : nodes)
    if (StateOf(n) == kPending) EvaluateNode(n);
}

void Evaluator::EvaluateAll() {
  if (tracked_) {
    MarkPending(graph_.order());
    const uint32_t* w = plan_.words().data();
    for (uint32_t at = 0; at < plan_.order_end();) {
      uint32_t head = w[at];
      uint32_t tag = head & EvaluationPlan::kTagMask;
      if (tag == EvaluationPlan::kGeneral && (head & EvaluationPlan::kCycleFlag)) {
        EvaluateCycle(head & ~(EvaluationPlan::kTagMask | EvaluationPlan::kCycleFlag));
      } else {
        uint32_t n = NodeOfRecord(at);
        if (StateOf(n) == kPending) EvaluateNode(n);
      }
      at = tag == EvaluationPlan::kNumeric    ? w[at + 3]
           : tag == EvaluationPlan::kSumCells ? at + 3 + w[at + 2]
                                              : at + 1;
    }
    return;
  }
  const uint32_t* words = plan_.words().data();
  const uint32_t end = plan_.order_end();
  for (uint32_t at = 0; at < end;) {
    uint32_t head = words[at];
    switch (head & EvaluationPlan::kTagMask) {
      case EvaluationPlan::kNumeric:
        EvaluateRecord(words + at);
        at = words[at + 3];
        break;
      case EvaluationPlan::kSumCells:
        EvaluateSumOfCells(words + at);
        at += 3 + words[at + 2];
        break;
      case EvaluationPlan::kGeneral: {
        if (head & EvaluationPlan::kCycleFlag) {
          EvaluateCycle(head & ~(EvaluationPlan::kTagMask | EvaluationPlan::kCycleFlag));
        } else {
          const FormulaCell& f = formulas_.formulas()[head & ~EvaluationPlan::kTagMask];
          cells_.Set(f.cell, Run(f));
        }
        ++at;
        break;
      }
      default:
        EvaluateRangeNode(graph_.cell_capacity() + (head & ~EvaluationPlan::kTagMask));
        ++at;
        break;
    }
  }
}

bool Evaluator::SumOfCells(const uint32_t* rec, double& total) const {
  const double* words = cells_.words();
  const uint32_t count = rec[2];
  const uint32_t* ids = rec + 3;
  total = 0;
  bool plain = true;  // every cell a number or empty
  for (uint32_t k = 0; k < count; ++k) {
    double w = words[ids[k]];
    if (WordIsNumber(w)) {
      total += w;
    } else {
      plain &= WordKind(w) == ValueKind::kEmpty;
    }
  }
  return plain && std::isfinite(total);
}

namespace {
// The record after the one at `at` in the plan's order part.
inline uint32_t NextRecord(const uint32_t* words, uint32_t at) {
  switch (words[at] & EvaluationPlan::kTagMask) {
    case EvaluationPlan::kNumeric:
      return words[at + 3];
    case EvaluationPlan::kSumCells:
      return at + 3 + words[at + 2];
    default:
      return at + 1;
  }
}
inline bool IsCycleRecord(uint32_t head) {
  return (head & EvaluationPlan::kTagMask) == EvaluationPlan::kGeneral &&
         (head & EvaluationPlan::kCycleFlag);
}
}  // namespace

bool Evaluator::CanRunParallel() const {
  if (tracked_) return false;  // INDIRECT / OFFSET
  // Cycles, iterated or not. Iterated, their members are evaluated repeatedly, in turn. Not
  // iterated, they keep #CYCLE! and have no level, but what reads a cycle may read through it
  // what feeds it (a range node over a cyclic prefix sums the prefix's cells itself, a reader of
  // a cyclic range node reads its cells): levels would have to follow those paths too.
  if (!graph_.cycles().empty()) return false;
  return !has_volatile_;  // RAND draws from the environment's one generator
}

// One pass over the plan in order: a block's level is final when its first record is reached
// (everything its records read from other blocks comes before it, blocks being runs of the
// order), and its records raise the level of the blocks of their computed dependents. Scratch
// is kept by record offset (a dependent's key is its record offset + 1), so it is the size of
// the plan, not of the cell store. Then a counting sort of the blocks by level, stable.
Evaluator::Levels Evaluator::BuildLevels(bool by_blocks) const {
  const uint32_t* words = plan_.words().data();
  const uint32_t end = plan_.order_end();
  std::vector<uint32_t> block_of(end, 0);
  std::vector<uint32_t> records;  // in plan order
  std::vector<uint32_t> first;    // by block: its first index in `records`
  records.reserve(graph_.order().size());
  uint32_t sheet = 0xFFFFFFFFu;
  for (uint32_t at = 0; at < end; at = NextRecord(words, at)) {
    if (IsCycleRecord(words[at])) continue;  // none: CanRunParallel excludes cycles
    bool cut = true;
    if (by_blocks) {
      uint32_t n = NodeOfRecord(at);
      uint32_t s = graph_.is_range_node(n) ? graph_.range_node(n).range.sheet_first
                                           : cells_.AddressOf(n).sheet;
      cut = first.empty() || s != sheet || records.size() - first.back() >= block_cap_;
      sheet = s;
    }
    if (cut) first.push_back(uint32_t(records.size()));
    block_of[at] = uint32_t(first.size() - 1);
    records.push_back(at);
  }
  const uint32_t blocks = uint32_t(first.size());
  first.push_back(uint32_t(records.size()));
  std::vector<uint32_t> level(blocks, 0);
  std::vector<uint8_t> read_in_block(records.size(), 0);
  uint32_t levels = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    const uint32_t up = level[b] + 1;
    levels = std::max(levels, up);
    for (uint32_t i = first[b]; i < first[b + 1]; ++i)
      for (uint32_t d : graph_.Dependents(NodeOfRecord(records[i]))) {
        uint32_t key = key_of_node_[d];
        if (key == 0 || key - 1 >= end) continue;  // an input or a cell in a cycle
        uint32_t db = block_of[key - 1];
        if (db != b) {
          level[db] = std::max(level[db], up);
        } else {
          read_in_block[i] = 1;
        }
      }
  }
  Levels out;
  out.level_block_begin.assign(size_t(levels) + 1, 0);
  for (uint32_t b = 0; b < blocks; ++b) ++out.level_block_begin[level[b] + 1];
  for (size_t l = 0; l < levels; ++l) out.level_block_begin[l + 1] += out.level_block_begin[l];
  std::vector<uint32_t> order(blocks);  // blocks by level, in plan order within a level
  std::vector<uint32_t> fill(out.level_block_begin.begin(), out.level_block_begin.end() - 1);
  for (uint32_t b = 0; b < blocks; ++b) order[fill[level[b]]++] = b;
  out.records.reserve(records.size());
  out.block_begin.reserve(size_t(blocks) + 1);
  for (uint32_t b : order) {
    out.block_begin.push_back(uint32_t(out.records.size()));
    out.records.insert(out.records.end(), records.begin() + first[b],
                       records.begin() + first[b + 1]);
    out.read_in_block.insert(out.read_in_block.end(), read_in_block.begin() + first[b],
                             read_in_block.begin() + first[b + 1]);
  }
  out.block_begin.push_back(uint32_t(out.records.size()));
  return out;
}

double Evaluator::Span(const Levels& levels, int threads, uint32_t min_level) {
  double span = 0;
  for (size_t l = 0; l + 1 < levels.level_block_begin.size(); ++l) {
    uint32_t b0 = levels.level_block_begin[l], b1 = levels.level_block_begin[l + 1];
    double n = double(levels.block_begin[b1] - levels.block_begin[b0]);
    if (n < min_level) {
      span += n;
      continue;
    }
    uint32_t largest = 0;
    for (uint32_t b = b0; b < b1; ++b)
      largest = std::max(largest, levels.block_begin[b + 1] - levels.block_begin[b]);
    span += std::max(double(largest), n / threads);
  }
  return span;
}

void Evaluator::BuildSchedule(int threads, uint32_t min_level) {
  Levels chosen;
  if (schedule_ == ParallelSchedule::kRecords) {
    chosen = BuildLevels(false);
  } else if (schedule_ == ParallelSchedule::kBlocks) {
    chosen = BuildLevels(true);
  } else {
    Levels blocks = BuildLevels(true);
    Levels records = BuildLevels(false);
    // Blocks keep the serial run's cache locality (parallel_schedule.hpp); records must shorten the
    // critical path by more than that costs.
    if (Span(blocks, threads, min_level) <= 1.5 * Span(records, threads, min_level)) {
      chosen = std::move(blocks);
    } else {
      chosen = std::move(records);
    }
  }
  records_ = std::move(chosen.records);
  block_begin_ = std::move(chosen.block_begin);
  level_block_begin_ = std::move(chosen.level_block_begin);
  read_in_block_ = std::move(chosen.read_in_block);
  schedule_built_ = true;
}

size_t Evaluator::EvaluateAllParallel(ThreadPool& pool, uint32_t min_level, uint32_t min_chunk) {
  if (pool.threads() <= 1 || !CanRunParallel()) {
    EvaluateAll();
    return 0;
  }
  min_level = std::max<uint32_t>(min_level, 1);
  min_chunk = std::max<uint32_t>(min_chunk, 1);
  if (!schedule_built_) BuildSchedule(pool.threads(), min_level);
  const size_t threads = size_t(pool.threads());
  if (workers_.size() < threads) {
    workers_.resize(threads);
    for (size_t k = 1; k < threads; ++k)
      if (!workers_[k].interpreter)
        workers_[k].interpreter = std::make_unique<Interpreter>(formulas_);
  }
  size_t on_pool = 0;
  std::vector<uint32_t> task_begin;  // tasks of a level: runs of its blocks
  for (size_t l = 0; l + 1 < level_block_begin_.size(); ++l) {
    const uint32_t b0 = level_block_begin_[l], b1 = level_block_begin_[l + 1];
    const uint32_t r0 = block_begin_[b0], r1 = block_begin_[b1];
    const size_t n = r1 - r0;
    if (n < min_level || b1 - b0 == 1) {
      // Too small to pay for waking the pool (or one block): the serial path, on this thread.
      for (uint32_t i = r0; i < r1; ++i) EvaluateAt(records_[i]);
      continue;
    }
    // A few tasks per thread, so a thread that is slowed (or has slower records) does not
    // hold up the level; none smaller than min_chunk records; whole blocks each.
    const size_t tasks =
        std::max<size_t>(1, std::min((n + min_chunk - 1) / min_chunk, threads * 4));
    const size_t per = (n + tasks - 1) / tasks;
    task_begin.clear();  // by block
    for (uint32_t b = b0, taken = 0; b < b1; ++b) {
      if (task_begin.empty() || block_begin_[b] - taken >= per) {
        task_begin.push_back(b);
        taken = block_begin_[b];
      }
    }
    task_begin.push_back(b1);
    pool.Run(task_begin.size() - 1, [&](size_t task, int worker) {
      Worker& w = workers_[size_t(worker)];
      for (uint32_t b = task_begin[task]; b < task_begin[task + 1]; ++b) {
        const uint32_t end = block_begin_[b + 1];
        for (uint32_t i = block_begin_[b]; i < end; ++i) {
          if (EvaluateConcurrently(records_[i], w) && read_in_block_[i]) {
            // A deferred text write that the block's own later records read: the rest of the
            // block waits for the end of the level.
            w.rest.emplace_back(i + 1, end);
            break;
          }
        }
      }
    });
    // The level's blocks are done (or stopped) and no other thread runs: the deferred text
    // writes now, then what stopped blocks left, serially.
    for (Worker& w : workers_) {
      for (auto& [cell, value] : w.deferred) cells_.Set(cell, value);
      w.deferred.clear();
    }
    for (Worker& w : workers_) {
      for (auto [from, to] : w.rest)
        for (uint32_t i = from; i < to; ++i) EvaluateAt(records_[i]);
      w.rest.clear();
    }
    on_pool += n;
  }
  return on_pool;
}

bool Evaluator::StoreConcurrently(CellId cell, Value v, Worker& w) const {
  const double old = cells_.words()[cell];
  if (v.is_text() || (!WordIsNumber(old) && WordKind(old) == ValueKind::kText)) {
    w.deferred.emplace_back(cell, std::move(v));
    return true;
  }
  cells_.Set(cell, v);  // no text involved: writes the cell's word only
  return false;
}

// A record of a level, on any thread of the pool: EvaluateAt's work, except that it runs the
// worker's own interpreter and leaves text writes to the calling thread (StoreConcurrently;
// true when it did). What it reads belongs to earlier levels, which are complete, or to its own
// block, run before it on the same thread; it writes only its own cell (a range node: its own
// aggregate slot).
bool Evaluator::EvaluateConcurrently(uint32_t record, Worker& w) const {
  const uint32_t* rec = plan_.words().data() + record;
  const uint32_t head = rec[0];
  const Interpreter& interpreter = w.interpreter ? *w.interpreter : interpreter_;
  auto run = [&](uint32_t formula) {
    const FormulaCell& f = formulas_.formulas()[formula];
    return StoreConcurrently(f.cell, interpreter.Run(f, cells_.AddressOf(f.cell), *this, env_), w);
  };
  auto store_number = [&](CellId cell, double x) {
    const double old = cells_.words()[cell];
    if (!WordIsNumber(old) && WordKind(old) == ValueKind::kText) {
      w.deferred.emplace_back(cell, Value::Number(x));
      return true;
    }
    cells_.SetNumber(cell, x);
    return false;
  };
  switch (head & EvaluationPlan::kTagMask) {
    case EvaluationPlan::kNumeric: {
      double x;
      if (!RunRecord(rec, x)) return run(head & ~EvaluationPlan::kTagMask);
      if (formulas_.numeric(rec[1])->result_is_bool)
        return StoreConcurrently(rec[2], Value::Bool(x != 0), w);
      return store_number(rec[2], x);
    }
    case EvaluationPlan::kSumCells: {
      double total;
      if (SumOfCells(rec, total)) return store_number(rec[1], total);
      return run(head & ~EvaluationPlan::kTagMask);
    }
    case EvaluationPlan::kGeneral:
      // Cycle records are in no level (CanRunParallel excludes workbooks with cycles).
      return run(head & ~EvaluationPlan::kTagMask);
    default:
      EvaluateRangeNode(graph_.cell_capacity() + (head & ~EvaluationPlan::kTagMask));
      return false;
  }
}

void Evaluator::EvaluateSumOfCells(const uint32_t* rec) const {
  double total;
  if (SumOfCells(rec, total)) {
    cells_.SetNumber(rec[1], total);
    return;
  }
  // Text or booleans are skipped by SUM's rules, errors propagate, overflow is #NUM!: the
  // general interpreter settles those.
  const FormulaCell& f = formulas_.formulas()[rec[0] & ~EvaluationPlan::kTagMask];
  cells_.Set(f.cell, Run(f));
}

void Evaluator::EvaluateRecord(const uint32_t* rec) const {
  double x;
  if (RunRecord(rec, x)) {
    if (formulas_.numeric(rec[1])->result_is_bool) {
      cells_.Set(rec[2], Value::Bool(x != 0));
    } else {
      cells_.SetNumber(rec[2], x);
    }
    return;
  }
  const FormulaCell& f = formulas_.formulas()[rec[0] & ~EvaluationPlan::kTagMask];
  cells_.Set(f.cell, Run(f));
}

void Evaluator::EvaluateFormula(uint32_t formula) const {
  const uint32_t* rec = plan_.words().data() + plan_.RecordOf(formula);
  uint32_t tag = rec[0] & EvaluationPlan::kTagMask;
  if (depth_ > 0) {
    // Computed on demand (an INDIRECT read it before its turn): what it reads may still be
    // pending too, and only the interpreter reads through ReadCell, which computes those first.
    tag = EvaluationPlan::kGeneral;
  }
  if (tag == EvaluationPlan::kNumeric) {
    EvaluateRecord(rec);
  } else if (tag == EvaluationPlan::kSumCells) {
    EvaluateSumOfCells(rec);
  } else {
    const FormulaCell& f = formulas_.formulas()[formula];
    cells_.Set(f.cell, Run(f));
  }
}

void Evaluator::EvaluateNode(uint32_t node) const {
  if (tracked_) state_[node] = kEvaluating;
  if (graph_.is_range_node(node)) {
    EvaluateRangeNode(node);
  } else {
    EvaluateFormula(formulas_.FormulaOf(node));
  }
  if (tracked_) state_[node] = kClean;
}

void Evaluator::EvaluateRangeNode(uint32_t node) const {
  const RangeNode& rn = graph_.range_node(node);
  CachedAggregate a;
  a.min = std::numeric_limits<double>::infinity();
  a.max = -std::numeric_limits<double>::infinity();
  int32_t first_row = rn.range.row1;
  // A prefix caught in a cycle is never evaluated (outside iterative calculation), so its
  // aggregate means nothing: sum the whole range then.
  if (rn.prefix != kNoRangeNode &&
      (iterate_ || !graph_.is_cyclic(graph_.cell_capacity() + rn.prefix))) {
    uint32_t p = rn.prefix;
    uint32_t pnode = graph_.cell_capacity() + p;
    if (StateOf(pnode) == kPending) EvaluateNode(pnode);
    a = aggregates_[p];
    first_row = graph_.range_node(pnode).range.row2 + 1;
  }
  const double* words = cells_.words();
  cells_.ForEachAllocated(rn.range.sheet_first, first_row, rn.range.col1, rn.range.row2,
                          rn.range.col2, [&](CellId id, int32_t, int32_t) {
                            if (StateOf(id) == kPending) EvaluateNode(id);
                            double x = words[id];
                            if (WordIsNumber(x)) {
                              a.sum += x;
                              a.count += 1;
                              a.min = std::min(a.min, x);
                              a.max = std::max(a.max, x);
                            } else if (WordKind(x) == ValueKind::kError && a.error == 0) {
                              a.error = uint8_t(WordPayload(x));
                            }
                          });
  aggregates_[node - graph_.cell_capacity()] = a;
}

bool Evaluator::RangeAggregate(int fn, uint32_t range_index, Operand& out) const {
  uint32_t node = graph_.RangeNodeOf(range_index);
  if (node == kNoRangeNode) return false;
  uint32_t nid = graph_.cell_capacity() + node;
  // Not computed yet (only with dynamic reads), or part of a cycle: read the cells instead.
  if (StateOf(nid) != kClean || graph_.is_cyclic(nid)) return false;
  const CachedAggregate& a = aggregates_[node];
  if (fn == fn_count_) {
    out = Value::Number(a.count);
    return true;
  }
  // Only the aggregates below are answered from the cache: any other one-argument call over a
  // large range (COUNTA, COUNTBLANK, ROWS, ISERROR ...) reads the cells, so an error inside the
  // range must not become its result.
  if (fn != fn_sum_ && fn != fn_average_ && fn != fn_min_ && fn != fn_max_) return false;
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

namespace {
// Reads a cell for the numeric path: numbers as they are, empty as 0; false for anything else.
inline bool LoadNumber(const double* words, CellId id, double& out) {
  double w = words[id];
  if (WordIsNumber(w)) {
    out = w;
    return true;
  }
  if (WordKind(w) == ValueKind::kEmpty) {
    out = 0;
    return true;
  }
  return false;
}
}  // namespace

namespace {

// Running state of SUM / MIN / MAX / AVERAGE, specialised so the SUM loop is just an add.
template <NumAggregate kFn>
struct Accumulator {
  double total = 0;
  double count = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Take(double x) {
    if constexpr (kFn == NumAggregate::kSum || kFn == NumAggregate::kAverage) total += x;
    if constexpr (kFn == NumAggregate::kAverage) count += 1;
    if constexpr (kFn == NumAggregate::kMin) {
      lo = std::min(lo, x);
      count += 1;
    }
    if constexpr (kFn == NumAggregate::kMax) {
      hi = std::max(hi, x);
      count += 1;
    }
  }
  // Reference rules over a list of cells: numbers count, text/booleans/empty are skipped, an
  // error gives up (false).
  bool TakeCells(std::span<const CellId> ids, const double* words) {
    bool error = false;
    for (CellId id : ids) {
      double w = words[id];
      if (WordIsNumber(w)) {
        Take(w);
      } else {
        error |= WordKind(w) == ValueKind::kError;
      }
    }
    return !error;
  }
  bool Result(double& out) const {
    switch (kFn) {
      case NumAggregate::kSum:
        out = total;
        break;
      case NumAggregate::kMin:
        out = count ? lo : 0;
        break;
      case NumAggregate::kMax:
        out = count ? hi : 0;
        break;
      case NumAggregate::kAverage:
        if (count == 0) return false;
        out = total / count;
        break;
    }
    return std::isfinite(out);
  }
};

}  // namespace

template <NumAggregate kFn>
bool Evaluator::AggregateFromPlan(const NumericProgram& np, const NumInstr& in,
                                  const uint32_t*& cur, const double* stack_args,
                                  double& out) const {
  const double* words = cells_.words();
  Accumulator<kFn> acc;
  size_t on_stack = 0;
  for (uint32_t k = 0; k < in.n; ++k) {
    const NumArg& arg = np.args[in.a + k];
    if (!arg.is_reference) {
      acc.Take(stack_args[on_stack++]);
      continue;
    }
    if (arg.on_stack) ++on_stack;  // a loaded copy: the reference is read instead
    uint32_t w = *cur++;
    if (w == kBadOperand) return false;
    if (w != EvaluationPlan::kLargeRange) {
      if (!acc.TakeCells({cur, w}, words)) return false;
      cur += w;
      continue;
    }
    uint32_t r = *cur++;
    if (in.n == 1) {  // one large range: its cached aggregate, as the general path uses
      Operand agg;
      if (RangeAggregate(fn_of_aggregate_[int(kFn)], r, agg)) {
        if (!agg.value().is_number()) return false;
        out = agg.value().number();
        return true;
      }
    }
    const RangeRef& rr = formulas_.ranges()[r];
    bool ok = true;
    for (uint32_t s = rr.sheet_first; s <= rr.sheet_last && ok; ++s)
      cells_.ForEachAllocated(s, rr.row1, rr.col1, rr.row2, rr.col2,
                              [&](CellId id, int32_t, int32_t) {
                                ok &= acc.TakeCells({&id, 1}, words);
                              });
    if (!ok) return false;
  }
  return acc.Result(out);
}

bool Evaluator::RunRecord(const uint32_t* rec, double& result) const {
  const NumericProgram& np = *formulas_.numeric(rec[1]);
  const uint32_t* cur = rec + 4;
  double st[kMaxNumericStack + 1];
  int sp = 0;
  const double* words = cells_.words();
  const NumInstr* code = np.code.data();
  const size_t n = np.code.size();
  for (size_t pc = 0; pc < n; ++pc) {
    const NumInstr& i = code[pc];
    switch (i.op) {
      case NumOp::kConst:
        st[sp++] = np.consts[i.a];
        break;
      case NumOp::kLoad:
      case NumOp::kLoadReference: {
        CellId id = *cur++;
        if (id == kBadOperand || !LoadNumber(words, id, st[sp])) return false;
        ++sp;
        break;
      }
      case NumOp::kAggregate: {
        double v;
        const double* args = st + sp - i.popped;
        bool ok;
        switch (NumAggregate(i.fn)) {
          case NumAggregate::kSum:
            ok = AggregateFromPlan<NumAggregate::kSum>(np, i, cur, args, v);
            break;
          case NumAggregate::kMin:
            ok = AggregateFromPlan<NumAggregate::kMin>(np, i, cur, args, v);
            break;
          case NumAggregate::kMax:
            ok = AggregateFromPlan<NumAggregate::kMax>(np, i, cur, args, v);
            break;
          default:
            ok = AggregateFromPlan<NumAggregate::kAverage>(np, i, cur, args, v);
            break;
        }
        if (!ok) return false;
        sp -= i.popped;
        st[sp++] = v;
        break;
      }
      case NumOp::kNeg:
        st[sp - 1] = -st[sp - 1];
        break;
      case NumOp::kPercent:
        st[sp - 1] /= 100;
        break;
      case NumOp::kAdd:
        --sp;
        st[sp - 1] += st[sp];
        break;
      case NumOp::kSub:
        --sp;
        st[sp - 1] -= st[sp];
        break;
      case NumOp::kMul:
        --sp;
        st[sp - 1] *= st[sp];
        break;
      case NumOp::kDiv:
        --sp;
        if (st[sp] == 0) return false;
        st[sp - 1] /= st[sp];
        break;
      case NumOp::kPow:
        --sp;
        if (st[sp - 1] == 0 && st[sp] <= 0) return false;
        st[sp - 1] = std::pow(st[sp - 1], st[sp]);
        break;
      case NumOp::kEq:
      case NumOp::kNe:
      case NumOp::kLt:
      case NumOp::kLe:
      case NumOp::kGt:
      case NumOp::kGe: {
        --sp;
        int c = CompareNumbers15(st[sp - 1], st[sp]);
        bool b = i.op == NumOp::kEq   ? c == 0
                 : i.op == NumOp::kNe ? c != 0
                 : i.op == NumOp::kLt ? c < 0
                 : i.op == NumOp::kLe ? c <= 0
                 : i.op == NumOp::kGt ? c > 0
                                      : c >= 0;
        st[sp - 1] = b ? 1 : 0;
        break;
      }
      case NumOp::kRound: {
        --sp;
        double d = std::clamp(std::trunc(st[sp]), -400.0, 400.0);
        st[sp - 1] = ExcelRound(st[sp - 1], int(d));
        break;
      }
      case NumOp::kAbs:
        st[sp - 1] = std::fabs(st[sp - 1]);
        break;
      case NumOp::kJumpIfZero: {
        uint32_t skip = *cur++;
        --sp;
        if (st[sp] == 0) {
          pc = i.a - 1;
          cur += skip;
        }
        break;
      }
      case NumOp::kJump: {
        uint32_t skip = *cur++;
        pc = i.a - 1;
        cur += skip;
        break;
      }
    }
  }
  // Any non-finite intermediate (overflow, pow of a negative base) propagates to the result:
  // the general path then reports #NUM!.
  if (!std::isfinite(st[0])) return false;
  result = st[0];
  return true;
}

Value Evaluator::ReadCell(CellId id) const {
  uint8_t s = StateOf(id);
  if (s == kPending) {
    if (depth_ >= kMaxOnDemandDepth) return Value::Error(ErrorCode::kCycle);
    ++depth_;
    EvaluateNode(id);
    --depth_;
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
                              if (StateOf(id) != kClean || cells_.kind(id) != ValueKind::kEmpty) {
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
  return interpreter_.Run(f, cells_.AddressOf(f.cell), *this, env_);
}

}  // namespace suan
