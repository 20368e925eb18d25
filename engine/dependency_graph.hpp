// Who depends on whom, and in which order to compute.
//
// Nodes are cells (by CellId) and range nodes (ids from cell_capacity() up). A formula depends
// directly on each cell it reads and on each cell of a small range; a large range becomes one
// range node that every formula using it depends on, so 1,000 formulas over the same
// 10,000-cell column cost 11,000 edges, not 10,000,000. A large range that extends another
// with the same columns and first row (A1:A100 after A1:A99) depends on that one plus the new
// rows, so a column of running totals SUM($A$1:An) costs linear edges and, through the range
// aggregates, linear evaluation.
//
// Dependents are stored as flat adjacency (CSR), rebuilt in bulk after a structural change and
// never touched by value edits. Computed nodes (formula cells, range nodes) have an evaluation
// order in which everything a node reads comes before it. Cells in a cycle are listed in
// cycles() and left out of the order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/calc_stats.hpp"
#include "engine/cell_store.hpp"
#include "engine/formula_store.hpp"
#include "engine/huge_page_allocator.hpp"

namespace suan {

inline constexpr uint32_t kNoRangeNode = 0xFFFFFFFFu;

// A large single-sheet range, kept as one node.
struct RangeNode {
  RangeRef range;
  uint32_t prefix = kNoRangeNode;  // the range node this one extends, if any
};

class DependencyGraph {
 public:
  // Ranges with at most this many cells (per sheet) are expanded into direct edges.
  static constexpr int64_t kDirectRangeLimit = 32;

  void Build(const CellStore& cells, const FormulaStore& formulas, CalcStats& stats);

  uint32_t cell_capacity() const { return cell_capacity_; }
  uint32_t node_count() const { return uint32_t(dep_offsets_.size() - 1); }
  bool is_range_node(uint32_t node) const { return node >= cell_capacity_; }
  const RangeNode& range_node(uint32_t node) const { return range_nodes_[node - cell_capacity_]; }
  size_t range_node_count() const { return range_nodes_.size(); }
  // The range node for a formula's reference operand (index into FormulaStore::ranges()), or
  // kNoRangeNode when the range is small, spans sheets, or is #REF!.
  uint32_t RangeNodeOf(uint32_t range_index) const {
    return range_index < node_of_range_.size() ? node_of_range_[range_index] : kNoRangeNode;
  }

  std::span<const uint32_t> Dependents(uint32_t node) const {
    return {dep_targets_.data() + dep_offsets_[node], dep_targets_.data() + dep_offsets_[node + 1]};
  }
  // Computed nodes (formula cells and range nodes) in evaluation order; cyclic ones excluded.
  const std::vector<uint32_t>& order() const { return order_; }
  bool is_cyclic(uint32_t node) const { return !cyclic_.empty() && cyclic_.contains(node); }
  // One path around each cycle, in reference order (each node reads the next; the last reads
  // the first). Every node of the cycle's component is is_cyclic(), not only those on the path.
  struct Cycle {
    std::vector<uint32_t> path;     // reference order; the last node reads the first
    std::vector<uint32_t> members;  // the whole strongly connected component
    // Where the cycle sits in the evaluation order: after order()[position - 1] and before
    // order()[position] (what it reads comes before, what reads it after).
    uint32_t position = 0;
  };
  const std::vector<Cycle>& cycles() const { return cycles_; }

  // The dirty cone of an edit: the keys of every node reachable from `seeds` (seeds
  // included) whose key is not 0, sorted and without repeats. The caller chooses the keys; keys
  // that grow along the evaluation order (such as offsets in an evaluation plan laid out in
  // that order) make the result an order that is safe to evaluate.
  void CollectCone(std::span<const uint32_t> seeds, const uint32_t* key_of_node,
                   std::vector<uint32_t>& keys) const;

  // The same with the caller's own visit marks (one bit per node), so several threads may
  // collect cones at once. The marks must be all clear on entry (they grow as needed) and are
  // all clear again on return: a caller keeping them (one per thread) pays for the cone, not
  // for the graph's size.
  void CollectCone(std::span<const uint32_t> seeds, const uint32_t* key_of_node,
                   std::vector<uint32_t>& keys, std::vector<uint64_t>& visited_bits) const;

  size_t edge_count() const { return dep_targets_.size(); }
  size_t MemoryBytes() const;

 private:
  void OrderByPrecedents(const FormulaStore& formulas, const std::vector<uint32_t>& pre_begin,
                         const std::vector<uint32_t>& pre);
  std::vector<uint32_t> CyclePath(const std::vector<uint32_t>& component) const;

  uint32_t cell_capacity_ = 0;
  std::vector<RangeNode> range_nodes_;
  std::vector<uint32_t> node_of_range_;
  HugeVector<uint32_t> dep_offsets_{0};
  HugeVector<uint32_t> dep_targets_;
  absl::flat_hash_set<uint32_t> cyclic_;  // usually empty
  std::vector<uint32_t> order_;
  std::vector<Cycle> cycles_;
  // Scratch for CollectCone: visit marks by epoch, so no clearing between edits.
  mutable std::vector<uint16_t> visit_epoch_;
  mutable uint16_t epoch_ = 0;
  mutable std::vector<uint32_t> cone_stack_;
};

}  // namespace suan
