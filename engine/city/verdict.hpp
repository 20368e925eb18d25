// What a unit's checks say, read from the engine's check cells and kept small: counts by
// status, and for each check that did not hold (failed, or a warning) its values, where it is
// and the cells it reads, so a report can point at the figure to look at.
//
// Reading a verdict is a scan of the status cells; only the checks that did not hold are
// formatted (with the model's own messages), so a city of thousands of units reads fast.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/workbook.hpp"

namespace suan::city {

struct Finding {
  std::string check;  // the check's id: "表3:合计@2080101", "A3_16@208"
  std::string title;
  std::string kind;    // rule | check | text | document
  std::string status;  // failed | warning
  std::vector<std::string> tables;
  std::string location;  // 表3[2080101].合计
  std::string row, col;  // the location's row key and column ("" when it names none)
  bool has_values = false;
  double lhs = 0, rhs = 0, diff = 0, tolerance = 0;
  std::string message;
  // The cells the check reads, as "表3[2080101].基本支出" (its target first for a rule).
  std::vector<std::string> cells;
  // Consolidated units: members whose own check of the same id failed (the failure is theirs,
  // summed up), by unit code.
  std::vector<std::string> inherited_from;
};

// Checks that could not be evaluated for a unit, grouped by why (a table not published, a
// sentence not found, a unit named that the city lacks): the summary only counts them.
struct SkipReason {
  std::string reason;
  int checks = 0;
  std::string first_check;  // the id of the first check skipped for it, as an example
};

struct Verdict {
  model::CheckSummary summary;
  std::vector<Finding> findings;    // failed first, then warnings; in check order within each
  std::vector<SkipReason> skipped;  // in the order the reasons first occur
};

// Reads the verdict of `unit` from `book` (recalculated). `extra_tolerance_col`, when not -1, is
// a column of the check sheet whose figure the status also allowed (a consolidated unit's
// members' tolerances): reported tolerances are the larger of it and the check's own.
Verdict ReadVerdict(const model::Template& t, const model::CompiledUnit& unit, const Workbook& book,
                    int32_t extra_tolerance_col = -1);

// The tolerance each check row allows now, by index into unit.checks (0 for checks without
// formulas).
std::vector<double> ReadTolerances(const model::CompiledUnit& unit, const Workbook& book);

// "表3[2080101].合计" -> row "2080101", col "合计"; "表1[收入总计]" -> row "收入总计";
// "表6.合计" -> col "合计".
void SplitLocation(const std::string& location, std::string* row, std::string* col);

// The name of a cell of the unit's tables ("表3[208].合计", "上年.表3[208].合计"), "" when it is
// not a table cell (a narrative or check cell).
std::string TableCellName(const model::Template& t, const model::CompiledUnit& unit, uint32_t sheet,
                          int32_t row, int32_t col);

}  // namespace suan::city
