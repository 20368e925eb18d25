// The verdict of every check of a compiled unit, read from the engine's check cells, and the
// reports `suan check` prints: a summary and each check's status, both sides, where, and a
// message; as text for people or JSON for scripts.
#pragma once

#include <string>
#include <vector>

#include "engine/model/compile.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::model {

struct CheckResult {
  const CheckInstance* check = nullptr;
  std::string status;  // exact | rounding | convention | warning | failed | skipped
  bool has_values = false;
  double lhs = 0, rhs = 0, diff = 0, tolerance = 0;
  std::string message;
};

struct CheckSummary {
  int exact = 0, rounding = 0, convention = 0, warning = 0, failed = 0, skipped = 0;
};

std::vector<CheckResult> EvaluateChecks(const CompiledUnit& unit, const Workbook& book);
// The message of a check whose side, tolerance or status is an error value.
std::string CannotBeEvaluated(const CheckInstance& c, ErrorCode error);
CheckSummary Summarize(const std::vector<CheckResult>& results);

struct ReportOptions {
  std::string input;  // the file checked
  std::string model;  // the model file
  bool all = false;   // text: list exact checks too
};

std::string ChecksJson(const std::vector<CheckResult>& results, const UnitData& unit,
                       const ReportOptions& options);
std::string ChecksText(const std::vector<CheckResult>& results, const UnitData& unit,
                       const ReportOptions& options);

// "5,339.80"; more decimals only when the figure has them.
std::string FormatFigure(double v);

}  // namespace suan::model
