// The units of a manifest as a tree: the city at the root, departments below it, their
// sub-units below them. Building it checks what makes a tree: every code once, every parent
// listed, no unit its own ancestor. A manifest with several roots gets a synthetic root (the
// city as a whole) so there is always one node to consolidate everything.
//
// Nodes are numbered in depth-first pre-order (a node before its members), and so are the
// units with figures of their own ("data units"); the data units of any subtree are then one
// contiguous range, which is what a consolidated node sums.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/city/manifest.hpp"

namespace suan::city {

struct TreeNode {
  int entry = -1;  // index in Manifest::units; -1 for the synthetic root
  std::string code, name;
  int parent = -1;
  std::vector<int> children;
  int depth = 0;
  int data_unit = -1;  // index of its own figures among the data units, -1 when it has none
  // The data units of the subtree (its own first): [data_begin, data_end).
  int data_begin = 0, data_end = 0;
  bool consolidates() const { return !children.empty(); }
};

class UnitTree {
 public:
  // Errors name the manifest record(s): duplicate codes, an unknown parent, a cycle.
  static absl::StatusOr<UnitTree> Build(const Manifest& manifest);

  const std::vector<TreeNode>& nodes() const { return nodes_; }
  const TreeNode& node(int n) const { return nodes_[size_t(n)]; }
  int root() const { return 0; }
  // Data units in pre-order: node index of each.
  const std::vector<int>& data_units() const { return data_units_; }
  // Nodes with members, in pre-order.
  const std::vector<int>& consolidating() const { return consolidating_; }
  // Node by code, -1 when none.
  int Find(std::string_view code) const;
  // The node and its ancestors up to the root, nearest first.
  std::vector<int> PathToRoot(int node) const;

 private:
  std::vector<TreeNode> nodes_;
  std::vector<int> data_units_;
  std::vector<int> consolidating_;
};

// The code of the synthetic root made for a manifest with several roots.
inline constexpr char kCityRootCode[] = "全市";

}  // namespace suan::city
