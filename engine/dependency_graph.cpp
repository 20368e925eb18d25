#include "engine/dependency_graph.hpp"

#include <algorithm>
#include <tuple>

namespace suan {

namespace {

struct RangeKey {
  uint32_t sheet;
  int32_t row1, col1, row2, col2;
  friend bool operator==(const RangeKey&, const RangeKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const RangeKey& k) {
    return H::combine(std::move(h), k.sheet, k.row1, k.col1, k.row2, k.col2);
  }
};

}  // namespace

void DependencyGraph::Build(const CellStore& cells, const FormulaStore& formulas,
                            CalcStats& stats) {
  cell_capacity_ = cells.capacity();
  range_nodes_.clear();
  cycles_.clear();
  const std::vector<RangeRef>& ranges = formulas.ranges();
  node_of_range_.assign(ranges.size(), kNoRangeNode);

  // Edges as (precedent, dependent) pairs, then bucketed into CSR.
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  {
    ScopedTimer timer(stats.graph_ms);
    absl::flat_hash_map<RangeKey, uint32_t> node_by_range;
    auto intern = [&](const RangeKey& k) {
      auto [it, added] = node_by_range.try_emplace(k, uint32_t(range_nodes_.size()));
      if (added) {
        RangeNode n;
        n.range = RangeRef{k.sheet, k.sheet, k.row1, k.col1, k.row2, k.col2};
        range_nodes_.push_back(n);
      }
      return it->second;
    };
    // Range node ids are only final once all are known; use placeholders (index | high bit).
    constexpr uint32_t kRangeTag = 0x80000000u;
    edges.reserve(formulas.formulas().size() * 3);
    for (const FormulaCell& f : formulas.formulas()) {
      const Program& prog = formulas.program(f.program);
      const uint32_t* ops = formulas.operands(f);
      for (const Instr& i : prog.code) {
        if (i.op == OpCode::kCellValue) {
          if (ops[i.a] != kBadOperand) edges.emplace_back(ops[i.a], f.cell);
        } else if (i.op == OpCode::kReference) {
          uint32_t ri = ops[i.a];
          if (ri == kBadOperand) continue;
          const RangeRef& r = ranges[ri];
          int64_t area = int64_t(r.rows()) * r.cols();
          for (uint32_t s = r.sheet_first; s <= r.sheet_last; ++s) {
            if (area <= kDirectRangeLimit) {
              cells.ForEachAllocated(
                  s, r.row1, r.col1, r.row2, r.col2,
                  [&](CellId id, int32_t, int32_t) { edges.emplace_back(id, f.cell); });
            } else {
              uint32_t n = intern(RangeKey{s, r.row1, r.col1, r.row2, r.col2});
              edges.emplace_back(n | kRangeTag, f.cell);
              if (!r.is_3d()) node_of_range_[ri] = n;
            }
          }
        }
      }
    }
    // Range nodes over the same columns from the same first row form chains: each extends
    // the next shorter one by the rows it adds.
    std::vector<uint32_t> by_shape(range_nodes_.size());
    for (uint32_t i = 0; i < by_shape.size(); ++i) by_shape[i] = i;
    std::sort(by_shape.begin(), by_shape.end(), [&](uint32_t a, uint32_t b) {
      const RangeRef& x = range_nodes_[a].range;
      const RangeRef& y = range_nodes_[b].range;
      return std::tie(x.sheet_first, x.col1, x.col2, x.row1, x.row2) <
             std::tie(y.sheet_first, y.col1, y.col2, y.row1, y.row2);
    });
    for (size_t k = 0; k < by_shape.size(); ++k) {
      RangeNode& n = range_nodes_[by_shape[k]];
      const RangeRef& r = n.range;
      int32_t first_new_row = r.row1;
      if (k > 0) {
        const RangeRef& p = range_nodes_[by_shape[k - 1]].range;
        if (p.sheet_first == r.sheet_first && p.col1 == r.col1 && p.col2 == r.col2 &&
            p.row1 == r.row1) {
          n.prefix = by_shape[k - 1];
          first_new_row = p.row2 + 1;
          edges.emplace_back(n.prefix | kRangeTag, by_shape[k] | kRangeTag);
        }
      }
      uint32_t self = by_shape[k] | kRangeTag;
      cells.ForEachAllocated(r.sheet_first, first_new_row, r.col1, r.row2, r.col2,
                             [&](CellId id, int32_t, int32_t) { edges.emplace_back(id, self); });
    }
    // Range nodes take the ids after the cells.
    for (auto& [from, to] : edges) {
      if (from & kRangeTag) from = cell_capacity_ + (from & ~kRangeTag);
      if (to & kRangeTag) to = cell_capacity_ + (to & ~kRangeTag);
    }
    uint32_t nodes = cell_capacity_ + uint32_t(range_nodes_.size());
    dep_offsets_.assign(size_t(nodes) + 1, 0);
    for (const auto& e : edges) ++dep_offsets_[e.first + 1];
    for (uint32_t n = 0; n < nodes; ++n) dep_offsets_[n + 1] += dep_offsets_[n];
    dep_targets_.resize(edges.size());
    std::vector<uint32_t> fill(dep_offsets_.begin(), dep_offsets_.end() - 1);
    for (const auto& e : edges) dep_targets_[fill[e.first]++] = e.second;
    stats.edges = edges.size();
    stats.range_nodes = range_nodes_.size();
  }

  ScopedTimer timer(stats.sort_ms);
  uint32_t nodes = node_count();
  computed_.assign(nodes, 0);
  for (const FormulaCell& f : formulas.formulas()) computed_[f.cell] = 1;
  for (uint32_t i = 0; i < range_nodes_.size(); ++i) computed_[cell_capacity_ + i] = 1;
  visit_epoch_.assign(nodes, 0);
  epoch_ = 0;
  // Precedents among computed nodes (what each formula or range node reads that is itself
  // computed), as CSR: the walk below follows them.
  std::vector<uint32_t> pre_offsets(size_t(nodes) + 1, 0);
  for (const auto& e : edges)
    if (computed_[e.first]) ++pre_offsets[e.second + 1];
  for (uint32_t n = 0; n < nodes; ++n) pre_offsets[n + 1] += pre_offsets[n];
  std::vector<uint32_t> pre_targets(pre_offsets[nodes]);
  {
    std::vector<uint32_t> fill(pre_offsets.begin(), pre_offsets.end() - 1);
    for (const auto& e : edges)
      if (computed_[e.first]) pre_targets[fill[e.second]++] = e.first;
  }
  std::vector<std::pair<uint32_t, uint32_t>>().swap(edges);
  OrderByPrecedents(pre_offsets, pre_targets);
}

// Tarjan's strongly connected components over the precedents, without recursion (a chain of a
// million formulas must not overflow the stack). A component is emitted after everything it
// reads, so the emission order is an evaluation order; starting the walks from nodes in id
// order keeps a sheet's cells together, which keeps evaluation in cache. Components with more
// than one node, or a node that reads itself, are cycles: their nodes are left out of the
// order and marked cyclic.
void DependencyGraph::OrderByPrecedents(const std::vector<uint32_t>& pre_offsets,
                                        const std::vector<uint32_t>& pre_targets) {
  uint32_t nodes = node_count();
  constexpr uint32_t kUnvisited = 0xFFFFFFFFu;
  constexpr uint32_t kDone = 0xFFFFFFFEu;  // low-link of a node whose component was emitted
  std::vector<uint32_t> index(nodes, kUnvisited);
  std::vector<uint32_t> low(nodes, 0);
  std::vector<uint32_t> scc_stack;
  struct Frame {
    uint32_t node;
    uint32_t next;  // next precedent to look at (absolute index into pre_targets)
  };
  std::vector<Frame> frames;
  rank_.assign(nodes, 0);
  cyclic_.assign(nodes, 0);
  order_.clear();
  uint32_t counter = 0;
  for (uint32_t root = 0; root < nodes; ++root) {
    if (!computed_[root] || index[root] != kUnvisited) continue;
    index[root] = low[root] = counter++;
    scc_stack.push_back(root);
    frames.push_back({root, pre_offsets[root]});
    while (!frames.empty()) {
      Frame& fr = frames.back();
      if (fr.next < pre_offsets[fr.node + 1]) {
        uint32_t p = pre_targets[fr.next++];
        if (index[p] == kUnvisited) {
          index[p] = low[p] = counter++;
          scc_stack.push_back(p);
          frames.push_back({p, pre_offsets[p]});
        } else if (low[p] != kDone) {  // on the stack: part of the current component
          low[fr.node] = std::min(low[fr.node], index[p]);
        }
        continue;
      }
      uint32_t n = fr.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[n]);
      if (low[n] != index[n]) continue;
      // n roots a component: pop it.
      if (scc_stack.back() == n) {
        scc_stack.pop_back();
        low[n] = kDone;
        bool self_loop = false;
        for (uint32_t k = pre_offsets[n]; k < pre_offsets[n + 1]; ++k)
          self_loop |= pre_targets[k] == n;
        if (self_loop) {
          cyclic_[n] = 1;
          uint32_t at = uint32_t(order_.size());
          cycles_.push_back(Cycle{{n}, {n}, at, 2 * at + 1});
        } else {
          rank_[n] = 2 * uint32_t(order_.size()) + 2;
          order_.push_back(n);
        }
        continue;
      }
      std::vector<uint32_t> component;
      uint32_t m;
      do {
        m = scc_stack.back();
        scc_stack.pop_back();
        low[m] = kDone;
        cyclic_[m] = 1;
        component.push_back(m);
      } while (m != n);
      std::vector<uint32_t> path = CyclePath(component);
      uint32_t at = uint32_t(order_.size());
      cycles_.push_back(Cycle{std::move(path), std::move(component), at, 2 * at + 1});
    }
  }
}

// A simple cycle through the component's smallest node, in reference order (each node reads
// the next): the shortest way back to the start along dependents, reversed.
std::vector<uint32_t> DependencyGraph::CyclePath(const std::vector<uint32_t>& component) const {
  uint32_t start = *std::min_element(component.begin(), component.end());
  absl::flat_hash_map<uint32_t, uint32_t> parent;  // node -> the node it was reached from
  absl::flat_hash_map<uint32_t, bool> member;
  for (uint32_t c : component) member[c] = true;
  std::vector<uint32_t> queue{start};
  bool closed = false;
  uint32_t last = start;
  for (size_t q = 0; q < queue.size() && !closed; ++q) {
    uint32_t n = queue[q];
    for (uint32_t d : Dependents(n)) {
      if (!member.contains(d)) continue;
      if (d == start) {
        last = n;
        closed = true;
        break;
      }
      if (parent.try_emplace(d, n).second) queue.push_back(d);
    }
  }
  // Walk back from `last` to `start`: that is the dependents path reversed, i.e. reference order.
  std::vector<uint32_t> path{start};
  for (uint32_t n = last; n != start; n = parent[n]) path.push_back(n);
  return path;
}

void DependencyGraph::CollectCone(std::span<const uint32_t> seeds, const uint64_t* key_of_node,
                                  std::vector<uint64_t>& keys) const {
  keys.clear();
  if (++epoch_ == 0) {  // wrapped: forget all marks
    std::fill(visit_epoch_.begin(), visit_epoch_.end(), 0);
    epoch_ = 1;
  }
  std::vector<uint32_t>& stack = cone_stack_;
  stack.clear();
  for (uint32_t s : seeds) {
    if (s >= visit_epoch_.size() || visit_epoch_[s] == epoch_) continue;
    visit_epoch_[s] = epoch_;
    stack.push_back(s);
  }
  while (!stack.empty()) {
    uint32_t n = stack.back();
    stack.pop_back();
    if (uint64_t k = key_of_node[n]) keys.push_back(k);
    for (uint32_t d : Dependents(n)) {
      if (visit_epoch_[d] == epoch_) continue;
      visit_epoch_[d] = epoch_;
      stack.push_back(d);
    }
  }
  std::sort(keys.begin(), keys.end());
}

void DependencyGraph::CollectCone(std::span<const uint32_t> seeds, const uint64_t* key_of_node,
                                  std::vector<uint64_t>& keys,
                                  std::vector<uint64_t>& visited_bits) const {
  keys.clear();
  visited_bits.assign((size_t(node_count()) + 63) / 64, 0);
  auto visit = [&](uint32_t n) {
    uint64_t& word = visited_bits[n >> 6];
    uint64_t bit = uint64_t(1) << (n & 63);
    if (word & bit) return false;
    word |= bit;
    return true;
  };
  std::vector<uint32_t> stack;
  for (uint32_t s : seeds)
    if (s < node_count() && visit(s)) stack.push_back(s);
  while (!stack.empty()) {
    uint32_t n = stack.back();
    stack.pop_back();
    if (uint64_t k = key_of_node[n]) keys.push_back(k);
    for (uint32_t d : Dependents(n))
      if (visit(d)) stack.push_back(d);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

size_t DependencyGraph::MemoryBytes() const {
  return dep_offsets_.capacity() * 4 + dep_targets_.capacity() * 4 + rank_.capacity() * 4 +
         cyclic_.capacity() + computed_.capacity() + visit_epoch_.capacity() * 4 +
         order_.capacity() * 4 + node_of_range_.capacity() * 4 +
         range_nodes_.capacity() * sizeof(RangeNode);
}

}  // namespace suan
