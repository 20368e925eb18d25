// The iterator, skipper and context the .suan grammar is instantiated for (model.cpp) and
// called with (parse_model.cpp): the model text as a char range; spaces, newlines and '#'
// comments are skipped between tokens.
#pragma once

#include <type_traits>

#include <boost/spirit/home/x3.hpp>

namespace suan::model::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

inline const auto comment = x3::lexeme['#' >> *(x3::char_ - x3::eol)];
inline const auto skipper = x3::ascii::space | comment;

using skipper_type = std::remove_cv_t<decltype(skipper)>;
using context_type = x3::phrase_parse_context<skipper_type>::type;

}  // namespace suan::model::grammar
