// Shared helpers of the city tests: paths, the bundled model, cities built in memory from a
// synthetic city, every consolidated figure and verdict of a city in a comparable form, and
// running the `suan` binary.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/city/city.hpp"
#include "engine/city/synthetic_city.hpp"
#include "engine/model/template.hpp"

// The text contains the part (the text is shown when it does not).
#define EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "in: " << (text)

namespace suan::city::testing {

std::string DataPath(const std::string& relative);  // under tests/data
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
// A fresh, empty folder under the test's temporary directory.
std::string FreshDir(const std::string& name);

// The bundled budget model, loaded once.
const model::Template& BudgetModel();

// A synthetic city (failing the test when it cannot be made).
SyntheticCity Synthetic(int departments, uint64_t seed, int errors = 0);
// The city built from figures in memory (no files).
std::unique_ptr<City> BuildInMemory(const Manifest& manifest,
                                    const std::map<std::string, model::UnitData>& data,
                                    CityOptions options = {});
std::unique_ptr<City> BuildInMemory(const SyntheticCity& city, CityOptions options = {});
// code -> figures, for the units of a synthetic city that have some.
std::map<std::string, model::UnitData> DataByCode(const SyntheticCity& city);

// Every consolidated figure, rounded as written: "C0000|表3[208].合计" -> value.
std::map<std::string, double> ConsolidatedFigures(const City& city);
// Every unit's verdict: "D0001" -> "exact=…;rounding=…;failed=…|A3_16@208:failed|…".
std::map<std::string, std::string> Verdicts(City& city);

// Runs `suan ARGS`; returns the exit status, fills what it printed on stdout (and stderr).
int RunSuan(const std::string& args, std::string* out, std::string* err = nullptr);

// A verdict as one line: its counts, and each finding's status, message, values (at full
// precision) and cells; equal lines are equal verdicts.
std::string Describe(const Verdict& v);

}  // namespace suan::city::testing
