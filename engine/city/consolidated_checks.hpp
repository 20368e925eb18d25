// A consolidated unit's checks, run apart from the city's workbook.
//
// The city's workbook holds the consolidated tables: sums over the members' cells, kept current
// by its dirty cone (consolidation.hpp). Their checks are the template's, compiled over the
// consolidated figures in a workbook of their own, the way each unit's are: a city of 5,000
// departments has some 500 consolidated units of ~3,000 check formulas each, which in the
// city's workbook made most of its formulas, memory and rebuild time, while only the units
// being edited need theirs kept. So a consolidated unit's checks run once at the build (on the
// thread pool, like the units'), and stay live only while figures under it are edited: each
// edit then copies the consolidated cells it changed (one per level above the edited unit)
// into the check workbook, whose own dirty cone updates the checks.
//
// The figures are copied at full precision, so the checks see exactly the sums the city holds.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/city/consolidated_shape.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::city {

// The consolidated unit's figures as the city's workbook holds them now (current and
// prior-year, at full precision): what its checks are compiled over. `tables` is the unit's
// tables-only compile in `city` over `shape`.
model::UnitData ConsolidatedFigures(const model::Template& t, const ConsolidatedShape& shape,
                                    const model::CompiledUnit& tables, const Workbook& city);

// Its prior-year figures as the city's workbook holds them (full precision), where members
// gave some.
std::vector<model::PriorFigure> ConsolidatedPriorFigures(const model::Template& t,
                                                         const model::CompiledUnit& tables,
                                                         const Workbook& city);

// The members' tolerance of a check, by the check's id (consolidation.hpp: a consolidated
// check allows the larger of its own tolerance and the sum of its members').
using MemberTolerance = std::function<double(const std::string& check_id)>;

// Makes the statuses of a compiled check workbook compare with the members' tolerances (column
// G, filled from `tolerance`; direct checks keep theirs). Call before its first calculation.
void PutMemberTolerances(model::CompiledUnit& checks, Workbook& book,
                         const MemberTolerance& tolerance);

// Copies consolidated cells from the city's workbook (laid out by `tables`) to the check
// workbook (laid out by `checks`, compiled over the same rows): one cell, by table, part, row
// of the part's layout and value column, current or prior-year...
void CopyFigure(const model::CompiledUnit& tables, const Workbook& city,
                const model::CompiledUnit& checks, Workbook& book, int table, int part, int row,
                int column, bool prior);
// ...or every cell of every table, changed ones only.
void CopyFigures(const model::Template& t, const model::CompiledUnit& tables, const Workbook& city,
                 const model::CompiledUnit& checks, Workbook& book);

// Whether the two compiles laid out the same rows (cells copy by position).
bool SameLayout(const model::CompiledUnit& tables, const model::CompiledUnit& checks);

}  // namespace suan::city
