// Shared helpers of the model tests: paths, loading the bundled model, running a unit through
// the compiler and reading its verdicts, running the `suan` binary.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::model::testing {

std::string DataPath(const std::string& relative);   // under tests/data
std::string ModelPath(const std::string& relative);  // under models
std::string ReadFile(const std::string& path);
std::string SeedText();

// The bundled budget model, loaded once.
const Template& BudgetModel();

// A unit compiled into its own workbook, with its verdicts.
struct Checked {
  std::unique_ptr<Workbook> book;
  CompiledUnit unit;
  std::vector<CheckResult> results;
  CheckSummary summary;
  // Checks by status, id -> result.
  std::map<std::string, const CheckResult*> by_id;
  const CheckResult* Find(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }
  std::vector<std::string> WithStatus(const std::string& status) const;
};
Checked Check(const Template& t, const UnitData& unit, Mode mode = Mode::kAudit);
Checked Check(const Template& t, const UnitData& unit, const CompileOptions& options);

// Imports disclosure text through the model.
UnitData Import(const Template& t, const std::string& text, const std::string& name);

// Runs `suan ARGS`, returning the exit status and what it printed on stdout.
int RunSuan(const std::string& args, std::string* out);

// Notes whose message contains `part`.
int CountNotes(const UnitData& unit, const std::string& part);

}  // namespace suan::model::testing
