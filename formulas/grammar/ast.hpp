// The attribute tree the Spirit X3 grammar fills in (formula_def.hpp). It mirrors the syntax
// as written, flat where the syntax is flat: an expression is a list of operands and binary
// operators, and parse.cpp applies Excel's precedence while turning it into a suan::Expr.
// Nothing outside formulas/grammar/ and formulas/parse.cpp sees these types.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include "formulas/expr.hpp"

namespace suan::grammar::ast {

namespace x3 = boost::spirit::x3;

// Where a node starts in the formula text (set by the rules' on_success handler).
struct positioned {
  const char* at = nullptr;
};

struct number : positioned {
  double value = 0;
};
struct text : positioned {
  std::string value;  // quotes removed, "" unescaped
};
struct boolean : positioned {
  bool value = false;
};
struct error_value : positioned {
  std::string spelling;  // as written: "#div/0!"; parse.cpp resolves it with ParseErrorText
};
struct name : positioned {
  std::string spelling;
};
struct missing : positioned {};  // an omitted argument: f(1,,3)

// A1 pieces; indexes are 0-based and already checked against the sheet limits.
struct cell {
  int32_t row = 0;
  int32_t col = 0;
  bool row_absolute = false;
  bool col_absolute = false;
};
struct line {  // one end of a whole-column (A:C) or whole-row (1:3) range
  int32_t index = 0;
  bool absolute = false;
};
struct cell_area {  // A1 or A1:B2
  cell first;
  boost::optional<cell> last;
};
struct column_area {
  line first, last;
};
struct row_area {
  line first, last;
};
struct area : x3::variant<cell_area, column_area, row_area> {
  using base_type::base_type;
  using base_type::operator=;
};
struct reference : positioned {
  std::string sheet;  // the prefix as written, "'My Sheet'!" or "S1:S9!"; empty when none
  area where;
};

struct call;
struct array;
struct expression;

struct primary : x3::variant<reference, number, text, error_value, x3::forward_ast<array>,
                             x3::forward_ast<expression>,  // parenthesised
                             x3::forward_ast<call>, boolean, name> {
  using base_type::base_type;
  using base_type::operator=;
};

// primary[:primary...][%...]: the range operator binds tightest, then postfix percent.
struct core : positioned {
  primary first;
  std::vector<primary> range_ends;
  std::string percents;  // one '%' per postfix percent
};
struct sign : positioned {
  char op = '-';
};
// Prefix signs apply before percent: -2% is (-2)%, and both bind tighter than ^.
struct operand : positioned {
  std::vector<sign> signs;
  core value;
};
struct operation : positioned {
  BinaryOp op = BinaryOp::kAdd;
  operand right;
};
struct expression {
  operand first;
  std::vector<operation> rest;
};

struct argument : x3::variant<missing, expression> {
  using base_type::base_type;
  using base_type::operator=;
};
struct call : positioned {
  std::string name;
  std::vector<argument> args;  // empty for f()
};

struct signed_number : positioned {
  boost::optional<char> sign;
  number value;
};
struct array_element : x3::variant<signed_number, text, boolean, error_value> {
  using base_type::base_type;
  using base_type::operator=;
};
struct array : positioned {
  std::vector<std::vector<array_element>> rows;
};

}  // namespace suan::grammar::ast
