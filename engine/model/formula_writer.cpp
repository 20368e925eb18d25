#include "engine/model/formula_writer.hpp"

#include <boost/variant/get.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/io/json.hpp"
#include "formulas/a1.hpp"
#include "formulas/absl_compat.hpp"
#include "formulas/function_registry.hpp"

namespace suan::model {

void AppendCellText(std::string& out, const Workbook& book, const CellRef& cell,
                    uint32_t host_sheet, References references) {
  if (cell.sheet != host_sheet)
    absl::StrAppend(&out, QuoteSheetName(book.sheet_name(cell.sheet)), "!");
  const char* dollar = references == References::kAbsolute ? "$" : "";
  absl::StrAppend(&out, dollar, ColumnLetters(cell.col), dollar, cell.row + 1);
}

std::string CellText(const Workbook& book, const CellRef& cell, uint32_t host_sheet,
                     References references) {
  std::string out;
  AppendCellText(out, book, cell, host_sheet, references);
  return out;
}

std::string NumberText(double value) {
  std::string out;
  AppendJsonNumber(out, value);
  return out;
}

namespace {

bool IsFunction(std::string_view name, std::initializer_list<std::string_view> spellings) {
  std::string upper = absl::AsciiStrToUpper(ToAbsl(name));
  for (std::string_view s : spellings) {
    if (name == s || upper == s) return true;
  }
  return false;
}

class Writer {
 public:
  // `plan`: build the plan; `text`: write the text (a plan that holds needs none).
  Writer(const Resolver& resolver, const Template& t, const Workbook* book, uint32_t host,
         References references, bool plan, bool text)
      : resolver_(resolver),
        t_(t),
        book_(book),
        host_(host),
        references_(references),
        planning_(plan),
        text_(text) {}

  WrittenFormula result;

  bool Expression(const ast::expression& e, const Scope& scope) {
    if (!Operand(e.first, scope)) return false;
    for (const ast::operation& op : e.rest) {
      Put(op.op);
      if (!Operand(op.right, scope)) return false;
      // Only + and -: they are of one precedence, so the flat list is evaluated left to right
      // as the engine parses the text.
      if (op.op == "+") {
        Step(PlanStep::kAdd);
      } else if (op.op == "-") {
        Step(PlanStep::kSub);
      } else {
        NoPlan();
      }
    }
    return true;
  }

  bool planning() const { return planning_; }

 private:
  void Put(std::string_view text) {
    if (text_) result.text += text;
  }

  bool Fail(WrittenFormula::Status status, std::string reason) {
    if (result.status == WrittenFormula::Status::kOk) {
      result.status = status;
      result.reason = std::move(reason);
    }
    return false;
  }

  bool Operand(const ast::operand& o, const Scope& scope) {
    Put(o.signs);
    if (!Primary(o.value, scope, /*argument=*/false)) return false;
    Put(o.percents);
    if (!o.percents.empty()) NoPlan();
    // Prefix signs apply innermost first.
    for (auto sign = o.signs.rbegin(); sign != o.signs.rend(); ++sign) {
      if (*sign == '-') Step(PlanStep::kNeg);
    }
    return true;
  }

  // The plan's steps, while the formula still has one; `depth_` counts the values they leave.
  void Step(PlanStep::Op op, double number = 0, const CellRef& cell = {}, uint32_t count = 0) {
    if (!planning_) return;
    result.plan.push_back(PlanStep{op, count, number, cell});
    switch (op) {
      case PlanStep::kCell:
      case PlanStep::kRefArg:
      case PlanStep::kNumber:
        ++depth_;
        break;
      case PlanStep::kAdd:
      case PlanStep::kSub:
        --depth_;
        break;
      case PlanStep::kSum:
        depth_ -= int(count) - 1;
        break;
      case PlanStep::kNeg:
        break;
    }
  }
  void NoPlan() {
    planning_ = false;
    result.plan.clear();
  }

  // A primary; `argument`: it is a whole argument of a function call, where a row set may
  // stand (it becomes a list of references).
  bool Primary(const ast::primary& p, const Scope& scope, bool argument) {
    if (auto* n = boost::get<ast::number>(&p)) {
      if (text_) result.text += NumberText(n->value);
      Step(PlanStep::kNumber, n->value);
      return true;
    }
    if (auto* s = boost::get<ast::text>(&p)) {
      NoPlan();
      if (text_) {
        result.text += '"';
        for (char c : s->value) {
          if (c == '"') result.text += '"';
          result.text += c;
        }
        result.text += '"';
      }
      return true;
    }
    if (auto* r = boost::get<ast::reference>(&p)) return Reference(*r, scope, argument);
    if (auto* c = boost::get<ast::x3::forward_ast<ast::call>>(&p)) return Call(c->get(), scope);
    if (auto* e = boost::get<ast::x3::forward_ast<ast::expression>>(&p)) {
      Put("(");
      if (!Expression(e->get(), scope)) return false;
      Put(")");
      return true;
    }
    return Fail(WrittenFormula::Status::kError, "unknown expression");
  }

  bool Reference(const ast::reference& r, const Scope& scope, bool argument) {
    Resolution res = resolver_.Resolve(r, scope);
    switch (res.kind) {
      case Resolution::Kind::kError:
        return Fail(WrittenFormula::Status::kError, res.reason);
      case Resolution::Kind::kUnavailable:
        return Fail(WrittenFormula::Status::kUnavailable, res.reason);
      case Resolution::Kind::kAbsent:
        Put("0");
        Step(PlanStep::kNumber);
        return true;
      case Resolution::Kind::kCells:
        break;
    }
    if (res.is_set && !argument) {
      return Fail(WrittenFormula::Status::kError,
                  t_.Message(r.at,
                             "a set of rows can only be a function's argument, as in "
                             "SUM(…)"));
    }
    if (res.cells.empty()) {
      // An empty set: no argument at all would change some functions' meaning; 0 is what SUM
      // of nothing is.
      Put("0");
      Step(PlanStep::kNumber);
      return true;
    }
    if (!argument && res.cells.size() != 1) NoPlan();
    for (size_t k = 0; k < res.cells.size(); ++k) {
      if (k) Put(",");
      if (!text_) {
      } else if (book_) {
        AppendCellText(result.text, *book_, res.cells[k], host_, references_);
      } else {
        Put("A1");
      }
      result.terms.push_back(res.cells[k]);
      Step(argument ? PlanStep::kRefArg : PlanStep::kCell, 0, res.cells[k]);
    }
    return true;
  }

  // The single expression argument of a model function, checked.
  const ast::expression* OneArgument(const ast::call& c) {
    if (c.args.size() != 1) {
      Fail(WrittenFormula::Status::kError, t_.Message(c.at, c.function + " takes one argument"));
      return nullptr;
    }
    return &c.args[0];
  }

  bool Call(const ast::call& c, const Scope& scope) {
    if (IsFunction(c.function, {"上年", "PRIOR"})) {
      const ast::expression* arg = OneArgument(c);
      if (!arg) return false;
      Scope prior = scope;
      prior.prior = true;
      Put("(");
      if (!Expression(*arg, prior)) return false;
      Put(")");
      return true;
    }
    if (IsFunction(c.function, {"增减", "CHANGE"})) {
      const ast::expression* arg = OneArgument(c);
      if (!arg) return false;
      Scope prior = scope;
      prior.prior = true;
      Put("((");
      if (!Expression(*arg, scope)) return false;
      Put(")-(");
      if (!Expression(*arg, prior)) return false;
      Put("))");
      Step(PlanStep::kSub);
      return true;
    }
    if (IsFunction(c.function, {"行数", "ROWS_IN"})) {
      const ast::expression* arg = OneArgument(c);
      if (!arg) return false;
      const ast::reference* ref =
          arg->rest.empty() && arg->first.signs.empty() && arg->first.percents.empty()
              ? boost::get<ast::reference>(&arg->first.value)
              : nullptr;
      if (!ref) {
        return Fail(WrittenFormula::Status::kError,
                    t_.Message(c.at, c.function + " takes a set of rows, as in 行数(表7[项目])"));
      }
      Scope rows_only = scope;
      rows_only.any_column = true;
      Resolution res = resolver_.Resolve(*ref, rows_only);
      if (res.kind == Resolution::Kind::kError) {
        return Fail(WrittenFormula::Status::kError, res.reason);
      }
      if (res.kind == Resolution::Kind::kUnavailable) {
        return Fail(WrittenFormula::Status::kUnavailable, res.reason);
      }
      size_t rows = res.kind == Resolution::Kind::kAbsent ? 0 : res.cells.size();
      if (text_) result.text += std::to_string(rows);
      Step(PlanStep::kNumber, double(rows));
      return true;
    }
    if (!FunctionRegistry::Builtins().Find(c.function)) {
      return Fail(WrittenFormula::Status::kError,
                  t_.Message(c.at, "unknown function '" + c.function + "'"));
    }
    // SUM stays a plan: its arguments' values (cells: numbers only), added in order.
    bool sum = planning_ && IsFunction(c.function, {"SUM"}) && !c.args.empty();
    if (!sum) NoPlan();
    int depth = depth_;
    Put(c.function);
    Put("(");
    for (size_t k = 0; k < c.args.size(); ++k) {
      if (k) Put(",");
      const ast::expression& a = c.args[k];
      bool plain = a.rest.empty() && a.first.signs.empty() && a.first.percents.empty();
      if (plain) {
        if (!Primary(a.first.value, scope, /*argument=*/true)) return false;
      } else if (!Expression(a, scope)) {
        return false;
      }
    }
    Put(")");
    if (planning_) {
      if (depth_ <= depth) {
        NoPlan();  // SUM of nothing (an empty set written as 0 still counts one argument)
      } else {
        Step(PlanStep::kSum, 0, {}, uint32_t(depth_ - depth));
      }
    }
    return true;
  }

  const Resolver& resolver_;
  const Template& t_;
  const Workbook* book_;
  uint32_t host_;
  References references_;
  bool planning_;
  bool text_;
  int depth_ = 0;
};

}  // namespace

WrittenFormula WriteFormula(const ast::expression& e, const Scope& scope, const Resolver& resolver,
                            const Template& t, const Workbook* book, uint32_t host_sheet,
                            References references, bool plan) {
  // One pass writes the plan or the text.
  auto write = [&](bool planning) {
    Writer w(resolver, t, book, host_sheet, references, planning, /*text=*/!planning);
    w.Expression(e, scope);
    WrittenFormula out = std::move(w.result);
    out.planned = planning && w.planning() && out.status == WrittenFormula::Status::kOk;
    if (out.status != WrittenFormula::Status::kOk) {
      out.text.clear();
      out.terms.clear();
    }
    if (!out.planned) out.plan.clear();
    return out;
  };
  if (plan) {
    // Most check sides are sums: their plan alone, and the text only when there is none (an
    // error is the same either way).
    WrittenFormula planned = write(true);
    if (planned.planned || planned.status != WrittenFormula::Status::kOk) return planned;
  }
  return write(false);
}

}  // namespace suan::model
