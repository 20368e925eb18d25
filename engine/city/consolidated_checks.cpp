#include "engine/city/consolidated_checks.hpp"

#include "engine/city/consolidation.hpp"

namespace suan::city {

std::vector<model::PriorFigure> ConsolidatedPriorFigures(const model::Template& t,
                                                         const model::CompiledUnit& tables,
                                                         const Workbook& city) {
  std::vector<model::PriorFigure> out;
  for (size_t k = 0; k < tables.layout.tables.size(); ++k) {
    const model::TableLayout& tl = tables.layout.tables[k];
    if (!tl.present) continue;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const model::PartLayout& pl = tl.parts[p];
      const model::PartDef& part = t.tables[k].parts[p];
      for (const model::LaidRow& r : pl.rows) {
        for (size_t j = 0; j < part.columns.size(); ++j) {
          int32_t col = pl.value_col + int32_t(j);
          // A cell with a sum: some member gave a figure.
          if (!city.IsFormula(tl.prior_sheet, r.sheet_row, col)) continue;
          Value v = city.Get(tl.prior_sheet, r.sheet_row, col);
          if (!v.is_number()) continue;
          out.push_back({t.tables[k].key, r.kind == model::RowKind::kCode ? r.code : r.key,
                         part.columns[j].key, v.number()});
        }
      }
    }
  }
  return out;
}

model::UnitData ConsolidatedFigures(const model::Template& t, const ConsolidatedShape& shape,
                                    const model::CompiledUnit& tables, const Workbook& city) {
  // The shape's rows as they are (a row the template lays out that no member has stays
  // absent, and checks on it are skipped as they are for a unit), with the city's figures.
  model::UnitData out = shape.data;
  for (size_t k = 0; k < out.tables.size() && k < tables.layout.tables.size(); ++k) {
    const model::TableLayout& tl = tables.layout.tables[k];
    if (!tl.present) continue;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const model::PartLayout& pl = tl.parts[p];
      size_t columns = t.tables[k].parts[p].columns.size();
      const std::vector<model::UnitRow>& from = shape.data.tables[k].parts[p].rows;
      std::vector<model::UnitRow>& rows = out.tables[k].parts[p].rows;
      for (const model::LaidRow& r : pl.rows) {
        if (!r.data || r.data < from.data() || r.data >= from.data() + from.size()) continue;
        model::UnitRow& row = rows[size_t(r.data - from.data())];
        row.values.assign(columns, std::nullopt);
        for (size_t j = 0; j < columns; ++j) {
          Value v = city.Get(tl.sheet, r.sheet_row, pl.value_col + int32_t(j));
          if (v.is_number()) row.values[j] = v.number();
        }
      }
    }
  }
  out.prior = ConsolidatedPriorFigures(t, tables, city);
  return out;
}

void PutMemberTolerances(model::CompiledUnit& checks, Workbook& book,
                         const MemberTolerance& tolerance) {
  UseMemberTolerances(checks, book);
  for (const model::CheckInstance& c : checks.checks) {
    if (c.direct) {
      model::DirectCheck& d = checks.direct_checks[c.direct_index];
      d.with_members = true;
      d.member_tolerance = tolerance(c.id);
      continue;
    }
    if (c.row < 0) continue;
    (void)book.SetValue(checks.check_sheet, c.row, kMemberToleranceCol,
                        Value::Number(tolerance(c.id)));
  }
}

bool SameLayout(const model::CompiledUnit& tables, const model::CompiledUnit& checks) {
  if (tables.layout.tables.size() != checks.layout.tables.size()) return false;
  for (size_t k = 0; k < tables.layout.tables.size(); ++k) {
    const model::TableLayout& a = tables.layout.tables[k];
    const model::TableLayout& b = checks.layout.tables[k];
    if (a.present != b.present || a.parts.size() != b.parts.size()) return false;
    for (size_t p = 0; p < a.parts.size(); ++p) {
      if (a.parts[p].rows.size() != b.parts[p].rows.size()) return false;
      for (size_t r = 0; r < a.parts[p].rows.size(); ++r) {
        const model::LaidRow& x = a.parts[p].rows[r];
        const model::LaidRow& y = b.parts[p].rows[r];
        if (x.kind != y.kind || x.key != y.key || x.code != y.code) return false;
      }
    }
  }
  return true;
}

namespace {

// Copies one cell when it differs; a city cell without a figure is blank in the copy.
void CopyCell(const Workbook& city, uint32_t from_sheet, int32_t from_row, int32_t from_col,
              Workbook& book, uint32_t to_sheet, int32_t to_row, int32_t to_col) {
  Value v = city.Get(from_sheet, from_row, from_col);
  Value now = book.Get(to_sheet, to_row, to_col);
  if (v.is_number()) {
    if (!now.is_number() || now.number() != v.number()) {
      (void)book.SetValue(to_sheet, to_row, to_col, v);
    }
  } else if (!now.is_empty()) {
    (void)book.Clear(to_sheet, to_row, to_col);
  }
}

}  // namespace

void CopyFigure(const model::CompiledUnit& tables, const Workbook& city,
                const model::CompiledUnit& checks, Workbook& book, int table, int part, int row,
                int column, bool prior) {
  const model::TableLayout& from = tables.layout.tables[size_t(table)];
  const model::TableLayout& to = checks.layout.tables[size_t(table)];
  const model::PartLayout& fp = from.parts[size_t(part)];
  const model::PartLayout& tp = to.parts[size_t(part)];
  CopyCell(city, prior ? from.prior_sheet : from.sheet, fp.rows[size_t(row)].sheet_row,
           fp.value_col + column, book, prior ? to.prior_sheet : to.sheet,
           tp.rows[size_t(row)].sheet_row, tp.value_col + column);
}

void CopyFigures(const model::Template& t, const model::CompiledUnit& tables, const Workbook& city,
                 const model::CompiledUnit& checks, Workbook& book) {
  for (size_t k = 0; k < tables.layout.tables.size(); ++k) {
    if (!tables.layout.tables[k].present) continue;
    for (size_t p = 0; p < tables.layout.tables[k].parts.size(); ++p) {
      const model::PartLayout& pl = tables.layout.tables[k].parts[p];
      int columns = int(t.tables[k].parts[p].columns.size());
      for (size_t r = 0; r < pl.rows.size(); ++r) {
        for (int j = 0; j < columns; ++j) {
          for (bool prior : {false, true}) {
            CopyFigure(tables, city, checks, book, int(k), int(p), int(r), j, prior);
          }
        }
      }
    }
  }
}

}  // namespace suan::city
