// suan generate --departments N [--seed S] [--inject-errors K] DIR: a synthetic city from the
// budget model, for trying `suan consolidate`, for tests and for benchmarks.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bindings/cli/commands.hpp"
#include "engine/city/synthetic_city.hpp"
#include "engine/city/thread_pool.hpp"
#include "engine/model/template.hpp"

namespace suan::cli {

namespace {

constexpr char kHelp[] = R"(usage: suan generate --departments N [--seed S] [--inject-errors K] DIR

Writes a synthetic city to DIR for `suan consolidate`: DIR/city.csv (the manifest: the city, N
departments and, for about one in ten, a few sub-units), DIR/units/<code>.csv (or .json) with
each unit's figures for the 12 tables of the budget model, and DIR/injected.json.

Each department is made up the way a real one comes about: its own line of work (功能科目 codes
and projects), size (magnitudes like the seed disclosure's), staff and office costs by 经济科目,
transfers and carried-over projects, prior-year figures; every figure rounded to 万元 on its own,
so every check holds up to the rounding differences (舍位差) real disclosures have.

options:
  --departments N     departments under the city (required)
  --seed S            the random seed (default 1); the same seed gives the same city
  --inject-errors K   K known errors, each one figure changed by at least 1.00 万元 in a distinct
                      unit: an altered input (a leaf figure) or a published total that no longer
                      adds up; listed in DIR/injected.json as
                      [{"unit":…, "table":…, "row":…, "col":…, "kind":…, "from":x, "to":y}, …]
  --format F          csv (default), json, or mixed
  --subunits SHARE    the share of departments with sub-units (default 0.1)
  --model M           the model (default: models/budget-disclosure-2026.suan)
  --threads N         threads (default: the machine's)
  -h, --help          this text

exit status: 0 written, 2 bad arguments, the model unusable or DIR not writable.
)";

}  // namespace

int RunGenerate(const Args& args) {
  city::GenerateOptions options;
  options.departments = 0;
  std::string dir, model_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* name) -> const std::string* {
      if (a == name && i + 1 < args.size()) return &args[++i];
      return nullptr;
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (const std::string* v = value("--departments")) {
      options.departments = std::atoi(v->c_str());
    } else if (const std::string* v = value("--seed")) {
      options.seed = std::strtoull(v->c_str(), nullptr, 10);
    } else if (const std::string* v = value("--inject-errors")) {
      options.inject_errors = std::atoi(v->c_str());
    } else if (const std::string* v = value("--format")) {
      options.format = *v;
    } else if (const std::string* v = value("--subunits")) {
      options.subunit_share = std::atof(v->c_str());
    } else if (const std::string* v = value("--model")) {
      model_path = *v;
    } else if (const std::string* v = value("--threads")) {
      options.threads = std::atoi(v->c_str());
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "suan generate: unknown option '%s' (or it lacks its value)\n\n%s",
                   a.c_str(), kHelp);
      return 2;
    } else if (dir.empty()) {
      dir = a;
    } else {
      std::fprintf(stderr, "suan generate: one folder, got '%s' and '%s'\n", dir.c_str(),
                   a.c_str());
      return 2;
    }
  }
  if (dir.empty() || options.departments < 1) {
    std::fprintf(stderr, "suan generate: give --departments N (N >= 1) and a folder\n\n%s", kHelp);
    return 2;
  }
  if (options.format != "csv" && options.format != "json" && options.format != "mixed") {
    std::fprintf(stderr, "suan generate: --format is csv, json or mixed, not '%s'\n",
                 options.format.c_str());
    return 2;
  }
  if (options.inject_errors < 0) {
    std::fprintf(stderr, "suan generate: --inject-errors must be 0 or more\n");
    return 2;
  }
  if (model_path.empty()) model_path = FindDefaultModelFile("budget-disclosure-2026.suan");
  if (model_path.empty()) {
    std::fprintf(stderr,
                 "suan generate: cannot find models/budget-disclosure-2026.suan; name "
                 "one with --model\n");
    return 2;
  }
  absl::StatusOr<std::unique_ptr<model::Template>> t = model::LoadTemplate(model_path);
  if (!t.ok()) {
    std::fprintf(stderr, "suan generate: the model cannot be used:\n%s\n",
                 std::string(t.status().message()).c_str());
    return 2;
  }
  if (options.threads <= 0) options.threads = city::DefaultThreads();
  absl::StatusOr<city::SyntheticCity> c = city::GenerateCity(**t, options);
  if (!c.ok()) {
    std::fprintf(stderr, "suan generate: %s\n", std::string(c.status().message()).c_str());
    return 2;
  }
  absl::Status s = city::WriteCity(**t, *c, dir, options.threads);
  if (!s.ok()) {
    std::fprintf(stderr, "suan generate: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  size_t units = c->manifest.units.size() - 1;
  std::printf(
      "%s: a city of %d departments and %zu sub-units (%s files), %zu injected errors "
      "listed in injected.json\n",
      dir.c_str(), options.departments, units - size_t(options.departments), options.format.c_str(),
      c->injected.size());
  return 0;
}

}  // namespace suan::cli
