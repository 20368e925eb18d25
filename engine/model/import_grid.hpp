// Reading one occurrence of a model's grid (a 绩效目标表) from a grid of the disclosure's
// narrative (DisclosureDocument::other_tables, read cell by cell):
//
//  - fields: a cell whose normalised text is a field's caption; its value is the next non-blank
//    cell of the same row ("年度预算总额 | 812.00 | 其中：财政拨款 | 812.00");
//  - the header row: the first row naming one of the grid's columns; the item rows are the
//    rows below it, each column read at the position of its caption;
//  - a row whose item name (the `items … by` text column) is blank, or that holds nothing but
//    the rest of a wrapped name, continues the item above (a row wrapped across a page break):
//    its figures fill the item's blank cells, its texts are appended; a repeated header row is
//    skipped.
//
// Figures are read as published: "10", "10.0", "10分", "１０", "3,452.95"; a cell that is not
// one number is no figure (nullopt): the checks that read it are skipped, and say why.
//
// Cells are taken by position as a tab-separated grid gives them; in a grid printed with
// aligned spaces (pdftotext -layout), whose blank cells leave no trace, a run of text goes under
// the caption it starts under, a figure under the caption it ends under (right-aligned).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/disclosure_text.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"

namespace suan::model {

// Field figures are converted to `unit` (the model's) from the unit their row's caption states
// ("项目资金（元）"), else the grid's ("单位：元"); weights are points, never converted.
GridOccurrence ReadGridOccurrence(const GridDef& def, const DisclosureTable& grid,
                                  std::string_view unit);

// A cell as a figure: nullopt when blank or not one number.
std::optional<double> GridFigure(std::string_view cell);

}  // namespace suan::model
