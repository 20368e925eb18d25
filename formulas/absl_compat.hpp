// Debian 12's abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW
// is 0), which does not convert from std::string_view. suan uses std::string_view in its
// interfaces; these helpers cross over where an abseil function wants its own type.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace suan {

inline absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view FromAbsl(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace suan
