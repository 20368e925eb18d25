// Matching the words of a published table to the names of a model: row captions, column
// captions and table titles are compared in a normalised form, so that "一、本年收入",
// "（一）本年收入 " and "本年收入" all name the same row, and "财政拨款（补助）/小计" matches
// "财政拨款(补助)/小计".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suan::model {

// Whitespace removed (ASCII, U+3000, no-break space), full-width ASCII variants folded to
// ASCII (（）：，％ ０-９ …), "**" emphasis dropped.
std::string Squash(std::string_view text);

// Squash, then the row markers a disclosure puts before a caption removed: 一、 （一） (1)
// 1. 1、 ① 其中： and a trailing ':'. "其中：一般财力" -> "一般财力", "2.政府性基金预算拨款"
// -> "政府性基金预算拨款"; "2025年…" keeps its year.
std::string NormalizeLabel(std::string_view text);

// A caption path ("支出预算/合计") split at '/' into normalised labels.
std::vector<std::string> CaptionPath(std::string_view caption);

// True when the published caption path ends with the model caption's path
// ("财政拨款（补助）/财政拨款（补助）小计" ends with "财政拨款（补助）小计").
bool CaptionMatches(std::string_view published, std::string_view model_caption);

// UTF-8 <-> UTF-32 (invalid bytes survive the round trip as U+DC80..U+DCFF).
std::u32string ToU32(std::string_view text);
std::string FromU32(std::u32string_view text);

// "208.01.01" / "208 01 01" -> "2080101"; "" when the text is not digits (with dots/spaces).
std::string NormalizeCode(std::string_view text);

}  // namespace suan::model
