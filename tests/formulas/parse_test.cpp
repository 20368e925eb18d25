// Tests of ParseFormula, ToFormulaText and CaretMessage.
//
// Most cases live in tests/data/parse_cases.txt (one formula per line with its expected tree,
// canonical text or error); this file holds the driver and what a case file cannot express:
// depth bombs, positions, exact caret layout, stack use and a randomised no-crash check.
#include "formulas/parse.hpp"

#include <pthread.h>

#include <charconv>
#include <fstream>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "formulas/expr.hpp"

namespace suan {
namespace {

// ---------------------------------------------------------------------------------------
// A compact tree notation for the case file:
//   1  "text"  TRUE  #N/A  (name X)  (call SUM 1 _)  (neg x)  (pos x)  (% x)  (+ a b)
//   (ref Sheet! $r0c0:r1$c1 cols)  {1,2;3,4}
// Rows and columns are suan's 0-based indexes; '$' marks the absolute part that follows.

std::string Number(double n) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  return std::string(buf, r.ptr);
}

std::string Cell(const CellAddress& a) {
  return std::string(a.row_absolute ? "$" : "") + "r" + std::to_string(a.row) +
         (a.col_absolute ? "$" : "") + "c" + std::to_string(a.col);
}

std::string Tree(const Expr& e) {
  auto list = [&](std::string head) {
    for (const Expr& a : e.args) head += " " + Tree(a);
    return "(" + head + ")";
  };
  switch (e.kind) {
    case ExprKind::kNumber:
      return Number(e.number);
    case ExprKind::kString: {
      std::string s = "\"";
      for (char c : e.text) s += c == '"' ? std::string("\"\"") : std::string(1, c);
      return s + "\"";
    }
    case ExprKind::kBoolean:
      return e.boolean ? "TRUE" : "FALSE";
    case ExprKind::kError:
      return std::string(ErrorText(e.error));
    case ExprKind::kName:
      return "(name " + e.text + ")";
    case ExprKind::kMissing:
      return "_";
    case ExprKind::kCall:
      return list("call " + e.text);
    case ExprKind::kUnary:
      return list(e.unary_op == UnaryOp::kMinus ? "neg" : "pos");
    case ExprKind::kPercent:
      return list("%");
    case ExprKind::kBinary:
      return list(std::string(BinaryOpText(e.binary_op)));
    case ExprKind::kArray: {
      std::string s = "{";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) s += e.array_cols && i % e.array_cols == 0 ? ";" : ",";
        s += Tree(e.args[i]);
      }
      return s + "}";
    }
    case ExprKind::kReference: {
      const ReferenceExpr& r = e.ref;
      std::string s = "(ref ";
      if (!r.sheet_first.empty())
        s += r.sheet_first + (r.sheet_last.empty() ? "" : ":" + r.sheet_last) + "! ";
      s += Cell(r.first);
      if (r.is_range) s += ":" + Cell(r.last);
      if (!r.is_range && !(r.first == r.last)) s += " BAD-LAST";
      if (r.whole_columns) s += " cols";
      if (r.whole_rows) s += " rows";
      return s + ")";
    }
  }
  return "?";
}

// Parse, print, parse again: the same tree, and the printed text is a fixed point.
void ExpectRoundTrip(const Expr& e, std::string_view original) {
  std::string printed = ToFormulaText(e);
  absl::StatusOr<Expr> again = ParseFormula(printed);
  ASSERT_TRUE(again.ok()) << original << " printed as " << printed << " fails to parse:\n"
                          << again.status().message();
  EXPECT_TRUE(SameFormula(e, *again)) << original << " printed as " << printed << " parses as "
                                      << Tree(*again) << " instead of " << Tree(e);
  EXPECT_EQ(ToFormulaText(*again), printed) << original;
}

// ---------------------------------------------------------------------------------------
// The case file

struct Case {
  int line = 0;
  std::string formula;
  std::string tree;   // after " => "
  std::string text;   // after " == ": the canonical ToFormulaText
  std::string error;  // after " !! ": a substring of the error message
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.formula;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::ifstream in(std::string(SUAN_TEST_DATA) + "/parse_cases.txt");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    Case c;
    c.line = number;
    // Split at the markers; the formula is everything before the first one.
    struct Field {
      std::string_view marker;
      std::string* out;
    };
    Field fields[] = {{" => ", &c.tree}, {" == ", &c.text}, {" !! ", &c.error}};
    std::string* current = &c.formula;
    size_t start = 0;
    while (true) {
      size_t best = std::string::npos;
      Field* next = nullptr;
      for (Field& f : fields) {
        size_t at = line.find(f.marker, start);
        if (at < best) best = at, next = &f;
      }
      *current = line.substr(start, best == std::string::npos ? std::string::npos : best - start);
      while (!current->empty() && current->back() == ' ') current->pop_back();
      if (!next) break;
      current = next->out;
      start = best + next->marker.size();
      while (start < line.size() && line[start] == ' ') ++start;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

class ParseCase : public ::testing::TestWithParam<Case> {};

TEST_P(ParseCase, Matches) {
  const Case& c = GetParam();
  SCOPED_TRACE("parse_cases.txt:" + std::to_string(c.line) + ": " + c.formula);
  ASSERT_TRUE(!c.tree.empty() || !c.text.empty() || !c.error.empty()) << "case expects nothing";
  absl::StatusOr<Expr> e = ParseFormula(c.formula);
  if (!c.error.empty()) {
    ASSERT_FALSE(e.ok()) << "parsed as " << Tree(*e);
    std::string message(e.status().message());
    EXPECT_NE(message.find(c.error), std::string::npos) << message;
    EXPECT_EQ(message.rfind("formula:", 0), 0u) << message;
    return;
  }
  ASSERT_TRUE(e.ok()) << e.status().message();
  if (!c.tree.empty()) {
    EXPECT_EQ(Tree(*e), c.tree);
  }
  if (!c.text.empty()) {
    EXPECT_EQ(ToFormulaText(*e), c.text);
  }
  ExpectRoundTrip(*e, c.formula);
}

INSTANTIATE_TEST_SUITE_P(CaseFile, ParseCase, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "line_" + std::to_string(info.param.line);
                         });

TEST(ParseCaseFile, HasCases) {
  EXPECT_GT(LoadCases().size(), 200u);
}

// ---------------------------------------------------------------------------------------
// Depth, height and stack

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

void ExpectTooDeep(const std::string& text) {
  absl::StatusOr<Expr> e = ParseFormula(text);
  ASSERT_FALSE(e.ok()) << text.substr(0, 40);
  EXPECT_NE(e.status().message().find("nests more than 256 levels"), std::string::npos)
      << e.status().message();
}

TEST(ParseDepth, BombsAreErrorsNotCrashes) {
  ExpectTooDeep(std::string(100000, '(') + "1");
  ExpectTooDeep("=" + std::string(100000, '-') + "1");
  ExpectTooDeep("=" + std::string(100000, '+') + "1");
  ExpectTooDeep("=1" + std::string(100000, '%'));
  ExpectTooDeep("=" + std::string(100000, '{'));
  ExpectTooDeep("=" + Repeat("SUM(", 100000));
  ExpectTooDeep("=" + Repeat("-(", 50000) + "1" + std::string(50000, ')'));
  ExpectTooDeep("=1" + Repeat("+-", 100000) + "1");
}

TEST(ParseDepth, LimitIsExactly256Levels) {
  for (int n : {255, 256}) {
    EXPECT_TRUE(ParseFormula(std::string(n, '(') + "1" + std::string(n, ')')).ok()) << n;
    EXPECT_TRUE(ParseFormula("=" + std::string(n, '-') + "1").ok()) << n;
    EXPECT_TRUE(ParseFormula("=1" + std::string(n, '%')).ok()) << n;
    EXPECT_TRUE(ParseFormula("=" + Repeat("ABS(", n) + "1" + std::string(n, ')')).ok()) << n;
  }
  ExpectTooDeep(std::string(257, '(') + "1" + std::string(257, ')'));
  ExpectTooDeep("=" + std::string(257, '-') + "1");
  ExpectTooDeep("=1" + std::string(257, '%'));
  ExpectTooDeep("=" + Repeat("ABS(", 257) + "1" + std::string(257, ')'));
  // Kinds of nesting add up: 128 parentheses each holding a minus sign is 256 levels.
  EXPECT_TRUE(ParseFormula("=" + Repeat("-(", 128) + "1" + std::string(128, ')')).ok());
  ExpectTooDeep("=" + Repeat("-(", 128) + "-1" + std::string(128, ')'));
  ExpectTooDeep("=" + Repeat("SUM(", 200) + std::string(57, '-') + "1" + std::string(200, ')'));
  ExpectTooDeep("=" + Repeat("(", 256) + "{1}" + std::string(256, ')'));
  ExpectTooDeep("=" + Repeat("(", 256) + "1%" + std::string(256, ')'));
}

TEST(ParseDepth, ErrorPointsAtTheFirstLevelTooMany) {
  absl::StatusOr<Expr> e = ParseFormula(std::string(300, '(') + "1");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message().rfind("formula:1:257: ", 0), 0u) << e.status().message();
}

TEST(ParseHeight, LongOperatorChainsAreBounded) {
  // =1+1+...: each operator adds a level to the tree without nesting anything.
  std::string ok = "=1" + Repeat("+1", kMaxFormulaHeight - 1);
  absl::StatusOr<Expr> e = ParseFormula(ok);
  ASSERT_TRUE(e.ok()) << e.status().message();
  ExpectRoundTrip(*e, "long chain");
  absl::StatusOr<Expr> too_tall = ParseFormula(ok + "+1");
  ASSERT_FALSE(too_tall.ok());
  EXPECT_NE(too_tall.status().message().find("too complex"), std::string::npos);
  EXPECT_FALSE(ParseFormula("=1" + Repeat("&1", 200000)).ok());
  // A long flat argument list is not tall at all.
  EXPECT_TRUE(ParseFormula("=SUM(" + Repeat("1,", 20000) + "1)").ok());
}

// The deepest formulas allowed must parse, print and compare on a thread with a modest stack
// (the parser needs about 2.5 KB per level; 4 MB is half of Linux's default thread stack).
// AddressSanitizer's redzones make every frame several times larger; the limit that matters is
// the one of a normal build, so a sanitized build gets proportionally more stack.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kStackForDepthTest = size_t(32) << 20;
#else
constexpr size_t kStackForDepthTest = size_t(4) << 20;
#endif

TEST(ParseDepth, DeepestFormulasFitInAFourMegabyteStack) {
  struct Job {
    std::string text;
    bool ok = false;
  };
  std::vector<Job> jobs = {
      {std::string(256, '(') + "1" + std::string(256, ')')},
      {"=" + Repeat("SUM(1,", 256) + "1" + std::string(256, ')')},
      {"=" + Repeat("-(", 127) + "-{1,2}" + std::string(127, ')')},
      {"=" + std::string(255, '(') + "1" + Repeat("+1", 4000) + std::string(255, ')')},
  };
  for (Job& job : jobs) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kStackForDepthTest);
    pthread_t thread;
    auto run = [](void* p) -> void* {
      Job* job = static_cast<Job*>(p);
      absl::StatusOr<Expr> e = ParseFormula(job->text);
      if (!e.ok()) return nullptr;
      absl::StatusOr<Expr> again = ParseFormula(ToFormulaText(*e));
      job->ok = again.ok() && SameFormula(*e, *again);
      return nullptr;
    };
    ASSERT_EQ(pthread_create(&thread, &attr, run, &job), 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    EXPECT_TRUE(job.ok) << job.text.substr(0, 30);
  }
}

// ---------------------------------------------------------------------------------------
// Positions and messages

TEST(ParsePositions, EveryNodeRecordsItsFirstByte) {
  //                                          0         1         2         3
  //                                          0123456789012345678901234567890123456
  absl::StatusOr<Expr> e = ParseFormula("= -A1 + SUM( 'My S'!B2:C3 ,, {1,-2})%");
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_EQ(e->kind, ExprKind::kBinary);
  EXPECT_EQ(e->position, 2u);                  // the left operand's start
  EXPECT_EQ(e->args[0].position, 2u);          // -A1
  EXPECT_EQ(e->args[0].args[0].position, 3u);  // A1
  const Expr& percent = e->args[1];
  ASSERT_EQ(percent.kind, ExprKind::kPercent);
  EXPECT_EQ(percent.position, 8u);
  const Expr& call = percent.args[0];
  EXPECT_EQ(call.position, 8u);
  ASSERT_EQ(call.args.size(), 3u);
  EXPECT_EQ(call.args[0].position, 13u);  // the quote of 'My S'
  EXPECT_EQ(call.args[1].kind, ExprKind::kMissing);
  EXPECT_EQ(call.args[1].position, 27u);          // where the omitted argument would be
  EXPECT_EQ(call.args[2].position, 29u);          // {
  EXPECT_EQ(call.args[2].args[1].position, 32u);  // -2 starts at its sign
}

TEST(ParseMessages, CaretUnderTheOffendingByte) {
  absl::StatusOr<Expr> e = ParseFormula("=1+*2");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(e.status().message(),
            "formula:1:4: expected an operand after '+'\n"
            "  =1+*2\n"
            "     ^");
}

TEST(ParseMessages, SecondLineOfAMultiLineFormula) {
  absl::StatusOr<Expr> e = ParseFormula("=SUM(A1,\n    B2 +)");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "formula:2:9: expected an operand after '+'\n"
            "      B2 +)\n"
            "          ^");
}

TEST(ParseMessages, UnclosedParenthesisPointsAtTheOpener) {
  absl::StatusOr<Expr> e = ParseFormula("=IF(A1>0,SUM(B1:B3),0");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "formula:1:4: this '(' is never closed\n"
            "  =IF(A1>0,SUM(B1:B3),0\n"
            "     ^");
}

TEST(ParseMessages, EarlierSyntaxErrorWinsOverLaterBracketProblem) {
  absl::StatusOr<Expr> e = ParseFormula("=1+*2+(3");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("1:4: expected an operand after '+'"), std::string::npos)
      << e.status().message();
}

TEST(CaretMessage, Layout) {
  EXPECT_EQ(CaretMessage("model.suan", 7, "x = 1 +", 7, "expected an operand"),
            "model.suan:7:8: expected an operand\n"
            "  x = 1 +\n"
            "         ^");
  // Wide characters take two columns; tabs are kept so the caret lines up in a terminal.
  EXPECT_EQ(CaretMessage("f", 1, "表3!\tA", 6, "why"),
            "f:1:7: why\n"
            "  表3!\tA\n"
            "      \t^");
  // A column past the end of the line is clamped.
  EXPECT_EQ(CaretMessage("f", 1, "ab", 99, "why"), "f:1:3: why\n  ab\n    ^");
}

TEST(CaretMessage, LongLinesShowAWindowAroundTheCaret) {
  std::string line = std::string(200, 'a') + "#" + std::string(200, 'b');
  std::string m = CaretMessage("f", 1, line, 200, "here");
  std::vector<std::string> lines;
  for (size_t start = 0;;) {
    size_t nl = m.find('\n', start);
    lines.push_back(m.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "f:1:201: here");
  EXPECT_LT(lines[1].size(), 140u);
  EXPECT_EQ(lines[1].substr(0, 5), "  ...");
  EXPECT_EQ(lines[1].substr(lines[1].size() - 3), "...");
  EXPECT_EQ(lines[1][lines[2].size() - 1], '#');  // the caret is under the '#'
  EXPECT_EQ(lines[2].back(), '^');
}

// ---------------------------------------------------------------------------------------
// Printer and comparison on trees the parser does not build

TEST(ToFormulaText, HandBuiltTrees) {
  auto name = [](std::string n) {
    Expr e;
    e.kind = ExprKind::kName;
    e.text = std::move(n);
    return e;
  };
  Expr range;
  range.kind = ExprKind::kBinary;
  range.binary_op = BinaryOp::kRange;
  range.args = {name("A"), name("C")};
  // "A:C" would read back as whole columns.
  EXPECT_EQ(ToFormulaText(range), "A : C");
  ExpectRoundTrip(range, "names A and C");

  Expr sum;
  sum.kind = ExprKind::kBinary;
  sum.binary_op = BinaryOp::kAdd;
  Expr one;
  one.kind = ExprKind::kNumber;
  one.number = 1;
  sum.args = {one, one};
  Expr neg;
  neg.kind = ExprKind::kUnary;
  neg.args = {sum};
  EXPECT_EQ(ToFormulaText(neg), "-(1+1)");
  Expr pct;
  pct.kind = ExprKind::kPercent;
  pct.args = {neg};
  EXPECT_EQ(ToFormulaText(pct), "-(1+1)%");  // % binds looser than the sign
  ExpectRoundTrip(pct, "hand-built percent");
}

TEST(SameFormula, IgnoresPositionsOnly) {
  absl::StatusOr<Expr> a = ParseFormula("=  SUM( A1 , 2 )");
  absl::StatusOr<Expr> b = ParseFormula("SUM(A1,2)");
  absl::StatusOr<Expr> c = ParseFormula("SUM(A1,3)");
  absl::StatusOr<Expr> d = ParseFormula("SUM($A1,2)");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  EXPECT_NE(a->position, b->position);
  EXPECT_TRUE(SameFormula(*a, *b));
  EXPECT_FALSE(SameFormula(*a, *c));
  EXPECT_FALSE(SameFormula(*a, *d));
}

TEST(BinaryOpText, EveryOperator) {
  const std::pair<BinaryOp, std::string_view> ops[] = {
      {BinaryOp::kEq, "="},     {BinaryOp::kNe, "<>"}, {BinaryOp::kLt, "<"},
      {BinaryOp::kLe, "<="},    {BinaryOp::kGt, ">"},  {BinaryOp::kGe, ">="},
      {BinaryOp::kConcat, "&"}, {BinaryOp::kAdd, "+"}, {BinaryOp::kSub, "-"},
      {BinaryOp::kMul, "*"},    {BinaryOp::kDiv, "/"}, {BinaryOp::kPow, "^"},
      {BinaryOp::kRange, ":"}};
  for (const auto& [op, text] : ops) EXPECT_EQ(BinaryOpText(op), text);
}

// ---------------------------------------------------------------------------------------
// Random formulas from formula-ish pieces: never a crash or an exception, every success
// round-trips, every failure is a located message. (The libFuzzer target in tests/fuzz does
// the same at scale.)

TEST(ParseRandom, NeverCrashesAndRoundTrips) {
  const std::vector<std::string> pieces = {
      "1",  "0.5",  "1e3",  "\"a\"", "\"\"\"\"", "TRUE",        "#N/A", "#DIV/0!",
      "A1", "$B$2", "C:D",  "3:4",   "Sheet1!",  "'My Sheet'!", "表3!", "S1:S2!",
      "X",  "收入", "SUM(", "IF(",   "(",        ")",           "{",    "}",
      ",",  ";",    ":",    "+",     "-",        "*",           "/",    "^",
      "&",  "=",    "<>",   "<=",    "%",        " ",           "!",    "'",
      "\"", "#",    "$",    "E",     ".",        "（",          "，",   "\n"};
  std::mt19937 rng(20260101);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = "=";
    int n = 1 + int(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    absl::StatusOr<Expr> e = ParseFormula(text);
    if (e.ok()) {
      ++parsed;
      ExpectRoundTrip(*e, text);
    } else {
      EXPECT_EQ(e.status().message().rfind("formula:", 0), 0u) << text;
    }
    if (HasFailure()) break;
  }
  EXPECT_GT(parsed, 500);
}

}  // namespace
}  // namespace suan
