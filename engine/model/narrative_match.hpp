// Finding a narrative statement's sentences in a disclosure's text.
//
// A template ("一般公共预算{表1[一般财力]}万元，占{…:.2%}，比上年预算{yoy 表1[一般财力]}") is
// matched against each paragraph with spaces removed and full-width forms folded, so "，" and
// "," or "％" and "%" are alike. Literal text must match exactly; a figure placeholder takes a
// printed number (1,897.60; -0.91; 34.58% for a percentage); {yoy …} takes
// "增加886.49万元，增长87.67%" (or 减少/下降, or 持平); {@} takes the name of the row a sentence
// is about, {*} any text, both as short as the rest allows.
#pragma once

#include <string>
#include <vector>

#include "engine/model/unit_data.hpp"
#include "formulas/model/ast.hpp"

namespace suan::model {

struct YearOnYear {
  double delta = 0;  // signed: 减少 is negative
  double rate = 0;   // signed percent: 下降 is negative
  bool has_rate = false;
  std::string verb, rate_verb;  // 增加 / 减少 / 持平 …, 增长 / 下降
  bool verbs_agree = true;      // 增加 goes with 增长, 减少 with 下降
};

struct SlotCapture {
  bool found = false;
  double value = 0;  // figures (a percentage as printed: 34.58)
  YearOnYear yoy;
  std::string text;  // {@}: the row's name as printed
};

struct SentenceMatch {
  size_t paragraph = 0;
  int line = 0;
  std::string sentence;            // the whole paragraph
  std::vector<SlotCapture> slots;  // one per placeholder, in template order
};

// Matches of `statement` in `paragraphs` (restricted to those under a heading containing one of
// its `in` texts): the first one, or every one for an each-statement.
std::vector<SentenceMatch> MatchStatement(const ast::text_stmt& statement,
                                          const std::vector<Paragraph>& paragraphs);

// True for a percentage format (".2%", "%").
bool IsPercentFormat(const std::string& format);
// Decimals of a format (",.2f" -> 2, "d" -> 0), or `fallback` when it does not say.
int FormatDecimals(const std::string& format, int fallback);

}  // namespace suan::model
