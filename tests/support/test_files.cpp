#include "tests/support/test_files.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace suan::test_support {

namespace {
struct OwnTempDir {
  std::string path;
  OwnTempDir() {
    const char* base = std::getenv("TEST_TMPDIR");
    std::filesystem::path root =
        base && *base ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
    path = (root / ("suan-tests-" + std::to_string(getpid()))).string() + "/";
    std::filesystem::create_directories(path);
  }
  ~OwnTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};
}  // namespace

std::string TempDir() {
  static OwnTempDir dir;
  return dir.path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int RunCommand(const std::string& command, std::string* out, std::string* err,
               const std::string& err_path) {
  std::string full = command + " 2>" + (err ? err_path : std::string("/dev/null"));
  FILE* p = popen(full.c_str(), "r");
  if (!p) return -1;
  out->clear();
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  int status = pclose(p);
  if (err) *err = ReadFile(err_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace suan::test_support
