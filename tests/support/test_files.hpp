// What the model, city and engine tests share for files and the `suan` binary: reading and
// writing a whole file, and running a command to capture what it prints and how it exits.
#pragma once

#include <string>

namespace suan::test_support {

// The file's bytes, or "" when it cannot be read.
std::string ReadFile(const std::string& path);
// Writes `text` to `path`, making its folder when needed.
void WriteFile(const std::string& path, const std::string& text);
// Runs `command` with a shell; fills `out` with its stdout and, unless nullptr, `err` with its
// stderr (through `err_path`). Returns the exit status, -1 when it did not exit normally.
int RunCommand(const std::string& command, std::string* out, std::string* err,
               const std::string& err_path);

}  // namespace suan::test_support
