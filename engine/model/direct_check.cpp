#include "engine/model/direct_check.hpp"

#include <algorithm>
#include <cmath>

#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/compile_internal.hpp"
#include "engine/workbook.hpp"
#include "formulas/coerce.hpp"

namespace suan::model {

namespace {

// A side's value as the check row's formula gives it.
struct SideValue {
  bool ok = true;
  ErrorCode error = ErrorCode::kValue;
  double number = 0;
};

// Evaluates steps with the engine's arithmetic (operators.cpp): IEEE doubles, a result that
// is not finite is #NUM!, a blank cell reads 0, and SUM adds its arguments in order from 0.
SideValue Run(const PlanStep* begin, const PlanStep* end, const Workbook& book,
              std::vector<double>& stack) {
  SideValue out;
  stack.clear();
  auto fail = [&](ErrorCode code) {
    out.ok = false;
    out.error = code;
    return out;
  };
  for (const PlanStep* s = begin; s != end; ++s) {
    // The writer makes well-formed plans; one that is not gives #VALUE!, never a bad read.
    size_t needs = s->op == PlanStep::kNeg                              ? 1
                   : s->op == PlanStep::kAdd || s->op == PlanStep::kSub ? 2
                   : s->op == PlanStep::kSum ? std::max<size_t>(s->count, 1)
                                             : 0;
    if (stack.size() < needs) return fail(ErrorCode::kValue);
    switch (s->op) {
      case PlanStep::kCell:
      case PlanStep::kRefArg: {
        Value v = book.Get(s->cell.sheet, s->cell.row, s->cell.col);
        if (v.is_number()) {
          stack.push_back(v.number());
        } else if (v.is_error()) {
          return fail(v.error());
        } else if (v.is_empty() || s->op == PlanStep::kRefArg) {
          // SUM skips what is not a number in a cell it is given; arithmetic reads a blank as 0.
          stack.push_back(0);
        } else if (v.is_bool()) {
          stack.push_back(v.boolean() ? 1 : 0);
        } else {
          return fail(ErrorCode::kValue);  // text in arithmetic (tables hold numbers)
        }
        break;
      }
      case PlanStep::kNumber:
        stack.push_back(s->number);
        break;
      case PlanStep::kNeg:
        stack.back() = -stack.back();
        break;
      case PlanStep::kAdd:
      case PlanStep::kSub: {
        double b = stack.back();
        stack.pop_back();
        double& a = stack.back();
        a = s->op == PlanStep::kAdd ? a + b : a - b;
        if (!std::isfinite(a)) return fail(ErrorCode::kNum);
        break;
      }
      case PlanStep::kSum: {
        size_t first = stack.size() - s->count;
        double total = 0;
        for (size_t k = first; k < stack.size(); ++k) total += stack[k];
        if (!std::isfinite(total)) return fail(ErrorCode::kNum);
        stack.resize(first);
        stack.push_back(total);
        break;
      }
    }
  }
  if (stack.size() > 1) return fail(ErrorCode::kValue);  // not one value: not well-formed
  out.number = stack.empty() ? 0 : stack.back();
  return out;
}

size_t CellSteps(const PlanStep* begin, const PlanStep* end) {
  size_t n = 0;
  for (const PlanStep* s = begin; s != end; ++s) {
    n += s->op == PlanStep::kCell || s->op == PlanStep::kRefArg;
  }
  return n;
}

// The check row's tolerance formula (UnitCompiler::Tolerance): the model's tolerance, or per
// term tol*MAX(1,(t1<>0)+(t2<>0)+…) over the side with more terms.
double Tolerance(const DirectCheck& d, const PlanStep* steps, const Workbook& book) {
  if (!d.per_term || d.tolerance == 0) return d.tolerance;
  const PlanStep *begin = steps + d.rhs_begin, *end = steps + d.rhs_end;
  if (CellSteps(steps + d.lhs_begin, steps + d.lhs_end) > CellSteps(begin, end)) {
    begin = steps + d.lhs_begin;
    end = steps + d.lhs_end;
  }
  double nonzero = 0;
  bool any = false;
  for (const PlanStep* s = begin; s != end; ++s) {
    if (s->op != PlanStep::kCell && s->op != PlanStep::kRefArg) continue;
    any = true;
    // (t<>0): an error in t already failed its side.
    Value v = book.Get(s->cell.sheet, s->cell.row, s->cell.col);
    if (!v.is_error() && CompareValues(v, Value::Number(0)) != 0) nonzero += 1;
  }
  if (!any) return d.tolerance;
  return d.tolerance * std::max(1.0, nonzero);
}

}  // namespace

DirectCheck::Relation RelationOf(const std::string& relation) {
  return relation == "<="   ? DirectCheck::kAtMost
         : relation == ">=" ? DirectCheck::kAtLeast
                            : DirectCheck::kEqual;
}

void AppendPlanCells(const PlanStep* begin, const PlanStep* end, std::vector<CellRef>& out) {
  for (const PlanStep* s = begin; s != end; ++s) {
    if (s->op == PlanStep::kCell || s->op == PlanStep::kRefArg) out.push_back(s->cell);
  }
}

void EvaluateDirectChecks(CompiledUnit& unit, const Workbook& book) {
  std::vector<double> stack;
  const PlanStep* steps = unit.plan_steps.data();
  // The check rows they stand for: both sides, diff, tolerance, status and id (and the
  // members' tolerance).
  unit.direct_cells = 0;
  for (const DirectCheck& d : unit.direct_checks) {
    CheckInstance& c = unit.checks[d.check];
    unit.direct_cells += d.with_members ? 7 : 6;
    SideValue lhs = Run(steps + d.lhs_begin, steps + d.lhs_end, book, stack);
    SideValue rhs = Run(steps + d.rhs_begin, steps + d.rhs_end, book, stack);
    double diff = lhs.number - rhs.number;  // the row's C: A-B
    if (!lhs.ok || !rhs.ok || !std::isfinite(diff)) {
      c.fixed_status = c.warning ? "warning" : "failed";
      c.fixed_has_values = false;
      c.reason = CannotBeEvaluated(c, !lhs.ok ? lhs.error : !rhs.ok ? rhs.error : ErrorCode::kNum);
      continue;
    }
    double tolerance = Tolerance(d, steps, book);
    // The row's status formula: the violation against 1E-7 and D+1E-7 (AddCheckRow).
    double v = d.relation == DirectCheck::kAtMost    ? diff
               : d.relation == DirectCheck::kAtLeast ? -diff
                                                     : std::fabs(diff);
    double allowed = d.with_members ? std::max(tolerance, d.member_tolerance) : tolerance;
    int code = CompareNumbers15(v, 1e-7) <= 0             ? kExact
               : CompareNumbers15(v, allowed + 1e-7) <= 0 ? kRounding
               : c.warning                                ? kWarned
                                                          : kFailed;
    c.fixed_status = code == kExact      ? "exact"
                     : code == kRounding ? "rounding"
                     : code == kWarned   ? "warning"
                                         : "failed";
    c.fixed_has_values = true;
    c.fixed_lhs = lhs.number;
    c.fixed_rhs = rhs.number;
    c.fixed_tolerance = tolerance;
  }
}

}  // namespace suan::model
