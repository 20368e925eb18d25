// suan check FILE [--model M] [--json]: import a unit (a disclosure's text, or CSV/JSON data),
// compile it against a budget model in audit mode, and report every check.
#include <unistd.h>

#include <sys/stat.h>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/cli/commands.hpp"
#include "engine/io/json.hpp"
#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/narrative_render.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_file.hpp"
#include "engine/workbook.hpp"

namespace suan::cli {

namespace {

constexpr char kDefaultModel[] = "budget-disclosure-2026.suan";

constexpr char kHelp[] =
    R"(usage: suan check FILE [--model MODEL.suan] [--with OTHER]... [--json] [--all]

Checks one department's budget disclosure against a budget model: reads FILE (the disclosure as
text, or the unit's figures as CSV or JSON in long form: table,row,column,value[,period]), maps it
onto the model's tables, and evaluates every calculation rule and check of the model against the
published figures, and every narrative statement against the sentences of the text.

Each check is one of
  exact       holds to the cent
  rounding    misses by no more than 0.01 per summed term: figures rounded from 元 one by one
              (舍位差); the published figure stands
  convention  a growth rate on a zero prior year written as 100%
  warning     a plausibility check (合理性) that does not hold
  failed      does not hold
and the report lists what the import could not recognise (table, line, text).

options:
  --model M   the model (default: models/budget-disclosure-2026.suan, looked up next to the
              program and in the current directory)
  --json      print JSON: {"summary":{…},"checks":[…],"import":{"tables":[…],"unrecognised":[…]}}
  --with F    the figures of another unit that the model's rules name (人社局!表1[收入总计]),
              known by F's name without extension or the organisation it names; repeatable.
              Checks naming a unit not given are skipped, with the reason.
  --all       list the exact checks too (text report)
  --render    also write out the model's narrative statements from the tables' figures
  -h, --help  this text

exit status: 0 no check failed, 1 a check failed (or the import met an error: a table missing,
a figure that is not an amount), 2 FILE or the model could not be read.
)";

// The text with every byte that is not part of well-formed UTF-8 replaced by U+FFFD: a
// disclosure's text may hold any bytes, and a report quotes it, but JSON is UTF-8.
std::string WellFormedUtf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n > 1) {
      uint32_t cp = c & (0xFF >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out.append(s, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// The input could not be used (exit status 2): the message on stderr and, with --json, as a
// JSON object on stdout, so that a script reading stdout always gets JSON.
int Unusable(bool json, const std::string& input, const std::string& model,
             const std::string& message) {
  std::fprintf(stderr, "suan check: %s\n", message.c_str());
  if (json) {
    std::string out = "{\"input\":";
    AppendJsonString(out, input);
    out += ",\"model\":";
    AppendJsonString(out, model);
    out += ",\"error\":";
    AppendJsonString(out, message);
    out = WellFormedUtf8(out + "}\n");
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return 2;
}

int Check(const std::string& input, std::string model_path, const std::vector<std::string>& with,
          bool json, bool all, bool render);

}  // namespace

int RunCheck(const Args& args) {
  std::string input, model_path;
  std::vector<std::string> with;
  bool json = false, all = false, render = false;
  for (const std::string& a : args) json = json || a == "--json";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--model" && i + 1 < args.size()) {
      model_path = args[++i];
    } else if (a.rfind("--model=", 0) == 0) {
      model_path = a.substr(8);
    } else if (a == "--with" && i + 1 < args.size()) {
      with.push_back(args[++i]);
    } else if (a.rfind("--with=", 0) == 0) {
      with.push_back(a.substr(7));
    } else if (a == "--json") {
      json = true;
    } else if (a == "--all") {
      all = true;
    } else if (a == "--render") {
      render = true;
    } else if (!a.empty() && a[0] == '-') {
      if (json) return Unusable(json, input, model_path, "unknown option '" + a + "'");
      std::fprintf(stderr, "suan check: unknown option '%s'\n\n%s", a.c_str(), kHelp);
      return 2;
    } else if (input.empty()) {
      input = a;
    } else {
      return Unusable(json, input, model_path,
                      "one file at a time, got '" + input + "' and '" + a + "'");
    }
  }
  if (input.empty()) {
    if (json) return Unusable(json, input, model_path, "which file? (suan check --help)");
    std::fprintf(stderr, "suan check: which file?\n\n%s", kHelp);
    return 2;
  }
  // Nothing the input holds may end the program other than with a report: an exception
  // (memory exhausted on a pathological input) is reported as an input that could not be used.
  try {
    return Check(input, model_path, with, json, all, render);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    return Unusable(json, input, model_path,
                    std::string("internal error while checking this input: ") + e.what());
  }
}

namespace {

int Check(const std::string& input, std::string model_path, const std::vector<std::string>& with,
          bool json, bool all, bool render) {
  if (model_path.empty()) {
    model_path = FindDefaultModelFile(kDefaultModel);
    if (model_path.empty()) {
      return Unusable(json, input, model_path,
                      std::string("cannot find models/") + kDefaultModel +
                          " next to the program or in the current directory; name one with "
                          "--model");
    }
  }
  struct stat st;
  if (stat(input.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return Unusable(json, input, model_path, input + ": is a directory, not a file");
  absl::StatusOr<std::unique_ptr<model::Template>> t = model::LoadTemplate(model_path);
  if (!t.ok()) {
    return Unusable(json, input, model_path,
                    "the model cannot be used:\n" + std::string(t.status().message()));
  }
  absl::StatusOr<model::UnitData> unit = model::LoadUnitFile(**t, input);
  if (!unit.ok()) return Unusable(json, input, model_path, std::string(unit.status().message()));
  Workbook book;
  // Other units the model's references may name, each known by its file's stem.
  std::vector<std::unique_ptr<model::UnitData>> others;
  model::UnitList other_units;
  for (const std::string& path : with) {
    absl::StatusOr<model::UnitData> other = model::LoadUnitFile(**t, path);
    if (!other.ok()) {
      return Unusable(json, input, model_path,
                      "--with " + path + ": " + std::string(other.status().message()));
    }
    others.push_back(std::make_unique<model::UnitData>(*std::move(other)));
    other_units.Add(std::filesystem::path(path).stem().string(), others.back().get());
  }
  model::CompileOptions options;
  options.mode = model::Mode::kAudit;
  if (!others.empty()) options.other_units = &other_units;
  options.self_names.push_back(std::filesystem::path(input).stem().string());
  absl::StatusOr<model::CompiledUnit> compiled = model::CompileUnit(**t, *unit, options, book);
  if (!compiled.ok()) {
    return Unusable(
        json, input, model_path,
        "the model does not fit this unit:\n" + std::string(compiled.status().message()));
  }
  std::vector<model::CheckResult> results = model::EvaluateChecks(*compiled, book);
  model::ReportOptions report;
  report.input = input;
  report.model = model_path;
  report.all = all;
  std::string out =
      json ? model::ChecksJson(results, *unit, report) : model::ChecksText(results, *unit, report);
  if (render) {
    std::vector<model::RenderedStatement> sentences = model::RenderNarrative(**t, *compiled, book);
    if (json) {
      // One more member of the report object.
      out.resize(out.rfind('}'));
      out += ",\"narrative\":[";
      for (size_t k = 0; k < sentences.size(); ++k) {
        out += k ? ",\n{\"id\":" : "\n{\"id\":";
        AppendJsonString(out, sentences[k].id);
        out += ",\"text\":";
        AppendJsonString(out, sentences[k].text);
        out += "}";
      }
      out += "]}\n";
    } else {
      out += "\nnarrative from the tables:\n";
      for (const model::RenderedStatement& s : sentences) out += "  " + s.id + ": " + s.text + "\n";
    }
  }
  if (json) out = WellFormedUtf8(out);
  std::fwrite(out.data(), 1, out.size(), stdout);
  // A figure the import could not take (an unreadable amount, an unknown unit) fails the file
  // as a failed check does.
  return model::Summarize(results).failed > 0 || unit->HasErrors() ? 1 : 0;
}

}  // namespace

}  // namespace suan::cli
