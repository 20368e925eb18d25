// The linear form of a model expression: Σ ±cell, when it is one (sums and differences of
// cells, row sets and SUM(…)); used by rounding balance, which must keep every declared
// equality exact after rounding.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/model/compile.hpp"
#include "engine/model/resolver.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"
#include "formulas/model/ast.hpp"

namespace suan::model {

using LinearTerms = std::vector<std::pair<CellRef, int>>;  // cell, +1 or -1

// Appends `sign` × e to `out`; false when e is not a sum of cells (a product, a constant other
// than 0, a function other than SUM, a reference that cannot be resolved).
bool AppendLinear(const ast::expression& e, const Scope& scope, const Resolver& resolver, int sign,
                  LinearTerms& out);

// An equality Σ terms = 0 the unit's figures must satisfy: a rule instance (target − formula)
// or a declared '=' check (lhs − rhs).
struct LinearRelation {
  std::string id;
  bool rule = false;
  CellRef target;  // rules: the calculated cell
  LinearTerms terms;
};

// The unit laid out in `book` (audit mode) with every linear equality of its rules and checks.
struct LinearUnit {
  CompiledUnit unit;
  std::vector<LinearRelation> relations;
};
absl::StatusOr<LinearUnit> CollectLinearRelations(const Template& t, const UnitData& unit,
                                                  Workbook& book);

}  // namespace suan::model
