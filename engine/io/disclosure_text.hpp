// Reading a published budget disclosure (部门预算/决算公开) from its text.
//
// Departments publish their disclosure as a PDF; the bureau gets its text, either with table
// cells separated by tabs or as `pdftotext -layout` output where cells are aligned with
// spaces, captions and names wrap over several lines and two tables may sit side by side
// (收入 | 支出). ReadDisclosureText turns either into a plain description of the document:
// its tables (numbered 表 N, title, unit, column captions, rows with code, name and
// figures) and its narrative paragraphs. It does not check anything; it reports what it
// could not recognise (a line of a table it cannot place, a cell that is not a figure, a
// table the contents list but the text lacks, text that ends inside a table) in `problems`,
// and never guesses silently.
//
// Figures are read as printed: thousands separators, full-width digits, "-12.30" and
// "(12.30)" are understood; a blank cell, "-", "—" or "……" is nullopt (not zero: the
// consumer decides), "0.00" is 0. Units are not converted: `unit` says what the table
// declares.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/diagnostic.hpp"

namespace suan {

struct DisclosureRow {
  int line = 0;                         // 1-based source line where the row starts
  std::vector<std::string> code_parts;  // {"208","01","01"} as printed in 类/款/项 columns, or
                                        // parsed from "208 社会保障…" / "2080101"
  std::string code;                     // parts joined: "2080101" ("" when the row has none)
  std::string label;  // 科目名称/项目, wrapped lines joined, stray spaces removed
  std::vector<std::string> texts;  // other text columns in order (项目名称 in a project table)
  std::vector<std::optional<double>> values;  // one per value column; nullopt = blank cell
  // A grid of the narrative printed with aligned spaces (other_tables): the character columns
  // [first, last) of the label and of each text, so a reader can place them under a header
  // (blank cells leave no trace there). Empty for tab-separated text.
  std::vector<std::pair<int, int>> spans;
};

struct DisclosureTable {
  int number = 0;     // N of "表 N" if printed; else its item in the contents ("四、…表");
                      // else its order of appearance (1-based)
  std::string title;  // "部门收支总体情况表"
  std::string part;   // a side-by-side table split in two: "收入" / "支出"; else ""
  std::string unit;   // "万元" / "元" as declared ("单位：万元"), "" if not stated
  int line = 0;       // where the table starts (its 表 N or title line)
  int end_line = 0;   // its last line
  std::vector<std::string> columns;  // value-column captions, multi-row headers flattened
                                     // ("财政拨款（补助）/一般公共预算"), wrapped captions joined
  std::vector<std::string> text_columns;  // captions of the `texts` columns ("项目名称")
  std::vector<DisclosureRow> rows;        // page breaks with repeated headers merged away
  bool empty = false;                     // no figure other than zero
  std::string empty_note;  // the sentence declaring it empty (…为空表 / 本表无数据), if any
};

struct DisclosureParagraph {
  int line = 0;
  std::string heading;  // the nearest heading above (一、… / （一）… / 第三部分 …)
  std::string text;     // wrapped lines joined, stray spaces removed
};

struct DisclosureDocument {
  std::string organisation;  // 编制部门 / 单位名称, or the name on the cover
  int year = 0;
  std::vector<DisclosureTable> tables;
  // Grids that are not part of the numbered table set: in a document whose tables are
  // numbered 表 1 … 表 N, an unnumbered grid inside the narrative (绩效目标表). Read
  // cell by cell, without checks.
  std::vector<DisclosureTable> other_tables;
  std::vector<DisclosureParagraph> paragraphs;
  // What could not be recognised. Diagnostic::cell is "file:line", Diagnostic::message says
  // which table, why, and quotes the text.
  std::vector<Diagnostic> problems;

  // The table numbered `number` (and of part `part` when split), or nullptr.
  const DisclosureTable* FindTable(int number, std::string_view part = "") const;
};

// Never fails on odd input (empty, truncated, binary): that yields problems, not an error.
// The only error is text too large to be a disclosure (over 64 MiB).
absl::StatusOr<DisclosureDocument> ReadDisclosureText(std::string_view text,
                                                      const std::string& source_name);

// "file:line: message".
std::string FormatProblem(const Diagnostic& problem);

// A figure quoted in a narrative sentence, with its context, for checks such as
// "一般公共预算拨款1,897.60万元，比上年预算增加886.49万元，增长87.67%".
struct NarrativeFigure {
  int line = 0;
  std::string subject;  // what the figure is about ("一般公共预算"); inherited within a
                        // sentence when a clause has none ("增长87.67%")
  double value = 0;
  std::string unit;      // 万元, 元, 亿元, %, 个, 人, 辆, 台, 平方米 …
  std::string relation;  // "" | 增加 | 减少 | 增长 | 下降 | 占 | 持平 | 完成 …
  std::string sentence;  // the whole sentence
};

std::vector<NarrativeFigure> ExtractNarrativeFigures(const DisclosureDocument& doc);

}  // namespace suan
