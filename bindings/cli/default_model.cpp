// Where a subcommand finds a bundled model when none is named (commands.hpp).
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <string>
#include <string_view>

#include "bindings/cli/commands.hpp"

namespace suan::cli {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string ExecutableDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string path(buf, size_t(n));
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// The source tree a build directory was configured from, as its CMakeCache.txt records it
// (a build directory may live anywhere, not only inside the clone).
std::string SourceDirOfBuild(const std::string& build_dir) {
  FILE* f = std::fopen((build_dir + "/CMakeCache.txt").c_str(), "r");
  if (!f) return "";
  std::string found;
  char line[4096];
  constexpr std::string_view kKey = "CMAKE_HOME_DIRECTORY:INTERNAL=";
  while (std::fgets(line, sizeof line, f)) {
    std::string_view l(line);
    if (l.substr(0, kKey.size()) != kKey) continue;
    l.remove_prefix(kKey.size());
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
    found = std::string(l);
    break;
  }
  std::fclose(f);
  return found;
}

}  // namespace

// Next to the program (bin/suan in a build directory inside the clone, or an installed
// share/suan/models), in the source tree the build directory was configured from, or under
// the current directory.
std::string FindDefaultModelFile(const std::string& file_name) {
  std::string exe = ExecutableDir();
  std::string source = SourceDirOfBuild(exe + "/..");
  for (const std::string& dir :
       {exe + "/../models", exe + "/../../models", exe + "/../share/suan/models",
        source.empty() ? std::string() : source + "/models", std::string("models"),
        std::string("../models")}) {
    if (!dir.empty() && IsFile(dir + "/" + file_name)) return dir + "/" + file_name;
  }
  return "";
}

}  // namespace suan::cli
