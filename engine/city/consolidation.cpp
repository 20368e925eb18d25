#include "engine/city/consolidation.hpp"

#include <algorithm>
#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "engine/city/row_identity.hpp"
#include "engine/model/compile_internal.hpp"
#include "formulas/a1.hpp"

namespace suan::city {

namespace {

// Excel allows 255 arguments to a function; longer lists nest.
constexpr size_t kMaxArguments = 255;

std::string SumOf(const std::vector<std::string>& terms) {
  if (terms.size() <= kMaxArguments) {
    std::string out = "SUM(";
    for (size_t k = 0; k < terms.size(); ++k) {
      if (k) out += ',';
      out += terms[k];
    }
    return out + ')';
  }
  std::vector<std::string> groups;
  for (size_t k = 0; k < terms.size(); k += kMaxArguments) {
    std::vector<std::string> group(
        terms.begin() + std::ptrdiff_t(k),
        terms.begin() + std::ptrdiff_t(std::min(terms.size(), k + kMaxArguments)));
    groups.push_back(SumOf(group));
  }
  return SumOf(groups);
}

// "'u1.表3:u9.表3'!" for each run of adjacent member sheets of a table.
std::vector<std::string> RunPrefixes(const std::vector<Member>& members, const Workbook& book) {
  std::vector<uint32_t> sheets;
  for (const Member& m : members) sheets.push_back(m.place->sheet);
  std::sort(sheets.begin(), sheets.end());
  sheets.erase(std::unique(sheets.begin(), sheets.end()), sheets.end());
  std::vector<std::string> out;
  for (size_t k = 0; k < sheets.size();) {
    size_t end = k + 1;
    while (end < sheets.size() && sheets[end] == sheets[end - 1] + 1) ++end;
    std::string name = book.sheet_name(sheets[k]);
    if (end - k > 1) name += ":" + book.sheet_name(sheets[end - 1]);
    std::string quoted = "'";
    for (char c : name) {
      if (c == '\'') quoted += '\'';
      quoted += c;
    }
    out.push_back(quoted + "'!");
    k = end;
  }
  return out;
}

std::string RunsFormula(const std::vector<std::string>& prefixes, int32_t row, int32_t column) {
  std::string address = A1Address(row, column);
  std::vector<std::string> terms;
  terms.reserve(prefixes.size());
  for (const std::string& p : prefixes) terms.push_back(p + address);
  return SumOf(terms);
}

using ColumnMask = uint64_t;

// What the members publish: by row identity, the columns with a figure (current and prior).
struct Published {
  absl::flat_hash_map<std::string, ColumnMask> current, prior;
  // Project rows: consolidated key (by table and part) -> the members' cells.
  struct Cell {
    uint32_t sheet;
    int32_t row;
  };
  absl::flat_hash_map<std::string, std::vector<Cell>> items;
  // Prior-year figures: consolidated row -> the members' row identity (their place).
  absl::flat_hash_map<std::string, std::string> prior_identity;
};

ColumnMask MaskOf(const std::vector<std::optional<double>>& values) {
  ColumnMask m = 0;
  for (size_t j = 0; j < values.size() && j < 64; ++j) {
    if (values[j]) m |= ColumnMask(1) << j;
  }
  return m;
}

std::string ItemSlot(int table, int part, const std::string& key) {
  return std::to_string(table) + "|" + std::to_string(part) + "|" + key;
}

Published Gather(const model::Template& t, const ConsolidatedShape& shape,
                 const std::vector<Member>& members) {
  Published out;
  for (const Member& m : members) {
    if (!m.data) continue;
    const model::UnitData& u = *m.data;
    for (size_t k = 0; k < t.tables.size() && k < u.tables.size(); ++k) {
      if (!u.tables[k].present) continue;
      for (size_t p = 0; p < u.tables[k].parts.size(); ++p) {
        for (const model::UnitRow& r : u.tables[k].parts[p].rows) {
          std::string identity = RowIdentity(int(k), int(p), r);
          ColumnMask mask = MaskOf(r.values);
          if (r.kind != model::RowKind::kItem) {
            out.current[identity] |= mask;
            continue;
          }
          auto key = shape.item_key.find(identity);
          auto row = m.place->item_rows.find(identity);
          if (key == shape.item_key.end() || row == m.place->item_rows.end()) continue;
          out.current[ItemSlot(int(k), int(p), key->second)] |= mask;
          out.items[ItemSlot(int(k), int(p), key->second)].push_back({m.place->sheet, row->second});
        }
      }
    }
    // Prior-year figures: by the row they name in the unit (fixed key, code or project).
    for (const model::PriorFigure& f : u.prior) {
      int k = t.TableIndex(f.table);
      if (k < 0 || size_t(k) >= u.tables.size()) continue;
      for (size_t p = 0; p < t.tables[size_t(k)].parts.size(); ++p) {
        int column = t.tables[size_t(k)].parts[p].ColumnIndex(f.column);
        if (column < 0 || column >= 64) continue;
        const model::UnitRow* row = nullptr;
        for (const model::UnitRow& r : u.tables[size_t(k)].parts[p].rows) {
          if (r.key == f.row || (r.kind == model::RowKind::kCode && r.code == f.row)) {
            row = &r;
            break;
          }
        }
        if (!row) continue;
        std::string identity = RowIdentity(k, int(p), *row), slot = identity;
        if (row->kind == model::RowKind::kItem) {
          auto key = shape.item_key.find(identity);
          if (key == shape.item_key.end()) break;
          slot = ItemSlot(k, int(p), key->second);
        }
        out.prior[slot] |= ColumnMask(1) << column;
        out.prior_identity[slot] = identity;
        break;
      }
    }
  }
  return out;
}

// `status` (written at `row`) with every reference to D of that row as MAX(D, G).
std::string WithMemberTolerance(std::string_view status, int32_t row) {
  std::string d = A1Address(row, model::kTolCol);
  std::string max = "MAX(" + d + "," + A1Address(row, kMemberToleranceCol) + ")";
  std::string text;
  for (size_t at = 0; at < status.size();) {
    bool token = status.compare(at, d.size(), d) == 0 &&
                 (at == 0 || !std::isalnum(static_cast<unsigned char>(status[at - 1]))) &&
                 (at + d.size() == status.size() ||
                  !std::isalnum(static_cast<unsigned char>(status[at + d.size()])));
    if (token) {
      text += max;
      at += d.size();
    } else {
      text += status[at++];
    }
  }
  return text;
}

}  // namespace

std::string SumFormula(const std::vector<Member>& members, const AlignedRows& aligned, int table,
                       int32_t aligned_row, int32_t column, const Workbook& book) {
  return RunsFormula(RunPrefixes(members, book), aligned_row, aligned.Column(table, column));
}

size_t WriteSumFormulas(const model::Template& t, const model::CompiledUnit& unit,
                        const ConsolidatedShape& shape, const AlignedRows& aligned,
                        const std::vector<Member>& members, Workbook& book) {
  Published published = Gather(t, shape, members);
  size_t written = 0;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const model::TableLayout& tl = unit.layout.tables[k];
    if (!tl.present) continue;
    std::vector<std::string> runs = RunPrefixes(members, book);
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const model::PartLayout& pl = tl.parts[p];
      size_t columns = t.tables[k].parts[p].columns.size();
      for (const model::LaidRow& r : pl.rows) {
        bool item = r.kind == model::RowKind::kItem;
        std::string identity = item ? ItemSlot(int(k), int(p), r.key)
                                    : RowIdentity(int(k), int(p), r.kind, r.key, r.code);
        auto current = published.current.find(identity);
        auto prior = published.prior.find(identity);
        ColumnMask now = current == published.current.end() ? 0 : current->second;
        ColumnMask before = prior == published.prior.end() ? 0 : prior->second;
        if (!now && !before) continue;
        std::optional<int32_t> aligned_row;
        const std::vector<Published::Cell>* cells = nullptr;
        if (item) {
          auto it = published.items.find(identity);
          if (it == published.items.end()) continue;
          cells = &it->second;
        } else {
          aligned_row = aligned.Find(identity);
          if (!aligned_row) continue;
        }
        if (now) {
          // One text for the row, written for its first value column and shared by every
          // column (each reads its own column of the members): parsed once, not per cell.
          std::string formula;
          int32_t first = aligned.Column(int(k), 0);
          if (item) {
            std::vector<std::string> terms;
            for (const Published::Cell& c : *cells) {
              terms.push_back(QualifiedAddress(book.sheet_name(c.sheet), c.row, first));
            }
            formula = SumOf(terms);
          } else {
            formula = RunsFormula(runs, *aligned_row, first);
          }
          for (size_t j = 0; j < columns && j < 64; ++j) {
            if (!(now >> j & 1)) continue;
            (void)book.SetSharedFormula(tl.sheet, r.sheet_row, pl.value_col + int32_t(j), formula,
                                        r.sheet_row, pl.value_col);
            ++written;
          }
        }
        // Prior-year figures: each kind at its own place in every member.
        for (size_t j = 0; j < columns && j < 64; ++j) {
          if (!(before >> j & 1)) continue;
          auto member = published.prior_identity.find(identity);
          if (member == published.prior_identity.end()) continue;
          std::optional<std::pair<int32_t, int32_t>> at =
              aligned.FindPriorCell(member->second, int(j));
          if (!at) continue;
          (void)book.SetFormula(tl.prior_sheet, r.sheet_row, pl.value_col + int32_t(j),
                                RunsFormula(runs, at->first, at->second));
          ++written;
        }
      }
    }
  }
  return written;
}

void UseMemberTolerances(const model::CompiledUnit& unit, Workbook& book) {
  (void)book.SetValue(unit.check_sheet, 0, kMemberToleranceCol, Value::Text("成员容差"));
  // The status formula compares with D (the check's own tolerance): with MAX(D, G) instead.
  // It is written once and shared by every check row (compile.cpp, AddCheckRow), so it is
  // rewritten where it was written and shared the same way: one rewriting per kind of status
  // (consecutive rows mostly share one), and every consolidated unit shares the text, where
  // rewriting D (its text names the unit's cells) would cost a second parsed copy of every
  // tolerance formula.
  std::string written, rewritten;  // the last status rewritten, and what it became
  int32_t anchor_row = -1;
  for (const model::CheckInstance& c : unit.checks) {
    if (c.row < 0) continue;
    std::optional<Workbook::AnchoredFormula> status =
        book.FormulaAsWritten(unit.check_sheet, c.row, model::kStatusCol);
    if (!status) continue;
    if (status->anchor_row != anchor_row || status->text != written) {
      written = std::string(status->text);
      anchor_row = status->anchor_row;
      rewritten = WithMemberTolerance(written, anchor_row);
    }
    if (rewritten == written) continue;
    (void)book.SetSharedFormula(unit.check_sheet, c.row, model::kStatusCol, rewritten,
                                status->anchor_row, status->anchor_col);
  }
}

}  // namespace suan::city
