#include "engine/city/unit_tree.hpp"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace suan::city {

absl::StatusOr<UnitTree> UnitTree::Build(const Manifest& manifest) {
  const std::vector<UnitEntry>& units = manifest.units;
  absl::flat_hash_map<std::string, int> by_code;
  std::vector<std::string> problems;
  for (size_t k = 0; k < units.size(); ++k) {
    auto [it, added] = by_code.emplace(units[k].code, int(k));
    if (!added) {
      problems.push_back(absl::StrCat(units[k].where, ": unit code ", units[k].code,
                                      " is given twice (first at ", units[size_t(it->second)].where,
                                      ")"));
    }
  }
  std::vector<int> parent(units.size(), -1);
  for (size_t k = 0; k < units.size(); ++k) {
    const UnitEntry& e = units[k];
    if (e.parent.empty()) continue;
    auto it = by_code.find(e.parent);
    if (it == by_code.end()) {
      problems.push_back(absl::StrCat(e.where, ": unit ", e.code, " names parent ", e.parent,
                                      ", which the manifest does not list"));
      continue;
    }
    parent[k] = it->second;
  }
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));

  // A cycle: following parents from some unit comes back to a unit already on the way.
  std::vector<int> state(units.size(), 0);  // 0 unseen, 1 on the current walk, 2 done
  for (size_t start = 0; start < units.size(); ++start) {
    std::vector<int> walk;
    int u = int(start);
    while (u >= 0 && state[size_t(u)] == 0) {
      state[size_t(u)] = 1;
      walk.push_back(u);
      u = parent[size_t(u)];
    }
    if (u >= 0 && state[size_t(u)] == 1) {
      std::vector<std::string> codes, where;
      size_t from = 0;
      while (walk[from] != u) ++from;
      for (size_t k = from; k < walk.size(); ++k) {
        codes.push_back(units[size_t(walk[k])].code);
        where.push_back(units[size_t(walk[k])].where);
      }
      codes.push_back(units[size_t(u)].code);
      return absl::InvalidArgumentError(
          absl::StrCat("the unit tree has a cycle: ", absl::StrJoin(codes, " -> "),
                       " (each names the next as its parent; ", absl::StrJoin(where, ", "), ")"));
    }
    for (int w : walk) state[size_t(w)] = 2;
  }

  UnitTree tree;
  std::vector<int> roots;
  for (size_t k = 0; k < units.size(); ++k) {
    if (parent[k] < 0) roots.push_back(int(k));
  }
  // Children of each entry in manifest order.
  std::vector<std::vector<int>> children(units.size());
  for (size_t k = 0; k < units.size(); ++k) {
    if (parent[k] >= 0) children[size_t(parent[k])].push_back(int(k));
  }
  // Pre-order numbering, iteratively (a deep manifest must not overflow the stack).
  struct Pending {
    int entry;
    int parent_node;
  };
  std::vector<Pending> stack;
  if (roots.size() == 1) {
    stack.push_back({roots[0], -1});
  } else {
    TreeNode city;
    city.code = kCityRootCode;
    city.name = kCityRootCode;
    tree.nodes_.push_back(city);
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, 0});
  }
  while (!stack.empty()) {
    Pending p = stack.back();
    stack.pop_back();
    const UnitEntry& e = units[size_t(p.entry)];
    TreeNode n;
    n.entry = p.entry;
    n.code = e.code;
    n.name = e.name.empty() ? e.code : e.name;
    n.parent = p.parent_node;
    int id = int(tree.nodes_.size());
    if (p.parent_node >= 0) {
      n.depth = tree.nodes_[size_t(p.parent_node)].depth + 1;
      tree.nodes_[size_t(p.parent_node)].children.push_back(id);
    }
    tree.nodes_.push_back(std::move(n));
    const std::vector<int>& kids = children[size_t(p.entry)];
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, id});
  }
  // Data units in pre-order, and each subtree's range of them (children follow their parent
  // in pre-order, so a reverse pass sees every member before its parent).
  for (size_t n = 0; n < tree.nodes_.size(); ++n) {
    TreeNode& node = tree.nodes_[n];
    node.data_begin = int(tree.data_units_.size());
    if (node.entry >= 0 && !units[size_t(node.entry)].file.empty()) {
      node.data_unit = int(tree.data_units_.size());
      tree.data_units_.push_back(int(n));
    }
    if (node.consolidates()) tree.consolidating_.push_back(int(n));
  }
  for (size_t n = tree.nodes_.size(); n-- > 0;) {
    TreeNode& node = tree.nodes_[n];
    node.data_end = node.data_unit >= 0 ? node.data_unit + 1 : node.data_begin;
    for (int c : node.children) {
      node.data_end = std::max(node.data_end, tree.nodes_[size_t(c)].data_end);
    }
  }
  return tree;
}

int UnitTree::Find(std::string_view code) const {
  for (size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].code == code) return int(n);
  }
  return -1;
}

std::vector<int> UnitTree::PathToRoot(int node) const {
  std::vector<int> path;
  for (int n = node; n >= 0; n = nodes_[size_t(n)].parent) path.push_back(n);
  return path;
}

}  // namespace suan::city
