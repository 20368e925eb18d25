// What the two table readers (tab-separated and pdftotext -layout) share: the table's
// printed metadata, the problems they report, and the small rules both apply to captions,
// codes and finished tables.
#pragma once

#include <string>
#include <vector>

#include "engine/io/disclosure/lines.hpp"
#include "engine/io/disclosure_text.hpp"

namespace suan::disclosure {

struct TableMeta {
  int line = 0;    // the 表 N marker or the title
  int number = 0;  // printed 表 N; 0 when none
  std::string title;
  std::string unit;
  std::string organisation;
};

// Something in a table that could not be placed; the document reader adds the file name and
// the table's name.
struct Problem {
  int line = 0;
  std::string why;
  std::string text;
};

struct TableRead {
  std::vector<DisclosureTable> tables;  // one, or one per part of a side-by-side table
  std::vector<Problem> problems;
};

// The lines of one table, from its header to its last row, including blank lines and the
// 编制部门/单位 lines and repeated headers of page breaks (which the readers skip).
using Region = std::vector<const SourceLine*>;

TableRead ReadTabTable(const TableMeta& meta, const Region& region);
TableRead ReadAlignedTable(const TableMeta& meta, const Region& region);
// Cell by cell, without header or columns: each line a row, its first cell the label and the
// others `texts` (tab-separated cells, or -layout fragments). For grids outside the table set.
DisclosureTable ReadGridTable(const TableMeta& meta, const Region& region);

// A caption naming a key column rather than a figure: 科目名称, 项目, 科目编码, 类 …
bool IsKeyCaption(U32View squashed);
// 类 / 款 / 项 (a code part column).
bool IsCodePartCaption(U32View squashed);
// "收入" for 收入/财政拨款收入 …, "支出" likewise; the caption itself otherwise.
std::string PartName(U32View caption);
// "201 一般公共服务支出" -> code {"201"} and "一般公共服务支出"; false when no code leads.
bool SplitLeadingCode(U32View text, std::vector<std::string>* parts, U32* rest);
std::string JoinCode(const std::vector<std::string>& parts);
// Joins caption pieces printed on successive lines of one cell: no space between CJK pieces.
U32 JoinPieces(const std::vector<U32>& pieces);
// Sets table.empty from the figures (no non-zero figure at all).
void SetEmpty(DisclosureTable* table);
// The line as a problem shows it: tabs as " | ", trimmed, runs of spaces as one, and cut
// after 200 characters.
std::string ShowLine(const SourceLine& line);
// A figure as a problem shows it: "1234.5" -> "1234.50".
std::string ShowFigure(double v);

}  // namespace suan::disclosure
