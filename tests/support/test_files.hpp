// What the model, city and engine tests share for files and the `suan` binary: reading and
// writing a whole file, and running a command to capture what it prints and how it exits.
#pragma once

#include <string>

namespace suan::test_support {

// A folder of this process's own for the files a test writes, ending in '/': ctest runs tests
// as processes side by side, and two writing one path would read each other's files. Made on
// first use under $TEST_TMPDIR (or the system's temporary folder), removed at exit.
std::string TempDir();
// The file's bytes, or "" when it cannot be read.
std::string ReadFile(const std::string& path);
// Writes `text` to `path`, making its folder when needed.
void WriteFile(const std::string& path, const std::string& text);
// Runs `command` with a shell; fills `out` with its stdout and, unless nullptr, `err` with its
// stderr (through `err_path`). Returns the exit status, -1 when it did not exit normally.
int RunCommand(const std::string& command, std::string* out, std::string* err,
               const std::string& err_path);

}  // namespace suan::test_support
