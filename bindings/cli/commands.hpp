// The subcommands of the `suan` tool. Each takes the arguments after its name and returns the
// process exit status: 0 success, 1 the work found problems (failed checks), 2 the input could
// not be read or the command line is wrong.
#pragma once

#include <string>
#include <vector>

namespace suan::cli {

using Args = std::vector<std::string>;

int RunEval(const Args& args);
int RunBench(const Args& args);
int RunCheck(const Args& args);

}  // namespace suan::cli
