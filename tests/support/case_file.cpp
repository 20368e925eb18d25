#include "tests/support/case_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/io/workbook_json.hpp"
#include "engine/workbook.hpp"
#include "formulas/absl_compat.hpp"
#include "formulas/coerce.hpp"
#include "formulas/function_registry.hpp"

namespace suan::testing {

namespace {

constexpr int32_t kScratchRow = 9999;
constexpr int32_t kScratchCol = 199;

std::string Trim(std::string_view s) {
  return std::string(FromAbsl(absl::StripAsciiWhitespace(ToAbsl(s))));
}

// An expected value as written after "==".
struct Expected {
  enum Kind { kNumber, kText, kBool, kError, kEmpty } kind;
  double number = 0;
  std::string text;
  ErrorCode error = ErrorCode::kValue;
};

bool ParseExpected(std::string s, Expected& out) {
  s = Trim(s);
  if (s == "empty") {
    out.kind = Expected::kEmpty;
    return true;
  }
  if (s == "TRUE" || s == "FALSE") {
    out.kind = Expected::kBool;
    out.number = s == "TRUE";
    return true;
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    out.kind = Expected::kText;
    std::string t;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '"' && i + 2 < s.size() && s[i + 1] == '"') ++i;
      t.push_back(s[i]);
    }
    out.text = t;
    return true;
  }
  if (auto e = ParseErrorText(s)) {
    out.kind = Expected::kError;
    out.error = *e;
    return true;
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && !s.empty()) {
    out.kind = Expected::kNumber;
    out.number = d;
    return true;
  }
  return false;
}

bool Matches(const Value& v, const Expected& e) {
  switch (e.kind) {
    case Expected::kEmpty:
      return v.is_empty();
    case Expected::kBool:
      return v.is_bool() && v.boolean() == (e.number != 0);
    case Expected::kText:
      return v.is_text() && v.text() == e.text;
    case Expected::kError:
      return v.is_error() && v.error() == e.error;
    case Expected::kNumber:
      return v.is_number() &&
             (v.number() == e.number || RoundTo15Digits(v.number()) == RoundTo15Digits(e.number));
  }
  return false;
}

std::string Show(const Value& v) {
  if (v.is_text()) return absl::StrCat("\"", v.text(), "\"");
  if (v.is_empty()) return "empty";
  return v.ToString();
}

// Parses "date" as YYYY-MM-DD into an Excel serial.
bool DateSerial(const std::string& s, double& out) {
  auto n = TextToNumber(s);
  if (!n) return false;
  out = *n;
  return true;
}

}  // namespace

CaseResult RunCaseText(const std::string& text, const std::string& name) {
  CaseResult result;
  Workbook book;
  uint32_t current = *book.AddSheet("Sheet1");
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  auto fail = [&](const std::string& why) {
    result.failures.push_back(absl::StrCat(name, ":", line_no, ": ", why));
  };
  auto address = [&](const std::string& a) -> std::optional<CellAddress3> {
    std::string t = Trim(a);
    auto at = book.ParseAddress(t);
    if (!at.ok()) {
      fail(std::string(at.status().message()));
      return std::nullopt;
    }
    // A bare address means the current sheet, not the first.
    if (t.find('!') == std::string::npos) at->sheet = current;
    return *at;
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string s = Trim(line);
    if (s.empty() || s[0] == '#') continue;
    if (absl::StartsWith(s, "sheet ")) {
      std::string n = Trim(s.substr(6));
      if (auto found = book.FindSheet(n)) {
        current = *found;
      } else {
        auto added = book.AddSheet(n);
        if (!added.ok()) {
          fail(std::string(added.status().message()));
          continue;
        }
        current = *added;
      }
      continue;
    }
    if (absl::StartsWith(s, "option ")) {
      std::istringstream words(s.substr(7));
      std::string what;
      words >> what;
      if (what == "today") {
        std::string d;
        words >> d;
        double serial;
        if (!DateSerial(d, serial)) {
          fail("option today needs YYYY-MM-DD");
          continue;
        }
        book.environment().clock = [serial] { return serial; };
      } else if (what == "seed") {
        uint64_t seed = 0;
        words >> seed;
        book.environment().random.seed(seed);
      } else if (what == "iterate") {
        int iterations = 100;
        double change = 0.001;
        words >> iterations >> change;
        book.SetIterativeCalculation(true, iterations, change);
      } else {
        fail("unknown option '" + what + "'");
      }
      continue;
    }
    if (absl::StartsWith(s, "name ")) {
      // name Rate = =0.05   |   name Sheet1!Local = =$A$1
      std::string rest = s.substr(5);
      size_t eq = rest.find(" = ");
      if (eq == std::string::npos) {
        fail("name needs: name NAME = =DEFINITION");
        continue;
      }
      std::string n = Trim(rest.substr(0, eq));
      std::optional<uint32_t> scope;
      if (size_t bang = n.find('!'); bang != std::string::npos) {
        scope = book.FindSheet(n.substr(0, bang));
        if (!scope) {
          fail("no sheet '" + n.substr(0, bang) + "'");
          continue;
        }
        n = n.substr(bang + 1);
      }
      if (auto st = book.DefineName(n, Trim(rest.substr(eq + 3)), scope); !st.ok())
        fail(std::string(st.message()));
      continue;
    }
    if (s == "recalc full") {
      book.RecalculateAll();
      continue;
    }
    if (absl::StartsWith(s, "diagnostic ")) {
      std::string rest = s.substr(11);
      size_t k = rest.find(" contains ");
      if (k == std::string::npos) {
        fail("diagnostic needs: diagnostic ADDR contains \"text\"");
        continue;
      }
      auto at = address(rest.substr(0, k));
      Expected want;
      if (!at || !ParseExpected(rest.substr(k + 10), want) || want.kind != Expected::kText) {
        fail("diagnostic needs a quoted text");
        continue;
      }
      book.Recalculate();
      ++result.checks;
      std::string cell = book.CellName(at->sheet, at->row, at->col);
      bool found = false;
      for (const Diagnostic& d : book.diagnostics())
        found |= d.cell == cell && absl::StrContains(d.message, want.text);
      if (!found) {
        std::string all;
        for (const Diagnostic& d : book.diagnostics())
          absl::StrAppend(&all, "\n  ", d.cell, ": ", d.message);
        fail(absl::StrCat("no diagnostic for ", cell, " containing \"", want.text,
                          "\"; have:", all));
      }
      continue;
    }
    bool is_check = absl::StartsWith(s, "check ");
    bool is_eval = absl::StartsWith(s, "eval ");
    if (is_check || is_eval) {
      std::string rest = s.substr(is_check ? 6 : 5);
      bool approx = false;
      size_t k = rest.rfind(" == ");
      if (k == std::string::npos) {
        k = rest.rfind(" ~= ");
        approx = k != std::string::npos;
      }
      if (k == std::string::npos) {
        fail("expected '==' or '~='");
        continue;
      }
      std::string lhs = Trim(rest.substr(0, k)), rhs = Trim(rest.substr(k + 4));
      CellAddress3 at{current, kScratchRow, kScratchCol};
      if (is_eval) {
        if (auto st = book.SetFormula(current, kScratchRow, kScratchCol, lhs); !st.ok()) {
          fail(std::string(st.message()));
          continue;
        }
      } else {
        auto a = address(lhs);
        if (!a) continue;
        at = *a;
      }
      book.Recalculate();
      Value got = book.Get(at.sheet, at.row, at.col);
      ++result.checks;
      std::string formula;
      if (auto f = book.FormulaText(at.sheet, at.row, at.col)) formula = " (=" + *f + ")";
      if (approx) {
        std::istringstream nums(rhs);
        double want = 0, tol = 0;
        nums >> want >> tol;
        if (!got.is_number() || std::fabs(got.number() - want) > tol)
          fail(absl::StrCat(lhs, ": got ", Show(got), ", expected ", want, " within ", tol,
                            formula));
      } else {
        Expected want;
        if (!ParseExpected(rhs, want)) {
          fail("cannot read the expected value '" + rhs + "'");
        } else if (!Matches(got, want)) {
          std::string why;
          for (const Diagnostic& d : book.diagnostics())
            if (d.cell == book.CellName(at.sheet, at.row, at.col)) why = " [" + d.message + "]";
          fail(absl::StrCat(lhs, ": got ", Show(got), ", expected ", rhs, formula, why));
        }
      }
      if (is_eval) {
        (void)book.Clear(current, kScratchRow, kScratchCol);
      }
      continue;
    }
    // ADDR = VALUE
    size_t eq = s.find(" = ");
    if (eq == std::string::npos) {
      fail("cannot read this line");
      continue;
    }
    auto at = address(s.substr(0, eq));
    if (!at) continue;
    std::string value = Trim(s.substr(eq + 3));
    absl::Status st = value == "empty" ? book.Clear(at->sheet, at->row, at->col)
                                       : book.SetInput(at->sheet, at->row, at->col, value);
    if (!st.ok()) fail(std::string(st.message()));
  }
  // The incremental state must equal a recalculation from scratch — except with iterative
  // calculation, where every recalculation iterates further from the current values (as in
  // Excel) and so moves them by less than the convergence tolerance.
  book.Recalculate();
  if (book.options().iterate) return result;
  std::string incremental = WriteValuesJson(book);
  book.RecalculateAll();
  if (WriteValuesJson(book) != incremental) {
    ++line_no;
    fail("after all edits, a full recalculation gives different values than the incremental one");
  }
  return result;
}

CaseResult RunCaseFile(const std::string& path) {
  std::ifstream f(path);
  if (!f) {
    CaseResult r;
    r.failures.push_back(path + ": cannot open");
    return r;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return RunCaseText(ss.str(), path);
}

}  // namespace suan::testing
