// The iterator and context the grammar is instantiated for (formula.cpp) and called with
// (parse.cpp): the formula text as a char range, ASCII whitespace skipped between tokens.
#pragma once

#include <boost/spirit/home/x3.hpp>

namespace suan::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;
using skipper_type = x3::ascii::space_type;
using context_type = x3::phrase_parse_context<skipper_type>::type;

}  // namespace suan::grammar
