// Excel's criteria, as SUMIF, COUNTIF, AVERAGEIF, the *IFS functions, MAXIFS and MINIFS read
// them. One rule set for all of them:
//
// - A criteria value is parsed once: an optional operator (= <> < <= > >=) then an operand.
//   An operand that reads as a number ("5", "1,000", "50%", "2024-03-31") is a number, "TRUE" /
//   "FALSE" a boolean, "#N/A" etc. an error, anything else text.
// - Every operator compares like with like: a number criterion compares numbers, and with "="
//   and "<>" also text that reads as a number ("5" = 5; but "<10" skips the text "7": Excel's
//   COUNTIF(A1,">0") ignores the text "1", and HyperFormula and IronCalc agree); a text
//   criterion compares text (with "=" and "<>" case-insensitively with wildcards * ? ~, with
//   < <= > >= by order, no wildcards); booleans compare with booleans, errors with errors. A
//   cell of another kind matches "<>" and nothing else, so "<>abc" counts empty cells and
//   numbers.
// - "" matches empty cells and empty text; "=" matches empty cells only; "<>" matches every
//   cell that is not empty; "<", ">" ... with nothing after them match nothing.
// - A criteria argument that is itself an empty cell is the number 0 (Microsoft's COUNTIFS
//   page: "treats the empty cell as a 0 value").
//
// These rules follow ClosedXML's criteria tests (SUMIF, Excel 2022) except one: they have "<0,5"
// match the text "0,4", which reports of Excel's behaviour and both peer engines contradict.
#pragma once

#include <string>

#include "formulas/value.hpp"
#include "formulas/wildcard.hpp"

namespace suan {

class Criterion {
 public:
  explicit Criterion(const Value& criteria);

  bool Matches(const Value& v) const;
  // Whether an empty cell matches: then the functions must count the cells they never visit.
  bool matches_empty() const { return matches_empty_; }

 private:
  enum class Op : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
  enum class Kind : uint8_t { kNumber, kText, kBool, kError, kEmpty, kBlankOrEmptyText };

  bool MatchesEq(const Value& v) const;
  bool Ordered(int cmp) const;

  Op op_ = Op::kEq;
  Kind kind_ = Kind::kNumber;
  double number_ = 0;
  bool boolean_ = false;
  ErrorCode error_ = ErrorCode::kNA;
  std::string text_;
  WildcardPattern pattern_{""};
  bool matches_empty_ = false;
};

}  // namespace suan
