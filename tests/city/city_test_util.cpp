#include "tests/city/city_test_util.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_files.hpp"

namespace suan::city::testing {

std::string DataPath(const std::string& relative) {
  return std::string(SUAN_TEST_DATA) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  return test_support::ReadFile(path);
}

void WriteFile(const std::string& path, const std::string& text) {
  test_support::WriteFile(path, text);
}

std::string FreshDir(const std::string& name) {
  std::string dir = test_support::TempDir() + "/suan-city-" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

const model::Template& BudgetModel() {
  static const std::unique_ptr<model::Template> t = [] {
    absl::StatusOr<std::unique_ptr<model::Template>> loaded =
        model::LoadTemplate(std::string(SUAN_MODELS) + "/budget-disclosure-2026.suan");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      return std::unique_ptr<model::Template>();
    }
    return *std::move(loaded);
  }();
  return *t;
}

SyntheticCity Synthetic(int departments, uint64_t seed, int errors) {
  GenerateOptions options;
  options.departments = departments;
  options.seed = seed;
  options.inject_errors = errors;
  absl::StatusOr<SyntheticCity> city = GenerateCity(BudgetModel(), options);
  EXPECT_TRUE(city.ok()) << city.status();
  return city.ok() ? *std::move(city) : SyntheticCity();
}

std::map<std::string, model::UnitData> DataByCode(const SyntheticCity& city) {
  std::map<std::string, model::UnitData> out;
  for (size_t k = 0; k < city.manifest.units.size(); ++k) {
    if (city.data[k]) out.emplace(city.manifest.units[k].code, *city.data[k]);
  }
  return out;
}

std::unique_ptr<City> BuildInMemory(const Manifest& manifest,
                                    const std::map<std::string, model::UnitData>& data,
                                    CityOptions options) {
  UnitLoader loader = [&data](const model::Template&,
                              const UnitEntry& e) -> absl::StatusOr<model::UnitData> {
    auto it = data.find(e.code);
    if (it == data.end()) return absl::NotFoundError(e.file + ": no such file");
    return it->second;
  };
  absl::StatusOr<std::unique_ptr<City>> city =
      City::Build(BudgetModel(), manifest, loader, std::move(options));
  EXPECT_TRUE(city.ok()) << city.status();
  return city.ok() ? *std::move(city) : nullptr;
}

std::unique_ptr<City> BuildInMemory(const SyntheticCity& city, CityOptions options) {
  return BuildInMemory(city.manifest, DataByCode(city), std::move(options));
}

std::map<std::string, double> ConsolidatedFigures(const City& city) {
  std::map<std::string, double> out;
  const model::Template& t = city.model();
  for (const std::string& code : city.ConsolidatedCodes()) {
    std::optional<model::UnitData> u = city.ConsolidatedTables(code);
    if (!u) continue;
    for (size_t k = 0; k < u->tables.size(); ++k) {
      for (size_t p = 0; p < u->tables[k].parts.size(); ++p) {
        for (const model::UnitRow& r : u->tables[k].parts[p].rows) {
          for (size_t j = 0; j < r.values.size(); ++j) {
            if (!r.values[j]) continue;
            out[absl::StrCat(code, "|", t.tables[k].key, "[",
                             r.kind == model::RowKind::kCode ? r.code : r.key, "].",
                             t.tables[k].parts[p].columns[j].key)] = *r.values[j];
          }
        }
      }
    }
    for (const model::PriorFigure& f : u->prior) {
      out[absl::StrCat(code, "|上年.", f.table, "[", f.row, "].", f.column)] = f.value;
    }
  }
  return out;
}

std::map<std::string, std::string> Verdicts(City& city) {
  std::map<std::string, std::string> out;
  for (const UnitStatus& u : city.Units()) {
    const model::CheckSummary& s = u.verdict->summary;
    std::string v =
        absl::StrCat("exact=", s.exact, ";rounding=", s.rounding, ";warning=", s.warning,
                     ";failed=", s.failed, ";skipped=", s.skipped, ";readable=", u.readable);
    for (const Finding& f : u.verdict->findings) {
      absl::StrAppend(&v, "|", f.check, ":", f.status, ":", std::round(f.diff * 100) / 100);
    }
    out[absl::StrCat(u.kind == UnitStatus::Kind::kUnit ? "unit " : "sum ", u.code)] = v;
  }
  return out;
}

int RunSuan(const std::string& args, std::string* out, std::string* err) {
  return test_support::RunCommand(std::string(SUAN_BINARY) + " " + args, out, err,
                                  test_support::TempDir() + "/suan-city-stderr.txt");
}

std::string Describe(const Verdict& v) {
  std::string out = absl::StrCat(v.summary.exact, "/", v.summary.rounding, "/", v.summary.warning,
                                 "/", v.summary.failed, "/", v.summary.skipped);
  auto exactly = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return std::string(buf);
  };
  for (const Finding& f : v.findings) {
    absl::StrAppend(&out, "|", f.check, ":", f.status, ":", f.message);
    if (f.has_values) {
      absl::StrAppend(&out, " [", exactly(f.lhs), " ", exactly(f.rhs), " ", exactly(f.tolerance),
                      "]");
    }
    for (const std::string& c : f.cells) out += " " + c;
  }
  return out;
}

}  // namespace suan::city::testing
