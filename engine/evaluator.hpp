// The evaluator: brings the base workbook's values up to date, all of them or a dirty cone,
// by walking the evaluation plan (numeric records on the fast path, the rest through the
// general Interpreter) and storing results in the cell store.
//
// It is also the CellReader through which formulas read cells. Reading a cell that is part of
// the current recalculation but not yet computed (possible only through INDIRECT/OFFSET, whose
// dependencies are known at evaluation time) computes that cell first; a cell read while it is
// itself being computed is a cycle and reads as #CYCLE!.
//
// Large ranges carry aggregates (sum, count, min, max, first error), computed from the range
// they extend plus the new rows, so SUM/COUNT/AVERAGE/MIN/MAX over A1:An cost O(1) per range
// once A1:A(n-1) is known.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "engine/cell_store.hpp"
#include "engine/dependency_graph.hpp"
#include "engine/evaluation_plan.hpp"
#include "engine/formula_store.hpp"
#include "engine/interpreter.hpp"
#include "engine/parallel_schedule.hpp"
#include "engine/thread_pool.hpp"
#include "formulas/cell_source.hpp"
#include "formulas/function_registry.hpp"

namespace suan {

class Evaluator final : public CellReader {
 public:
  Evaluator(CellStore& cells, const FormulaStore& formulas, const DependencyGraph& graph,
            Environment& env);

  // Brings up to date everything that depends on `changed` (cells whose values were edited,
  // and volatile cells): collects the dirty cone and evaluates it in order. Returns the number
  // of nodes evaluated.
  size_t EvaluateDirty(std::span<const uint32_t> changed);
  // Builds the evaluation plan. With `numeric_fast_path` off every formula takes the general
  // interpreter (tests compare the two); with `iterate` cycles are iterated (Excel's iterative
  // calculation) instead of keeping #CYCLE!. Must be called before evaluating.
  void Prepare(bool numeric_fast_path, bool iterate, int max_iterations, double max_change);
  // Evaluates every computed node in the graph's order (a full recalculation).
  void EvaluateAll();

  // A full recalculation by topological level: levels one after another, the blocks of a level
  // with at least `min_level` records grouped into tasks of at least `min_chunk` records run on
  // `pool`, smaller levels on the calling thread (see parallel_schedule.hpp). Gives exactly
  // EvaluateAll's values. Falls back to EvaluateAll (and returns 0) when the workbook has what
  // cannot run in parallel (see CanRunParallel); otherwise returns the number of records run on the
  // pool.
  size_t EvaluateAllParallel(ThreadPool& pool, uint32_t min_level, uint32_t min_chunk);
  // False when a full recalculation must run serially: formulas with dynamic dependencies
  // (INDIRECT, OFFSET: a read may compute a cell on demand, which needs the pending marks and
  // an order, not levels), volatile formulas (RAND draws from the shared generator, and draws
  // in a different order give different numbers), or cycles (iterated, a cycle's members are
  // evaluated repeatedly, in turn; not iterated, what reads a cycle may read through it).
  bool CanRunParallel() const;
  // The level schedule (see parallel_schedule.hpp), built on the first parallel recalculation
  // after a rebuild or a change of schedule.
  void SetSchedule(ParallelSchedule s, uint32_t block_cap) {
    block_cap = std::max<uint32_t>(1, block_cap);
    if (s == schedule_ && block_cap == block_cap_) return;
    schedule_ = s;
    block_cap_ = block_cap;
    schedule_built_ = false;
  }
  size_t level_count() const {
    return level_block_begin_.empty() ? 0 : level_block_begin_.size() - 1;
  }
  size_t block_count() const { return block_begin_.empty() ? 0 : block_begin_.size() - 1; }
  // Runs a formula once outside any recalculation and returns its value (for tests, `eval`).
  Value EvaluateFormulaValue(uint32_t formula) const;

  const EvaluationPlan& plan() const { return plan_; }
  // Per node: its cone key (see key_of_node_), 0 when it is not computed.
  const uint32_t* keys() const { return key_of_node_.data(); }
  bool iterating() const { return iterate_; }
  int max_iterations() const { return max_iterations_; }
  double max_change() const { return max_change_; }

  // CellSource
  Value Get(uint32_t sheet, int32_t row, int32_t col) const override;
  void ForEachNonEmpty(
      const RangeRef& range,
      absl::FunctionRef<bool(uint32_t sheet, int32_t row, int32_t col, const Value&)> visit)
      const override;
  uint32_t SheetCount() const override { return cells_.sheet_count(); }
  std::optional<uint32_t> FindSheet(std::string_view name) const override {
    return cells_.FindSheet(name);
  }
  std::string SheetName(uint32_t sheet) const override { return cells_.sheet_name(sheet); }
  // CellReader: the value of a cell, computing it first if it is pending.
  Value ReadCell(CellId id) const override;
  bool RangeAggregate(int fn, uint32_t range_index, Operand& out) const override;

 private:
  enum State : uint8_t { kClean = 0, kPending = 1, kEvaluating = 2 };
  struct CachedAggregate {
    double sum = 0;
    double count = 0;
    double min = 0;
    double max = 0;
    uint8_t error = 0;  // ErrorCode of the first error in Excel order, 0 if none
  };

  // --- walking the plan ---
  void EvaluateAt(uint32_t record) const;  // any record: formula, range node, cycle
  void EvaluateFormula(uint32_t formula) const;
  void EvaluateRecord(const uint32_t* record) const;  // a numeric formula
  void EvaluateSumOfCells(const uint32_t* record) const;
  void EvaluateRangeNode(uint32_t node) const;
  // SUM over a kSumCells record's cells when every one is a number or empty and the total is
  // finite; false leaves the formula to the general interpreter.
  bool SumOfCells(const uint32_t* record, double& total) const;
  void EvaluateCycle(uint32_t cycle) const;  // iterative calculation
  Value Run(const FormulaCell& f) const;     // the general interpreter
  // The numeric fast path over a plan record; false when it gives up (the general
  // interpreter then decides).
  bool RunRecord(const uint32_t* record, double& result) const;
  // SUM/MIN/MAX/AVERAGE of a numeric program, reading reference arguments from the plan.
  template <NumAggregate kFn>
  bool AggregateFromPlan(const NumericProgram& np, const NumInstr& in, const uint32_t*& cur,
                         const double* stack_args, double& out) const;
  uint32_t NodeOfRecord(uint32_t record) const;

  // --- dynamic dependencies (INDIRECT, OFFSET) ---
  // Marks nodes as part of the coming evaluation (so dynamic reads compute them first).
  void MarkPending(std::span<const uint32_t> nodes);
  // Evaluates nodes in order; pending ones only (those computed on demand are skipped).
  void EvaluateInOrder(std::span<const uint32_t> nodes);
  void EvaluateNode(uint32_t node) const;
  uint8_t StateOf(uint32_t n) const { return tracked_ ? state_[n] : uint8_t(kClean); }

  // --- parallel full recalculation ---
  // What one thread of the pool owns: its own interpreter (operand stacks) and the writes it
  // must leave to the calling thread. A cell's word is written only by the thread computing it,
  // but texts live in a table shared by the whole store (CellStore::Set may grow it and reuses
  // freed slots), so any write that puts a text in a cell or replaces one is deferred to the
  // end of the level, when no other thread runs. No other block of the level reads those cells;
  // a block whose own later records read one stops there and is finished after the level.
  struct Worker {
    std::unique_ptr<Interpreter> interpreter;  // null for worker 0: it uses interpreter_
    std::vector<std::pair<CellId, Value>> deferred;
    // Blocks stopped at a deferred write that a later record of the block reads: the records
    // still to run (execution indexes [first, second)), run serially after the level.
    std::vector<std::pair<uint32_t, uint32_t>> rest;
  };
  struct Levels {
    std::vector<uint32_t> records;            // plan records, in execution order
    std::vector<uint32_t> block_begin;        // block b: records[block_begin[b] .. [b + 1])
    std::vector<uint32_t> level_block_begin;  // level l: blocks [level_block_begin[l] .. [l + 1])
    std::vector<uint8_t> read_in_block;       // by record: a later record of its block reads it
  };
  Levels BuildLevels(bool by_blocks) const;
  // The critical path of a schedule in records, on `threads` threads.
  static double Span(const Levels& levels, int threads, uint32_t min_level);
  void BuildSchedule(int threads, uint32_t min_level);
  bool EvaluateConcurrently(uint32_t record, Worker& w) const;
  bool StoreConcurrently(CellId cell, Value v, Worker& w) const;

  // The evaluator is logically const towards its callers' view (CellSource::Get is const) but
  // computes pending cells on demand; the mutable state is the recalculation's own.
  CellStore& cells_;
  const FormulaStore& formulas_;
  const DependencyGraph& graph_;
  Environment& env_;
  Interpreter interpreter_;
  EvaluationPlan plan_;
  // Per node: its plan record + 1, or 0 for nodes that are not computed (inputs, cells in
  // cycles). The dirty cone is collected and sorted as these keys.
  HugeVector<uint32_t> key_of_node_;
  mutable std::vector<uint32_t> cone_;
  mutable std::vector<uint32_t> cone_nodes_;
  mutable std::vector<CachedAggregate> aggregates_;  // by range node
  // Pending marks are needed only when some formula reads cells it does not name (INDIRECT,
  // OFFSET): then a read may have to compute a cell first. Otherwise order alone suffices.
  bool tracked_ = false;
  bool has_volatile_ = false;           // some formula is volatile (RAND, TODAY ...)
  mutable std::vector<uint8_t> state_;  // by node id; only when tracked_
  mutable size_t depth_ = 0;            // nesting of on-demand evaluation
  bool iterate_ = false;
  int max_iterations_ = 100;
  double max_change_ = 0.001;
  // The schedule (BuildSchedule).
  ParallelSchedule schedule_ = ParallelSchedule::kAuto;
  uint32_t block_cap_ = 4096;
  bool schedule_built_ = false;
  std::vector<uint32_t> records_;
  std::vector<uint32_t> block_begin_;
  std::vector<uint32_t> level_block_begin_;
  std::vector<uint8_t> read_in_block_;
  std::vector<Worker> workers_;
  int fn_sum_, fn_count_, fn_average_, fn_min_, fn_max_;
  int fn_of_aggregate_[4];  // registry ids by NumAggregate
};

}  // namespace suan
