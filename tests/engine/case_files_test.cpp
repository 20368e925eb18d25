// Runs every data-driven case file (tests/data/cases/*.case, tests/data/conformance/*.case)
// through the whole engine; one test per file. The format is described in
// tests/support/case_file.hpp.
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/case_file.hpp"

namespace suan::testing {
namespace {

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"cases", "conformance"}) {
    std::filesystem::path p = std::filesystem::path(SUAN_TEST_DATA) / dir;
    if (!std::filesystem::exists(p)) continue;
    for (const auto& e : std::filesystem::directory_iterator(p))
      if (e.path().extension() == ".case") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class CaseFileTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CaseFileTest, AllChecksPass) {
  CaseResult r = RunCaseFile(GetParam());
  EXPECT_GT(r.checks, 0) << GetParam() << " has no checks";
  for (const std::string& f : r.failures) ADD_FAILURE() << f;
}

INSTANTIATE_TEST_SUITE_P(Files, CaseFileTest, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = std::filesystem::path(info.param).stem().string();
                           std::string dir =
                               std::filesystem::path(info.param).parent_path().filename().string();
                           std::string out = dir + "_" + n;
                           for (char& c : out)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return out;
                         });

// The driver itself must notice a wrong expectation (a test that cannot fail proves nothing).
TEST(CaseDriver, ReportsAWrongExpectation) {
  CaseResult r = RunCaseText("A1 = 2\nB1 = =A1*3\ncheck B1 == 7\n", "inline");
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_NE(r.failures[0].find("inline:3: B1: got 6, expected 7"), std::string::npos)
      << r.failures[0];
}

}  // namespace
}  // namespace suan::testing
