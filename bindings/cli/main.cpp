// suan: the command-line tool. `suan --help` lists the subcommands; each has its own --help.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bindings/cli/commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(const suan::cli::Args&);
  const char* summary;
};

const Command kCommands[] = {
    {"eval", suan::cli::RunEval, "calculate a workbook (JSON) and print every value"},
    {"bench", suan::cli::RunBench, "measure build, recalculation and edits on a workbook"},
    {"check", suan::cli::RunCheck, "check a budget disclosure (or a unit's data) against a model"},
    {"generate", suan::cli::RunGenerate,
     "write a synthetic city (departments' figures) to a folder"},
    {"consolidate", suan::cli::RunConsolidate,
     "check and consolidate a city (a folder of units' figures)"},
};

void PrintHelp(FILE* out) {
  std::fprintf(out,
               "suan — a spreadsheet-style calculation engine\n\n"
               "usage: suan <command> [options]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
  std::fprintf(out, "\n`suan <command> --help` describes a command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    PrintHelp(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("suan 0.1.0\n");
    return 0;
  }
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name) == 0) return c.run(suan::cli::Args(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "suan: unknown command '%s'\n\n", argv[1]);
  PrintHelp(stderr);
  return 2;
}
