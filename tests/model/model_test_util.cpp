#include "tests/model/model_test_util.hpp"

#include "engine/model/unit_file.hpp"
#include "gtest/gtest.h"
#include "tests/support/test_files.hpp"

namespace suan::model::testing {

std::string DataPath(const std::string& relative) {
  return std::string(SUAN_TEST_DATA) + "/" + relative;
}
std::string ModelPath(const std::string& relative) {
  return std::string(SUAN_MODELS) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  return test_support::ReadFile(path);
}

std::string SeedText() {
  static const std::string text = ReadFile(DataPath("disclosures/changji-hrss-2026-budget.txt"));
  return text;
}

const Template& BudgetModel() {
  static const std::unique_ptr<Template> t = [] {
    absl::StatusOr<std::unique_ptr<Template>> loaded =
        LoadTemplate(ModelPath("budget-disclosure-2026.suan"));
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      return std::unique_ptr<Template>();
    }
    return *std::move(loaded);
  }();
  return *t;
}

std::vector<std::string> Checked::WithStatus(const std::string& status) const {
  std::vector<std::string> ids;
  for (const CheckResult& r : results) {
    if (r.status == status) ids.push_back(r.check->id);
  }
  return ids;
}

Checked Check(const Template& t, const UnitData& unit, Mode mode) {
  CompileOptions options;
  options.mode = mode;
  return Check(t, unit, options);
}

Checked Check(const Template& t, const UnitData& unit, const CompileOptions& options) {
  Checked c;
  c.book = std::make_unique<Workbook>();
  absl::StatusOr<CompiledUnit> compiled = CompileUnit(t, unit, options, *c.book);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  if (!compiled.ok()) return c;
  c.unit = *std::move(compiled);
  c.results = EvaluateChecks(c.unit, *c.book);
  c.summary = Summarize(c.results);
  for (const CheckResult& r : c.results) c.by_id[r.check->id] = &r;
  return c;
}

UnitData Import(const Template& t, const std::string& text, const std::string& name) {
  absl::StatusOr<UnitData> unit = ReadUnitText(t, text, name);
  EXPECT_TRUE(unit.ok()) << unit.status();
  return unit.ok() ? *std::move(unit) : UnitData::For(t);
}

int RunSuan(const std::string& args, std::string* out) {
  return test_support::RunCommand(std::string(SUAN_BINARY) + " " + args, out, nullptr, "");
}

int CountNotes(const UnitData& unit, const std::string& part) {
  int n = 0;
  for (const ImportNote& note : unit.notes) {
    if (note.message.find(part) != std::string::npos) ++n;
  }
  return n;
}

}  // namespace suan::model::testing
