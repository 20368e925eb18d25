// The lines of a disclosure text, what kind of line each one is (a table's number, title,
// 单位 or 编制部门 line, a note, a section heading …) and, for pdftotext -layout text, the
// fragments of a line with their character columns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/io/disclosure/text_util.hpp"

namespace suan::disclosure {

struct SourceLine {
  int number = 0;  // 1-based
  int page = 0;    // form feeds counted from the start
  U32 text;        // as printed, without form feeds and carriage returns
  U32 squashed;    // Squash(text)
  bool blank = true;
  bool has_tab = false;
};

std::vector<SourceLine> SplitLines(std::string_view text);

// "单位：万元", "金额单位：元" (not "编制单位："); sets *unit to "万元" / "元" / …
bool IsUnitLine(const SourceLine& line, std::string* unit);
// "编制部门：…", "编制单位：…", "单位名称：…", "部门名称：…"; sets *organisation.
bool IsOrganisationLine(const SourceLine& line, std::string* organisation);
// A table title: short, no sentence punctuation, ends in 表 (or 表（续）/ 续表). A leading
// enumeration ("一、") is not part of the title: *title gets the title without it.
bool IsTitleLike(const SourceLine& line, std::string* title, bool* continued);
// "表 1", "表1：部门收支总体情况表", "附表 3"; the number, and the title if on the same line.
std::optional<int> TableNumberMarker(const SourceLine& line, std::string* title);
// "(2026 年)", "（2024年度）" under a title.
bool IsYearCaption(const SourceLine& line);
// "- 3 -", "第 3 页", "3/12", a lone small integer.
bool IsPageNumber(const SourceLine& line);
// 第一部分 …
bool IsPartHeading(const SourceLine& line);
// 注： / 说明： / 备注： / 注1：
bool IsNoteLine(const SourceLine& line);
// A sentence of running text: sentence punctuation and no wide gaps between words.
bool IsProseLine(const SourceLine& line);
// The note that a table has no figures (…为空表, 故本表无数据, 本表无数据).
bool IsEmptyTableNote(U32View squashed);

// A run of text on a -layout line, with the character columns it occupies.
struct Fragment {
  enum class Kind { kText, kNumber, kBlank, kInteger };
  int start = 0;
  int end = 0;  // exclusive
  U32 text;
  Kind kind = Kind::kText;
  double value = 0;  // kNumber and kInteger
  double center() const { return (start + end) / 2.0; }
  bool figure_like() const { return kind != Kind::kText; }
};

// Splits a -layout line into fragments: words separated by one space stay together ("因 公
// 出 国"), figures are always fragments of their own, a code glued to its caption
// ("310资本性支出") is split, a year inside a caption ("2025 年…") stays text.
std::vector<Fragment> SplitFragments(U32View line);

}  // namespace suan::disclosure
