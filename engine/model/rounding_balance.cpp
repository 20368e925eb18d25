#include "engine/model/rounding_balance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "engine/model/import_disclosure.hpp"
#include "engine/model/linear.hpp"
#include "engine/workbook.hpp"

namespace suan::model {

namespace {

// A figure of the unit, by its place in the layout.
struct Figure {
  size_t table = 0, part = 0, row = 0, column = 0;
  double exact = 0;      // in the model's unit
  int64_t cents = 0;     // current value in units of the last decimal
  int direction = 0;     // the one way it may move (towards `exact`); 0: it may not
  double remainder = 0;  // |exact - rounded| in cents: how cheap a move is (0.5 is free)
  int targets = 0;       // rules calculating it: the fewer, the more leaf-like
  bool moved = false;
};

class Balancer {
 public:
  Balancer(std::vector<Figure>& figures, std::vector<std::vector<std::pair<size_t, int>>>& rows)
      : f_(figures), rel_(rows) {
    of_.resize(f_.size());
    for (size_t k = 0; k < rel_.size(); ++k) {
      for (auto [i, a] : rel_[k]) of_[i].push_back({k, a});
    }
    res_.assign(rel_.size(), 0);
    for (size_t k = 0; k < rel_.size(); ++k) {
      for (auto [i, a] : rel_[k]) res_[k] += a * f_[i].cents;
    }
  }

  int Broken() const {
    int n = 0;
    for (int64_t r : res_) n += r != 0;
    return n;
  }

  void Run() {
    for (int guard = 0; guard < 100000 && Broken() > 0; ++guard) {
      if (!Improve()) break;
    }
  }

 private:
  // A figure is either rounded on its own or rounded the other way (towards its exact value);
  // a move toggles between the two, so an early move can be undone when it turns out wrong.
  bool Movable(size_t i) const { return f_[i].direction != 0; }
  int Step(size_t i) const { return f_[i].moved ? -f_[i].direction : f_[i].direction; }
  // Lower is better: undoing a move, then leaf-like figures, then those nearest the rounding
  // boundary.
  double Cost(size_t i) const {
    if (f_[i].moved) return -1;
    return f_[i].targets * 10.0 + (0.5 - f_[i].remainder);
  }

  void Move(size_t i) {
    int d = Step(i);
    f_[i].cents += d;
    f_[i].moved = !f_[i].moved;
    for (auto [k, a] : of_[i]) res_[k] += a * d;
  }

  int64_t Total() const {
    int64_t t = 0;
    for (int64_t r : res_) t += std::llabs(r);
    return t;
  }

  // Would toggling i bring relation k's residual nearer zero?
  bool Helps(size_t i, size_t k) const {
    for (auto [kk, a] : of_[i]) {
      if (kk == k) return std::llabs(res_[k] + a * Step(i)) < std::llabs(res_[k]);
    }
    return false;
  }

  // Candidates that help relation k, cheapest first.
  std::vector<size_t> Helpers(size_t k, const std::vector<size_t>& path) const {
    std::vector<size_t> out;
    for (auto [i, a] : rel_[k]) {
      if (!Movable(i) || !Helps(i, k)) continue;
      bool used = false;
      for (size_t p : path) used = used || p == i;
      if (!used) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [&](size_t a, size_t b) { return Cost(a) < Cost(b); });
    return out;
  }

  // An ejection chain: after a toggle breaks other relations, toggle a figure of one of them
  // that mends it, and so on, until the total violation falls (a leaf's row total, its column
  // total, their parents … move together). Depth-first, bounded.
  bool Chain(size_t last, int64_t start, std::vector<size_t>& path, int depth) {
    if (Total() < start) return true;
    if (depth == 0 || ++expansions_ > kMaxExpansions) return false;
    for (auto [k, a] : of_[last]) {
      if (res_[k] == 0) continue;
      for (size_t j : Helpers(k, path)) {
        Move(j);
        path.push_back(j);
        if (Chain(j, start, path, depth - 1)) return true;
        path.pop_back();
        Move(j);
      }
    }
    return false;
  }

  bool Improve() {
    int64_t start = Total();
    for (int depth : {1, 2, 4, 8, 12}) {
      for (size_t k = 0; k < rel_.size(); ++k) {
        if (res_[k] == 0) continue;
        for (size_t i : Helpers(k, {})) {
          expansions_ = 0;
          std::vector<size_t> path{i};
          Move(i);
          if (Chain(i, start, path, depth - 1)) return true;
          Move(i);
        }
      }
    }
    return false;
  }

  static constexpr int kMaxExpansions = 20000;
  int expansions_ = 0;

  std::vector<Figure>& f_;
  std::vector<std::vector<std::pair<size_t, int>>>& rel_;
  std::vector<std::vector<std::pair<size_t, int>>> of_;  // figure -> (relation, coefficient)
  std::vector<int64_t> res_;
};

}  // namespace

absl::StatusOr<BalancedUnit> BalanceRounding(const Template& t, const UnitData& unit,
                                             std::string_view from_unit) {
  double factor = UnitFactor(from_unit, t.unit);
  if (factor == 0) {
    return absl::InvalidArgumentError("cannot convert " + std::string(from_unit) + " to " + t.unit);
  }
  const double scale = std::pow(10.0, t.decimals);
  Workbook book;
  absl::StatusOr<LinearUnit> linear = CollectLinearRelations(t, unit, book);
  if (!linear.ok()) return linear.status();
  const UnitLayout& layout = linear->unit.layout;

  // Figures by cell.
  std::vector<Figure> figures;
  std::map<std::tuple<uint32_t, int32_t, int32_t>, size_t> index;
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableLayout& tl = layout.tables[k];
    if (!tl.present) continue;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      const PartLayout& pl = tl.parts[p];
      for (size_t r = 0; r < pl.rows.size(); ++r) {
        for (size_t j = 0; j < t.tables[k].parts[p].columns.size(); ++j) {
          Figure f{k, p, r, j};
          const UnitRow* data = pl.rows[r].data;
          f.exact = data && data->values[j] ? *data->values[j] * factor : 0;
          // Half-up, away from zero, on the exact decimal value (a tiny nudge absorbs binary
          // representation: 0.125 is 0.13).
          double scaled = f.exact * scale;
          double rounded = std::floor(std::fabs(scaled) + 0.5 + 1e-9) * (scaled < 0 ? -1 : 1);
          f.cents = int64_t(rounded);
          double diff = scaled - rounded;
          f.direction = diff > 1e-9 ? 1 : diff < -1e-9 ? -1 : 0;
          f.remainder = std::fabs(diff);
          index[{tl.sheet, pl.rows[r].sheet_row, pl.value_col + int32_t(j)}] = figures.size();
          figures.push_back(f);
        }
      }
    }
  }
  // Relations over figures; a relation reading a cell outside the tables is left out.
  std::vector<std::vector<std::pair<size_t, int>>> relations;
  int inconsistent = 0;
  for (const LinearRelation& rel : linear->relations) {
    std::map<size_t, int> terms;
    bool ok = true;
    for (const auto& [cell, a] : rel.terms) {
      auto it = index.find({cell.sheet, cell.row, cell.col});
      if (it == index.end()) {
        ok = false;
        break;
      }
      terms[it->second] += a;
    }
    if (!ok) continue;
    std::vector<std::pair<size_t, int>> row;
    double exact_residual = 0;
    for (auto [i, a] : terms) {
      if (a != 0) row.push_back({i, a});
      exact_residual += a * figures[i].exact * scale;
    }
    if (row.empty()) continue;
    // Only what holds in the exact figures is kept; a relation they break is the checks'
    // business, not rounding's.
    if (std::fabs(exact_residual) > 1e-4) {
      inconsistent++;
      continue;
    }
    if (rel.rule) {
      auto it = index.find({rel.target.sheet, rel.target.row, rel.target.col});
      if (it != index.end()) figures[it->second].targets++;
    }
    relations.push_back(std::move(row));
  }

  BalancedUnit out;
  out.equalities = int(relations.size());
  out.inconsistent = inconsistent;
  std::vector<int64_t> rounded;
  for (const Figure& f : figures) rounded.push_back(f.cents);
  Balancer balancer(figures, relations);
  out.unbalanced_before = balancer.Broken();
  balancer.Run();
  out.unbalanced_after = balancer.Broken();

  // The balanced unit: the layout's rows with the balanced figures.
  out.unit = UnitData::For(t);
  out.unit.name = unit.name;
  out.unit.year = unit.year;
  out.unit.source = unit.source;
  out.unit.paragraphs = unit.paragraphs;
  for (const PriorFigure& p : unit.prior) {
    out.unit.prior.push_back(
        {p.table, p.row, p.column, std::round(p.value * factor * scale) / scale});
  }
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableLayout& tl = layout.tables[k];
    if (!tl.present) continue;
    UnitTable& ut = out.unit.tables[k];
    ut.present = true;
    ut.title = unit.tables[k].title;
    ut.empty = unit.tables[k].empty;
    ut.empty_note = unit.tables[k].empty_note;
    for (size_t p = 0; p < tl.parts.size(); ++p) {
      for (const LaidRow& r : tl.parts[p].rows) {
        UnitRow row;
        row.kind = r.kind;
        row.key = r.key;
        row.code = r.code;
        row.label = r.label;
        if (r.data) row.texts = r.data->texts;
        row.values.assign(t.tables[k].parts[p].columns.size(), std::nullopt);
        ut.parts[p].rows.push_back(std::move(row));
      }
    }
  }
  for (size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    UnitRow& row = out.unit.tables[f.table].parts[f.part].rows[f.row];
    const UnitRow* data = layout.tables[f.table].parts[f.part].rows[f.row].data;
    bool given = data && data->values[f.column];
    if (given || f.cents != 0) row.values[f.column] = double(f.cents) / scale;
    if (f.cents == rounded[i]) continue;
    out.adjustments.push_back({t.tables[f.table].key, row.key,
                               t.tables[f.table].parts[f.part].columns[f.column].key, f.exact,
                               double(rounded[i]) / scale, double(f.cents) / scale});
  }
  return out;
}

}  // namespace suan::model
