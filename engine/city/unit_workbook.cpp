#include "engine/city/unit_workbook.hpp"

#include "absl/strings/str_cat.h"

namespace suan::city {

absl::StatusOr<std::unique_ptr<UnitWorkbook>> UnitWorkbook::Compile(const model::Template& t,
                                                                    const model::UnitData& unit) {
  auto out = std::unique_ptr<UnitWorkbook>(new UnitWorkbook());
  out->book_ = std::make_unique<Workbook>();
  model::CompileOptions options;
  options.mode = model::Mode::kAudit;
  absl::StatusOr<model::CompiledUnit> compiled = model::CompileUnit(t, unit, options, *out->book_);
  if (!compiled.ok()) return compiled.status();
  out->compiled_ = *std::move(compiled);
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

size_t UnitWorkbook::CellCount() const {
  size_t n = 0;
  for (uint32_t s = 0; s < book_->sheet_count(); ++s) {
    book_->ForEachValue(s, [&](int32_t, int32_t, const Value&) { ++n; });
  }
  return n;
}

}  // namespace suan::city
