// Narrative statements written out from the cells: the template's text with each placeholder
// replaced by the figure the tables give ("一般公共预算1,897.60万元，占34.58%，比上年预算增加
// 886.49万元，增长87.67%"), so a department's text can be generated, or compared by eye with
// what it published. An edit of the tables changes the sentences after Recalculate.
#pragma once

#include <string>
#include <vector>

#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/workbook.hpp"

namespace suan::model {

struct RenderedStatement {
  std::string id;
  std::string text;
};

// One sentence per statement (each-statements: one per sentence they matched).
std::vector<RenderedStatement> RenderNarrative(const Template& t, const CompiledUnit& unit,
                                               const Workbook& book);

}  // namespace suan::model
