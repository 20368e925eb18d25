// suan consolidate DIR [--json] [--out DIR2] [--model M]: read a city (a folder with a manifest
// and every unit's figures), check every unit, consolidate every node of the unit tree, and
// report; the consolidated tables are written as CSV and JSON.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "bindings/cli/commands.hpp"
#include "engine/city/city.hpp"
#include "engine/city/city_report.hpp"
#include "engine/city/thread_pool.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data_io.hpp"

namespace suan::cli {

namespace {

constexpr char kHelp[] = R"(usage: suan consolidate DIR [--json] [--out DIR2] [--model M] [options]

Reads a city from DIR: a manifest (city.csv with columns code,name,parent,file, or city.json)
naming every unit (the city, its departments, their sub-units), each unit's parent and the
file with its figures (a disclosure's text, or the model's CSV or JSON long form). Then:
  - checks every unit against the budget model, on a thread pool;
  - consolidates (汇总) every node of the unit tree with members: its tables are the sums of
    its members' cells, with the union of their rows (codes and projects), summed at full
    precision and rounded once when written; the model's checks run on them too, and a failure
    its members already have is marked as theirs ("from D0012");
  - writes every consolidated unit's tables to DIR2 as <code>.csv and <code>.json (each file
    written to a temporary name and renamed into place), with report.json;
  - prints a one-screen summary (or, with --json, the report).
A unit whose file cannot be read is reported by name with the reason; the rest of the city
still consolidates.

options:
  --json              print the report as JSON: {"units":n, "cells":n, "timings_ms":{…},
                      "summary":{…}, "failed":[{"unit":…, "check":…, "tables":[…], "row":…,
                      "col":…, "lhs":x, "rhs":y, "cells":[…], "inherited_from":[…]}, …],
                      "skipped":[{"reason":…, "checks":n, "units":n, "example":{"unit":…,
                      "check":…}}, …], "units_ranked":[{…, "skipped_reasons":[…]}, …],
                      "totals":{…}}; timings_ms: load_and_check (reading and checking
                      units) runs beside place, consolidate and calculate (the city's
                      workbook), then consolidated_checks; build_total is the wall time
  --out DIR2          where the tables go (default: DIR/consolidated)
  --no-tables         write no tables (report only)
  --model M           the model (default: models/budget-disclosure-2026.suan, looked up next to
                      the program and in the current directory)
  --threads N         threads for reading and checking units (default: the machine's)
  --select NAME:COND  also consolidate the units meeting COND (选择汇总), e.g.
                      行政:kind=行政 or 人社:class=208,kind=事业 (FIELD=VALUE or FIELD^=PREFIX
                      on the manifest's columns); may be given more than once
  --lines N           findings listed in the summary (default 15)
  --quiet             no progress bar
  -h, --help          this text

exit status: 0 every check holds, 1 a check failed (or a unit could not be read, or uses a code
the model's lists lack), 2 the city or the model could not be read.
)";

// A progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
 public:
  void Update(std::string_view stage, size_t done, size_t total) {
    auto now = std::chrono::steady_clock::now();
    bool finished = done >= total;
    if (stage == stage_ && !finished && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    stage_ = std::string(stage);
    constexpr int kWidth = 30;
    int filled = total ? int(double(done) / double(total) * kWidth) : 0;
    std::string bar(size_t(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r\033[K[%s] %s %zu/%zu", bar.c_str(), stage_.c_str(), done, total);
    std::fflush(stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  std::string stage_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

double Now() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int RunConsolidate(const Args& args) {
  std::string dir, out, model_path;
  bool json = false, quiet = false, tables = true;
  int threads = 0, lines = 15;
  city::CityOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* name) -> const std::string* {
      if (a == name && i + 1 < args.size()) return &args[++i];
      return nullptr;
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--quiet") {
      quiet = true;
    } else if (a == "--no-tables") {
      tables = false;
    } else if (const std::string* v = value("--out")) {
      out = *v;
    } else if (const std::string* v = value("--model")) {
      model_path = *v;
    } else if (const std::string* v = value("--threads")) {
      threads = std::atoi(v->c_str());
    } else if (const std::string* v = value("--lines")) {
      lines = std::atoi(v->c_str());
    } else if (const std::string* v = value("--select")) {
      absl::StatusOr<city::Selection> s = city::ParseSelection(*v);
      if (!s.ok()) {
        std::fprintf(stderr, "suan consolidate: %s\n", std::string(s.status().message()).c_str());
        return 2;
      }
      options.selections.push_back(*std::move(s));
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "suan consolidate: unknown option '%s' (or it lacks its value)\n\n%s",
                   a.c_str(), kHelp);
      return 2;
    } else if (dir.empty()) {
      dir = a;
    } else {
      std::fprintf(stderr, "suan consolidate: one city at a time, got '%s' and '%s'\n", dir.c_str(),
                   a.c_str());
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "suan consolidate: which folder?\n\n%s", kHelp);
    return 2;
  }
  if (model_path.empty()) {
    model_path = FindDefaultModelFile("budget-disclosure-2026.suan");
    if (model_path.empty()) {
      std::fprintf(stderr,
                   "suan consolidate: cannot find models/budget-disclosure-2026.suan next to the "
                   "program or in the current directory; name one with --model\n");
      return 2;
    }
  }
  absl::StatusOr<std::unique_ptr<model::Template>> t = model::LoadTemplate(model_path);
  if (!t.ok()) {
    std::fprintf(stderr, "suan consolidate: the model cannot be used:\n%s\n",
                 std::string(t.status().message()).c_str());
    return 2;
  }
  ProgressBar bar;
  if (!quiet && isatty(STDERR_FILENO)) {
    options.progress = [&bar](std::string_view stage, size_t done, size_t total) {
      bar.Update(stage, done, total);
    };
  }
  options.threads = threads > 0 ? threads : city::DefaultThreads();
  absl::StatusOr<std::unique_ptr<city::City>> c = city::City::Open(**t, dir, options);
  if (!c.ok()) {
    bar.Clear();
    std::fprintf(stderr, "suan consolidate: %s\n", std::string(c.status().message()).c_str());
    return 2;
  }
  city::CityReport report = city::MakeReport(**c);
  city::ReportInfo info;
  info.dir = dir;
  info.model = model_path;
  info.threads = options.threads;
  if (tables) {
    info.out = out.empty() ? (std::filesystem::path(dir) / "consolidated").string() : out;
    double start = Now();
    absl::Status s = city::WriteConsolidatedTables(**c, info.out, options.progress);
    if (s.ok()) {
      s = model::SaveFileAtomically((std::filesystem::path(info.out) / "report.json").string(),
                                    city::ReportJson(**c, report, info));
    }
    info.write_ms = Now() - start;
    if (!s.ok()) {
      bar.Clear();
      std::fprintf(stderr, "suan consolidate: writing %s: %s\n", info.out.c_str(),
                   std::string(s.message()).c_str());
      return 2;
    }
  }
  bar.Clear();
  std::string text =
      json ? city::ReportJson(**c, report, info) : city::ReportText(**c, report, info, lines);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return report.clean() ? 0 : 1;
}

}  // namespace suan::cli
