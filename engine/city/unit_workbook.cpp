#include "engine/city/unit_workbook.hpp"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace suan::city {

absl::StatusOr<std::unique_ptr<UnitWorkbook>> UnitWorkbook::Compile(
    const model::Template& t, const model::UnitData& unit, const model::CompileOptions& names,
    const BeforeCalculate& before) {
  auto out = std::unique_ptr<UnitWorkbook>(new UnitWorkbook());
  out->book_ = std::make_unique<Workbook>();
  model::CompileOptions options = names;
  options.mode = model::Mode::kAudit;
  // One rebuild of the workbook instead of the two CompileUnit makes by itself.
  options.recalculate = false;
  absl::StatusOr<model::CompiledUnit> compiled = model::CompileUnit(t, unit, options, *out->book_);
  if (!compiled.ok()) return compiled.status();
  out->compiled_ = *std::move(compiled);
  if (before) before(out->compiled_, *out->book_);
  out->book_->Recalculate();
  return out;
}

absl::Status UnitWorkbook::SetFigure(int table, int part, const model::UnitRow& row, int column,
                                     std::optional<double> value) {
  const model::TableLayout& tl = compiled_.layout.tables[size_t(table)];
  const model::PartLayout& pl = tl.parts[size_t(part)];
  int r = row.kind == model::RowKind::kFixed  ? pl.FindFixed(row.key)
          : row.kind == model::RowKind::kCode ? pl.FindCode(row.code)
                                              : pl.FindItem(row.key);
  if (r < 0 || !tl.present) {
    return absl::NotFoundError(absl::StrCat("row ", row.key, " is not laid out"));
  }
  int32_t sheet_row = pl.rows[size_t(r)].sheet_row;
  int32_t col = pl.value_col + column;
  return value ? book_->SetValue(tl.sheet, sheet_row, col, Value::Number(*value))
               : book_->Clear(tl.sheet, sheet_row, col);
}

namespace {

size_t CountCells(const Workbook& book) {
  size_t n = 0;
  for (uint32_t s = 0; s < book.sheet_count(); ++s) {
    book.ForEachValue(s, [&](int32_t, int32_t, const Value&) { ++n; });
  }
  return n;
}

// Texts compiled by a checker's workbook stay with it (with their programs); a fresh workbook
// once they are this many bounds them. Units add few texts once the first have been checked (a
// few dozen each), and every fresh workbook parses its first unit's thousands again.
constexpr uint64_t kMostTexts = 20000;
// Sheets stay too (a unit naming another unit copies its figures onto sheets of its own), so
// a fresh workbook once there are this many bounds them (a unit has some thirty).
constexpr uint32_t kMostSheets = 512;

// A checker's workbook: units refill it with the same texts at other rows. A check row's texts
// compile to one program wherever the row falls (compile.cpp, AddCheckRow), so a text is not
// parsed again and its tree is let go (keeping trees cost a consolidated checker tens of MB).
std::unique_ptr<Workbook> NewBook() {
  return std::make_unique<Workbook>();
}

}  // namespace

size_t UnitWorkbook::CellCount() const {
  return CountCells(*book_);
}

UnitChecker::UnitChecker() : book_(NewBook()) {}
UnitChecker::~UnitChecker() = default;

size_t UnitChecker::CellCount() const {
  return filled_.size() + compiled_.direct_cells;
}

void UnitChecker::Empty() {
  std::vector<CellAddress3>& cells = filled_;  // cleared below, its room kept for the next
  if (book_->stats().distinct_texts > kMostTexts || book_->sheet_count() > kMostSheets) {
    book_ = NewBook();
    cells.clear();
    return;
  }
  // A formula holds a value once calculated, except one that reads an empty cell (a check's
  // side "表3!C7"): look for those where formulas are in audit mode, the check and narrative
  // sheets (tables hold published figures only).
  auto formulas_in = [&](uint32_t sheet, int32_t rows, int32_t cols) {
    for (int32_t r = 0; r < rows; ++r) {
      for (int32_t c = 0; c < cols; ++c) {
        if (book_->IsFormula(sheet, r, c) && book_->Get(sheet, r, c).is_empty()) {
          cells.push_back({sheet, r, c});
        }
      }
    }
  };
  int32_t checks = 0;
  for (const model::CheckInstance& c : compiled_.checks) checks = std::max(checks, c.row + 1);
  formulas_in(compiled_.check_sheet, checks, 8);
  int32_t texts = 0;
  for (const model::CompiledUnit::TextRow& r : compiled_.text_rows) {
    texts = std::max(texts, r.row + 1);
  }
  formulas_in(compiled_.text_sheet, texts, 32);
  for (const CellAddress3& a : cells) (void)book_->Clear(a.sheet, a.row, a.col);
  cells.clear();
}

absl::Status UnitChecker::Check(const model::Template& t, const model::UnitData& unit,
                                const model::CompileOptions& names, const BeforeCalculate& before) {
  if (used_) Empty();
  used_ = true;
  model::CompileOptions options = names;
  options.mode = model::Mode::kAudit;
  options.recalculate = false;
  options.reuse_sheets = true;
  // Only the verdict is read: checks that are sums of the unit's figures need no formulas.
  options.direct_checks = true;
  absl::StatusOr<model::CompiledUnit> compiled = model::CompileUnit(t, unit, options, *book_);
  if (!compiled.ok()) {
    // What the failed compile left is cleared with the next unit (or a fresh workbook).
    compiled_ = model::CompiledUnit();
    book_ = NewBook();
    used_ = false;
    return compiled.status();
  }
  compiled_ = *std::move(compiled);
  if (before) before(compiled_, *book_);
  book_->Recalculate();
  model::EvaluateDirectChecks(compiled_, *book_);
  // The cells to count now and to clear before the next unit, found in one pass.
  for (uint32_t s = 0; s < book_->sheet_count(); ++s) {
    book_->ForEachValue(s, [&](int32_t r, int32_t c, const Value&) {
      filled_.push_back({s, r, c});
    });
  }
  return absl::OkStatus();
}

}  // namespace suan::city
