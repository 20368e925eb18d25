// A problem found in a workbook or model, with where it is and why.
#pragma once

#include <string>

namespace suan {

struct Diagnostic {
  enum class Kind { kParse, kCompile, kCycle, kLoad };
  Kind kind;
  std::string cell;     // "Sheet1!B3" (or a file position for load problems)
  std::string message;  // why, with the formula text and a caret where useful
};

}  // namespace suan
