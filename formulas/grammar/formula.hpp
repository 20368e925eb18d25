// Declares the formula grammar's top rule. Its definition is in formula_def.hpp, instantiated
// once in formula.cpp (the X3 "program structure"); parse.cpp is its only other user.
#pragma once

#include <string>

#include <boost/spirit/home/x3.hpp>

#include "formulas/grammar/ast.hpp"

namespace suan::grammar {

namespace x3 = boost::spirit::x3;

// Thrown by the grammar (and by parse.cpp's conversion) for an error that is not a plain
// "expected X": a reference beyond the sheet limits, a number out of range. Caught inside
// ParseFormula; it never leaves it.
struct syntax_error {
  const char* where;
  std::string message;
};

namespace parser {
struct formula_class;
using formula_type = x3::rule<formula_class, ast::expression>;
BOOST_SPIRIT_DECLARE(formula_type);
}  // namespace parser

// The whole formula after its optional leading '=': an expression and then the end.
const parser::formula_type& formula();

}  // namespace suan::grammar
