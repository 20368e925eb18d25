// The data-driven test format: a text file of cells, edits and expected values, run through the
// whole engine (parse, compile, graph, recalculation) by one small driver.
//
// clang-format off
//   # a comment
//   sheet Data                   create (if needed) and select a sheet; the first is Sheet1
//   A1 = 12.5                    set a cell: number | "text" | TRUE | FALSE | #N/A | =formula |
//                                empty
//   B1 = =A1*2
//   check B1 == 25               expected: number (equal at 15 significant digits) | "text" |
//                                TRUE | FALSE | an error literal | empty
//   check Data!B1 == 25
//   check B1 ~= 3.14159 1e-5     approximately, with an absolute tolerance
//   eval =ROUND(2.675,2) == 2.68 a formula in a scratch cell of the current sheet
//   diagnostic B1 contains "circular"   a load/cycle diagnostic for the cell mentions the text
//   recalc full                  recalculate from scratch (checks otherwise follow incremental
//                                recalculation after every edit)
//   option today 2024-06-30      fixes TODAY()
//   option seed 42               seeds RAND/RANDBETWEEN
//   option iterate 100 0.001     enables iterative calculation (max iterations, max change)
//   name Rate = =0.05            defines a workbook name; `name Sheet1!Local = =$A$1` a sheet one
// clang-format on
//
// After the last line the driver also checks that a full recalculation gives the same values
// as the incremental state, for every cell (not with iterative calculation, where each
// recalculation iterates further).
#pragma once

#include <string>
#include <vector>

namespace suan::testing {

struct CaseResult {
  int checks = 0;                     // expectations evaluated
  std::vector<std::string> failures;  // "file:line: what was expected, what was found"
};

CaseResult RunCaseFile(const std::string& path);
CaseResult RunCaseText(const std::string& text, const std::string& name);

}  // namespace suan::testing
