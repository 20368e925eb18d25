// ParseFormula: a depth pre-scan, the X3 grammar (grammar/), then conversion of the X3
// attribute tree to suan::Expr with Excel's precedence, and diagnostics with a caret.
//
// Safety: the pre-scan rejects bracket nesting beyond kMaxFormulaDepth before X3 runs, so the
// grammar's recursion (a few rule frames per '(' or '{') is bounded; the conversion checks the
// exact nesting (parentheses, calls, arrays, prefix and postfix operators) and the height of
// the resulting tree (kMaxFormulaHeight) while it builds it, and applies operator precedence
// with an explicit stack, so no input can make it recurse deeply. Parsing the deepest formula
// allowed takes about 2.5 KB of stack per level, some 600 KB in all.
//
// Not supported, each with its own message: Excel's intersection operator (a space between
// two references: "A1:B9 B2:C3"), the union operator inside parentheses ("(A1,B2)"),
// structured references (Table1[Col]) and sheet-scoped names (Sheet1!Name).
#include "formulas/parse.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/spirit/home/x3.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "formulas/grammar/ast.hpp"
#include "formulas/grammar/chars.hpp"
#include "formulas/grammar/config.hpp"
#include "formulas/grammar/formula.hpp"

namespace suan {

namespace {

namespace x3 = boost::spirit::x3;
namespace ast = grammar::ast;
using grammar::syntax_error;

constexpr std::string_view kSourceName = "formula";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string DepthMessage() {
  return absl::StrCat("the formula nests more than ", kMaxFormulaDepth,
                      " levels deep (parentheses, function calls, array constants and "
                      "+ - % operators count)");
}

std::string HeightMessage() {
  return absl::StrCat("the formula is too complex: its operators nest more than ",
                      kMaxFormulaHeight, " deep; split it over several cells");
}

// 1-based "line:column" of a byte offset, for messages that mention a second place.
std::string LineColumn(std::string_view text, size_t pos) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return absl::StrCat(line, ":", pos - line_start + 1);
}

absl::Status ErrorAt(std::string_view text, size_t pos, std::string_view why) {
  pos = std::min(pos, text.size());
  size_t line_start = 0;
  int line_number = 1;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line_number;
      line_start = i + 1;
    }
  }
  size_t line_end = text.find('\n', pos);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line = text.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return absl::InvalidArgumentError(
      CaretMessage(kSourceName, line_number, line, pos - line_start, why));
}

// ---------------------------------------------------------------------------------------
// Pre-scan: brackets, quotes and a lower bound of the nesting depth, in one linear pass.

struct Problem {
  size_t pos = 0;
  std::string message;
};

struct ScanResult {
  std::optional<Problem> too_deep;  // X3 must not run
  std::optional<Problem> first;     // first unbalanced bracket or unterminated quote
  bool first_is_unclosed = false;   // `first` is a bracket never closed (noticed at the end)
};

ScanResult PreScan(std::string_view text, size_t begin) {
  ScanResult r;
  struct Open {
    char c;
    size_t pos;
  };
  std::vector<Open> open;
  size_t sign_run = 0, percent_run = 0;
  char prev = 0;  // the last character that is not a space; 0 at the start
  auto note = [&](size_t pos, std::string message) {
    if (!r.first) r.first = Problem{pos, std::move(message)};
  };
  for (size_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (IsSpace(c)) continue;
    if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < text.size()) {
        if (text[j] == c) {
          if (j + 1 < text.size() && text[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      if (j >= text.size()) {
        note(i, c == '"' ? "this text has no closing '\"'"
                         : "this sheet name has no closing quote (')");
        return r;
      }
      i = j;
    } else if (c == '(' || c == '{') {
      if (open.size() >= size_t(kMaxFormulaDepth)) {
        r.too_deep = Problem{i, DepthMessage()};
        return r;
      }
      open.push_back({c, i});
    } else if (c == ')' || c == '}') {
      char want = c == ')' ? '(' : '{';
      if (open.empty()) {
        note(i, absl::StrCat("'", std::string(1, c), "' has no matching '", std::string(1, want),
                             "'"));
      } else {
        if (open.back().c != want) {
          note(i, absl::StrCat("'", std::string(1, c), "' does not match the '",
                               std::string(1, open.back().c), "' at ",
                               LineColumn(text, open.back().pos)));
        }
        open.pop_back();
      }
    }
    // Runs of prefix signs and of '%' each nest one level per character: a lower bound of the
    // true depth, enough to refuse 100,000 minus signs before X3 reads them.
    if (c == '+' || c == '-') {
      bool prefix = prev == 0 || std::strchr("(,;{+-*/^&=<>:", prev) != nullptr;
      sign_run = prefix ? sign_run + 1 : 0;
    } else {
      sign_run = 0;
    }
    percent_run = c == '%' ? percent_run + 1 : 0;
    if (open.size() + std::max(sign_run, percent_run) > size_t(kMaxFormulaDepth)) {
      r.too_deep = Problem{i, DepthMessage()};
      return r;
    }
    prev = c;
  }
  if (!open.empty() && !r.first) {
    r.first = Problem{open.back().pos,
                      absl::StrCat("this '", std::string(1, open.back().c), "' is never closed")};
    r.first_is_unclosed = true;
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Messages for X3 expectation failures.

// The operator or punctuation just before `pos` (skipping spaces), for "after '+'".
std::string PreviousToken(std::string_view text, size_t begin, size_t pos) {
  size_t j = pos;
  while (j > begin && IsSpace(text[j - 1])) --j;
  if (j == begin) return {};
  char c = text[j - 1];
  if (!std::strchr("+-*/^&=<>:,;({!", c)) return {};
  if (j - 1 > begin) {
    char b = text[j - 2];
    if (c == '=' && (b == '<' || b == '>')) return std::string{b, c};
    if (c == '>' && b == '<') return "<>";
  }
  return std::string(1, c);
}

bool CanStartOperand(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  char c = text[pos];
  return grammar::NameCharLength(text, pos) > 0 || std::strchr("\"#{($'+-", c) != nullptr;
}

std::string ExpectedMessage(std::string_view text, size_t begin, size_t pos,
                            const std::string& which) {
  std::string why = "expected " + which;
  bool operand_like = which == "an operand" || which == "a reference" ||
                      which == "a cell or range reference" || which == "an operand or ')'" ||
                      which.rfind("a constant", 0) == 0;
  if (operand_like) {
    std::string op = PreviousToken(text, begin, pos);
    if (!op.empty()) absl::StrAppend(&why, " after '", op, "'");
  }
  size_t lookalike_length = 0;
  std::string_view ascii = grammar::AsciiLookalike(text, pos, &lookalike_length);
  if (!ascii.empty()) {
    std::string_view found = text.substr(pos, lookalike_length);
    if (ascii == " ")
      absl::StrAppend(&why, " (found a full-width or non-breaking space; use an ASCII space)");
    else
      why += " (found the full-width '" + std::string(found) + "'; formulas use ASCII '" +
             std::string(ascii) + "')";
    return why;
  }
  bool after_space = pos > begin && pos < text.size() && IsSpace(text[pos - 1]);
  if (which.rfind("an operator", 0) == 0 && after_space) {
    size_t j = pos;
    while (j > begin && IsSpace(text[j - 1])) --j;
    if (text[pos] == '(' && j > begin && grammar::NameCharLength(text, j - 1) > 0) {
      absl::StrAppend(&why, " (a function name must be followed directly by '(')");
    } else if (CanStartOperand(text, pos)) {
      absl::StrAppend(&why,
                      " (a space between two operands is Excel's intersection operator, "
                      "which suan does not support)");
    }
  } else if (which == "an operator or ')'" && pos < text.size() && text[pos] == ',') {
    absl::StrAppend(&why, " (Excel's union operator ',' is not supported)");
  } else if (pos < text.size() && text[pos] == '[') {
    absl::StrAppend(&why, " (structured references such as Table1[Column] are not supported)");
  }
  return why;
}

// ---------------------------------------------------------------------------------------
// Conversion of the X3 attribute tree to Expr.

int Precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return 1;
    case BinaryOp::kConcat:
      return 2;
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return 3;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
      return 4;
    case BinaryOp::kPow:
      return 5;
    case BinaryOp::kRange:
      return 8;
  }
  return 0;
}

std::string_view KindNoun(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber:
      return "a number";
    case ExprKind::kString:
      return "text";
    case ExprKind::kBoolean:
      return "a boolean";
    case ExprKind::kError:
      return "an error value";
    case ExprKind::kArray:
      return "an array constant";
    default:
      return "an expression";
  }
}

class Converter {
 public:
  explicit Converter(std::string_view text) : text_(text) {}

  // `depth`: nesting levels around the expression; `height` receives the tree's height.
  Expr Expression(const ast::expression& x, int depth, int& height) {
    struct Item {
      Expr e;
      int height;
    };
    std::vector<Item> values;
    std::vector<const ast::operation*> ops;
    values.reserve(x.rest.size() + 1);
    int h = 0;
    values.push_back({Operand(x.first, depth, h), h});
    auto reduce = [&] {
      const ast::operation* op = ops.back();
      ops.pop_back();
      Item right = std::move(values.back());
      values.pop_back();
      Item& left = values.back();
      int hh = Grow(std::max(left.height, right.height), op->at);
      Expr b;
      b.kind = ExprKind::kBinary;
      b.binary_op = op->op;
      b.position = left.e.position;
      b.args.reserve(2);
      b.args.push_back(std::move(left.e));
      b.args.push_back(std::move(right.e));
      left.e = std::move(b);
      left.height = hh;
    };
    for (const ast::operation& op : x.rest) {
      // All of Excel's binary operators are left-associative: reduce equal precedence too.
      while (!ops.empty() && Precedence(ops.back()->op) >= Precedence(op.op)) reduce();
      ops.push_back(&op);
      values.push_back({Operand(op.right, depth, h), h});
    }
    while (!ops.empty()) reduce();
    height = values.back().height;
    return std::move(values.back().e);
  }

 private:
  uint32_t Pos(const char* at) const { return at ? static_cast<uint32_t>(at - text_.data()) : 0; }
  [[noreturn]] void Fail(const char* at, std::string message) const {
    throw syntax_error{at, std::move(message)};
  }
  void Nest(int depth, const char* at) const {
    if (depth > kMaxFormulaDepth) Fail(at, DepthMessage());
  }
  // The height of a node over a child of height h.
  int Grow(int h, const char* at) const {
    if (h + 1 > kMaxFormulaHeight) Fail(at, HeightMessage());
    return h + 1;
  }

  Expr Operand(const ast::operand& x, int depth, int& height) {
    const auto& signs = x.signs;
    size_t percents = x.value.percents.size();
    // Nesting from the outside in: each '%', then each sign, then the core.
    size_t room = depth >= kMaxFormulaDepth ? 0 : size_t(kMaxFormulaDepth - depth);
    if (percents + signs.size() > room) {
      if (percents >= room || signs.empty()) Fail(x.value.at, DepthMessage());
      Fail(signs[room - percents].at, DepthMessage());
    }
    int inner = depth + int(percents + signs.size());
    Expr e = Core(x.value, inner, height);
    for (size_t i = signs.size(); i-- > 0;) {
      Expr u;
      u.kind = ExprKind::kUnary;
      u.unary_op = signs[i].op == '-' ? UnaryOp::kMinus : UnaryOp::kPlus;
      u.position = Pos(signs[i].at);
      u.args.push_back(std::move(e));
      e = std::move(u);
      height = Grow(height, signs[i].at);
    }
    for (size_t i = 0; i < percents; ++i) {
      Expr p;
      p.kind = ExprKind::kPercent;
      p.position = Pos(x.at);
      p.args.push_back(std::move(e));
      e = std::move(p);
      height = Grow(height, x.at);
    }
    return e;
  }

  static bool IsRangeOperand(const Expr& e) {
    return e.kind == ExprKind::kReference || e.kind == ExprKind::kName ||
           e.kind == ExprKind::kCall ||
           (e.kind == ExprKind::kBinary && e.binary_op == BinaryOp::kRange);
  }
  static bool IsSingleCell(const ReferenceExpr& r) {
    return !r.is_range && !r.whole_columns && !r.whole_rows && r.sheet_last.empty();
  }

  Expr Core(const ast::core& x, int depth, int& height) {
    Expr left = Primary(x.first, depth, height);
    for (const ast::primary& end : x.range_ends) {
      int right_height = 0;
      Expr right = Primary(end, depth, right_height);
      for (const Expr* e : {&left, &right}) {
        if (!IsRangeOperand(*e)) {
          Fail(text_.data() + e->position,
               "the range operator ':' needs a reference on each side, not " +
                   std::string(KindNoun(*e)));
        }
      }
      // A1 : B2 written apart (or (A1):B2, Sheet1!A1:Sheet1!B2) is still the area A1:B2.
      if (left.kind == ExprKind::kReference && right.kind == ExprKind::kReference &&
          IsSingleCell(left.ref) && IsSingleCell(right.ref) &&
          left.ref.sheet_first == right.ref.sheet_first) {
        left.ref.last = right.ref.first;
        left.ref.is_range = true;
        Normalize(left.ref);
        height = 1;
        continue;
      }
      const char* at = text_.data() + left.position;
      Expr b;
      b.kind = ExprKind::kBinary;
      b.binary_op = BinaryOp::kRange;
      b.position = left.position;
      b.args.reserve(2);
      b.args.push_back(std::move(left));
      b.args.push_back(std::move(right));
      left = std::move(b);
      height = Grow(std::max(height, right_height), at);
    }
    return left;
  }

  Expr Primary(const ast::primary& x, int depth, int& height) {
    height = 1;
    return boost::apply_visitor(
        [&](const auto& node) -> Expr { return Convert(node, depth, height); }, x.get());
  }

  Expr Leaf(ExprKind kind, const char* at) const {
    Expr e;
    e.kind = kind;
    e.position = Pos(at);
    return e;
  }

  Expr Convert(const ast::number& x, int, int&) {
    Expr e = Leaf(ExprKind::kNumber, x.at);
    e.number = x.value;
    return e;
  }
  Expr Convert(const ast::text& x, int, int&) {
    Expr e = Leaf(ExprKind::kString, x.at);
    e.text = x.value;
    return e;
  }
  Expr Convert(const ast::boolean& x, int, int&) {
    Expr e = Leaf(ExprKind::kBoolean, x.at);
    e.boolean = x.value;
    return e;
  }
  Expr Convert(const ast::error_value& x, int, int&) {
    std::optional<ErrorCode> code = ParseErrorText(x.spelling);
    if (!code) {
      Fail(x.at, absl::StrCat("unknown error value '", x.spelling,
                              "' (Excel's are #NULL! #DIV/0! #VALUE! #REF! #NAME? #NUM! #N/A)"));
    }
    Expr e = Leaf(ExprKind::kError, x.at);
    e.error = *code;
    return e;
  }
  Expr Convert(const ast::name& x, int, int&) {
    Expr e = Leaf(ExprKind::kName, x.at);
    e.text = x.spelling;
    return e;
  }
  Expr Convert(const x3::forward_ast<ast::expression>& x, int depth, int& height) {
    Nest(depth + 1, x.get().first.at);
    return Expression(x.get(), depth + 1, height);
  }
  Expr Convert(const x3::forward_ast<ast::call>& fwd, int depth, int& height) {
    const ast::call& x = fwd.get();
    Nest(depth + 1, x.at);
    Expr e = Leaf(ExprKind::kCall, x.at);
    e.text = absl::AsciiStrToUpper(x.name);
    e.args.reserve(x.args.size());
    int tallest = 0;
    for (const ast::argument& arg : x.args) {
      if (const auto* m = boost::get<ast::missing>(&arg.get())) {
        e.args.push_back(Leaf(ExprKind::kMissing, m->at));
        tallest = std::max(tallest, 1);
      } else {
        int h = 0;
        e.args.push_back(Expression(boost::get<ast::expression>(arg.get()), depth + 1, h));
        tallest = std::max(tallest, h);
      }
    }
    height = Grow(tallest, x.at);
    return e;
  }
  Expr Convert(const x3::forward_ast<ast::array>& fwd, int depth, int& height) {
    const ast::array& x = fwd.get();
    Nest(depth + 1, x.at);
    Expr e = Leaf(ExprKind::kArray, x.at);
    size_t cols = x.rows.empty() ? 0 : x.rows.front().size();
    for (size_t r = 0; r < x.rows.size(); ++r) {
      const auto& row = x.rows[r];
      if (row.size() != cols) {
        const char* at = row.empty() ? x.at : ElementAt(row.front());
        Fail(at, absl::StrCat("every row of an array constant needs the same number of values: "
                              "row ",
                              r + 1, " has ", row.size(), ", row 1 has ", cols));
      }
      for (const ast::array_element& element : row) {
        e.args.push_back(boost::apply_visitor(
            [&](const auto& node) -> Expr { return Element(node); }, element.get()));
      }
    }
    e.array_cols = static_cast<uint32_t>(cols);
    height = 2;
    return e;
  }
  Expr Convert(const ast::reference& x, int, int&) {
    Expr e = Leaf(ExprKind::kReference, x.at);
    ReferenceExpr& r = e.ref;
    if (!x.sheet.empty()) SplitSheet(x.sheet, x.at, r);
    if (const auto* cells = boost::get<ast::cell_area>(&x.where.get())) {
      r.first = Address(cells->first);
      r.last = cells->last ? Address(*cells->last) : r.first;
      r.is_range = cells->last.has_value();
    } else if (const auto* cols = boost::get<ast::column_area>(&x.where.get())) {
      r.is_range = r.whole_columns = true;
      r.first = {0, cols->first.index, false, cols->first.absolute};
      r.last = {kMaxRows - 1, cols->last.index, false, cols->last.absolute};
    } else if (const auto* rows = boost::get<ast::row_area>(&x.where.get())) {
      r.is_range = r.whole_rows = true;
      r.first = {rows->first.index, 0, rows->first.absolute, false};
      r.last = {rows->last.index, kMaxCols - 1, rows->last.absolute, false};
    }
    Normalize(r);
    return e;
  }

  static const char* ElementAt(const ast::array_element& element) {
    return boost::apply_visitor([](const auto& node) { return node.at; }, element.get());
  }
  Expr Element(const ast::signed_number& x) {
    Expr e = Leaf(ExprKind::kNumber, x.at);
    e.number = x.sign && *x.sign == '-' ? -x.value.value : x.value.value;
    return e;
  }
  template <typename Node>
  Expr Element(const Node& x) {
    int unused = 0;
    return Convert(x, 0, unused);
  }

  static CellAddress Address(const ast::cell& c) {
    return {c.row, c.col, c.row_absolute, c.col_absolute};
  }
  // Top-left first, bottom-right last; each $ stays with its coordinate.
  static void Normalize(ReferenceExpr& r) {
    if (r.first.row > r.last.row) {
      std::swap(r.first.row, r.last.row);
      std::swap(r.first.row_absolute, r.last.row_absolute);
    }
    if (r.first.col > r.last.col) {
      std::swap(r.first.col, r.last.col);
      std::swap(r.first.col_absolute, r.last.col_absolute);
    }
  }

  // "Sheet1!", "'My Sheet'!", "S1:S9!", "'Sheet 1:Sheet 9'!" -> sheet_first / sheet_last.
  void SplitSheet(std::string_view prefix, const char* at, ReferenceExpr& r) const {
    prefix.remove_suffix(1);  // '!'
    std::string name;
    if (!prefix.empty() && prefix.front() == '\'') {
      std::string_view inner = prefix.substr(1, prefix.size() - 2);
      for (size_t i = 0; i < inner.size(); ++i) {
        name.push_back(inner[i]);
        if (inner[i] == '\'') ++i;  // '' is one quote
      }
    } else {
      name = std::string(prefix);
    }
    size_t colon = name.find(':');
    if (colon == std::string::npos) {
      r.sheet_first = std::move(name);
    } else {
      if (name.find(':', colon + 1) != std::string::npos)
        Fail(at, "a 3-D reference names two sheets, as in 'First:Last'!A1, not more");
      r.sheet_first = name.substr(0, colon);
      r.sheet_last = name.substr(colon + 1);
      if (r.sheet_last.empty()) Fail(at, "the 3-D reference has an empty sheet name");
    }
    if (r.sheet_first.empty()) Fail(at, "the sheet name is empty");
  }

  std::string_view text_;
};

absl::StatusOr<Expr> Parse(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && IsSpace(text[begin])) ++begin;
  if (begin < text.size() && text[begin] == '=') ++begin;
  size_t content = begin;
  while (content < text.size() && IsSpace(text[content])) ++content;
  if (content == text.size()) return ErrorAt(text, content, "the formula is empty");

  ScanResult scan = PreScan(text, begin);
  if (scan.too_deep) return ErrorAt(text, scan.too_deep->pos, scan.too_deep->message);

  ast::expression tree;
  const char* first = text.data() + begin;
  const char* last = text.data() + text.size();
  try {
    bool ok = x3::phrase_parse(first, last, grammar::formula(), x3::ascii::space, tree);
    if (!ok) return ErrorAt(text, content, "expected an operand");  // the grammar commits
  } catch (const x3::expectation_failure<const char*>& failure) {
    size_t pos = static_cast<size_t>(failure.where() - text.data());
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (scan.first) {
      bool at_end = pos >= text.size();
      if (scan.first_is_unclosed ? at_end : pos >= scan.first->pos)
        return ErrorAt(text, scan.first->pos, scan.first->message);
    }
    return ErrorAt(text, pos, ExpectedMessage(text, begin, pos, failure.which()));
  }
  if (scan.first) return ErrorAt(text, scan.first->pos, scan.first->message);
  int height = 0;
  return Converter(text).Expression(tree, 0, height);
}

}  // namespace

absl::StatusOr<Expr> ParseFormula(std::string_view text) {
  try {
    return Parse(text);
  } catch (const syntax_error& e) {
    return ErrorAt(text, static_cast<size_t>(e.where - text.data()), e.message);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("formula: out of memory while parsing");
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("formula: unexpected parser failure: ", e.what()));
  } catch (...) {
    return absl::InternalError("formula: unexpected parser failure");
  }
}

std::string CaretMessage(std::string_view source_name, int line_number, std::string_view line,
                         size_t column, std::string_view why) {
  column = std::min(column, line.size());
  std::string out = std::string(source_name) + ":" + std::to_string(line_number) + ":" +
                    std::to_string(column + 1) + ": " + std::string(why);
  // Long lines are shown as a window around the caret, cut at character boundaries.
  constexpr size_t kContext = 60;
  size_t from = 0, to = line.size();
  auto continuation = [&](size_t i) {
    return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
  };
  if (line.size() > 2 * kContext + 20) {
    if (column > kContext) {
      from = column - kContext;
      while (from < column && continuation(from)) ++from;
    }
    if (line.size() - column > kContext) {
      to = column + kContext;
      while (to > column && continuation(to)) --to;
    }
  }
  std::string shown = from > 0 ? "..." : "";
  std::string caret = from > 0 ? "   " : "";
  for (size_t i = from; i < to;) {
    size_t start = i;
    char32_t c = grammar::DecodeChar(line, i);
    bool before_caret = start < column;
    if (c == '\t') {
      shown += '\t';
      if (before_caret) caret += '\t';
    } else if (c < 0x20 || c == 0x7F) {
      shown += ' ';  // a control character would garble the terminal
      if (before_caret) caret += ' ';
    } else {
      shown.append(line.substr(start, i - start));
      if (before_caret) caret.append(grammar::IsWide(c) ? 2 : 1, ' ');
    }
  }
  if (to < line.size()) shown += "...";
  out += "\n  " + shown + "\n  " + caret + "^";
  return out;
}

}  // namespace suan
