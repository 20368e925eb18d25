// The evaluation plan: the graph's evaluation order written out as one flat array of 32-bit
// words, with every numeric formula's operands already resolved to cell ids and its small
// ranges expanded inline.
//
// A full recalculation then reads this array front to back, and each formula's operands are
// the next words — no lookups by cell, no per-formula indirections. The layout of a record:
//
//   numeric formula   [kNumeric | formula] [numeric program] [cell] [end offset] operands…
//   sum of cells      [kSumCells | formula] [cell] [count] ids…   (SUM over small references
//                     only — row totals, subtotals, 3-D consolidations — run as a plain loop)
//   other formula     [kGeneral | formula]
//   cycle             [kGeneral | kCycleFlag | cycle index]   (iterative calculation)
//   range node        [kRangeNode | range node index]
//
// Operands follow the program's instructions in order: kLoad and kLoadReference take one cell
// id; an aggregate takes, for each reference argument, either [count][ids…] (expanded) or
// [kLargeRange][range index]; kJumpIfZero and kJump take the number of words their skipped
// branch occupies, so the reader can jump in the plan exactly as the program jumps.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/dependency_graph.hpp"
#include "engine/formula_store.hpp"
#include "engine/huge_page_allocator.hpp"

namespace suan {

class EvaluationPlan {
 public:
  static constexpr uint32_t kTagMask = 3u << 30;
  static constexpr uint32_t kNumeric = 0;
  static constexpr uint32_t kGeneral = 1u << 30;
  static constexpr uint32_t kRangeNode = 2u << 30;
  static constexpr uint32_t kSumCells = 3u << 30;
  static constexpr uint32_t kCycleFlag = 1u << 29;      // with kGeneral: a cycle to iterate
  static constexpr uint32_t kLargeRange = 0xFFFFFFFEu;  // marker in an aggregate's operands
  static constexpr uint32_t kNoRecord = 0xFFFFFFFFu;

  void Build(const FormulaStore& formulas, const DependencyGraph& graph, bool numeric_fast_path);

  const HugeVector<uint32_t>& words() const { return words_; }
  // The records of the graph's order end here; formulas in cycles have records after it.
  uint32_t order_end() const { return order_end_; }
  // Offset of a formula's record (by formula index).
  uint32_t RecordOf(uint32_t formula) const { return record_of_formula_[formula]; }
  uint32_t RecordOfRangeNode(uint32_t range_node) const { return record_of_range_[range_node]; }
  uint32_t RecordOfCycle(uint32_t cycle) const { return record_of_cycle_[cycle]; }
  size_t MemoryBytes() const { return words_.capacity() * 4 + record_of_formula_.capacity() * 4; }

 private:
  void AppendNumeric(const FormulaStore& formulas, uint32_t f, uint32_t numeric_program);
  // A SUM whose arguments are all small references: one record with all their cells.
  bool AppendSumOfCells(const FormulaStore& formulas, uint32_t f, const NumericProgram& np);

  HugeVector<uint32_t> words_;
  std::vector<uint32_t> record_of_formula_;
  std::vector<uint32_t> record_of_range_;
  std::vector<uint32_t> record_of_cycle_;
  uint32_t order_end_ = 0;
};

}  // namespace suan
