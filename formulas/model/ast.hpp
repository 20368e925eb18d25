// The attribute tree the .suan grammar (model_def.hpp) fills in: the model file as written.
// Names are kept as spelled (quotes removed); meaning (is this name a column, a level, a row
// set?) is decided by the model compiler in engine/model/, which also turns positions into
// "file:line:column" diagnostics through ModelSource (parse_model.hpp).
#pragma once

#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace suan::model::ast {

namespace x3 = boost::spirit::x3;

// Where a node starts in the model text (set by the rules' on_success handler).
struct positioned {
  const char* at = nullptr;
};

// An identifier (表3, 合计) or a quoted name ('财政拨款（补助）小计'), quotes removed.
struct name : positioned {
  std::string text;
};

// ---------------------------------------------------------------------------------------
// Expressions: Excel's operators and functions over structured references.

struct number : positioned {
  double value = 0;
};
struct text : positioned {
  std::string value;
};

// What goes between brackets: a code (208, 208.01, 2080101), a row name, '@' (the row the
// rule or check is instantiated for), or "under K" (the leaf rows whose code is K or below).
// "like F" (in a grid's check): the item rows whose name matches the grid's text field F.
struct row_key : positioned {
  bool under = false;
  bool like = false;
  std::string key;
};

// 合计 | [收入总计] | [208].合计 | 表3[208].合计 | 人社局!表3[208].合计 | 叙述.金额
struct reference : positioned {
  std::string unit;              // before '!', empty when none
  std::string table;             // empty: the table (or statement) in scope
  boost::optional<row_key> row;  // [..]
  std::string column;            // after '.', or the bare name; empty when none
};

struct call;
struct expression;

struct primary
    : x3::variant<number, text, reference, x3::forward_ast<call>, x3::forward_ast<expression>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct operand : positioned {
  std::string signs;  // prefix '+' / '-' as written
  primary value;
  std::string percents;  // postfix '%'
};

struct operation : positioned {
  std::string op;  // + - * / ^ & = <> < <= > >=
  operand right;
};

// A flat list: `first (op operand)*`; precedence is Excel's, applied where it is printed
// as Excel text (the printer keeps the flat order, so Excel's parser applies it).
struct expression : positioned {
  operand first;
  std::vector<operation> rest;
};

struct call : positioned {
  std::string function;
  std::vector<expression> args;
};

// ---------------------------------------------------------------------------------------
// Statements

// Statements that take one value keep their keyword too (X3 fills one-member structs badly).
struct unit_stmt : positioned {
  std::string keyword;
  name unit;
};
struct decimals_stmt : positioned {
  std::string keyword;
  unsigned value = 2;
};
struct tolerance : positioned {
  double value = 0;
  bool per_term = false;
};
struct tolerance_stmt : positioned {
  std::string keyword;
  tolerance value;
};

struct level_def : positioned {
  name level;
  unsigned digits = 0;
};
// codes 功能科目 from "codes/function-codes.csv" levels 类 3, 款 5, 项 7
struct codes_stmt : positioned {
  name list;
  text path;
  std::vector<level_def> levels;
};

// A caption as published, and the other spellings a disclosure may use.
using captions = std::vector<std::string>;

struct col_def : positioned {
  name key;
  captions spellings;
};
// col 合计, 基本支出, 项目支出 | textcol 项目名称 | (grids) field 年度预算总额 | textfield 项目名称
struct cols_stmt : positioned {
  std::string kind;  // "col", "textcol", "field" or "textfield"
  std::vector<col_def> cols;
};

struct row_def : positioned {
  name key;
  captions spellings;
  bool optional = false;
};
// row 本年收入 "一、本年收入", 一般公共预算拨款 "1. 一般公共预算拨款"
struct rows_stmt : positioned {
  std::string keyword;
  std::vector<row_def> rows;
};
// code rows: rows 功能科目 [level 类, 款] [from 表3, 表5] (a unit's rows are the codes it
// publishes here, plus those of the tables named after `from`)
struct code_rows_stmt : positioned {
  name list;
  std::vector<name> levels;
  std::vector<name> from_tables;
};
// floating rows keyed by a label: items 项目 [by 项目名称] [code 功能科目]
struct item_rows_stmt : positioned {
  name section;
  boost::optional<name> by_column;
  boost::optional<name> code_list;
};
// rollup [功能科目]: a code row is the sum of the rows directly below it
struct rollup_stmt : positioned {
  std::string keyword;
  name list;
};

// 合计 = …  (every row) | [总计] = …  (every column) | [总计].合计 = …  (one cell)
struct target : positioned {
  boost::optional<row_key> row;
  std::string column;
};
// each row [level 类 | items | codes | fixed] | each col; also a rule's `for level 类`
struct each_clause : positioned {
  std::string what;    // "row" or "col"
  std::string filter;  // "", "level", "items", "codes", "fixed"
  std::vector<name> names;
};

struct rule_stmt : positioned {
  target lhs;
  expression value;
  boost::optional<each_clause> filter;  // `for codes`: only some rows
};

struct check_option : positioned {
  std::string kind;  // "tolerance", "message"
  tolerance tol;
  std::string text;
};

struct check_stmt : positioned {
  boost::optional<name> id;
  boost::optional<text> title;
  std::string severity;  // "", "error", "warning"
  boost::optional<each_clause> each;
  expression lhs;
  std::string relation;  // = <= >= (≤ ≥ are read as <= >=)
  expression rhs;
  std::vector<check_option> options;
};

// A table (or one part of a side-by-side table).
struct part_stmt;
struct table_item : x3::variant<cols_stmt, rows_stmt, code_rows_stmt, item_rows_stmt, rollup_stmt,
                                check_stmt, rule_stmt, x3::forward_ast<part_stmt>> {
  using base_type::base_type;
  using base_type::operator=;
};
struct part_stmt : positioned {
  name key;
  captions spellings;
  std::vector<table_item> items;
};
struct table_stmt : positioned {
  name key;
  captions titles;
  std::vector<std::string> flags;  // "optional"
  std::vector<table_item> items;
};

// A grid published again and again inside the narrative (one 项目支出绩效目标表 per project):
// grid KEY "title" | "alias" [optional] { field … textfield … col … textcol … items … check … }
// Each occurrence has its own labelled fields (the cell after a caption) and item rows; a
// check inside is made for every occurrence.
struct grid_stmt : positioned {
  std::string keyword;
  name key;
  captions titles;
  std::vector<std::string> flags;  // "optional"
  std::vector<table_item> items;
};

// param 绩效分值 = 90: a named constant of the model (a later one of the same name, say in a
// model that includes this one, replaces it).
struct param_stmt : positioned {
  std::string keyword;
  name key;
  std::string sign;  // "-" or ""
  double value = 0;
};

// ---------------------------------------------------------------------------------------
// Narrative templates: text with placeholders, rendered from the cells or matched against the
// sentences a disclosure publishes.

struct placeholder : positioned {
  // "expr": a figure; "yoy": 增加/减少 X 万元，增长/下降 Y%; "label": the row a sentence is about
  // (each-statements); "skip": any text; "capture": a number taken as published.
  std::string kind;
  boost::optional<expression> value;
  std::string as;      // a slot name for checks (叙述.金额)
  std::string format;  // ",.2f", ".2%", "%" … (without ':')
};
struct template_piece : x3::variant<std::string, placeholder> {
  using base_type::base_type;
  using base_type::operator=;
};
struct text_template : positioned {
  std::vector<template_piece> pieces;
};

// text ID ["title"] [each 表5 [level 项]] [in "heading"] : "template"
struct text_stmt : positioned {
  name id;
  boost::optional<text> title;
  boost::optional<name> each_table;
  std::vector<name> each_levels;
  std::vector<text> in_headings;
  text_template body;
};

// include "other.suan": the other model's statements, as if written here (a department's own
// checks on top of the common template).
struct include_stmt : positioned {
  std::string keyword;
  text path;
};

struct statement : x3::variant<unit_stmt, decimals_stmt, tolerance_stmt, codes_stmt, table_stmt,
                               check_stmt, text_stmt, include_stmt, grid_stmt, param_stmt> {
  using base_type::base_type;
  using base_type::operator=;
};

struct model {
  std::vector<statement> statements;
};

}  // namespace suan::model::ast
