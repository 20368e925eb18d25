// Conditional aggregates: SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF, AVERAGEIFS, MAXIFS,
// MINIFS. Criteria follow criteria.hpp. Ranges must be references (Excel refuses arrays there);
// a criteria argument that is an array or a multi-cell range gives an array of results, as in
// SUM(SUMIF(A:A, {"x","y"}, B:B)).
//
// Hot path: the walk visits only non-empty cells. When a criterion cannot match an empty cell
// (">5", "abc") its range drives the walk and the other ranges are read only at matching
// positions; when every criterion matches empty cells ("<>x", "") the value range drives it.
// Empty cells that match are counted without being visited.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "formulas/criteria.hpp"
#include "formulas/expr.hpp"
#include "formulas/functions/args.hpp"

namespace suan {

namespace {

struct Condition {
  RangeRef range;
  Criterion criterion;
};

bool IsPlainRange(const Operand& o) {
  return o.is_range() && !o.range().is_3d();
}

bool SameShape(const RangeRef& a, const RangeRef& b) {
  return a.rows() == b.rows() && a.cols() == b.cols();
}

// The cell of `r` at offset (dr, dc) from its top-left; empty beyond its bounds.
Value CellAt(const CallContext& ctx, const RangeRef& r, int32_t dr, int32_t dc) {
  if (dr >= r.rows() || dc >= r.cols()) return Value();
  return ctx.cells->Get(r.sheet_first, r.row1 + dr, r.col1 + dc);
}

bool OthersMatch(const CallContext& ctx, std::span<const Condition> conds, size_t skip, int32_t dr,
                 int32_t dc) {
  for (size_t i = 0; i < conds.size(); ++i) {
    if (i == skip) continue;
    if (!conds[i].criterion.Matches(CellAt(ctx, conds[i].range, dr, dc))) return false;
  }
  return true;
}

size_t Driver(std::span<const Condition> conds) {
  for (size_t i = 0; i < conds.size(); ++i)
    if (!conds[i].criterion.matches_empty()) return i;
  return conds.size();
}

double CountMatches(const CallContext& ctx, std::span<const Condition> conds) {
  const RangeRef& shape = conds[0].range;
  const double total = double(shape.rows()) * double(shape.cols());
  size_t d = Driver(conds);
  double n = 0;
  if (d < conds.size() || conds.size() == 1) {
    size_t lead = d < conds.size() ? d : 0;
    const Condition& c = conds[lead];
    double visited = 0;
    ctx.cells->ForEachNonEmpty(c.range, [&](uint32_t, int32_t row, int32_t col, const Value& v) {
      visited += 1;
      if (c.criterion.Matches(v) &&
          OthersMatch(ctx, conds, lead, row - c.range.row1, col - c.range.col1))
        n += 1;
      return true;
    });
    if (d == conds.size()) n += total - visited;  // one criterion, and it matches empty cells
    return n;
  }
  // Every criterion matches empty cells: positions where all ranges are empty all match; the
  // rest are the union of the ranges' non-empty cells.
  std::vector<int64_t> filled;
  for (const Condition& c : conds) {
    ctx.cells->ForEachNonEmpty(c.range, [&](uint32_t, int32_t row, int32_t col, const Value&) {
      filled.push_back(int64_t(row - c.range.row1) * shape.cols() + (col - c.range.col1));
      return true;
    });
  }
  std::sort(filled.begin(), filled.end());
  filled.erase(std::unique(filled.begin(), filled.end()), filled.end());
  for (int64_t key : filled) {
    int32_t dr = int32_t(key / shape.cols()), dc = int32_t(key % shape.cols());
    if (OthersMatch(ctx, conds, conds.size(), dr, dc)) n += 1;
  }
  return n + total - double(filled.size());
}

// Visits the non-empty cells of `values` (the shape of the conditions' ranges) at positions
// where every condition holds. `visit` returns false to stop.
template <typename Visit>
void ForEachMatchedValue(const CallContext& ctx, std::span<const Condition> conds,
                         const RangeRef& values, Visit&& visit) {
  size_t d = Driver(conds);
  if (d < conds.size()) {
    const Condition& c = conds[d];
    const bool same = c.range == values;
    ctx.cells->ForEachNonEmpty(c.range, [&](uint32_t, int32_t row, int32_t col, const Value& v) {
      if (!c.criterion.Matches(v)) return true;
      int32_t dr = row - c.range.row1, dc = col - c.range.col1;
      if (!OthersMatch(ctx, conds, d, dr, dc)) return true;
      if (same) return visit(v);
      Value w = CellAt(ctx, values, dr, dc);
      return w.is_empty() ? true : visit(w);
    });
    return;
  }
  ctx.cells->ForEachNonEmpty(values, [&](uint32_t, int32_t row, int32_t col, const Value& v) {
    if (!OthersMatch(ctx, conds, conds.size(), row - values.row1, col - values.col1)) return true;
    return visit(v);
  });
}

// What the functions compute over the matched values.
enum class Agg { kSum, kAverage, kMax, kMin };

Value Aggregate(const CallContext& ctx, std::span<const Condition> conds, const RangeRef& values,
                Agg agg) {
  double total = 0, n = 0;
  double best = agg == Agg::kMax ? -std::numeric_limits<double>::infinity()
                                 : std::numeric_limits<double>::infinity();
  std::optional<Value> error;
  ForEachMatchedValue(ctx, conds, values, [&](const Value& v) {
    if (v.is_error()) {
      error = v;
      return false;
    }
    if (!v.is_number()) return true;
    total += v.number();
    n += 1;
    best = agg == Agg::kMax ? std::max(best, v.number()) : std::min(best, v.number());
    return true;
  });
  if (error) return *error;
  switch (agg) {
    case Agg::kSum:
      return NumberOrNum(total);
    case Agg::kAverage:
      return n == 0 ? Value::Error(ErrorCode::kDiv0) : NumberOrNum(total / n);
    case Agg::kMax:
    case Agg::kMin:
      return Value::Number(n == 0 ? 0 : best);
  }
  return Value::Error(ErrorCode::kValue);
}

// The range/criteria pairs of an *IFS call starting at args[first]: ranges checked, criteria
// gathered so that array criteria can be lifted. False when a range is not a plain reference
// or the shapes differ from `shape`.
bool GatherPairs(std::span<const Operand> args, size_t first, const RangeRef* shape,
                 std::vector<RangeRef>& ranges, std::vector<Operand>& criteria) {
  if (args.size() <= first || (args.size() - first) % 2 != 0) return false;
  for (size_t i = first; i < args.size(); i += 2) {
    if (!IsPlainRange(args[i])) return false;
    const RangeRef& r = args[i].range();
    if (shape ? !SameShape(r, *shape) : (!ranges.empty() && !SameShape(r, ranges[0]))) return false;
    ranges.push_back(r);
    criteria.push_back(args[i + 1]);
  }
  return true;
}

// Evaluates `compute(conditions)` once per criteria combination (once when all are scalars).
template <typename Compute>
Operand WithCriteria(std::span<const Operand> criteria, const std::vector<RangeRef>& ranges,
                     const CallContext& ctx, Compute&& compute) {
  std::vector<Condition> conds;
  conds.reserve(ranges.size());
  return LiftScalar(criteria, ctx, [&](std::span<const Value> values) -> Value {
    conds.clear();
    for (size_t i = 0; i < ranges.size(); ++i) conds.push_back({ranges[i], Criterion(values[i])});
    return compute(std::span<const Condition>(conds));
  });
}

// SUMIF / AVERAGEIF (range, criteria, [value_range]): the value range is resized to the shape
// of `range` from its top-left cell, as Excel does.
Operand SingleIf(std::span<const Operand> args, CallContext& ctx, Agg agg) {
  if (!IsPlainRange(args[0])) return Value::Error(ErrorCode::kValue);
  const RangeRef& range = args[0].range();
  RangeRef values = range;
  if (args.size() > 2 && !args[2].is_missing()) {
    if (!IsPlainRange(args[2])) return Value::Error(ErrorCode::kValue);
    const RangeRef& v = args[2].range();
    values = RangeRef{v.sheet_first,
                      v.sheet_first,
                      v.row1,
                      v.col1,
                      std::min(v.row1 + range.rows() - 1, kMaxRows - 1),
                      std::min(v.col1 + range.cols() - 1, kMaxCols - 1)};
  }
  std::vector<RangeRef> ranges{range};
  return WithCriteria(args.subspan(1, 1), ranges, ctx, [&](std::span<const Condition> conds) {
    return Aggregate(ctx, conds, values, agg);
  });
}

// SUMIFS / AVERAGEIFS / MAXIFS / MINIFS (value_range, range1, criteria1, ...).
Operand MultiIf(std::span<const Operand> args, CallContext& ctx, Agg agg) {
  if (!IsPlainRange(args[0])) return Value::Error(ErrorCode::kValue);
  const RangeRef& values = args[0].range();
  std::vector<RangeRef> ranges;
  std::vector<Operand> criteria;
  if (!GatherPairs(args, 1, &values, ranges, criteria)) return Value::Error(ErrorCode::kValue);
  return WithCriteria(criteria, ranges, ctx, [&](std::span<const Condition> conds) {
    return Aggregate(ctx, conds, values, agg);
  });
}

Operand SumIf(std::span<const Operand> args, CallContext& ctx) {
  return SingleIf(args, ctx, Agg::kSum);
}
Operand AverageIf(std::span<const Operand> args, CallContext& ctx) {
  return SingleIf(args, ctx, Agg::kAverage);
}
Operand SumIfs(std::span<const Operand> args, CallContext& ctx) {
  return MultiIf(args, ctx, Agg::kSum);
}
Operand AverageIfs(std::span<const Operand> args, CallContext& ctx) {
  return MultiIf(args, ctx, Agg::kAverage);
}
Operand MaxIfs(std::span<const Operand> args, CallContext& ctx) {
  return MultiIf(args, ctx, Agg::kMax);
}
Operand MinIfs(std::span<const Operand> args, CallContext& ctx) {
  return MultiIf(args, ctx, Agg::kMin);
}

Operand CountIfs(std::span<const Operand> args, CallContext& ctx) {
  std::vector<RangeRef> ranges;
  std::vector<Operand> criteria;
  if (!GatherPairs(args, 0, nullptr, ranges, criteria)) return Value::Error(ErrorCode::kValue);
  return WithCriteria(criteria, ranges, ctx, [&](std::span<const Condition> conds) {
    return Value::Number(CountMatches(ctx, conds));
  });
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry& r) {
  constexpr int kVar = FunctionSpec::kVariadic;
  r.Add({"SUMIF", 2, 3, kFnNone, SumIf});
  r.Add({"SUMIFS", 3, kVar, kFnNone, SumIfs});
  r.Add({"COUNTIF", 2, 2, kFnNone, CountIfs});
  r.Add({"COUNTIFS", 2, 254, kFnNone, CountIfs});
  r.Add({"AVERAGEIF", 2, 3, kFnNone, AverageIf});
  r.Add({"AVERAGEIFS", 3, kVar, kFnNone, AverageIfs});
  r.Add({"MAXIFS", 3, kVar, kFnNone, MaxIfs});
  r.Add({"MINIFS", 3, kVar, kFnNone, MinIfs});
}

}  // namespace suan
