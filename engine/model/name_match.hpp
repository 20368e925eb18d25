// Matching the names one part of a disclosure gives projects to the names another part gives
// them: a project's 绩效目标表 names it "2025年中央财政稳岗就业扩大社会保险补贴范围补助资金", 表7
// lists it as two rows, "2025年自治区财政稳岗就业扩大社保补贴范围补助资金（上年结转）" and
// "2025年中央财政稳就业扩大社会保险补贴范围补助资金（上年结转）".
//
// Names are compared by their core: spaces, quotes and brackets removed, full-width folded, a
// trailing parenthesised note ("（上年结转）") dropped. In order:
//   1. equal cores;
//   2. for a name still unmatched, an item whose core begins with its core, or the reverse;
//   3. an item still unmatched goes to the unmatched name it is most like (the longest common
//      subsequence of the cores over the longer core, at least 0.75), unless two are as like.
// Each item goes to one name at most; a name may get several items (a project split in two
// rows) or none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suan::model {

std::string NameCore(std::string_view name);

// For each of `names`, the indices of the `items` it matches.
std::vector<std::vector<int>> MatchNames(const std::vector<std::string>& names,
                                         const std::vector<std::string>& items);

}  // namespace suan::model
