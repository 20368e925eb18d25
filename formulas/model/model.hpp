// Declares the .suan grammar's top rule. Its definition is in model_def.hpp, instantiated once
// in model.cpp (the X3 "program structure"); parse_model.cpp is its only other user.
#pragma once

#include <string>

#include <boost/spirit/home/x3.hpp>

#include "formulas/model/ast.hpp"

namespace suan::model::grammar {

namespace x3 = boost::spirit::x3;

// Thrown by the grammar's own lexical parsers for an error that is not a plain "expected X"
// (a number out of range). Caught inside ParseModel; it never leaves it.
struct syntax_error {
  const char* where;
  std::string message;
};

namespace parser {
struct model_class;
using model_type = x3::rule<model_class, ast::model>;
BOOST_SPIRIT_DECLARE(model_type);
}  // namespace parser

// A whole model file: statements up to the end of the text.
const parser::model_type& model();

}  // namespace suan::model::grammar
