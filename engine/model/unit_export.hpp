// A compiled unit's figures read back from its workbook into UnitData: what compute mode
// calculated (every total filled in), or a unit after edits, ready to be written as CSV/JSON
// or audited.
#pragma once

#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::model {

// Every laid-out row of every present table with the values its cells hold now; `source`
// gives the unit's name, year and narrative, which are copied.
UnitData ExportUnit(const Template& t, const UnitData& source, const CompiledUnit& unit,
                    const Workbook& book);

}  // namespace suan::model
