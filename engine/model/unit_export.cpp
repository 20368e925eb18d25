#include "engine/model/unit_export.hpp"

namespace suan::model {

UnitData ExportUnit(const Template& t, const UnitData& source, const CompiledUnit& unit,
                    const Workbook& book) {
  UnitData out = UnitData::For(t);
  out.name = source.name;
  out.year = source.year;
  out.source = source.source;
  out.paragraphs = source.paragraphs;
  out.prior = source.prior;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableLayout& tl = unit.layout.tables[k];
    if (!tl.present) continue;
    UnitTable& ut = out.tables[k];
    ut.present = true;
    ut.title = source.tables[k].title;
    ut.line = source.tables[k].line;
    ut.empty = source.tables[k].empty;
    ut.empty_note = source.tables[k].empty_note;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const PartLayout& pl = tl.parts[p];
      const PartDef& pd = t.tables[k].parts[p];
      for (const LaidRow& r : pl.rows) {
        UnitRow row;
        row.kind = r.kind;
        row.key = r.key;
        row.code = r.code;
        row.label = r.label;
        row.line = r.data ? r.data->line : 0;
        row.texts = r.data ? r.data->texts : std::vector<std::string>(pd.text_columns.size());
        row.values.assign(pd.columns.size(), std::nullopt);
        for (size_t j = 0; j < pd.columns.size(); ++j) {
          Value v = book.Get(tl.sheet, r.sheet_row, pl.value_col + int32_t(j));
          if (v.is_number()) row.values[j] = v.number();
        }
        ut.parts[p].rows.push_back(std::move(row));
      }
    }
  }
  return out;
}

}  // namespace suan::model
