// What `suan consolidate` tells: every unit's checks ranked by severity, the failed checks with
// both sides and the cells they read, the units that could not be read, the city's totals;
// as JSON for scripts or one screen of text for people. And the consolidated tables themselves,
// written as the model's long-form CSV and JSON, each file atomically.
//
// Severity, worst first: a unit that could not be read; a unit with failed checks of its own;
// a consolidated unit whose failures are only its members' summed up ("inherited"); warnings
// (and codes the template's lists lack); everything holding.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/city/city.hpp"

namespace suan::city {

struct ReportInfo {
  std::string dir;    // the city's folder
  std::string model;  // the model file
  std::string out;    // where tables were written ("" none)
  int threads = 1;
  double write_ms = 0;
};

struct RankedUnit {
  const UnitStatus* unit = nullptr;
  int severity = 0;  // 4 unreadable, 3 failed, 2 failed (inherited only), 1 warning, 0 clean
  int own_failures = 0;
};

// Why checks were skipped, over the whole city: one entry per reason, most checks first.
struct CitySkipReason {
  std::string reason;
  int checks = 0, units = 0;
  std::string example_unit, example_check;  // the first unit and check it was seen for
};

struct CityReport {
  std::vector<UnitStatus> units;
  std::vector<RankedUnit> ranked;  // worst first
  model::CheckSummary checks;      // all units
  int units_failed = 0, consolidated_failed = 0, unreadable = 0, unknown_codes = 0;
  // Consolidated figures of the root: "表1[收入总计].预算数" -> value (rounded).
  std::vector<std::pair<std::string, double>> totals;
  std::vector<CitySkipReason> skipped;
  bool clean() const { return checks.failed == 0 && unreadable == 0 && unknown_codes == 0; }
};

CityReport MakeReport(City& city);

std::string ReportJson(const City& city, const CityReport& report, const ReportInfo& info);
// One screen: counts, timings, the worst findings (at most `lines`), the city's totals.
std::string ReportText(const City& city, const CityReport& report, const ReportInfo& info,
                       int lines = 15);

// Writes DIR/<code>.csv and DIR/<code>.json for every consolidated unit, each through a
// temporary file renamed into place. `progress` is told of each unit written.
absl::Status WriteConsolidatedTables(const City& city, const std::string& dir,
                                     const Progress& progress = nullptr);

}  // namespace suan::city
