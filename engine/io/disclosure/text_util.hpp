// Characters, words and numbers of a budget disclosure's text, for the disclosure reader.
//
// Lines are handled as UTF-32 so that a column is a character: pdftotext -layout places CJK
// characters in one character position each, so positions compare directly. Nothing here
// throws: invalid UTF-8 decodes byte by byte (U+DC80..U+DCFF) and encodes back unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suan::disclosure {

using U32 = std::u32string;
using U32View = std::u32string_view;

U32 DecodeUtf8(std::string_view s);
std::string EncodeUtf8(U32View s);

// Full-width ASCII variants (U+FF01..U+FF5E: ０-９，：（）％ …) fold to ASCII; the ideographic
// space and no-break space fold to ' '. Everything else is unchanged.
char32_t FoldWidth(char32_t c);
U32 FoldWidth(U32View s);

bool IsSpace(char32_t c);  // ' ', tab, CR, VT, U+3000, U+00A0, U+200B, U+FEFF
bool IsDigit(char32_t c);  // 0-9 (fold first for ０-９)
bool IsAsciiAlnum(char32_t c);
bool IsIdeograph(char32_t c);  // CJK ideographs (basic block and extension A)

U32View Trim(U32View s);
// All whitespace removed and widths folded: the key used to match captions and patterns.
U32 Squash(U32View s);
// Trimmed, with stray spaces removed: whitespace survives (as one space) only between two
// ASCII letters or digits. "人力资源和社会保障管理事 务" -> "人力资源和社会保障管理事务".
U32 CleanSpaces(U32View s);
std::string Clean(U32View s);

bool StartsWith(U32View s, U32View prefix);
bool EndsWith(U32View s, U32View suffix);
bool Contains(U32View s, U32View part);
size_t Find(U32View s, U32View part, size_t from = 0);

// A figure as printed in a cell: "1,234.50", "-12.30", "(12.30)", "12.5%", "０.００".
// Blank cells and the placeholders "-", "—", "--", "……", "/" are kBlank; anything else that
// is not a well-formed number (bad thousands grouping, letters) is kNotANumber.
struct Amount {
  enum class Kind { kNotANumber, kBlank, kNumber };
  Kind kind = Kind::kNotANumber;
  double value = 0;
};
Amount ParseAmount(U32View token);

// "208" -> {"208"}, "20801" -> {"208","01"}, "2080101" -> {"208","01","01"},
// "208.01.01" -> {"208","01","01"}; {} when the token is not a classification code.
std::vector<std::string> SplitCode(U32View token);
bool IsCodePart(U32View token);  // "01": a 款/项 part printed in its own column

// On squashed text: 一、 （一） (1) 1. 1、 ① 其中：
bool StartsWithRowMarker(U32View squashed);
// The marker's length in characters (0 if none).
size_t RowMarkerLength(U32View squashed);
// 合计 总计 小计 共计, or a caption ending in 合计/总计 (本年收入合计, 收入总计).
bool IsTotalLabel(U32View squashed);
// Whether a caption reads as finished (ends in 收入, 支出, 结余, a closing bracket …) rather
// than broken off by a line wrap (…财政拨, …传媒支).
bool EndsComplete(U32View squashed);
// 一 … 九十九 or arabic digits; -1 if neither.
int ParseChineseNumber(U32View s);

}  // namespace suan::disclosure
