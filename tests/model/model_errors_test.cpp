// Model-language diagnostics, data-driven (tests/data/model/model-errors.txt): every mistake in
// a model is reported with its file, line and column, the reason, and the line with a caret,
// before any unit's data is read.
#include <random>
#include <sstream>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

namespace suan::model {
namespace {

using namespace testing;

struct ErrorCase {
  std::string name, model, expected;
};

std::vector<ErrorCase> ReadCases() {
  std::vector<ErrorCase> cases;
  std::istringstream in(ReadFile(DataPath("model/model-errors.txt")));
  std::string line;
  enum { kNone, kModel, kExpected } state = kNone;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back({line.substr(4), "", ""});
      state = kModel;
    } else if (line == "---" && state == kModel) {
      state = kExpected;
    } else if (state == kModel) {
      cases.back().model += line + "\n";
    } else if (state == kExpected && !line.empty() && cases.back().expected.empty()) {
      cases.back().expected = line;
    }
  }
  return cases;
}

TEST(ModelErrors, NameFileLineColumnAndReason) {
  std::vector<ErrorCase> cases = ReadCases();
  ASSERT_GE(cases.size(), 18u);
  for (const ErrorCase& c : cases) {
    absl::StatusOr<std::unique_ptr<Template>> t =
        BuildTemplate(c.model, "m.suan", DataPath("model"));
    ASSERT_FALSE(t.ok()) << c.name;
    std::string message(t.status().message());
    // DATA/ in an expectation is the test data directory.
    std::string expected = c.expected;
    if (expected.rfind("DATA/", 0) == 0) expected = DataPath(expected.substr(5));
    EXPECT_EQ(message.substr(0, expected.size()), expected) << c.name << "\n" << message;
    // The offending line is shown with a caret under the position.
    EXPECT_NE(message.find("\n  "), std::string::npos) << c.name << "\n" << message;
    EXPECT_NE(message.find('^'), std::string::npos) << c.name << "\n" << message;
  }
}

TEST(ModelErrors, AllProblemsAreReportedNotJustTheFirst) {
  absl::StatusOr<std::unique_ptr<Template>> t = BuildTemplate(
      "table 表1 \"收支\" {\n  col 预算数\n  row 收入总计\n}\n"
      "check: 表1[甲] = 0\ncheck: 表1[乙] = 0\n",
      "m.suan", DataPath("model"));
  ASSERT_FALSE(t.ok());
  std::string message(t.status().message());
  EXPECT_NE(message.find("m.suan:5:"), std::string::npos) << message;
  EXPECT_NE(message.find("m.suan:6:"), std::string::npos) << message;
}

// The bundled model cut at random places: each piece loads or gives a located error, and what
// loads compiles the seed without crashing.
TEST(ModelErrors, CutModelsLoadOrReportNeverCrash) {
  const std::string model = ReadFile(ModelPath("budget-disclosure-2026.suan"));
  std::mt19937 rng(7);
  int loaded = 0;
  for (int k = 0; k < 60; ++k) {
    std::string text = model.substr(0, std::uniform_int_distribution<size_t>(0, model.size())(rng));
    absl::StatusOr<std::unique_ptr<Template>> t = BuildTemplate(text, "cut.suan", ModelPath("."));
    if (!t.ok()) {
      EXPECT_EQ(std::string(t.status().message()).rfind("cut.suan:", 0), 0u) << t.status();
      continue;
    }
    ++loaded;
    Checked c = Check(**t, Import(**t, SeedText(), "seed.txt"));
    EXPECT_EQ(c.results.size(), c.unit.checks.size());
  }
  EXPECT_GT(loaded, 0);
}

TEST(ModelErrors, TheBundledModelsLoad) {
  for (const char* name :
       {"budget-disclosure-2026.suan", "final-accounts-2024.suan", "changji-hrss-2026.suan"}) {
    absl::StatusOr<std::unique_ptr<Template>> t = LoadTemplate(ModelPath(name));
    EXPECT_TRUE(t.ok()) << name << ": " << t.status();
  }
}

}  // namespace
}  // namespace suan::model
