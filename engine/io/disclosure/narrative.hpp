// The running text of a disclosure: lines joined into paragraphs under their headings.
#pragma once

#include <string>
#include <vector>

#include "engine/io/disclosure/lines.hpp"
#include "engine/io/disclosure_text.hpp"

namespace suan::disclosure {

// 第三部分 …, 一、…, （一）… (short, no sentence inside, not a full line that wraps on);
// *heading gets the cleaned text. `typical_width` as for AppendParagraphs (0: unknown).
bool IsHeadingLine(const SourceLine& line, size_t typical_width, std::string* heading);

// Joins the lines of each segment (text between two tables) into paragraphs: a line that does
// not end a sentence continues on the next one, across blank lines and page breaks, unless
// the next starts a heading, an enumerated item or a "名称：内容" line. `typical_width` is
// the usual length of a full line of text (pdftotext wraps at it).
void AppendParagraphs(const std::vector<const SourceLine*>& segment, size_t typical_width,
                      std::string* heading, std::vector<DisclosureParagraph>* out);

}  // namespace suan::disclosure
