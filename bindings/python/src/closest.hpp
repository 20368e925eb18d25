// "Did you mean": the names closest to a name that does not exist, by edit distance over
// characters (UTF-8 code points, ASCII case ignored), for KeyError messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace suan::py {

// Levenshtein distance between two UTF-8 strings, counted in code points.
size_t EditDistance(std::string_view a, std::string_view b);

// Up to `n` candidates nearest to `key`, nearest first (ties in the candidates' order); only
// those within about half the key's length, so unrelated names are not suggested.
std::vector<std::string> Closest(std::string_view key, const std::vector<std::string>& candidates,
                                 size_t n = 3);

// "; closest: 'Total', 'Dept_0001'" or, when nothing is close, "; there are: 'A', 'B', …" (the
// first few), or "" when there are no candidates. `what` names them ("sheets", "names").
std::string Suggest(std::string_view key, const std::vector<std::string>& candidates,
                    std::string_view what);

}  // namespace suan::py
