// The .suan grammar (Boost.Spirit X3). Included only by model.cpp.
//
//   model      := statement*
//   statement  := unit NAME | decimals INT | tolerance NUM [per term]
//               | codes NAME from "file.csv" [levels NAME INT, ...]
//               | table NAME ["title" | "alias"...] [optional] { table-item* }
//               | check … | text … | include "other.suan"
//               | grid NAME ["title" | "alias"...] [optional] { table-item* }
//               | param NAME = [-]NUM
//   table-item := part NAME ["caption"...] { table-item* }
//               | col(s) NAME ["caption" | "alias"...], ... | textcol NAME ["caption"], ...
//               | field NAME ["caption"...], ... | textfield NAME ["caption"...], ...  (grids)
//               | row NAME ["caption"...] [optional], ...
//               | rows CODELIST [level NAME, ...] [from TABLE, ...]
//               | items NAME [by TEXTCOL] [code CODELIST] | rollup CODELIST
//               | check … | target = expression [for codes|items|fixed|level NAME,...]
//   target     := COLUMN | [ROWKEY] | [ROWKEY].COLUMN
//   ROWKEY     := CODE | NAME | @ | under (CODE | @) | like FIELD
//   check      := check [ID] ["title"] [error|warning] [each row [level L,..|items|codes]|each col]
//                 : expression (= | <= | >= | ≤ | ≥) expression
//                 [tolerance NUM [per term]] [message "… {lhs} … {rhs} … {diff} …"]
//   text       := text ID ["title"] [each TABLE [level L,..]] [in "heading"]... : "template"
//
// Expressions are Excel's (+ - * / ^ & %, comparisons inside parentheses and arguments,
// function calls) over structured references:
//   合计  [收入总计]  [208].合计  表3[208.01].合计  表2[@].总计  表7[under @].合计
//   人社局!表1[收入总计]  叙述.金额
// A name is UTF-8 letters, digits and '_' (not starting with a digit); anything else is
// quoted like an Excel sheet name: '财政拨款（补助）小计'. A table or unit name touches its
// '[' or '!', and '.' touches what it joins, so a new line never continues a reference.
//
// Every `>` is a commitment point whose failure reports what was expected; the rule names
// below are those words.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/spirit/home/x3.hpp>

#include "formulas/grammar/chars.hpp"
#include "formulas/model/ast.hpp"
#include "formulas/model/ast_adapted.hpp"
#include "formulas/model/config.hpp"
#include "formulas/model/model.hpp"

namespace suan::model::grammar {
namespace parser {

namespace x3 = boost::spirit::x3;

// ---------------------------------------------------------------------------------------
// Custom lexical parsers

namespace detail {

inline std::string_view Rest(const char* first, const char* last) {
  return {first, static_cast<size_t>(last - first)};
}

// A name character of the model language: the formula language's name characters except
// '.' and '\' ('.' joins a reference to its column or slot).
inline size_t ModelNameCharLength(std::string_view s, size_t i) {
  if (i < s.size() && (s[i] == '.' || s[i] == '\\')) return 0;
  return suan::grammar::NameCharLength(s, i);
}

}  // namespace detail

// An identifier: name characters, not starting with a digit.
struct identifier_parser : x3::parser<identifier_parser> {
  using attribute_type = std::string;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    std::string_view rest = detail::Rest(first, last);
    if (rest.empty() || (rest[0] >= '0' && rest[0] <= '9')) return false;
    size_t i = 0;
    while (size_t n = detail::ModelNameCharLength(rest, i)) i += n;
    if (i == 0) return false;
    x3::traits::move_to(std::string(rest.substr(0, i)), attr);
    first += i;
    return true;
  }
};

// One name character (for keyword boundaries: `rows` is not `rowsum`).
struct name_char_parser : x3::parser<name_char_parser> {
  using attribute_type = x3::unused_type;
  static const bool has_attribute = false;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context&, RContext&, Attribute&) const {
    size_t n = detail::ModelNameCharLength(detail::Rest(first, last), 0);
    if (n == 0) return false;
    first += n;
    return true;
  }
};

// An unsigned decimal number: 12, 0.01, 1e-3. Converted with std::from_chars (correctly
// rounded). Out of range is an error, not infinity.
struct decimal_parser : x3::parser<decimal_parser> {
  using attribute_type = double;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const char* p = first;
    auto digit = [&](const char* q) { return q != last && *q >= '0' && *q <= '9'; };
    if (!digit(p)) return false;
    while (digit(p)) ++p;
    if (p != last && *p == '.' && digit(p + 1)) {
      ++p;
      while (digit(p)) ++p;
    }
    if (p != last && (*p == 'e' || *p == 'E')) {
      const char* q = p + 1;
      if (q != last && (*q == '+' || *q == '-')) ++q;
      if (digit(q)) {
        while (digit(q)) ++q;
        p = q;
      }
    }
    double value = 0;
    auto [end, ec] = std::from_chars(first, p, value);
    if (end != p || ec != std::errc())
      throw syntax_error{first, "number " + std::string(first, p) + " is out of range"};
    x3::traits::move_to(value, attr);
    first = p;
    return true;
  }
};

const identifier_parser identifier{};
const name_char_parser name_char{};
const decimal_parser decimal{};

// A keyword: the word, not followed by a name character.
inline auto kw(const char* word) {
  return x3::lexeme[x3::lit(word) >> !name_char];
}

struct relation_table : x3::symbols<std::string> {
  relation_table() {
    add("=", "=")("<=", "<=")(">=", ">=")("\xE2\x89\xA4", "<=")("\xE2\x89\xA5", ">=");
  }
};
const relation_table relation;

// Operators of the top level of a rule or check (no comparisons: `a = b` is the relation).
struct arithmetic_operator_table : x3::symbols<std::string> {
  arithmetic_operator_table() { add("+", "+")("-", "-")("*", "*")("/", "/")("^", "^")("&", "&"); }
};
const arithmetic_operator_table arithmetic_operator;

// Inside parentheses and arguments comparisons are Excel's operators again.
struct any_operator_table : x3::symbols<std::string> {
  any_operator_table() {
    add("+", "+")("-", "-")("*", "*")("/", "/")("^", "^")("&", "&")("=", "=")("<>", "<>")("<", "<")(
        "<=", "<=")(">", ">")(">=", ">=");
  }
};
const any_operator_table any_operator;

// ---------------------------------------------------------------------------------------
// Rules

// Records where each positioned node starts (after skipped whitespace).
struct annotate_position {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator& first, const Iterator&, Attribute& node, const Context&) const {
    if constexpr (std::is_base_of_v<ast::positioned, Attribute>) node.at = first;
  }
};

struct model_class {};
struct statement_class {};
struct end_class {};
struct name_string_class {};
struct quoted_name_class {};
struct name_class : annotate_position {};
struct string_class {};
struct text_class : annotate_position {};
struct number_class : annotate_position {};
struct row_key_class : annotate_position {};
struct key_text_class {};
struct close_bracket_class {};
struct reference_class : annotate_position {};
struct this_table_ref_class {};
struct unit_ref_class {};
struct table_ref_class {};
struct slot_ref_class {};
struct bare_ref_class {};
struct column_suffix_class {};
struct primary_class {};
struct operand_class : annotate_position {};
struct inner_operand_class : annotate_position {};
struct operation_class : annotate_position {};
struct inner_operation_class : annotate_position {};
struct expression_class : annotate_position {};
struct inner_expression_class : annotate_position {};
struct paren_class {};
struct close_paren_class {};
struct call_class : annotate_position {};
struct call_args_class {};
struct close_call_class {};
struct unit_stmt_class : annotate_position {};
struct decimals_stmt_class : annotate_position {};
struct tolerance_class : annotate_position {};
struct tolerance_stmt_class : annotate_position {};
struct level_def_class : annotate_position {};
struct codes_stmt_class : annotate_position {};
struct captions_class {};
struct col_def_class : annotate_position {};
struct cols_stmt_class : annotate_position {};
struct row_def_class : annotate_position {};
struct rows_stmt_class : annotate_position {};
struct code_rows_stmt_class : annotate_position {};
struct item_rows_stmt_class : annotate_position {};
struct rollup_stmt_class : annotate_position {};
struct target_class : annotate_position {};
struct rule_stmt_class : annotate_position {};
struct each_clause_class : annotate_position {};
struct rule_filter_class : annotate_position {};
struct filter_level_class : annotate_position {};
struct filter_kind_class : annotate_position {};
struct check_option_class : annotate_position {};
struct check_stmt_class : annotate_position {};
struct check_body_class {};
struct table_item_class {};
struct part_stmt_class : annotate_position {};
struct table_stmt_class : annotate_position {};
struct table_body_class {};
struct close_brace_class {};
struct open_brace_class {};
struct placeholder_class : annotate_position {};
struct placeholder_body_class {};
struct close_placeholder_class {};
struct literal_class {};
struct template_class : annotate_position {};
struct template_pieces_class {};
struct close_template_class {};
struct text_stmt_class : annotate_position {};
struct include_stmt_class : annotate_position {};
struct grid_stmt_class : annotate_position {};
struct param_stmt_class : annotate_position {};
struct names_class {};
struct level_clause_class {};
struct from_clause_class {};
struct colon_class {};
struct equals_class {};
struct relation_class {};
struct number_value_class {};

const model_type model = "a model";
const x3::rule<statement_class, ast::statement> statement =
    "a statement (unit, decimals, tolerance, codes, table, grid, param, check, text or include)";
const x3::rule<end_class> end_of_model =
    "a statement (unit, decimals, tolerance, codes, table, grid, param, check, text or include)";
const x3::rule<name_string_class, std::string> name_string = "a name";
const x3::rule<quoted_name_class, std::string> quoted_name = "a quoted name";
const x3::rule<name_class, ast::name> name = "a name";
const x3::rule<string_class, std::string> string = "a \"quoted text\"";
const x3::rule<text_class, ast::text> text = "a \"quoted text\"";
const x3::rule<number_class, ast::number> number = "a number";
const x3::rule<row_key_class, ast::row_key> row_key = "a row (a code, a row name or @)";
const x3::rule<key_text_class, std::string> key_text = "a row (a code, a row name or @)";
const x3::rule<close_bracket_class> close_bracket = "']'";
const x3::rule<reference_class, ast::reference> reference = "a reference";
const x3::rule<this_table_ref_class, ast::reference> this_table_ref = "a row reference";
const x3::rule<unit_ref_class, ast::reference> unit_ref = "a unit reference";
const x3::rule<table_ref_class, ast::reference> table_ref = "a table reference";
const x3::rule<slot_ref_class, ast::reference> slot_ref = "a statement slot";
const x3::rule<bare_ref_class, ast::reference> bare_ref = "a name";
const x3::rule<column_suffix_class, std::string> column_suffix = "a column name after '.'";
const x3::rule<primary_class, ast::primary> primary = "an operand";
const x3::rule<operand_class, ast::operand> operand = "an operand";
const x3::rule<inner_operand_class, ast::operand> inner_operand = "an operand";
const x3::rule<operation_class, ast::operation> operation = "an operator";
const x3::rule<inner_operation_class, ast::operation> inner_operation = "an operator";
const x3::rule<expression_class, ast::expression> expression = "an expression";
const x3::rule<inner_expression_class, ast::expression> inner_expression = "an expression";
const x3::rule<paren_class, ast::expression> paren = "'('";
const x3::rule<close_paren_class> close_paren = "an operator or ')'";
const x3::rule<call_class, ast::call> call = "a function call";
const x3::rule<call_args_class, std::vector<ast::expression>> call_args = "an argument or ')'";
const x3::rule<close_call_class> close_call = "an operator, ',' or ')'";
const x3::rule<unit_stmt_class, ast::unit_stmt> unit_stmt = "unit";
const x3::rule<decimals_stmt_class, ast::decimals_stmt> decimals_stmt = "decimals";
const x3::rule<tolerance_class, ast::tolerance> tolerance = "a tolerance (0.01 [per term])";
const x3::rule<tolerance_stmt_class, ast::tolerance_stmt> tolerance_stmt = "tolerance";
const x3::rule<level_def_class, ast::level_def> level_def = "a level (a name and its digits)";
const x3::rule<codes_stmt_class, ast::codes_stmt> codes_stmt = "codes";
const x3::rule<captions_class, ast::captions> captions = "captions";
const x3::rule<col_def_class, ast::col_def> col_def = "a column name";
const x3::rule<cols_stmt_class, ast::cols_stmt> cols_stmt = "col";
const x3::rule<row_def_class, ast::row_def> row_def = "a row name";
const x3::rule<rows_stmt_class, ast::rows_stmt> rows_stmt = "row";
const x3::rule<code_rows_stmt_class, ast::code_rows_stmt> code_rows_stmt = "rows";
const x3::rule<item_rows_stmt_class, ast::item_rows_stmt> item_rows_stmt = "items";
const x3::rule<rollup_stmt_class, ast::rollup_stmt> rollup_stmt = "rollup";
const x3::rule<target_class, ast::target> target = "a column, [row] or [row].column";
const x3::rule<rule_stmt_class, ast::rule_stmt> rule_stmt = "a rule";
const x3::rule<each_clause_class, ast::each_clause> each_clause = "each row or each col";
const x3::rule<filter_level_class, ast::each_clause> filter_level = "level NAME, ...";
const x3::rule<filter_kind_class, ast::each_clause> filter_kind = "codes, items or fixed";
const x3::rule<rule_filter_class, ast::each_clause> rule_filter =
    "for codes, for items, for fixed or for level NAME";
const x3::rule<check_option_class, ast::check_option> check_option = "a check option";
const x3::rule<check_stmt_class, ast::check_stmt> check_stmt = "check";
const x3::rule<table_item_class, ast::table_item> table_item =
    "a table item (part, col, textcol, row, rows, items, rollup, check or a rule)";
const x3::rule<part_stmt_class, ast::part_stmt> part_stmt = "part";
const x3::rule<table_stmt_class, ast::table_stmt> table_stmt = "table";
const x3::rule<table_body_class, std::vector<ast::table_item>> table_body = "'{'";
const x3::rule<open_brace_class> open_brace = "'{'";
const x3::rule<close_brace_class> close_brace =
    "a table item (part, col, textcol, row, rows, items, rollup, check or a rule) or '}'";
const x3::rule<placeholder_class, ast::placeholder> placeholder = "a placeholder";
const x3::rule<placeholder_body_class, ast::placeholder> placeholder_body =
    "a placeholder (an expression, yoy EXPR, @, * or ?)";
const x3::rule<close_placeholder_class> close_placeholder = "'as', ':' or '}'";
const x3::rule<literal_class, std::string> literal = "text";
const x3::rule<template_class, ast::text_template> text_template = "a \"template\"";
const x3::rule<template_pieces_class, std::vector<ast::template_piece>> template_pieces =
    "a \"template\"";
const x3::rule<close_template_class> close_template = "'{' or the closing '\"'";
const x3::rule<text_stmt_class, ast::text_stmt> text_stmt = "text";
const x3::rule<include_stmt_class, ast::include_stmt> include_stmt = "include";
const x3::rule<grid_stmt_class, ast::grid_stmt> grid_stmt = "grid";
const x3::rule<param_stmt_class, ast::param_stmt> param_stmt = "param";
const x3::rule<names_class, std::vector<ast::name>> names = "a list of names";
const x3::rule<level_clause_class, std::vector<ast::name>> level_clause = "level NAME, ...";
const x3::rule<from_clause_class, std::vector<ast::name>> from_clause = "from TABLE, ...";
const x3::rule<colon_class> colon = "':'";
const x3::rule<equals_class> equals = "'='";
const x3::rule<relation_class, std::string> relation_rule = "a relation (=, <=, >=)";
const x3::rule<number_value_class, double> number_value = "a number";

using x3::attr;
using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::matches;
using x3::no_skip;
using x3::raw;

// --- lexical pieces
const auto name_string_def = identifier | quoted_name;
const auto quoted_name_def = lexeme['\'' >> *(~char_('\'') | lit("''") >> attr('\'')) > '\''];
const auto name_def = name_string;
const auto string_def = lexeme['"' >> *(~char_('"') | lit("\"\"") >> attr('"')) > '"'];
const auto text_def = string;
const auto number_def = decimal;
const auto names_def = name % ',';
const auto colon_def = lit(':');
const auto equals_def = lit('=');
const auto relation_rule_def = relation;
const auto number_value_def = decimal;

// --- references
const auto key_text_def =
    raw[lit('@')] | lexeme[raw[x3::digit >> *(x3::digit | '.')]] | name_string;
// `under` and `like` together are refused by the model compiler.
const auto row_key_def = matches[kw("under")] >> matches[kw("like")] >> key_text;
const auto close_bracket_def = lit(']');
const auto column_suffix_def = no_skip[lit('.')] > name_string;
const auto optional_column = column_suffix | attr(std::string());

const auto this_table_ref_def = attr(std::string()) >> attr(std::string()) >>
                                ('[' > row_key > close_bracket) >> optional_column;
const auto unit_ref_def = lexeme[name_string >> '!'] >> lexeme[name_string >> &lit('[')] >>
                          ('[' > row_key > close_bracket) >> optional_column;
const auto table_ref_def = attr(std::string()) >> lexeme[name_string >> &lit('[')] >>
                           ('[' > row_key > close_bracket) >> optional_column;
const auto slot_ref_def = attr(std::string()) >> lexeme[name_string >> &lit('.')] >>
                          attr(boost::optional<ast::row_key>()) >> column_suffix;
const auto bare_ref_def = attr(std::string()) >> attr(std::string()) >>
                          attr(boost::optional<ast::row_key>()) >> name_string;
// Each branch is chosen by a lookahead, so a failed branch never leaves half an attribute.
const auto reference_def = (&lit('[') >> this_table_ref) |
                           (&lexeme[name_string >> '!'] >> unit_ref) |
                           (&lexeme[name_string >> '['] >> table_ref) |
                           (&lexeme[name_string >> '.' >> !x3::digit] >> slot_ref) | bare_ref;

// --- expressions
const auto call_def = lexeme[identifier >> '('] > call_args;
const auto call_args_def = lit(')') | ((inner_expression % ',') > close_call);
const auto close_call_def = lit(')');
const auto paren_def = '(' > inner_expression > close_paren;
const auto close_paren_def = lit(')');
const auto primary_def = number | text | call | reference | paren;
const auto operand_def = *char_("+-") >> primary >> *char_('%');
const auto inner_operand_def = *char_("+-") >> primary >> *char_('%');
const auto operation_def = arithmetic_operator > operand;
const auto inner_operation_def = any_operator > inner_operand;
const auto expression_def = operand >> *operation;
const auto inner_expression_def = inner_operand >> *inner_operation;

// --- statements
const auto unit_stmt_def = raw[kw("unit")] > name;
const auto decimals_stmt_def = raw[kw("decimals")] > x3::uint_;
const auto tolerance_def = decimal >> matches[kw("per") > kw("term")];
const auto tolerance_stmt_def = raw[kw("tolerance")] > tolerance;
const auto level_def_def = name > x3::uint_;
const auto codes_stmt_def = kw("codes") > name > kw("from") > text >
                            ((kw("levels") > (level_def % ',')) |
                             attr(std::vector<ast::level_def>()));

const auto captions_def = (string % '|') | attr(ast::captions());
const auto col_def_def = name >> captions;
const auto cols_stmt_def =
    raw[kw("cols") | kw("col") | kw("textcol") | kw("textfield") | kw("field")] > (col_def % ',');
const auto row_def_def = name >> captions >> matches[kw("optional")];
const auto rows_stmt_def = raw[kw("row")] > (row_def % ',');
const auto level_clause_def = (kw("level") > names) | attr(std::vector<ast::name>());
const auto from_clause_def = (kw("from") > names) | attr(std::vector<ast::name>());
const auto code_rows_stmt_def = kw("rows") > name > level_clause > from_clause;
const auto item_rows_stmt_def = kw("items") > name > -(kw("by") > name) > -(kw("code") > name);
const auto rollup_stmt_def = raw[kw("rollup")] > name;

const auto target_def = (&lit('[') >> ('[' > row_key > close_bracket) >> optional_column) |
                        (attr(boost::optional<ast::row_key>()) >> name_string);
// `for codes` | `for items` | `for fixed` | `for level 类, 款` limits a column rule's rows.
const auto filter_level_def = attr(std::string("row")) >> raw[kw("level")] > names;
const auto filter_kind_def = attr(std::string("row")) >>
                             raw[kw("items") | kw("codes") | kw("fixed")] >>
                             attr(std::vector<ast::name>());
const auto rule_filter_def = kw("for") > (filter_level | filter_kind);
const auto rule_stmt_def = target >> equals > expression > -rule_filter;

// each row | each row level 类, 款 | each row items | each row codes | each row fixed | each col
// (which filters take names is checked by the model compiler).
const auto each_clause_def = kw("each") > raw[kw("row") | kw("col")] >
                             (raw[kw("level") | kw("items") | kw("codes") | kw("fixed")] |
                              attr(std::string())) > (names | attr(std::vector<ast::name>()));
const auto check_option_def = (raw[kw("tolerance")] > tolerance > attr(std::string())) |
                              (raw[kw("message")] > attr(ast::tolerance()) > string);
const auto check_stmt_def = kw("check") > -(!(kw("each") | kw("error") | kw("warning")) >> name) >
                            -text > (raw[kw("error") | kw("warning")] | attr(std::string())) >
                            -each_clause > colon > expression > relation_rule > expression >
                            *check_option;

const auto table_item_def = cols_stmt | rows_stmt | code_rows_stmt | item_rows_stmt | rollup_stmt |
                            check_stmt | part_stmt | rule_stmt;
const auto open_brace_def = lit('{');
const auto close_brace_def = lit('}');
const auto table_body_def = open_brace > *table_item > close_brace;
const auto part_stmt_def = kw("part") > name > captions > table_body;
const auto table_stmt_def = kw("table") > name > captions > *raw[kw("optional")] > table_body;

// --- narrative templates
const auto literal_def = lexeme[+(~char_("\"{}") | lit("\"\"") >> attr('"'))];
const auto as_clause = (kw("as") > name_string) | attr(std::string());
const auto format_clause = (':' > lexeme[raw[*~char_('}')]]) | attr(std::string());
const auto none_expr = attr(boost::optional<ast::expression>());
const auto placeholder_body_def =
    (lit('@') >> attr(std::string("label")) >> none_expr >> attr(std::string()) >>
     attr(std::string())) |
    (lit('*') >> attr(std::string("skip")) >> none_expr >> attr(std::string()) >>
     attr(std::string())) |
    (lit('?') >> attr(std::string("capture")) >> none_expr >> (name_string | attr(std::string())) >>
     attr(std::string())) |
    (kw("yoy") >> attr(std::string("yoy")) >> expression >> as_clause >> attr(std::string())) |
    (attr(std::string("expr")) >> expression >> as_clause >> format_clause);
const auto close_placeholder_def = lit('}');
const auto placeholder_def = '{' > x3::skip(skipper)[placeholder_body > close_placeholder];
const auto close_template_def = lit('"');
const auto template_pieces_def = lexeme['"' > *(literal | placeholder) > close_template];
const auto text_template_def = template_pieces;
const auto text_stmt_def = kw("text") > name > -text > -(kw("each") > name) >
                           ((kw("level") > names) | attr(std::vector<ast::name>())) >
                           *(kw("in") > text) > colon > text_template;

const auto include_stmt_def = raw[kw("include")] > text;
const auto grid_stmt_def = raw[kw("grid")] > name > captions > *raw[kw("optional")] > table_body;
const auto param_stmt_def = raw[kw("param")] > name > equals >
                            (raw[lit('-')] | attr(std::string())) > number_value;
const auto statement_def = unit_stmt | decimals_stmt | tolerance_stmt | codes_stmt | table_stmt |
                           check_stmt | text_stmt | include_stmt | grid_stmt | param_stmt;
const auto end_of_model_def = x3::eoi;
const auto model_def = *statement > end_of_model;

// Split in groups: Boost.Preprocessor limits how many rules one macro call may take.
BOOST_SPIRIT_DEFINE(model, statement, end_of_model, name_string, quoted_name, name, string, text,
                    number, row_key, key_text, close_bracket, reference, this_table_ref, unit_ref,
                    table_ref, slot_ref, bare_ref, column_suffix, primary);
BOOST_SPIRIT_DEFINE(operand, inner_operand, operation, inner_operation, expression,
                    inner_expression, paren, close_paren, call, call_args, close_call, unit_stmt,
                    decimals_stmt, tolerance, tolerance_stmt, level_def, codes_stmt, captions,
                    col_def, cols_stmt);
BOOST_SPIRIT_DEFINE(row_def, rows_stmt, code_rows_stmt, item_rows_stmt, rollup_stmt, target,
                    rule_stmt, each_clause, rule_filter, filter_level, filter_kind, check_option,
                    check_stmt, table_item, part_stmt, table_stmt, table_body, open_brace,
                    close_brace, placeholder, placeholder_body, close_placeholder, literal);
BOOST_SPIRIT_DEFINE(text_template, template_pieces, close_template, text_stmt, include_stmt, names,
                    level_clause, from_clause, colon, equals, relation_rule, grid_stmt, param_stmt,
                    number_value);

}  // namespace parser

const parser::model_type& model() {
  return parser::model;
}

}  // namespace suan::model::grammar
