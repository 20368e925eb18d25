// suan eval BOOK.json [--set 'Sheet!B3=12.5' ...]: calculate and print every value as JSON.
#include <cstdio>
#include <string>
#include <vector>

#include "bindings/cli/commands.hpp"
#include "engine/io/workbook_json.hpp"
#include "engine/workbook.hpp"

namespace suan::cli {

namespace {

constexpr char kHelp[] = R"(usage: suan eval BOOK.json [--set 'Sheet!B3=12.5' ...]

Loads a workbook in JSON ({"sheets":[{"name":..., "cells":[[row, col, value], ...]}]}, 0-based),
calculates it, applies each --set as an edit (recalculated incrementally), and prints every
non-empty cell's value on stdout:
  {"sheets":[{"name":..., "values":[[row, col, value], ...]}]}
Errors are strings such as "#DIV/0!". Cells whose formula does not parse or compile, and cells
in a circular reference, are listed on stderr with the reason; the rest still calculates.

options:
  --set ADDR=VALUE   edit a cell after loading: 'Dept_0001!C5=12.5', 'B3==SUM(A1:A2)',
                     'Sheet1!A1="text"', 'A2=TRUE'. Repeatable; applied in order.
  --full             recalculate from scratch after the edits instead of incrementally
  -h, --help         this text

exit status: 0 calculated, 2 the workbook could not be read or an edit is malformed.
)";

}  // namespace

int RunEval(const Args& args) {
  std::string path;
  std::vector<std::string> sets;
  bool full = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--set" && i + 1 < args.size()) {
      sets.push_back(args[++i]);
    } else if (a.rfind("--set=", 0) == 0) {
      sets.push_back(a.substr(6));
    } else if (a == "--full") {
      full = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "suan eval: unknown option '%s'\n\n%s", a.c_str(), kHelp);
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fprintf(stderr, "suan eval: only one workbook, got '%s' and '%s'\n", path.c_str(),
                   a.c_str());
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "suan eval: which workbook?\n\n%s", kHelp);
    return 2;
  }
  auto text = ReadFileToString(path);
  if (!text.ok()) {
    std::fprintf(stderr, "suan eval: %s\n", std::string(text.status().message()).c_str());
    return 2;
  }
  Workbook book;
  auto extras = ReadWorkbookJson(*text, path, book);
  if (!extras.ok()) {
    std::fprintf(stderr, "suan eval: %s\n", std::string(extras.status().message()).c_str());
    return 2;
  }
  for (const Diagnostic& d : extras->skipped)
    std::fprintf(stderr, "%s: %s\n", d.cell.c_str(), d.message.c_str());
  book.Recalculate();
  for (const std::string& s : sets) {
    // The address ends at the first '=' outside quotes.
    size_t eq = std::string::npos;
    bool quoted = false;
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '\'') quoted = !quoted;
      if (s[k] == '=' && !quoted) {
        eq = k;
        break;
      }
    }
    if (eq == std::string::npos) {
      std::fprintf(stderr, "suan eval: --set '%s' needs ADDRESS=VALUE\n", s.c_str());
      return 2;
    }
    auto at = book.ParseAddress(s.substr(0, eq));
    if (!at.ok()) {
      std::fprintf(stderr, "suan eval: --set '%s': %s\n", s.c_str(),
                   std::string(at.status().message()).c_str());
      return 2;
    }
    if (auto st = book.SetInput(at->sheet, at->row, at->col, s.substr(eq + 1)); !st.ok()) {
      std::fprintf(stderr, "suan eval: --set '%s': %s\n", s.c_str(),
                   std::string(st.message()).c_str());
      return 2;
    }
    if (!full) book.Recalculate();
  }
  if (full) book.RecalculateAll();
  for (const Diagnostic& d : book.diagnostics())
    std::fprintf(stderr, "%s: %s\n", d.cell.c_str(), d.message.c_str());
  std::string out = WriteValuesJson(book);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace suan::cli
