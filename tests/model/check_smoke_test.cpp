// Smoke test of the `suan check` command as built: every bundled disclosure (the seed, the
// samples, their damaged copies and layout variants) is checked with the model of its table set
// and with the other one. The command must report, never crash: exit status 0 or 1 (2 only
// for input that is not a disclosure), a summary line in the text report, and --json output
// that parses, with its summary.
#include <dirent.h>

#include <algorithm>

#include "engine/io/json.hpp"
#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

namespace suan::model {
namespace {

using namespace testing;  // NOLINT

std::vector<std::string> Disclosures() {
  std::vector<std::string> files;
  for (const char* dir : {"disclosures", "disclosures/variants"}) {
    DIR* d = opendir(DataPath(dir).c_str());
    if (!d) continue;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".txt") == 0 &&
          name != "expected.txt")
        files.push_back(std::string(dir) + "/" + name);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The 9-table 决算 files (the Shanghai samples and what was made from them).
bool IsFinalAccounts(const std::string& file) {
  std::string name = file.substr(file.rfind('/') + 1);
  return name[0] == '0' || name.find("final") != std::string::npos;
}

TEST(CheckSmoke, EveryBundledDisclosureIsReportedOn) {
  std::vector<std::string> files = Disclosures();
  ASSERT_GE(files.size(), 35u);
  const std::string budget = ModelPath("budget-disclosure-2026.suan");
  const std::string final_accounts = ModelPath("final-accounts-2024.suan");
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::string path = DataPath(file);
    const std::string& own = IsFinalAccounts(file) ? final_accounts : budget;
    const std::string& other = IsFinalAccounts(file) ? budget : final_accounts;
    std::string out;
    int status = RunSuan("check '" + path + "' --model '" + own + "'", &out);
    EXPECT_TRUE(status == 0 || status == 1) << status;
    EXPECT_NE(out.find("\nsummary: "), std::string::npos) << out.substr(0, 400);
    // With the other table set's model: still a report (most tables "not in the model").
    status = RunSuan("check '" + path + "' --model '" + other + "' --json", &out);
    EXPECT_TRUE(status == 0 || status == 1) << status;
    absl::StatusOr<JsonValue> json = ParseJson(out, file);
    ASSERT_TRUE(json.ok()) << json.status() << "\n" << out.substr(0, 400);
    const JsonValue* summary = json->Find("summary");
    ASSERT_NE(summary, nullptr);
    ASSERT_NE(summary->Find("failed"), nullptr);
    ASSERT_NE(json->Find("import"), nullptr);
  }
}

TEST(CheckSmoke, InputThatIsNoDisclosureIsStatus2WithJson) {
  std::string out;
  for (const std::string& path :
       {DataPath("disclosures/variants/expected.txt"), DataPath("disclosures"),
        DataPath("disclosures/no-such-file.txt")}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(RunSuan("check '" + path + "' --json", &out), 2);
    absl::StatusOr<JsonValue> json = ParseJson(out, path);
    ASSERT_TRUE(json.ok()) << json.status() << "\n" << out;
    ASSERT_NE(json->Find("error"), nullptr);
    EXPECT_TRUE(json->Find("error")->is_string());
  }
  EXPECT_EQ(RunSuan("check --no-such-option --json", &out), 2);
  EXPECT_TRUE(ParseJson(out, "usage").ok()) << out;
}

}  // namespace
}  // namespace suan::model
