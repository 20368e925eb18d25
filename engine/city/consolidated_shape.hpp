// The shape of a consolidated unit (汇总): the rows its tables have, the union of its members'
// rows (a unit has only the 科目 codes and projects it uses, so the city's 表3 has every code
// some department uses), as a UnitData without figures that the model lays out and compiles
// like any unit. Its figures are formulas over the members' cells (consolidation.hpp).
//
// A table is published when a member publishes it, and empty when every member's is. The
// counts of members behind each row tell, when a member changes, whether the union changed
// (a row gained its first member or lost its last) or only figures did.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::city {

struct ShapeCounts {
  absl::flat_hash_map<std::string, int> rows;  // row identity -> members with the row
  std::vector<int> present;                    // by table: members publishing it
  std::vector<int> nonempty;                   // by table: members with figures in it

  void Add(const model::Template& t, const model::UnitData& unit, int sign);
  // The same union (rows, published and empty tables) as `other`.
  bool SameUnion(const ShapeCounts& other) const;
};

struct ConsolidatedShape {
  model::UnitData data;  // rows, no figures
  ShapeCounts counts;
  // A member's project identity -> the key of its row in `data` (projects of the same name
  // under different codes are all told apart by their code: "名称（2080101）").
  absl::flat_hash_map<std::string, std::string> item_key;
};

ConsolidatedShape BuildShape(const model::Template& t,
                             const std::vector<const model::UnitData*>& members,
                             const std::string& name);

}  // namespace suan::city
