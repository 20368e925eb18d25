// The Excel formula grammar (Boost.Spirit X3). Included only by formula.cpp.
//
// Shape: an expression is a flat list `operand (binary-op operand)*`; parse.cpp applies
// Excel's precedence and left associativity to that list. Keeping the levels out of the
// grammar makes each '(' cost a handful of rule frames, not one per precedence level, so the
// depth limit (enforced by parse.cpp's pre-scan before X3 runs) keeps the stack small.
//
//   operand  := sign* core                    -2 is one operand; unary binds tighter than ^
//   core     := primary (':' primary)* '%'*   the range operator binds tightest
//   primary  := reference | number | text | error | {array} | (expression) | call
//             | TRUE | FALSE | name
//
// Lexical pieces that need arithmetic (cells and their limits, numbers) are small custom
// X3 parsers; everything else is X3 expressions. Every `>` is a commitment point whose
// failure reports what was expected there; the rule names below are those words.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/spirit/home/x3.hpp>

#include "formulas/grammar/ast.hpp"
#include "formulas/grammar/ast_adapted.hpp"
#include "formulas/grammar/chars.hpp"
#include "formulas/grammar/formula.hpp"

namespace suan::grammar {
namespace parser {

namespace x3 = boost::spirit::x3;

// ---------------------------------------------------------------------------------------
// Custom lexical parsers

namespace detail {

inline std::string_view Rest(const char* first, const char* last) {
  return {first, static_cast<size_t>(last - first)};
}
inline bool IsAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
inline bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// After a reference the token must end: A1B and R2D2 are names, LOG10( is a call.
inline bool EndsReference(const char* p, const char* last) {
  if (p == last) return true;
  if (*p == '(') return false;
  return NameCharLength(Rest(p, last), 0) == 0;
}

// Column letters at p (at most 3 of them, case-insensitive): the 1-based column, or 0.
inline int32_t ReadColumn(const char*& p, const char* last) {
  const char* start = p;
  int32_t col = 0;
  while (p != last && IsAlpha(*p)) {
    if (p - start < 4) col = col * 26 + ((*p | 0x20) - 'a' + 1);
    ++p;
  }
  size_t n = static_cast<size_t>(p - start);
  return n >= 1 && n <= 3 ? col : 0;
}

// Row digits at p: the 1-based row, saturated just above the limit; -1 when there are none.
inline int64_t ReadRow(const char*& p, const char* last) {
  const char* start = p;
  int64_t row = 0;
  while (p != last && IsDigit(*p)) {
    if (row <= kMaxRows) row = row * 10 + (*p - '0');
    ++p;
  }
  return p == start ? -1 : row;
}

inline std::string Quoted(const char* first, const char* last) {
  return "'" + std::string(first, last) + "'";
}

[[noreturn]] inline void RowOutOfRange(const char* where, const char* digits, const char* end,
                                       const char* ref_first, const char* ref_last) {
  std::string rows(digits, end);
  bool zero = rows.find_first_not_of('0') == std::string::npos;
  throw syntax_error{
      where, zero ? "row 0 does not exist (rows start at 1) in " + Quoted(ref_first, ref_last)
                  : "row " + rows + " is beyond the sheet limit (1048576) in " +
                        Quoted(ref_first, ref_last)};
}

[[noreturn]] inline void ColumnOutOfRange(const char* where, const char* letters, const char* end,
                                          const char* ref_first, const char* ref_last) {
  throw syntax_error{where, "column " + std::string(letters, end) +
                                " is beyond the sheet limit (XFD) in " +
                                Quoted(ref_first, ref_last)};
}

}  // namespace detail

// One name character (chars.hpp): letters, digits, '_', '.', '\', non-ASCII letters.
struct name_char_parser : x3::parser<name_char_parser> {
  using attribute_type = x3::unused_type;
  static const bool has_attribute = false;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute&) const {
    x3::skip_over(first, last, context);
    size_t n = NameCharLength(detail::Rest(first, last), 0);
    if (n == 0) return false;
    first += n;
    return true;
  }
};

// The first character of a name: not a digit or '.'.
struct name_start_parser : x3::parser<name_start_parser> {
  using attribute_type = x3::unused_type;
  static const bool has_attribute = false;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute&) const {
    x3::skip_over(first, last, context);
    std::string_view rest = detail::Rest(first, last);
    if (!IsNameStart(rest, 0)) return false;
    first += NameCharLength(rest, 0);
    return true;
  }
};

// A cell: $A$1, A1, XFD1048576. A column beyond XFD is not a cell (XFE1 is a defined name,
// as in Excel), except after a sheet prefix (Strict), where only a reference may follow. A row
// beyond 1048576 (or row 0) is an error naming the reference.
template <bool Strict>
struct cell_parser : x3::parser<cell_parser<Strict>> {
  using attribute_type = ast::cell;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const char* p = first;
    ast::cell c;
    if (p != last && *p == '$') {
      c.col_absolute = true;
      ++p;
    }
    const char* letters = p;
    int32_t col = detail::ReadColumn(p, last);
    if (col == 0) return false;
    const char* letters_end = p;
    if (p != last && *p == '$') {
      c.row_absolute = true;
      ++p;
    }
    const char* digits = p;
    int64_t row = detail::ReadRow(p, last);
    if (row < 0 || !detail::EndsReference(p, last)) return false;
    if (col > kMaxCols) {
      if constexpr (!Strict) return false;
      detail::ColumnOutOfRange(first, letters, letters_end, first, p);
    }
    if (row < 1 || row > kMaxRows) detail::RowOutOfRange(first, digits, p, first, p);
    c.col = col - 1;
    c.row = static_cast<int32_t>(row - 1);
    x3::traits::move_to(c, attr);
    first = p;
    return true;
  }
};

// Whole columns A:C, $A:$C (both ends within XFD, else an error naming the range).
struct column_area_parser : x3::parser<column_area_parser> {
  using attribute_type = ast::column_area;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const char* p = first;
    ast::column_area a;
    const char* bad[2] = {nullptr, nullptr};
    ast::line* ends[2] = {&a.first, &a.last};
    for (int k = 0; k < 2; ++k) {
      if (k == 1) {
        if (p == last || *p != ':') return false;
        ++p;
      }
      if (p != last && *p == '$') {
        ends[k]->absolute = true;
        ++p;
      }
      const char* letters = p;
      int32_t col = detail::ReadColumn(p, last);
      if (col == 0) return false;
      if (k == 0 && (p == last || *p != ':')) return false;
      if (col > kMaxCols) bad[k] = letters;
      ends[k]->index = col - 1;
    }
    if (!detail::EndsReference(p, last)) return false;
    for (const char* b : bad) {
      if (!b) continue;
      const char* e = b;
      while (e != p && detail::IsAlpha(*e)) ++e;
      detail::ColumnOutOfRange(b, b, e, first, p);
    }
    x3::traits::move_to(a, attr);
    first = p;
    return true;
  }
};

// Whole rows 1:3, $1:$3 (both ends in 1..1048576, else an error naming the range).
struct row_area_parser : x3::parser<row_area_parser> {
  using attribute_type = ast::row_area;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const char* p = first;
    ast::row_area a;
    const char* digits[2] = {nullptr, nullptr};
    const char* digits_end[2] = {nullptr, nullptr};
    int64_t rows[2] = {0, 0};
    ast::line* ends[2] = {&a.first, &a.last};
    for (int k = 0; k < 2; ++k) {
      if (k == 1) {
        if (p == last || *p != ':') return false;
        ++p;
      }
      if (p != last && *p == '$') {
        ends[k]->absolute = true;
        ++p;
      }
      digits[k] = p;
      rows[k] = detail::ReadRow(p, last);
      digits_end[k] = p;
      if (rows[k] < 0) return false;
      if (k == 0 && (p == last || *p != ':')) return false;
    }
    if (!detail::EndsReference(p, last)) return false;
    for (int k = 0; k < 2; ++k) {
      if (rows[k] < 1 || rows[k] > kMaxRows)
        detail::RowOutOfRange(digits[k], digits[k], digits_end[k], first, p);
      ends[k]->index = static_cast<int32_t>(rows[k] - 1);
    }
    x3::traits::move_to(a, attr);
    first = p;
    return true;
  }
};

// An unsigned number: 1, 1.5, .5, 1., 1e3, 1.5E-3. Converted with std::from_chars (correctly
// rounded, unlike X3's real parser, so printing and re-parsing gives the same double).
// Magnitudes below the smallest normal double read as 0, as in Excel; above the largest
// double is an error.
struct number_parser : x3::parser<number_parser> {
  using attribute_type = ast::number;
  static const bool has_attribute = true;
  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, const Iterator& last, const Context& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    const char* p = first;
    size_t digits = 0;
    while (p != last && detail::IsDigit(*p)) ++p, ++digits;
    if (p != last && *p == '.') {
      ++p;
      while (p != last && detail::IsDigit(*p)) ++p, ++digits;
    }
    if (digits == 0) return false;
    if (p != last && (*p == 'e' || *p == 'E')) {
      const char* q = p + 1;
      if (q != last && (*q == '+' || *q == '-')) ++q;
      if (q != last && detail::IsDigit(*q)) {
        while (q != last && detail::IsDigit(*q)) ++q;
        p = q;
      }
    }
    ast::number n;
    auto [end, ec] = std::from_chars(first, p, n.value);
    if (end != p) return false;
    if (ec == std::errc::result_out_of_range) {
      // from_chars does not say which way: strtod does (HUGE_VAL or a tiny value).
      std::string copy(first, p);
      n.value = std::strtod(copy.c_str(), nullptr);
      if (std::isinf(n.value))
        throw syntax_error{first, "number " + copy +
                                      " is too large (the largest is about "
                                      "1.8E+308)"};
    }
    if (std::fabs(n.value) < std::numeric_limits<double>::min()) n.value = 0;
    x3::traits::move_to(n, attr);
    first = p;
    return true;
  }
};

const name_char_parser name_char{};
const name_start_parser name_start{};
const cell_parser<false> cell{};
const cell_parser<true> strict_cell{};
const column_area_parser column_area{};
const row_area_parser row_area{};
const number_parser unsigned_number{};

struct binary_operator_table : x3::symbols<BinaryOp> {
  binary_operator_table() {
    add("=", BinaryOp::kEq)("<>", BinaryOp::kNe)("<", BinaryOp::kLt)("<=", BinaryOp::kLe)(
        ">", BinaryOp::kGt)(">=", BinaryOp::kGe)("&", BinaryOp::kConcat)("+", BinaryOp::kAdd)(
        "-", BinaryOp::kSub)("*", BinaryOp::kMul)("/", BinaryOp::kDiv)("^", BinaryOp::kPow);
  }
};
const binary_operator_table binary_operator;

// ---------------------------------------------------------------------------------------
// Rules

// Records where each positioned node starts (after skipped whitespace).
struct annotate_position {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator& first, const Iterator&, Attribute& node, const Context&) const {
    if constexpr (std::is_base_of_v<ast::positioned, Attribute>) node.at = first;
  }
};

struct formula_class {};
struct expression_class {};
struct operation_class : annotate_position {};
struct operand_class : annotate_position {};
struct signed_operand_class : annotate_position {};
struct plain_operand_class : annotate_position {};
struct sign_class : annotate_position {};
struct core_class : annotate_position {};
struct primary_class {};
struct range_end_class {};
struct paren_class {};
struct close_paren_class {};
struct number_class : annotate_position {};
struct text_class : annotate_position {};
struct boolean_class : annotate_position {};
struct error_value_class : annotate_position {};
struct name_class : annotate_position {};
struct call_class : annotate_position {};
struct call_args_class {};
struct argument_class {};
struct missing_class : annotate_position {};
struct close_call_class {};
struct array_class : annotate_position {};
struct array_rows_class {};
struct array_row_class {};
struct array_element_class {};
struct array_number_class : annotate_position {};
struct close_brace_class {};
struct reference_class : annotate_position {};
struct sheet_reference_class {};
struct local_reference_class {};
struct sheet_class {};
struct quoted_sheet_class {};
struct bang_class {};
struct area_class {};
struct strict_area_class {};
struct cell_area_class {};
struct strict_cell_area_class {};
struct end_class {};
struct quoted_text_class {};
struct error_spelling_class {};
struct name_spelling_class {};
struct array_body_class {};

// The names are what an error message says was expected ("expected an operand after '+'").
const formula_type formula = "a formula";
const x3::rule<expression_class, ast::expression> expression = "an operand";
const x3::rule<operation_class, ast::operation> operation = "an operator";
const x3::rule<operand_class, ast::operand> operand = "an operand";
const x3::rule<signed_operand_class, ast::operand> signed_operand = "an operand";
const x3::rule<plain_operand_class, ast::operand> plain_operand = "an operand";
const x3::rule<sign_class, ast::sign> sign = "'+' or '-'";
const x3::rule<core_class, ast::core> core = "an operand";
const x3::rule<primary_class, ast::primary> primary = "an operand";
const x3::rule<range_end_class, ast::primary> range_end = "a reference";
const x3::rule<paren_class, ast::expression> paren = "'('";
const x3::rule<close_paren_class> close_paren = "an operator or ')'";
const x3::rule<number_class, ast::number> number = "a number";
const x3::rule<text_class, ast::text> text = "text";
const x3::rule<boolean_class, ast::boolean> boolean = "TRUE or FALSE";
const x3::rule<error_value_class, ast::error_value> error_value = "an error value";
const x3::rule<name_class, ast::name> name = "a name";
const x3::rule<call_class, ast::call> call = "a function call";
const x3::rule<call_args_class, std::vector<ast::argument>> call_args = "an operand or ')'";
const x3::rule<argument_class, ast::argument> argument = "an operand";
const x3::rule<missing_class, ast::missing> missing = "an argument";
const x3::rule<close_call_class> close_call = "an operator, ',' or ')'";
const x3::rule<array_class, ast::array> array = "an array constant";
const x3::rule<array_rows_class, std::vector<std::vector<ast::array_element>>> array_rows =
    "a constant (a number, text, TRUE/FALSE or an error value)";
const x3::rule<array_row_class, std::vector<ast::array_element>> array_row =
    "a constant (a number, text, TRUE/FALSE or an error value)";
const x3::rule<array_element_class, ast::array_element> array_element =
    "a constant (a number, text, TRUE/FALSE or an error value)";
const x3::rule<array_number_class, ast::signed_number> array_number = "a number";
const x3::rule<close_brace_class> close_brace = "',', ';' or '}'";
const x3::rule<reference_class, ast::reference> reference = "a reference";
const x3::rule<sheet_reference_class, ast::reference> sheet_reference = "a reference";
const x3::rule<local_reference_class, ast::reference> local_reference = "a reference";
const x3::rule<sheet_class, std::string> sheet = "a sheet name";
const x3::rule<quoted_sheet_class> quoted_sheet = "a quoted sheet name";
const x3::rule<bang_class> bang = "'!' after the quoted sheet name";
const x3::rule<area_class, ast::area> area = "a cell or range reference";
const x3::rule<strict_area_class, ast::area> strict_area = "a cell or range reference";
const x3::rule<cell_area_class, ast::cell_area> cell_area = "a cell reference";
const x3::rule<strict_cell_area_class, ast::cell_area> strict_cell_area = "a cell reference";
const x3::rule<end_class> end_of_formula = "an operator or the end of the formula";
// Single-member structs are filled from a rule whose attribute is the member's type.
const x3::rule<quoted_text_class, std::string> quoted_text = "text";
const x3::rule<error_spelling_class, std::string> error_spelling = "an error value";
const x3::rule<name_spelling_class, std::string> name_spelling = "a name";

using x3::attr;
using x3::char_;
using x3::lexeme;
using x3::lit;
using x3::no_case;
using x3::raw;

const auto formula_def = x3::eps > expression > end_of_formula;
const auto expression_def = operand >> *operation;
const auto operation_def = binary_operator > operand;

// Signs commit: after '-' an operand must follow ("expected an operand after '-'").
const auto operand_def = signed_operand | plain_operand;
const auto signed_operand_def = +sign > core;
const auto plain_operand_def = attr(std::vector<ast::sign>()) >> core;
const auto sign_def = char_("+-");
const auto core_def = primary >> *(':' > range_end) >> *char_('%');
const auto range_end_def = primary;

// Order matters: references before numbers (1:3 is rows), calls before booleans and names
// (TRUE() is a call), booleans before names.
const auto primary_def =
    reference | number | text | error_value | array | paren | call | boolean | name;
const auto paren_def = '(' > expression > close_paren;
const auto close_paren_def = lit(')');

const auto number_def = unsigned_number;
const auto text_def = quoted_text;
const auto quoted_text_def = lexeme[('"' >> *(~char_('"') | lit("\"\"") >> attr('"'))) > '"'];
const auto boolean_def = lexeme[no_case[lit("TRUE") >> attr(true) | lit("FALSE") >> attr(false)] >>
                                !name_char >> !lit('(')];
// #DIV/0!, #N/A, #NAME?; which spellings exist is ParseErrorText's business (parse.cpp).
const auto error_value_def = error_spelling;
const auto error_spelling_def =
    lexeme[raw['#' >> +char_("A-Za-z_") >> -('/' >> +char_("A-Za-z0-9")) >> -char_("!?")]];
const auto name_def = name_spelling;
const auto name_spelling_def = lexeme[raw[name_start >> *name_char]];

// The '(' must follow the name directly: "SUM (1)" is not a call.
const auto call_def = lexeme[raw[name_start >> *name_char] >> '('] > call_args;
const auto call_args_def = lit(')') | ((argument >> *(',' > argument)) > close_call);
const auto argument_def = expression | missing;
const auto missing_def = &(lit(',') | ')');
const auto close_call_def = lit(')');

const auto array_def = '{' > array_rows > close_brace;
const auto array_rows_def = array_row >> *(';' > array_row);
const auto array_row_def = array_element >> *(',' > array_element);
const auto array_element_def = array_number | text | boolean | error_value;
const auto array_number_def = -char_("+-") >> number;
const auto close_brace_def = lit('}');

// Sheet1!A1, 'My Sheet'!A1:B2, 表3!A1, S1:S9!C5 (3-D), '1:9'!A1. The prefix is kept as
// written; parse.cpp unquotes it and splits the 3-D form.
const auto reference_def = lexeme[sheet_reference | local_reference];
const auto sheet_reference_def = sheet > strict_area;
const auto local_reference_def = attr(std::string()) >> area;
const auto sheet_def = raw[(quoted_sheet > bang) | (+name_char >> -(':' >> +name_char) >> '!')];
const auto quoted_sheet_def = ('\'' >> *(~char_('\'') | lit("''"))) > '\'';
const auto bang_def = lit('!');
const auto area_def = cell_area | column_area | row_area;
const auto strict_area_def = strict_cell_area | column_area | row_area;
const auto cell_area_def = cell >> -(':' >> cell);
const auto strict_cell_area_def = strict_cell >> -(':' >> strict_cell);
const auto end_of_formula_def = x3::eoi;

BOOST_SPIRIT_DEFINE(formula, expression, operation, operand, signed_operand, plain_operand, sign,
                    core, primary, range_end, paren, close_paren, number, text, boolean,
                    error_value, name, call, call_args, argument, missing, close_call, array,
                    array_rows, array_row, array_element, array_number, close_brace, reference,
                    sheet_reference, local_reference, sheet, quoted_sheet, bang, area, strict_area,
                    cell_area, strict_cell_area, end_of_formula, quoted_text, error_spelling,
                    name_spelling);

}  // namespace parser

const parser::formula_type& formula() {
  return parser::formula;
}

}  // namespace suan::grammar
