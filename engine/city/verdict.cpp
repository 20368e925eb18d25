#include "engine/city/verdict.hpp"

#include <algorithm>

#include "engine/model/compile_internal.hpp"
#include "formulas/parse.hpp"

namespace suan::city {

namespace {

using model::CheckInstance;
using model::CompiledUnit;

std::string RowName(const model::LaidRow& r) {
  return r.kind == model::RowKind::kCode ? r.code : r.key;
}

// Every cell a formula names, as (sheet, row, col), host sheet for unqualified references.
void CollectCells(const Expr& e, const Workbook& book, uint32_t host,
                  std::vector<CellAddress3>& out) {
  if (e.kind == ExprKind::kReference) {
    const ReferenceExpr& r = e.ref;
    uint32_t first = host, last = host;
    if (!r.sheet_first.empty()) {
      std::optional<uint32_t> s = book.FindSheet(r.sheet_first);
      if (!s) return;
      first = last = *s;
      if (!r.sheet_last.empty()) {
        std::optional<uint32_t> l = book.FindSheet(r.sheet_last);
        if (!l) return;
        last = *l;
      }
    }
    // Check formulas name single cells or short rows of them; anything larger is not a term.
    int64_t area = int64_t(r.last.row - r.first.row + 1) * (r.last.col - r.first.col + 1);
    if (area <= 0 || area > 4096) return;
    for (uint32_t s = first; s <= last; ++s) {
      for (int32_t row = r.first.row; row <= r.last.row; ++row) {
        for (int32_t col = r.first.col; col <= r.last.col; ++col) out.push_back({s, row, col});
      }
    }
    return;
  }
  for (const Expr& a : e.args) CollectCells(a, book, host, out);
}

std::vector<std::string> CheckCells(const model::Template& t, const CompiledUnit& unit,
                                    const Workbook& book, const CheckInstance& c) {
  std::vector<CellAddress3> cells;
  if (c.direct) {
    // Its sides' plans name the cells their formulas would (in the same order).
    std::vector<model::CellRef> refs;
    const model::DirectCheck& d = unit.direct_checks[c.direct_index];
    const model::PlanStep* steps = unit.plan_steps.data();
    model::AppendPlanCells(steps + d.lhs_begin, steps + d.lhs_end, refs);
    model::AppendPlanCells(steps + d.rhs_begin, steps + d.rhs_end, refs);
    for (const model::CellRef& r : refs) cells.push_back({r.sheet, r.row, r.col});
  }
  for (int32_t col : {model::kLhsCol, model::kRhsCol}) {
    if (c.direct) break;  // no formulas
    std::optional<std::string> text = book.FormulaText(unit.check_sheet, c.row, col);
    if (!text) continue;
    absl::StatusOr<Expr> e = ParseFormula(*text);
    if (e.ok()) CollectCells(*e, book, unit.check_sheet, cells);
  }
  std::vector<std::string> names;
  for (const CellAddress3& a : cells) {
    std::string name = TableCellName(t, unit, a.sheet, a.row, a.col);
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

}  // namespace

void SplitLocation(const std::string& location, std::string* row, std::string* col) {
  row->clear();
  col->clear();
  size_t open = location.find('[');
  size_t close = location.find(']', open == std::string::npos ? 0 : open);
  size_t dot;
  if (open != std::string::npos && close != std::string::npos) {
    *row = location.substr(open + 1, close - open - 1);
    dot = location.find('.', close);
  } else {
    dot = location.find('.');
  }
  if (dot != std::string::npos) *col = location.substr(dot + 1);
}

std::string TableCellName(const model::Template& t, const CompiledUnit& unit, uint32_t sheet,
                          int32_t row, int32_t col) {
  for (size_t k = 0; k < unit.layout.tables.size(); ++k) {
    const model::TableLayout& tl = unit.layout.tables[k];
    bool prior = sheet == tl.prior_sheet;
    if (sheet != tl.sheet && !prior) continue;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const model::PartLayout& pl = tl.parts[p];
      int32_t index = row - pl.header_row - 1;
      if (index < 0 || size_t(index) >= pl.rows.size()) continue;
      const model::PartDef& part = t.tables[k].parts[p];
      int32_t j = col - pl.value_col;
      if (j < 0 || size_t(j) >= part.columns.size()) return "";
      return (prior ? "上年." : "") + t.tables[k].key + "[" + RowName(pl.rows[size_t(index)]) +
             "]." + part.columns[size_t(j)].key;
    }
    return "";
  }
  return "";
}

Verdict ReadVerdict(const model::Template& t, const CompiledUnit& unit, const Workbook& book,
                    int32_t extra_tolerance_col) {
  Verdict v;
  // The checks that did not hold, formatted by the model's report through a unit holding only
  // them.
  CompiledUnit bad;
  bad.check_sheet = unit.check_sheet;
  for (const CheckInstance& c : unit.checks) {
    if (c.row < 0) {
      const std::string& s = c.fixed_status;
      if (s == "exact") {
        ++v.summary.exact;
      } else if (s == "rounding") {
        ++v.summary.rounding;
      } else if (s == "convention") {
        ++v.summary.convention;
      } else if (s == "skipped") {
        ++v.summary.skipped;
        auto it = std::find_if(v.skipped.begin(), v.skipped.end(),
                               [&](const SkipReason& r) { return r.reason == c.reason; });
        if (it == v.skipped.end()) {
          v.skipped.push_back(SkipReason{c.reason, 0, c.id});
          it = v.skipped.end() - 1;
        }
        ++it->checks;
      } else {
        bad.checks.push_back(c);
      }
      continue;
    }
    Value status = book.Get(unit.check_sheet, c.row, model::kStatusCol);
    int code = status.is_number() ? int(status.number()) : model::kFailed;
    switch (code) {
      case model::kExact:
        ++v.summary.exact;
        break;
      case model::kRounding:
        ++v.summary.rounding;
        break;
      case model::kConvention:
        ++v.summary.convention;
        break;
      default:
        bad.checks.push_back(c);
    }
  }
  std::vector<model::CheckResult> results = model::EvaluateChecks(bad, book);
  for (const model::CheckResult& r : results) {
    const CheckInstance& c = *r.check;
    Finding f;
    f.check = c.id;
    f.title = c.title;
    f.kind = c.kind;
    f.status = r.status == "warning" ? "warning" : "failed";
    (f.status == "warning" ? v.summary.warning : v.summary.failed)++;
    f.tables = c.tables;
    f.location = c.location;
    SplitLocation(c.location, &f.row, &f.col);
    f.has_values = r.has_values;
    f.lhs = r.lhs;
    f.rhs = r.rhs;
    f.diff = r.diff;
    f.tolerance = r.tolerance;
    f.message = r.message;
    if (extra_tolerance_col >= 0 && c.evaluated() && r.has_values) {
      Value extra = Value::Number(0);
      if (c.direct) {
        const model::DirectCheck& d = unit.direct_checks[c.direct_index];
        if (d.with_members) extra = Value::Number(d.member_tolerance);
      } else {
        extra = book.Get(unit.check_sheet, c.row, extra_tolerance_col);
      }
      if (extra.is_number() && extra.number() > r.tolerance) {
        // The message says which tolerance was applied.
        std::string was = "tolerance " + model::FormatFigure(r.tolerance) + ")";
        size_t at = f.message.rfind(was);
        if (at != std::string::npos) {
          f.message.replace(at, was.size(),
                            "tolerance " + model::FormatFigure(extra.number()) + ")");
        }
        f.tolerance = extra.number();
      }
    }
    if (c.evaluated()) f.cells = CheckCells(t, unit, book, c);
    v.findings.push_back(std::move(f));
  }
  std::stable_sort(v.findings.begin(), v.findings.end(), [](const Finding& a, const Finding& b) {
    return (a.status == "failed") > (b.status == "failed");
  });
  return v;
}

std::vector<double> ReadTolerances(const CompiledUnit& unit, const Workbook& book) {
  std::vector<double> out(unit.checks.size(), 0.0);
  for (size_t k = 0; k < unit.checks.size(); ++k) {
    const CheckInstance& c = unit.checks[k];
    if (c.direct) {
      out[k] = c.fixed_tolerance;
      continue;
    }
    if (c.row < 0) continue;
    Value v = book.Get(unit.check_sheet, c.row, model::kTolCol);
    if (v.is_number()) out[k] = v.number();
  }
  return out;
}

}  // namespace suan::city
