// Fusion adaptation of the .suan attribute tree, so X3 sequences fill the structs member by
// member. Positions (ast::positioned) are not adapted: on_success sets them.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "formulas/model/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::name, text)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::number, value)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::text, value)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::row_key, under, like, key)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::reference, unit, table, row, column)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::operand, signs, value, percents)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::operation, op, right)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::call, function, args)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::unit_stmt, keyword, unit)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::decimals_stmt, keyword, value)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::tolerance, value, per_term)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::tolerance_stmt, keyword, value)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::level_def, level, digits)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::codes_stmt, list, path, levels)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::col_def, key, spellings)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::cols_stmt, kind, cols)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::row_def, key, spellings, optional)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::rows_stmt, keyword, rows)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::code_rows_stmt, list, levels, from_tables)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::item_rows_stmt, section, by_column, code_list)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::rollup_stmt, keyword, list)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::target, row, column)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::rule_stmt, lhs, value, filter)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::each_clause, what, filter, names)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::check_option, kind, tol, text)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::check_stmt, id, title, severity, each, lhs, relation,
                          rhs, options)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::part_stmt, key, spellings, items)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::table_stmt, key, titles, flags, items)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::placeholder, kind, value, as, format)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::text_template, pieces)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::text_stmt, id, title, each_table, each_levels,
                          in_headings, body)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::include_stmt, keyword, path)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::grid_stmt, keyword, key, titles, flags, items)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::param_stmt, keyword, key, sign, value)
BOOST_FUSION_ADAPT_STRUCT(suan::model::ast::model, statements)
