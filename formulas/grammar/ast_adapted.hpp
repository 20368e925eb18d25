// Fusion adaptation of the attribute tree, so X3 sequences can fill the structs member by
// member. Positions (ast::positioned) are not adapted: on_success sets them.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "formulas/grammar/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::number, value)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::text, value)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::boolean, value)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::error_value, spelling)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::name, spelling)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::cell_area, first, last)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::reference, sheet, where)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::core, first, range_ends, percents)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::sign, op)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::operand, signs, value)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::operation, op, right)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::call, name, args)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::signed_number, sign, value)
BOOST_FUSION_ADAPT_STRUCT(suan::grammar::ast::array, rows)
