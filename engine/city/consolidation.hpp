// The figures of a consolidated unit as formulas over its members' cells, so an edit of any
// member reaches the consolidated tables through the engine's dirty cone (their checks run in a
// workbook of their own, consolidated_checks.hpp).
//
// A fixed or code row sums the same aligned cell over the members' sheets, one 3-D reference
// per run of adjacent sheets: =SUM('u3:u9'!B5) for a subtree, whatever its size. A
// project row names its members' project cells one by one. Sums are at full precision (the
// members' figures as published, never re-rounded); a consolidated figure is rounded once,
// when it is presented. Only cells some member has a figure in get a formula.
//
// Checks: a consolidated discrepancy is the sum of its members' discrepancies, each allowed its
// own rounding tolerance, so a consolidated check allows the sum of its members' tolerances for
// the same check (column G of its row in the check workbook, kept current by the city) or its own,
// whichever is more; a verdict read with that column reports the tolerance applied (verdict.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/city/consolidated_shape.hpp"
#include "engine/city/member_sheets.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/workbook.hpp"

namespace suan::city {

// Column G of a consolidated unit's check sheet: the members' tolerances, summed.
inline constexpr int32_t kMemberToleranceCol = 6;

struct Member {
  const model::UnitData* data = nullptr;  // nullptr: nothing to sum (unreadable)
  const UnitPlacement* place = nullptr;
};

// Sets the formula of every consolidated cell of `unit` (compiled from `shape`), current and
// prior-year. `members` in any order. Returns the number of formulas written.
size_t WriteSumFormulas(const model::Template& t, const model::CompiledUnit& unit,
                        const ConsolidatedShape& shape, const AlignedRows& aligned,
                        const std::vector<Member>& members, Workbook& book);

// The formula of one consolidated cell (a fixed or code row's column), for a cell that had
// none when its first member figure arrives. Empty when the row is not laid out.
std::string SumFormula(const std::vector<Member>& members, const AlignedRows& aligned, int table,
                       int32_t aligned_row, int32_t column, const Workbook& book);

// Makes every check row's status compare with the larger of its own tolerance (D) and column G.
void UseMemberTolerances(const model::CompiledUnit& unit, Workbook& book);

}  // namespace suan::city
