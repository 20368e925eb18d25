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
  cyclic_.clear();
  const std::vector<RangeRef>& ranges = formulas.ranges();
  const std::vector<FormulaCell>& cells_with_formulas = formulas.formulas();
  node_of_range_.assign(ranges.size(), kNoRangeNode);
  const uint32_t formula_count = uint32_t(cells_with_formulas.size());

  // What each formula, then each range node, reads: one flat list per "source" (formula f is
  // source f, range node r is source formula_count + r). Range nodes are numbered as they are
  // met, so their node ids are written tagged and fixed up once all are known.
  constexpr uint32_t kRangeTag = 0x80000000u;
  std::vector<uint32_t> pre_begin;
  std::vector<uint32_t> pre;
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
    pre_begin.reserve(size_t(formula_count) + 1);
    pre.reserve(size_t(formula_count) * 3);
    for (const FormulaCell& f : cells_with_formulas) {
      pre_begin.push_back(uint32_t(pre.size()));
      const Program& prog = formulas.program(f.program);
      const uint32_t* ops = formulas.operands(f);
      for (const Instr& i : prog.code) {
        if (i.op == OpCode::kCellValue) {
          if (ops[i.a] != kBadOperand) pre.push_back(ops[i.a]);
        } else if (i.op == OpCode::kReference) {
          uint32_t ri = ops[i.a];
          if (ri == kBadOperand) continue;
          const RangeRef& r = ranges[ri];
          int64_t area = int64_t(r.rows()) * r.cols();
          if (area <= kDirectRangeLimit && formulas.expanded(ri)) {
            // Already listed by the formula store (every sheet of a 3-D reference).
            for (CellId id : formulas.range_cells(ri)) pre.push_back(id);
            continue;
          }
          for (uint32_t s = r.sheet_first; s <= r.sheet_last; ++s) {
            if (area <= kDirectRangeLimit) {
              cells.ForEachAllocated(s, r.row1, r.col1, r.row2, r.col2,
                                     [&](CellId id, int32_t, int32_t) { pre.push_back(id); });
            } else {
              uint32_t n = intern(RangeKey{s, r.row1, r.col1, r.row2, r.col2});
              pre.push_back(n | kRangeTag);
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
    std::vector<int32_t> first_new_row(range_nodes_.size());
    for (size_t k = 0; k < by_shape.size(); ++k) {
      RangeNode& n = range_nodes_[by_shape[k]];
      first_new_row[by_shape[k]] = n.range.row1;
      if (k == 0) continue;
      const RangeRef& p = range_nodes_[by_shape[k - 1]].range;
      const RangeRef& r = n.range;
      if (p.sheet_first == r.sheet_first && p.col1 == r.col1 && p.col2 == r.col2 &&
          p.row1 == r.row1) {
        n.prefix = by_shape[k - 1];
        first_new_row[by_shape[k]] = p.row2 + 1;
      }
    }
    for (uint32_t rn = 0; rn < range_nodes_.size(); ++rn) {
      pre_begin.push_back(uint32_t(pre.size()));
      const RangeNode& n = range_nodes_[rn];
      if (n.prefix != kNoRangeNode) pre.push_back(n.prefix | kRangeTag);
      cells.ForEachAllocated(n.range.sheet_first, first_new_row[rn], n.range.col1, n.range.row2,
                             n.range.col2, [&](CellId id, int32_t, int32_t) { pre.push_back(id); });
    }
    pre_begin.push_back(uint32_t(pre.size()));
    for (uint32_t& x : pre)
      if (x & kRangeTag) x = cell_capacity_ + (x & ~kRangeTag);

    // Dependents, by node: the transpose of the lists above.
    uint32_t nodes = cell_capacity_ + uint32_t(range_nodes_.size());
    auto node_of_source = [&](uint32_t src) {
      return src < formula_count ? cells_with_formulas[src].cell
                                 : cell_capacity_ + (src - formula_count);
    };
    dep_offsets_.assign(size_t(nodes) + 1, 0);
    for (uint32_t x : pre) ++dep_offsets_[x + 1];
    for (uint32_t n = 0; n < nodes; ++n) dep_offsets_[n + 1] += dep_offsets_[n];
    dep_targets_.resize(pre.size());
    std::vector<uint32_t> fill(dep_offsets_.begin(), dep_offsets_.end() - 1);
    for (uint32_t src = 0; src + 1 < pre_begin.size(); ++src) {
      uint32_t dependent = node_of_source(src);
      for (uint32_t k = pre_begin[src]; k < pre_begin[src + 1]; ++k)
        dep_targets_[fill[pre[k]]++] = dependent;
    }
    stats.edges = pre.size();
    stats.range_nodes = range_nodes_.size();
  }
  ScopedTimer timer(stats.sort_ms);
  visit_epoch_.assign(node_count(), 0);
  epoch_ = 0;
  OrderByPrecedents(formulas, pre_begin, pre);
}

// Tarjan's strongly connected components over the precedents, without recursion (a chain of a
// million formulas must not overflow the stack). A component is emitted after everything it
// reads, so the emission order is an evaluation order; starting the walks from nodes in id
// order keeps a sheet's cells together, which keeps evaluation in cache. Components with more
// than one node, or a node that reads itself, are cycles: their nodes are left out of the
// order and marked cyclic. Works on sources (formulas, then range nodes), not node ids, so its
// bookkeeping is per computed node only.
void DependencyGraph::OrderByPrecedents(const FormulaStore& formulas,
                                        const std::vector<uint32_t>& pre_begin,
                                        const std::vector<uint32_t>& pre) {
  const uint32_t formula_count = uint32_t(formulas.formulas().size());
  const uint32_t sources = uint32_t(pre_begin.size() - 1);
  auto source_of_node = [&](uint32_t n) -> uint32_t {
    if (n >= cell_capacity_) return formula_count + (n - cell_capacity_);
    return formulas.FormulaOf(n);  // kNoFormula for inputs: not computed
  };
  auto node_of_source = [&](uint32_t src) {
    return src < formula_count ? formulas.formulas()[src].cell
                               : cell_capacity_ + (src - formula_count);
  };
  constexpr uint32_t kUnvisited = 0xFFFFFFFFu;
  constexpr uint32_t kDone = 0xFFFFFFFEu;  // low-link of a source whose component was emitted
  std::vector<uint32_t> index(sources, kUnvisited);
  std::vector<uint32_t> low(sources, 0);
  std::vector<uint32_t> scc_stack;
  struct Frame {
    uint32_t source;
    uint32_t next;  // next precedent to look at (index into pre)
  };
  std::vector<Frame> frames;
  order_.clear();
  order_.reserve(sources);
  uint32_t counter = 0;
  // Roots in node id order (cells by tile, then range nodes) for locality: walking the ids
  // finds the formulas in that order without sorting them.
  for (uint32_t root_node = 0; root_node < node_count(); ++root_node) {
    uint32_t root = source_of_node(root_node);
    if (root == kNoFormula || index[root] != kUnvisited) continue;
    index[root] = low[root] = counter++;
    scc_stack.push_back(root);
    frames.push_back({root, pre_begin[root]});
    while (!frames.empty()) {
      Frame& fr = frames.back();
      if (fr.next < pre_begin[fr.source + 1]) {
        uint32_t p = source_of_node(pre[fr.next++]);
        if (p == kNoFormula) continue;  // an input: nothing to order
        if (index[p] == kUnvisited) {
          index[p] = low[p] = counter++;
          scc_stack.push_back(p);
          frames.push_back({p, pre_begin[p]});
        } else if (low[p] != kDone) {  // on the stack: part of the current component
          low[fr.source] = std::min(low[fr.source], index[p]);
        }
        continue;
      }
      uint32_t n = fr.source;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().source] = std::min(low[frames.back().source], low[n]);
      if (low[n] != index[n]) continue;
      // n roots a component: pop it.
      if (scc_stack.back() == n) {
        scc_stack.pop_back();
        low[n] = kDone;
        uint32_t node = node_of_source(n);
        bool self_loop = false;
        for (uint32_t k = pre_begin[n]; k < pre_begin[n + 1]; ++k) self_loop |= pre[k] == node;
        if (self_loop) {
          cyclic_.insert(node);
          cycles_.push_back(Cycle{{node}, {node}, uint32_t(order_.size())});
        } else {
          order_.push_back(node);
        }
        continue;
      }
      std::vector<uint32_t> component;
      uint32_t m;
      do {
        m = scc_stack.back();
        scc_stack.pop_back();
        low[m] = kDone;
        uint32_t node = node_of_source(m);
        cyclic_.insert(node);
        component.push_back(node);
      } while (m != n);
      std::vector<uint32_t> path = CyclePath(component);
      cycles_.push_back(Cycle{std::move(path), std::move(component), uint32_t(order_.size())});
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

void DependencyGraph::CollectCone(std::span<const uint32_t> seeds, const uint32_t* key_of_node,
                                  std::vector<uint32_t>& keys) const {
  keys.clear();
  if (++epoch_ == 0) {  // wrapped (every 65,535 cones): forget all marks
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
    if (uint32_t k = key_of_node[n]) keys.push_back(k);
    for (uint32_t d : Dependents(n)) {
      if (visit_epoch_[d] == epoch_) continue;
      visit_epoch_[d] = epoch_;
      stack.push_back(d);
    }
  }
  std::sort(keys.begin(), keys.end());
  // Nodes may share a key (the members of one cycle): evaluate it once.
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

void DependencyGraph::CollectCone(std::span<const uint32_t> seeds, const uint32_t* key_of_node,
                                  std::vector<uint32_t>& keys,
                                  std::vector<uint64_t>& visited_bits) const {
  keys.clear();
  size_t words = (size_t(node_count()) + 63) / 64;
  if (visited_bits.size() < words) visited_bits.resize(words, 0);
  std::vector<uint32_t> seen;  // every node marked, to clear the marks again
  auto visit = [&](uint32_t n) {
    uint64_t& word = visited_bits[n >> 6];
    uint64_t bit = uint64_t(1) << (n & 63);
    if (word & bit) return false;
    word |= bit;
    seen.push_back(n);
    return true;
  };
  std::vector<uint32_t> stack;
  for (uint32_t s : seeds)
    if (s < node_count() && visit(s)) stack.push_back(s);
  while (!stack.empty()) {
    uint32_t n = stack.back();
    stack.pop_back();
    if (uint32_t k = key_of_node[n]) keys.push_back(k);
    for (uint32_t d : Dependents(n))
      if (visit(d)) stack.push_back(d);
  }
  for (uint32_t n : seen) visited_bits[n >> 6] = 0;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

size_t DependencyGraph::MemoryBytes() const {
  return dep_offsets_.capacity() * 4 + dep_targets_.capacity() * 4 + cyclic_.size() * 8 +
         visit_epoch_.capacity() * sizeof(visit_epoch_[0]) + order_.capacity() * 4 +
         node_of_range_.capacity() * 4 + range_nodes_.capacity() * sizeof(RangeNode);
}

}  // namespace suan
