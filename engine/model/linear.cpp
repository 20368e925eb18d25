#include "engine/model/linear.hpp"

#include <boost/variant/get.hpp>

#include "absl/strings/ascii.h"
#include "formulas/absl_compat.hpp"

namespace suan::model {

namespace {

bool AppendOperand(const ast::operand& o, const Scope& scope, const Resolver& resolver, int sign,
                   LinearTerms& out);

bool AppendPrimary(const ast::primary& p, const Scope& scope, const Resolver& resolver, int sign,
                   LinearTerms& out) {
  if (auto* n = boost::get<ast::number>(&p)) return n->value == 0;
  if (auto* r = boost::get<ast::reference>(&p)) {
    Resolution res = resolver.Resolve(*r, scope);
    if (res.kind == Resolution::Kind::kAbsent) return true;
    if (res.kind != Resolution::Kind::kCells) return false;
    for (const CellRef& c : res.cells) out.push_back({c, sign});
    return true;
  }
  if (auto* e = boost::get<ast::x3::forward_ast<ast::expression>>(&p)) {
    return AppendLinear(e->get(), scope, resolver, sign, out);
  }
  if (auto* c = boost::get<ast::x3::forward_ast<ast::call>>(&p)) {
    if (absl::AsciiStrToUpper(ToAbsl(c->get().function)) != "SUM") return false;
    for (const ast::expression& a : c->get().args) {
      if (!AppendLinear(a, scope, resolver, sign, out)) return false;
    }
    return true;
  }
  return false;
}

bool AppendOperand(const ast::operand& o, const Scope& scope, const Resolver& resolver, int sign,
                   LinearTerms& out) {
  if (!o.percents.empty()) return false;
  for (char s : o.signs) {
    if (s == '-') sign = -sign;
  }
  return AppendPrimary(o.value, scope, resolver, sign, out);
}

}  // namespace

bool AppendLinear(const ast::expression& e, const Scope& scope, const Resolver& resolver, int sign,
                  LinearTerms& out) {
  if (!AppendOperand(e.first, scope, resolver, sign, out)) return false;
  for (const ast::operation& op : e.rest) {
    if (op.op != "+" && op.op != "-") return false;
    if (!AppendOperand(op.right, scope, resolver, op.op == "-" ? -sign : sign, out)) return false;
  }
  return true;
}

}  // namespace suan::model
