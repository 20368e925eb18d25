// Parsing a .suan model file into its attribute tree (ast.hpp).
//
// Contract: ParseModel never throws. On a syntax error the status message names the file,
// line and column (1-based, column in bytes), the offending token, and shows the line with a
// caret under it, the way formula errors look (formulas/parse.hpp):
//
//   budget.suan:12:9: expected ']' but found '合计'
//     表3[208 合计
//             ^
//
// The tree's positions point into the text that ModelSource keeps alive, so ModelSource is
// also what turns a position into a located message for the model compiler's own errors
// (an unknown table, column or code).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "formulas/model/ast.hpp"

namespace suan::model {

struct ModelSource {
  std::string name;                         // the file name used in messages
  std::shared_ptr<const std::string> text;  // the whole model text; ast positions point here
  ast::model tree;

  // "name:line:column: why" with the source line and a caret under `at`.
  std::string Message(const char* at, std::string_view why) const;
  // 1-based line of a position (0 when `at` is not inside the text).
  int Line(const char* at) const;
  // The token that starts at `at` ('合计', ']', "the end of the file"), quoted, for messages.
  std::string TokenAt(const char* at) const;
};

// Models larger than this are refused rather than parsed (a model is a few hundred lines).
inline constexpr size_t kMaxModelBytes = 16 << 20;

absl::StatusOr<ModelSource> ParseModel(std::string text, std::string source_name);

}  // namespace suan::model
