// Layout variants of the bundled disclosures (tests/data/disclosures/variants, made by
// make_variants.py): tables in other orders, in 元, with other captions, codes in one column,
// broken over pages, a table missing or added, full-width digits, CRLF/BOM/form feeds/tabs, and
// the two table sets as another region prints them. Each must read like the document it was
// made from, but for what was changed, and report precisely what it cannot take
// (variants/expected.txt says what).
#include <sstream>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

namespace suan::model {
namespace {

using namespace testing;  // NOLINT

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + sep.size();
  }
  return out;
}

std::vector<std::string> List(const std::string& field) {
  if (field == "-") return {};
  return Split(field, ";");
}

struct Expected {
  std::string file, model, like;
  std::vector<std::string> except, reported;
  int failed = 0, import_errors = 0, warnings = 0;
};

std::vector<Expected> ReadExpected() {
  std::vector<Expected> out;
  std::istringstream in(ReadFile(DataPath("disclosures/variants/expected.txt")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = Split(line, " | ");
    EXPECT_EQ(f.size(), 8u) << line;
    if (f.size() != 8) continue;
    Expected e;
    e.file = f[0];
    e.model = f[1];
    e.like = f[2];
    e.except = List(f[3]);
    e.failed = std::stoi(f[4]);
    e.import_errors = std::stoi(f[5]);
    e.warnings = std::stoi(f[6]);
    e.reported = List(f[7]);
    out.push_back(std::move(e));
  }
  return out;
}

const Template& Model(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Template>> loaded;
  auto& t = loaded[name];
  if (!t) {
    absl::StatusOr<std::unique_ptr<Template>> m = LoadTemplate(ModelPath(name));
    EXPECT_TRUE(m.ok()) << m.status();
    t = std::move(*m);
  }
  return *t;
}

TEST(Variants, EveryVariantReadsLikeItsSourceAndReportsWhatItChanged) {
  std::vector<Expected> cases = ReadExpected();
  ASSERT_GE(cases.size(), 20u);
  for (const Expected& e : cases) {
    SCOPED_TRACE(e.file);
    const Template& t = Model(e.model);
    UnitData unit = Import(t, ReadFile(DataPath("disclosures/variants/" + e.file)), e.file);
    Checked c = Check(t, unit);
    ASSERT_FALSE(c.results.empty());
    int errors = 0, warnings = 0;
    std::string notes;
    for (const ImportNote& n : unit.notes) {
      errors += n.severity == ImportNote::Severity::kError;
      warnings += n.severity == ImportNote::Severity::kWarning;
      if (n.severity != ImportNote::Severity::kInfo) notes += n.where + ": " + n.message + "\n";
    }
    EXPECT_EQ(c.summary.failed, e.failed);
    EXPECT_EQ(errors, e.import_errors) << notes;
    EXPECT_EQ(warnings, e.warnings) << notes;
    for (const std::string& r : e.reported) EXPECT_NE(notes.find(r), std::string::npos) << r;
    // Every check of the source document has the same verdict here.
    UnitData source = Import(t, ReadFile(DataPath("disclosures/" + e.like)), e.like);
    Checked s = Check(t, source);
    auto excepted = [&](const std::string& id) {
      for (const std::string& prefix : e.except)
        if (id.compare(0, prefix.size(), prefix) == 0) return true;
      return false;
    };
    int compared = 0;
    for (const CheckResult& r : s.results) {
      const std::string& id = r.check->id;
      if (excepted(id)) continue;
      const CheckResult* v = c.Find(id);
      ASSERT_NE(v, nullptr) << id;
      EXPECT_EQ(v->status, r.status) << id << ": " << v->message;
      ++compared;
    }
    EXPECT_GT(compared, 300);
  }
}

}  // namespace
}  // namespace suan::model
