// Lookup and reference functions: INDEX, MATCH, VLOOKUP, HLOOKUP, XLOOKUP, LOOKUP, OFFSET,
// INDIRECT, ROW, COLUMN, ROWS, COLUMNS.
//
// Matching rules shared by all of them: only values of the lookup value's kind can match
// (1 never matches "1"); text is compared case-insensitively; numbers at 15 significant digits;
// exact text matches take wildcards (* ? ~) in MATCH 0, VLOOKUP/HLOOKUP FALSE and XLOOKUP
// match_mode 2. Approximate matches assume sorted data and binary-search it, skipping values
// of other kinds (and empty cells), so LOOKUP(2, 1/(A1:A9="x"), B1:B9) finds the last "x".
//
// INDEX, XLOOKUP, OFFSET and INDIRECT return references where Excel does, so
// SUM(INDEX(A1:C9, 0, 2)) and XLOOKUP(...):XLOOKUP(...) work.
#include <algorithm>
#include <cmath>
#include <optional>

#include "formulas/expr.hpp"
#include "formulas/functions/args.hpp"
#include "formulas/reference_text.hpp"
#include "formulas/wildcard.hpp"

namespace suan {

namespace {

// A 2-D block of values: a reference (read through the cell source) or an array.
class Block {
 public:
  static std::optional<Block> Of(const Operand& o, const CallContext& ctx) {
    Block b;
    b.ctx_ = &ctx;
    if (o.is_range()) {
      if (o.range().is_3d()) return std::nullopt;
      b.range_ = o.range();
      b.is_range_ = true;
      b.rows_ = b.range_.rows();
      b.cols_ = b.range_.cols();
    } else {
      b.array_ = ArrayOf(o, *ctx.cells);
      b.rows_ = b.array_->rows();
      b.cols_ = b.array_->cols();
    }
    return b;
  }

  int32_t rows() const { return rows_; }
  int32_t cols() const { return cols_; }
  bool is_range() const { return is_range_; }
  const RangeRef& range() const { return range_; }

  Value at(int32_t r, int32_t c) const {
    if (is_range_) return ctx_->cells->Get(range_.sheet_first, range_.row1 + r, range_.col1 + c);
    return array_->at(r, c);
  }

  // The rectangle r1..r2 x c1..c2 (0-based, inclusive): a reference for a reference, a value
  // or an array otherwise.
  Operand Sub(int32_t r1, int32_t c1, int32_t r2, int32_t c2) const {
    if (is_range_) {
      return Operand(RangeRef{range_.sheet_first, range_.sheet_first, range_.row1 + r1,
                              range_.col1 + c1, range_.row1 + r2, range_.col1 + c2});
    }
    if (r1 == r2 && c1 == c2) return array_->at(r1, c1);
    auto out = std::make_shared<Array>(r2 - r1 + 1, c2 - c1 + 1);
    for (int32_t r = r1; r <= r2; ++r)
      for (int32_t c = c1; c <= c2; ++c) out->at(r - r1, c - c1) = array_->at(r, c);
    return Operand(std::shared_ptr<const Array>(std::move(out)));
  }

  // Visits the non-empty values of row or column `fixed` in order: visit(index, value) -> bool.
  template <typename Visit>
  void ForEachInLine(bool vertical, int32_t fixed, Visit&& visit) const {
    if (is_range_) {
      RangeRef line = range_;
      if (vertical) {
        line.col1 = line.col2 = range_.col1 + fixed;
      } else {
        line.row1 = line.row2 = range_.row1 + fixed;
      }
      ctx_->cells->ForEachNonEmpty(line, [&](uint32_t, int32_t row, int32_t col, const Value& v) {
        return visit(size_t(vertical ? row - line.row1 : col - line.col1), v);
      });
      return;
    }
    int32_t n = vertical ? rows_ : cols_;
    for (int32_t i = 0; i < n; ++i) {
      const Value& v = vertical ? array_->at(i, fixed) : array_->at(fixed, i);
      if (!v.is_empty() && !visit(size_t(i), v)) return;
    }
  }

 private:
  const CallContext* ctx_ = nullptr;
  bool is_range_ = false;
  RangeRef range_;
  std::shared_ptr<const Array> array_;
  int32_t rows_ = 0, cols_ = 0;
};

// One row or column of a block: what is searched.
struct Line {
  const Block* block;
  bool vertical;  // a column (indexing rows) or a row (indexing columns)
  int32_t fixed;  // which column / row
  size_t size() const { return size_t(vertical ? block->rows() : block->cols()); }
  Value at(size_t i) const {
    return vertical ? block->at(int32_t(i), fixed) : block->at(fixed, int32_t(i));
  }
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    block->ForEachInLine(vertical, fixed, visit);
  }
};

// The whole block as a line, when it is one row or one column.
std::optional<Line> LineOf(const Block& b) {
  if (b.cols() == 1) return Line{&b, true, 0};
  if (b.rows() == 1) return Line{&b, false, 0};
  return std::nullopt;
}

bool SameKind(const Value& a, const Value& b) {
  return a.kind() == b.kind() && (a.is_number() || a.is_text() || a.is_bool());
}

// First (or last) position whose value equals `lookup`; wildcards when asked and text.
std::optional<size_t> FindExact(const Line& line, const Value& lookup, bool wildcards, bool last) {
  std::optional<WildcardPattern> pattern;
  if (wildcards && lookup.is_text()) {
    WildcardPattern p(lookup.text());
    // An escape alone ("b~?nana", "ban~~ana") still needs the pattern: compared as plain text
    // the tilde would have to be in the cell.
    if (p.has_wildcards() || lookup.text().find('~') != std::string_view::npos)
      pattern = std::move(p);
  }
  std::optional<size_t> found;
  line.ForEach([&](size_t i, const Value& v) {
    if (!SameKind(v, lookup)) return true;
    bool eq = pattern ? pattern->Matches(v.text()) : CompareValues(v, lookup) == 0;
    if (!eq) return true;
    found = i;
    return last;  // keep going only when the last match is wanted
  });
  return found;
}

// Binary search of sorted data: the last position whose value is <= lookup (ascending) or
// >= lookup (descending). Values of other kinds and empty cells are stepped over.
std::optional<size_t> FindSorted(const Line& line, const Value& lookup, bool descending) {
  int64_t n = int64_t(line.size());
  if (line.block->is_range() && n > 4096) {
    // A whole-column reference: search only up to its last non-empty cell.
    int64_t extent = 0;
    line.ForEach([&](size_t i, const Value&) {
      extent = std::max(extent, int64_t(i) + 1);
      return true;
    });
    n = extent;
  }
  int64_t lo = 0, hi = n - 1;
  std::optional<size_t> best;
  while (lo <= hi) {
    int64_t mid = lo + (hi - lo) / 2;
    int64_t j = mid;
    Value v;
    for (; j >= lo; --j) {
      v = line.at(size_t(j));
      if (SameKind(v, lookup)) break;
    }
    if (j < lo) {
      lo = mid + 1;
      continue;
    }
    int c = CompareValues(v, lookup);
    if (descending ? c >= 0 : c <= 0) {
      best = size_t(j);
      lo = mid + 1;
    } else {
      hi = j - 1;
    }
  }
  return best;
}

// XLOOKUP's match_mode -1 / 1: an exact match, else the next smaller (-1) or larger (1) value;
// the data need not be sorted.
std::optional<size_t> FindNearest(const Line& line, const Value& lookup, int mode, bool last) {
  if (auto exact = FindExact(line, lookup, false, last)) return exact;
  std::optional<size_t> best;
  Value best_value;
  line.ForEach([&](size_t i, const Value& v) {
    if (!SameKind(v, lookup)) return true;
    int c = CompareValues(v, lookup);
    if (mode < 0 ? c >= 0 : c <= 0) return true;
    int vs_best = best ? CompareValues(v, best_value) : 0;
    if (!best || (mode < 0 ? vs_best > 0 : vs_best < 0) || (last && vs_best == 0)) {
      best = i;
      best_value = v;
    }
    return true;
  });
  return best;
}

// A lookup value: errors pass through, an empty cell matches nothing.
std::optional<Value> LookupProblem(const Value& lookup) {
  if (lookup.is_error()) return lookup;
  if (lookup.is_empty()) return Value::Error(ErrorCode::kNA);
  return std::nullopt;
}

double Truncated(const Value& n) {
  return std::clamp(std::trunc(n.number()), -4e9, 4e9);
}

// MATCH(lookup_value, lookup_array, [match_type = 1]) -> 1-based position.
Operand Match(std::span<const Operand> args, CallContext& ctx) {
  auto block = Block::Of(args[1], ctx);
  if (!block) return Value::Error(ErrorCode::kNA);
  auto line = LineOf(*block);
  if (!line) return Value::Error(ErrorCode::kNA);
  Value type = CoerceToNumber(OptionalArg(args, 2, ctx, Value::Number(1)));
  if (type.is_error()) return type;
  int t = type.number() > 0 ? 1 : type.number() < 0 ? -1 : 0;
  return LiftScalar(args.subspan(0, 1), ctx, [&](std::span<const Value> v) -> Value {
    if (auto problem = LookupProblem(v[0])) return *problem;
    auto i = t == 0 ? FindExact(*line, v[0], true, false) : FindSorted(*line, v[0], t < 0);
    if (!i) return Value::Error(ErrorCode::kNA);
    return Value::Number(double(*i + 1));
  });
}

// VLOOKUP / HLOOKUP (lookup_value, table, index, [range_lookup = TRUE]).
template <bool kVertical>
Operand VHLookup(std::span<const Operand> args, CallContext& ctx) {
  // An error lookup value is the result before the table and index are judged:
  // VLOOKUP(#N/A, A1:B9, 3, FALSE) is #N/A, not #REF! (HyperFormula and IronCalc agree).
  if (!IsMulti(args[0])) {
    Value lookup = ArgValue(args[0], ctx);
    if (lookup.is_error()) return lookup;
  }
  auto table = Block::Of(args[1], ctx);
  if (!table) return Value::Error(ErrorCode::kRef);
  Value index = ArgNumber(args[2], ctx);
  if (index.is_error()) return index;
  double k = Truncated(index);
  if (k < 1) return Value::Error(ErrorCode::kValue);
  if (k > (kVertical ? table->cols() : table->rows())) return Value::Error(ErrorCode::kRef);
  bool approximate = true;
  if (args.size() > 3) {
    Value b = CoerceToBool(args[3].is_missing() ? Value() : ArgValue(args[3], ctx));
    if (b.is_error()) return b;
    approximate = b.boolean();
  }
  Line line{&*table, kVertical, 0};
  return LiftScalar(args.subspan(0, 1), ctx, [&](std::span<const Value> v) -> Value {
    if (auto problem = LookupProblem(v[0])) return *problem;
    auto i = approximate ? FindSorted(line, v[0], false) : FindExact(line, v[0], true, false);
    if (!i) return Value::Error(ErrorCode::kNA);
    return kVertical ? table->at(int32_t(*i), int32_t(k) - 1)
                     : table->at(int32_t(k) - 1, int32_t(*i));
  });
}

// LOOKUP(lookup_value, lookup_vector, [result_vector]) and LOOKUP(lookup_value, array):
// approximate match only. The array form searches the first row when the array is wider than
// tall (else the first column) and returns from the last row (column).
Operand Lookup(std::span<const Operand> args, CallContext& ctx) {
  Value lookup = ArgValue(args[0], ctx);
  if (auto problem = LookupProblem(lookup)) return *problem;
  auto block = Block::Of(args[1], ctx);
  if (!block) return Value::Error(ErrorCode::kNA);
  if (args.size() < 3 || args[2].is_missing()) {
    bool by_row = block->cols() > block->rows();
    Line line{&*block, !by_row, 0};
    auto i = FindSorted(line, lookup, false);
    if (!i) return Value::Error(ErrorCode::kNA);
    return by_row ? block->at(block->rows() - 1, int32_t(*i))
                  : block->at(int32_t(*i), block->cols() - 1);
  }
  auto line = LineOf(*block);
  if (!line) return Value::Error(ErrorCode::kNA);
  auto i = FindSorted(*line, lookup, false);
  if (!i) return Value::Error(ErrorCode::kNA);
  auto result = Block::Of(args[2], ctx);
  if (!result) return Value::Error(ErrorCode::kNA);
  // A one-cell result vector runs the way the lookup vector does.
  bool result_vertical =
      result->rows() == 1 && result->cols() == 1 ? line->vertical : result->cols() == 1;
  if (result->is_range()) {
    // Excel reads past the end of a short result reference, in its direction.
    const RangeRef& r = result->range();
    int64_t row = r.row1 + (result_vertical ? int64_t(*i) : 0);
    int64_t col = r.col1 + (result_vertical ? 0 : int64_t(*i));
    if (row >= kMaxRows || col >= kMaxCols) return Value::Error(ErrorCode::kRef);
    return ctx.cells->Get(r.sheet_first, int32_t(row), int32_t(col));
  }
  auto out = LineOf(*result);
  if (!out || *i >= out->size()) return Value::Error(ErrorCode::kNA);
  return out->at(*i);
}

// XLOOKUP(lookup_value, lookup_array, return_array, [if_not_found], [match_mode = 0],
// [search_mode = 1]). Binary search modes (2, -2) give the same answers as the linear ones on
// sorted data, which is all Excel promises for them.
Operand XLookup(std::span<const Operand> args, CallContext& ctx) {
  Value lookup = ArgValue(args[0], ctx);
  if (lookup.is_error()) return lookup;
  auto keys = Block::Of(args[1], ctx);
  auto results = Block::Of(args[2], ctx);
  if (!keys || !results) return Value::Error(ErrorCode::kValue);
  auto line = LineOf(*keys);
  if (!line) return Value::Error(ErrorCode::kValue);
  // A one-cell lookup array pairs with a one-row result (returning that row) or else with a
  // one-column one.
  bool vertical = keys->rows() > 1 || (keys->cols() == 1 && results->rows() == 1);
  const size_t n = line->size();
  if (vertical ? size_t(results->rows()) != n : size_t(results->cols()) != n)
    return Value::Error(ErrorCode::kValue);
  Value mm = CoerceToNumber(OptionalArg(args, 4, ctx, Value::Number(0)));
  if (mm.is_error()) return mm;
  Value sm = CoerceToNumber(OptionalArg(args, 5, ctx, Value::Number(1)));
  if (sm.is_error()) return sm;
  double match_mode = std::trunc(mm.number()), search_mode = std::trunc(sm.number());
  if (match_mode != 0 && match_mode != -1 && match_mode != 1 && match_mode != 2)
    return Value::Error(ErrorCode::kValue);
  if (search_mode != 1 && search_mode != -1 && search_mode != 2 && search_mode != -2)
    return Value::Error(ErrorCode::kValue);
  const bool last = search_mode == -1;
  std::optional<size_t> i;
  if (!lookup.is_empty()) {
    if (match_mode == 0 || match_mode == 2) {
      i = FindExact(*line, lookup, match_mode == 2, last);
    } else {
      i = FindNearest(*line, lookup, int(match_mode), last);
    }
  }
  if (!i) {
    if (args.size() > 3 && !args[3].is_missing()) return args[3];
    return Value::Error(ErrorCode::kNA);
  }
  int32_t k = int32_t(*i);
  if (vertical) return results->Sub(k, 0, k, results->cols() - 1);
  return results->Sub(0, k, results->rows() - 1, k);
}

// INDEX(array, row_num, [column_num], [area_num]): a cell, or a whole row (column_num 0) or
// column (row_num 0); a reference when `array` is one. With one index, a one-row array is
// indexed by column.
Operand Index(std::span<const Operand> args, CallContext& ctx) {
  if (args.size() > 3 && !args[3].is_missing()) {
    Value area = ArgNumber(args[3], ctx);
    if (area.is_error()) return area;
    if (std::trunc(area.number()) != 1) return Value::Error(ErrorCode::kRef);
  }
  auto block = Block::Of(args[0], ctx);
  if (!block) return Value::Error(ErrorCode::kValue);
  Value rv = args[1].is_missing() ? Value::Number(0) : ArgNumber(args[1], ctx);
  if (rv.is_error()) return rv;
  bool has_col = args.size() > 2;
  Value cv = has_col && !args[2].is_missing() ? ArgNumber(args[2], ctx) : Value::Number(0);
  if (cv.is_error()) return cv;
  double row = Truncated(rv), col = Truncated(cv);
  // A negative index is #VALUE! even when it truncates to 0 (INDEX(A1:A5,-0.5) is not the
  // whole column; HyperFormula and IronCalc agree).
  if (rv.number() < 0 || cv.number() < 0) return Value::Error(ErrorCode::kValue);
  if (!has_col && block->rows() == 1 && block->cols() > 1) std::swap(row, col);
  if (row > block->rows() || col > block->cols()) return Value::Error(ErrorCode::kRef);
  int32_t r1 = row == 0 ? 0 : int32_t(row) - 1, r2 = row == 0 ? block->rows() - 1 : r1;
  int32_t c1 = col == 0 ? 0 : int32_t(col) - 1, c2 = col == 0 ? block->cols() - 1 : c1;
  return block->Sub(r1, c1, r2, c2);
}

// OFFSET(reference, rows, cols, [height], [width]). A negative height or width extends up or
// left from the moved corner, as Excel accepts; 0 or any part off the sheet is #REF!.
Operand Offset(std::span<const Operand> args, CallContext& ctx) {
  if (!args[0].is_range() || args[0].range().is_3d()) return Value::Error(ErrorCode::kValue);
  const RangeRef& base = args[0].range();
  double parts[4] = {0, 0, double(base.rows()), double(base.cols())};
  for (size_t i = 1; i < args.size() && i < 5; ++i) {
    if (args[i].is_missing()) continue;
    Value n = ArgNumber(args[i], ctx);
    if (n.is_error()) return n;
    parts[i - 1] = Truncated(n);
  }
  if (parts[2] == 0 || parts[3] == 0) return Value::Error(ErrorCode::kRef);
  int64_t top = int64_t(base.row1) + int64_t(parts[0]);
  int64_t left = int64_t(base.col1) + int64_t(parts[1]);
  int64_t h = int64_t(parts[2]), w = int64_t(parts[3]);
  int64_t r1 = h > 0 ? top : top + h + 1, r2 = h > 0 ? top + h - 1 : top;
  int64_t c1 = w > 0 ? left : left + w + 1, c2 = w > 0 ? left + w - 1 : left;
  if (r1 < 0 || c1 < 0 || r2 >= kMaxRows || c2 >= kMaxCols) return Value::Error(ErrorCode::kRef);
  return Operand(RangeRef{base.sheet_first, base.sheet_first, int32_t(r1), int32_t(c1), int32_t(r2),
                          int32_t(c2)});
}

// INDIRECT(ref_text, [a1 = TRUE]): A1 or R1C1 text, with sheet names; #REF! when the text is not
// a reference or names no sheet of the workbook.
Operand Indirect(std::span<const Operand> args, CallContext& ctx) {
  Value text = ArgText(args[0], ctx);
  if (text.is_error()) return text;
  bool a1 = true;
  if (args.size() > 1) {
    Value b = CoerceToBool(args[1].is_missing() ? Value() : ArgValue(args[1], ctx));
    if (b.is_error()) return b;
    a1 = b.boolean();
  }
  auto ref = a1 ? ParseA1Reference(text.text()) : ParseR1C1Reference(text.text(), ctx.row, ctx.col);
  if (!ref) return Value::Error(ErrorCode::kRef);
  uint32_t sheet = ctx.sheet;
  if (!ref->sheet.empty()) {
    auto found = ctx.cells->FindSheet(ref->sheet);
    if (!found) return Value::Error(ErrorCode::kRef);
    sheet = *found;
  }
  return Operand(RangeRef{sheet, sheet, ref->row1, ref->col1, ref->row2, ref->col2});
}

// ROW / COLUMN ([reference]): of the formula's own cell when omitted; a multi-row (column)
// reference gives an array of numbers.
template <bool kRow>
Operand RowColumn(std::span<const Operand> args, CallContext& ctx) {
  if (args.empty() || args[0].is_missing())
    return Value::Number(double((kRow ? ctx.row : ctx.col) + 1));
  if (!args[0].is_range()) return Value::Error(ErrorCode::kValue);
  const RangeRef& r = args[0].range();
  int32_t first = kRow ? r.row1 : r.col1, count = kRow ? r.rows() : r.cols();
  if (count == 1) return Value::Number(double(first + 1));
  auto out = std::make_shared<Array>(kRow ? count : 1, kRow ? 1 : count);
  for (int32_t i = 0; i < count; ++i)
    out->values()[size_t(i)] = Value::Number(double(first + i + 1));
  return Operand(std::shared_ptr<const Array>(std::move(out)));
}

template <bool kRows>
Operand RowsColumns(std::span<const Operand> args, CallContext& ctx) {
  auto block = Block::Of(args[0], ctx);
  if (!block) return Value::Error(ErrorCode::kValue);
  return Value::Number(double(kRows ? block->rows() : block->cols()));
}

}  // namespace

void RegisterLookupFunctions(FunctionRegistry& r) {
  constexpr uint32_t kDynamicReference = kFnVolatile | kFnDynamicDependencies | kFnReturnsReference;
  r.Add({"INDEX", 2, 4, kFnReturnsReference, Index});
  r.Add({"MATCH", 2, 3, kFnNone, Match});
  r.Add({"VLOOKUP", 3, 4, kFnNone, VHLookup<true>});
  r.Add({"HLOOKUP", 3, 4, kFnNone, VHLookup<false>});
  r.Add({"LOOKUP", 2, 3, kFnNone, Lookup});
  r.Add({"XLOOKUP", 3, 6, kFnReturnsReference, XLookup});
  r.Add({"OFFSET", 3, 5, kDynamicReference, Offset});
  r.Add({"INDIRECT", 1, 2, kDynamicReference, Indirect});
  r.Add({"ROW", 0, 1, kFnNone, RowColumn<true>});
  r.Add({"COLUMN", 0, 1, kFnNone, RowColumn<false>});
  r.Add({"ROWS", 1, 1, kFnNone, RowsColumns<true>});
  r.Add({"COLUMNS", 1, 1, kFnNone, RowsColumns<false>});
}

}  // namespace suan
