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
int RunGenerate(const Args& args);
int RunConsolidate(const Args& args);

// The path of a bundled model file (models/<file_name>) next to the program, in the source
// tree its build was configured from, or under the current directory; "" when none.
std::string FindDefaultModelFile(const std::string& file_name);

}  // namespace suan::cli
