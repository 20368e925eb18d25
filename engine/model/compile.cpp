#include "engine/model/compile.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <set>

#include <boost/variant/get.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/model/compile_internal.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/linear.hpp"

namespace suan::model {

// ---------------------------------------------------------------------------------------
// UnitCompiler helpers shared with narrative.cpp

int32_t UnitCompiler::AddCheckRow(CheckInstance check, const std::string& lhs,
                                  const std::string& rhs, const std::string& tolerance,
                                  const std::string& status) {
  int32_t r = next_check_row++;
  uint32_t s = out.check_sheet;
  // The diff and status formulas read their own row: written once for the first check row
  // and shared by every row, so every unit's rows are one text and one program each.
  constexpr int32_t kAnchor = 1;
  std::string n = std::to_string(kAnchor + 1);
  (void)book.SetFormula(s, r, kLhsCol, lhs);
  (void)book.SetFormula(s, r, kRhsCol, rhs);
  (void)book.SetSharedFormula(s, r, kDiffCol, "A" + n + "-B" + n, kAnchor, kDiffCol);
  (void)book.SetFormula(s, r, kTolCol, tolerance);
  std::string fail = check.warning ? "3" : "2";
  std::string formula;
  if (!status.empty()) {
    formula = status;
    for (auto [from, to] : {std::pair<std::string, std::string>{"{C}", "C" + n},
                            {"{D}", "D" + n},
                            {"{A}", "A" + n},
                            {"{F}", fail}}) {
      for (size_t at = formula.find(from); at != std::string::npos; at = formula.find(from, at)) {
        formula.replace(at, from.size(), to);
        at += to.size();
      }
    }
  } else {
    // The violation: |diff| for '=', the excess over the bound for '<=' and '>='. Six texts in
    // all (relation, in DirectCheck::Relation's order, by failure status), made once.
    static const std::array<std::string, 6> kDefault = [] {
      std::array<std::string, 6> out;
      const std::string n = std::to_string(kAnchor + 1);
      for (int k = 0; k < 6; ++k) {
        std::string v = k % 3 == 0 ? "C" + n : k % 3 == 1 ? "-C" + n : "ABS(C" + n + ")";
        out[size_t(k)] =
            "IF(" + v + "<=1E-7,0,IF(" + v + "<=D" + n + "+1E-7,1," + (k < 3 ? "2" : "3") + "))";
      }
      return out;
    }();
    formula = kDefault[size_t(RelationOf(check.relation) + (check.warning ? 3 : 0))];
  }
  (void)book.SetSharedFormula(s, r, kStatusCol, formula, kAnchor, kStatusCol);
  (void)book.SetValue(s, r, kIdCol, Value::Text(check.id));
  check.row = r;
  out.checks.push_back(std::move(check));
  return r;
}

void UnitCompiler::AddDirectCheck(CheckInstance check, const std::vector<PlanStep>& lhs,
                                  const std::vector<PlanStep>& rhs, double tolerance,
                                  bool per_term) {
  DirectCheck d;
  d.check = uint32_t(out.checks.size());
  d.lhs_begin = uint32_t(out.plan_steps.size());
  out.plan_steps.insert(out.plan_steps.end(), lhs.begin(), lhs.end());
  d.lhs_end = d.rhs_begin = uint32_t(out.plan_steps.size());
  out.plan_steps.insert(out.plan_steps.end(), rhs.begin(), rhs.end());
  d.rhs_end = uint32_t(out.plan_steps.size());
  d.tolerance = tolerance;
  d.per_term = per_term;
  d.relation = RelationOf(check.relation);
  check.row = -1;
  check.direct = true;
  check.direct_index = uint32_t(out.direct_checks.size());
  out.direct_checks.push_back(d);
  out.checks.push_back(std::move(check));
}

bool UnitCompiler::Direct(const WrittenFormula& w) const {
  if (!options.direct_checks || !w.planned || w.status != WrittenFormula::Status::kOk) {
    return false;
  }
  for (const PlanStep& s : w.plan) {
    if (s.op != PlanStep::kCell && s.op != PlanStep::kRefArg) continue;
    bool own = false;
    for (const TableLayout& tl : out.layout.tables) {
      if (tl.present && (s.cell.sheet == tl.sheet || s.cell.sheet == tl.prior_sheet)) {
        own = true;
        break;
      }
    }
    if (!own) return false;
  }
  return true;
}

absl::StatusOr<uint32_t> UnitCompiler::NewSheet(const std::string& name) {
  if (options.reuse_sheets) {
    if (std::optional<uint32_t> s = book.FindSheet(options.prefix + name)) return *s;
  }
  absl::StatusOr<uint32_t> s = book.AddSheet(options.prefix + name);
  if (!s.ok()) errors.push_back(std::string(s.status().message()));
  return s;
}

void PutFigures(const Template& t, const UnitData& unit, const UnitLayout& layout,
                const std::set<std::tuple<uint32_t, int32_t, int32_t>>& skip, Workbook& book) {
  for (size_t k = 0; k < t.tables.size(); ++k) {
    const TableLayout& tl = layout.tables[k];
    for (const PartLayout& pl : tl.parts) {
      for (const LaidRow& r : pl.rows) {
        if (!r.data) continue;
        for (size_t j = 0; j < r.data->values.size(); ++j) {
          if (!r.data->values[j]) continue;
          int32_t col = pl.value_col + int32_t(j);
          if (skip.count({tl.sheet, r.sheet_row, col})) continue;
          (void)book.SetValue(tl.sheet, r.sheet_row, col, Value::Number(*r.data->values[j]));
        }
      }
    }
  }
  // Prior-year figures given with the data.
  for (const PriorFigure& f : unit.prior) {
    int k = t.TableIndex(f.table);
    if (k < 0) continue;
    const TableDef& def = t.tables[size_t(k)];
    const TableLayout& tl = layout.tables[size_t(k)];
    for (size_t p = 0; p < def.parts.size(); ++p) {
      int column = def.parts[p].ColumnIndex(f.column);
      if (column < 0) continue;
      const PartLayout& pl = tl.parts[p];
      int row = pl.FindFixed(f.row);
      if (row < 0) row = pl.FindCode(f.row);
      if (row < 0) row = pl.FindItem(f.row);
      if (row < 0) continue;
      (void)book.SetValue(tl.prior_sheet, pl.rows[size_t(row)].sheet_row, pl.value_col + column,
                          Value::Number(f.value));
      break;
    }
  }
}

const UnitLayout* UnitCompiler::NamedUnitLayout(std::string_view name, std::string* why) {
  // Its own names first; then the units given (in a consolidation, a member named as the
  // consolidated unit is named means the member); then the name its figures give.
  if (std::find(options.self_names.begin(), options.self_names.end(), name) !=
      options.self_names.end()) {
    return &out.layout;
  }
  std::optional<NamedUnit> other;
  if (options.other_units) other = options.other_units->Find(name, why);
  if (!other && !unit.name.empty() && name == unit.name) return &out.layout;
  out.names_other_units = true;
  if (!options.other_units) {
    *why = "names unit '" + std::string(name) +
           "', which is not part of this check (give its figures too, or check the city)";
    return nullptr;
  }
  if (!other || !other->data) {
    if (why->empty()) *why = "names unit '" + std::string(name) + "', which has no figures";
    return nullptr;
  }
  if (std::find(options.self_names.begin(), options.self_names.end(), other->code) !=
      options.self_names.end()) {
    return &out.layout;
  }
  auto at = named_layouts.find(other->code);
  if (at != named_layouts.end()) return at->second.get();
  auto laid = std::make_unique<UnitLayout>(LayOut(t, *other->data, false));
  for (size_t k = 0; k < t.tables.size(); ++k) {
    TableLayout& tl = laid->tables[k];
    tl.sheet_name = options.prefix + "@" + other->code + "." + t.tables[k].key;
    if (auto s = NewSheet("@" + other->code + "." + t.tables[k].key); s.ok()) tl.sheet = *s;
    if (auto s = NewSheet("@" + other->code + ".上年." + t.tables[k].key); s.ok()) {
      tl.prior_sheet = *s;
    }
  }
  PutFigures(t, *other->data, *laid, {}, book);
  out.named_units.push_back(other->code);
  return named_layouts.emplace(other->code, std::move(laid)).first->second.get();
}

void UnitCompiler::AddFixed(CheckInstance check, std::string status, std::string reason) {
  check.row = -1;
  check.fixed_status = std::move(status);
  check.reason = std::move(reason);
  out.checks.push_back(std::move(check));
}

std::string UnitCompiler::Tolerance(const std::vector<CellRef>& lhs_terms,
                                    const std::vector<CellRef>& rhs_terms, double tolerance,
                                    bool per_term) const {
  if (!per_term || tolerance == 0) return NumberText(tolerance);
  const std::vector<CellRef>& terms = lhs_terms.size() > rhs_terms.size() ? lhs_terms : rhs_terms;
  if (terms.empty()) return NumberText(tolerance);
  std::string text = NumberText(tolerance) + "*MAX(1,";
  for (size_t k = 0; k < terms.size(); ++k) {
    text += k ? "+(" : "(";
    AppendCellText(text, book, terms[k], out.check_sheet, ReferencesFrom(out.check_sheet));
    text += "<>0)";
  }
  text += ')';
  return text;
}

std::string UnitCompiler::SourceText(const char* at) const {
  if (!at) return "";
  const std::string& src = *t.SourceOf(at).text;
  if (at < src.data() || at > src.data() + src.size()) return "";
  const char* end = at;
  const char* last = src.data() + src.size();
  while (end < last && *end != '\n' && *end != '#') ++end;
  std::string s(at, end);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

namespace {

std::string RowName(const LaidRow& r) {
  return r.kind == RowKind::kCode ? r.code : r.key;
}

// What names a grid's occurrence: its first text field, as published.
std::string GridName(const GridDef& def, const GridOccurrence& o) {
  for (size_t f = 0; f < def.fields.size(); ++f) {
    if (def.fields[f].text && f < o.fields.size() && !o.fields[f].text.empty())
      return o.fields[f].text;
  }
  return "";
}

// One calculation: a cell and the formula a rule gives it.
struct RuleInstance {
  int table = 0, part = 0, row = 0, column = 0;
  CellRef target;
  const ast::expression* value = nullptr;  // nullptr: a roll-up over `children`
  std::vector<int> children;
  Scope scope;
  std::string id, title, location, rhs_text;
};

class Compiler {
 public:
  explicit Compiler(UnitCompiler& c) : c_(c) {}

  // Lays the unit out and lists the linear equalities of its rules and '=' checks.
  absl::Status Linear(std::vector<LinearRelation>* out) {
    linear_ = out;
    Sheets();
    ExpandRules();
    Inputs();
    for (const RuleInstance& in : instances_) {
      if (MissingRow(in)) continue;
      LinearRelation rel;
      rel.id = in.id;
      rel.rule = true;
      rel.target = in.target;
      rel.terms.push_back({in.target, 1});
      if (in.value) {
        if (!AppendLinear(*in.value, in.scope, c_.resolver, -1, rel.terms)) continue;
      } else {
        WrittenFormula w = Formula(in, c_.out.check_sheet);
        for (const CellRef& cell : w.terms) rel.terms.push_back({cell, -1});
      }
      out->push_back(std::move(rel));
    }
    DeclaredChecks();
    c_.book.Recalculate();
    if (!c_.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(c_.errors, "\n"));
    return absl::OkStatus();
  }

  absl::Status Run() {
    Sheets();
    if (c_.options.tables_only) {
      Inputs();
      if (c_.options.recalculate) c_.book.Recalculate();
      if (!c_.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(c_.errors, "\n"));
      return absl::OkStatus();
    }
    ExpandRules();
    Inputs();
    Rules();
    CompileNarrative(c_);
    DeclaredChecks();
    DocumentChecks();
    if (c_.options.recalculate || !c_.priors.empty()) c_.book.Recalculate();
    BindNarrativePriors(c_);
    if (c_.options.recalculate) {
      c_.book.Recalculate();
      EvaluateDirectChecks(c_.out, c_.book);
    }
    if (!c_.errors.empty()) {
      return absl::InvalidArgumentError(absl::StrJoin(c_.errors, "\n"));
    }
    return absl::OkStatus();
  }

 private:
  const Template& t() const { return c_.t; }
  UnitLayout& layout() { return c_.out.layout; }

  absl::StatusOr<uint32_t> NewSheet(const std::string& name) { return c_.NewSheet(name); }

  void Sheets() {
    c_.out.layout = LayOut(t(), c_.unit, c_.options.mode == Mode::kCompute);
    c_.out.prefix = c_.options.prefix;
    c_.out.mode = c_.options.mode;
    for (size_t k = 0; k < t().tables.size(); ++k) {
      TableLayout& tl = layout().tables[k];
      const TableDef& def = t().tables[k];
      tl.sheet_name = c_.options.prefix + def.key;
      if (auto s = NewSheet(def.key); s.ok()) tl.sheet = *s;
      if (auto s = NewSheet("上年." + def.key); s.ok()) tl.prior_sheet = *s;
      for (size_t p = 0; p < def.parts.size(); ++p) {
        const PartDef& part = def.parts[p];
        const PartLayout& pl = tl.parts[p];
        for (uint32_t sheet : {tl.sheet, tl.prior_sheet}) {
          (void)c_.book.SetValue(sheet, pl.header_row, 0,
                                 Value::Text(part.key.empty() ? "代码" : part.key));
          (void)c_.book.SetValue(sheet, pl.header_row, 1, Value::Text("名称"));
          for (size_t j = 0; j < part.text_columns.size(); ++j) {
            (void)c_.book.SetValue(sheet, pl.header_row, int32_t(2 + j),
                                   Value::Text(part.text_columns[j].captions[0]));
          }
          for (size_t j = 0; j < part.columns.size(); ++j) {
            (void)c_.book.SetValue(sheet, pl.header_row, pl.value_col + int32_t(j),
                                   Value::Text(part.columns[j].captions[0]));
          }
          for (const LaidRow& r : pl.rows) {
            (void)c_.book.SetValue(sheet, r.sheet_row, 0, Value::Text(RowName(r)));
            (void)c_.book.SetValue(sheet, r.sheet_row, 1, Value::Text(r.label));
            if (r.data) {
              for (size_t j = 0; j < r.data->texts.size(); ++j) {
                if (!r.data->texts[j].empty()) {
                  (void)c_.book.SetValue(sheet, r.sheet_row, int32_t(2 + j),
                                         Value::Text(r.data->texts[j]));
                }
              }
            }
          }
        }
      }
    }
    Grids();
    if (!t().params.empty()) {
      if (auto s = NewSheet("参数"); s.ok()) layout().param_sheet = *s;
      (void)c_.book.SetValue(layout().param_sheet, 0, 0, Value::Text("参数"));
      (void)c_.book.SetValue(layout().param_sheet, 0, 1, Value::Text("值"));
      for (size_t k = 0; k < t().params.size(); ++k) {
        (void)c_.book.SetValue(layout().param_sheet, int32_t(k + 1), 0,
                               Value::Text(t().params[k].key));
        (void)c_.book.SetValue(layout().param_sheet, int32_t(k + 1), 1,
                               Value::Number(t().params[k].value));
      }
    }
    if (c_.options.tables_only) return;
    if (auto s = NewSheet("检查"); s.ok()) c_.out.check_sheet = *s;
    if (auto s = NewSheet("说明"); s.ok()) c_.out.text_sheet = *s;
    c_.check_sheets_made = true;
    for (auto [col, caption] : {std::pair<int32_t, const char*>{kLhsCol, "左边"},
                                {kRhsCol, "右边"},
                                {kDiffCol, "差额"},
                                {kTolCol, "容差"},
                                {kStatusCol, "状态"},
                                {kIdCol, "检查"}}) {
      (void)c_.book.SetValue(c_.out.check_sheet, 0, col, Value::Text(caption));
    }
  }

  // Each grid's occurrences as published (layout.hpp): the fields, then the item rows.
  void Grids() {
    for (size_t g = 0; g < t().grids.size(); ++g) {
      const GridDef& def = t().grids[g];
      GridLayout& gl = layout().grids[g];
      gl.sheet_name = c_.options.prefix + def.key;
      if (auto s = NewSheet(def.key); s.ok()) gl.sheet = *s;
      auto text = [&](int32_t row, int32_t col, const std::string& v) {
        if (!v.empty()) (void)c_.book.SetValue(gl.sheet, row, col, Value::Text(v));
      };
      text(0, 0, "#");
      text(0, 1, def.titles[0]);
      for (size_t f = 0; f < def.fields.size(); ++f)
        text(0, gl.field_col + int32_t(f), def.fields[f].captions[0]);
      int32_t items_header = int32_t(gl.occurrences.size()) + 2;
      text(items_header, 0, "#");
      text(items_header, 1, def.items_section.empty() ? "项" : def.items_section);
      for (size_t c = 0; c < def.columns.size(); ++c)
        text(items_header, gl.value_col + int32_t(c), def.columns[c].captions[0]);
      for (size_t k = 0; k < gl.occurrences.size(); ++k) {
        const GridLayout::Occurrence& o = gl.occurrences[k];
        std::string number = "#" + std::to_string(k + 1);
        text(o.row, 0, number);
        text(o.row, 1, GridName(def, *o.data));
        for (size_t f = 0; f < def.fields.size(); ++f) {
          const GridField& field = o.data->fields[f];
          int32_t col = gl.field_col + int32_t(f);
          if (def.fields[f].text) {
            text(o.row, col, field.text);
          } else if (field.value) {
            (void)c_.book.SetValue(gl.sheet, o.row, col, Value::Number(*field.value));
          }
        }
        for (size_t r = 0; r < o.item_rows.size(); ++r) {
          const UnitRow& item = o.data->rows[r];
          text(o.item_rows[r], 0, number);
          text(o.item_rows[r], 1, item.label);
          for (size_t c = 0; c < item.values.size(); ++c) {
            if (item.values[c]) {
              (void)c_.book.SetValue(gl.sheet, o.item_rows[r], gl.value_col + int32_t(c),
                                     Value::Number(*item.values[c]));
            }
          }
        }
      }
    }
  }

  CellRef Target(int table, int part, int row, int column) {
    const TableLayout& tl = layout().tables[size_t(table)];
    const PartLayout& pl = tl.parts[size_t(part)];
    return CellRef{tl.sheet, pl.rows[size_t(row)].sheet_row, pl.value_col + column};
  }

  std::string CellName(int table, int part, int row, int column) const {
    const TableDef& def = t().tables[size_t(table)];
    const LaidRow& r = c_.out.layout.tables[size_t(table)].parts[size_t(part)].rows[size_t(row)];
    return def.key + "[" + RowName(r) + "]." + def.parts[size_t(part)].columns[size_t(column)].key;
  }

  bool RowPasses(const PartDef& part, const LaidRow& r, const ast::each_clause* filter) const {
    if (!filter || filter->filter.empty()) return true;
    if (filter->filter == "codes") return r.kind == RowKind::kCode;
    if (filter->filter == "items") return r.kind == RowKind::kItem;
    if (filter->filter == "fixed") return r.kind == RowKind::kFixed;
    if (filter->filter == "level") {
      if (r.kind != RowKind::kCode || !part.codes) return false;
      for (const ast::name& n : filter->names) {
        if (part.codes->LevelIndex(n.text) == r.level) return true;
      }
    }
    return false;
  }

  void ExpandRules() {
    for (size_t k = 0; k < t().tables.size(); ++k) {
      if (!layout().tables[k].present) continue;
      const TableDef& def = t().tables[k];
      for (size_t p = 0; p < def.parts.size(); ++p) {
        const PartDef& part = def.parts[p];
        const PartLayout& pl = layout().tables[k].parts[p];
        for (const RuleDef& rule : part.rules) {
          if (!rule.rule) {
            Rollup(int(k), int(p), pl);
            continue;
          }
          const ast::rule_stmt& r = *rule.rule;
          std::string rhs = c_.SourceText(r.value.at);
          if (!r.lhs.row) {
            int column = part.ColumnIndex(r.lhs.column);
            for (size_t row = 0; row < pl.rows.size(); ++row) {
              if (!RowPasses(part, pl.rows[row], r.filter ? &*r.filter : nullptr)) continue;
              RuleInstance in = Instance(int(k), int(p), int(row), column, rhs);
              in.value = &r.value;
              in.scope.row = int(row);
              in.scope.row_context = true;
              in.id = def.key + ":" + r.lhs.column + "@" + RowName(pl.rows[row]);
              in.title = r.lhs.column + " = " + rhs;
              instances_.push_back(std::move(in));
            }
            continue;
          }
          const std::string& key = r.lhs.row->key;
          int row =
              key[0] >= '0' && key[0] <= '9' ? pl.FindCode(NormalizeCode(key)) : pl.FindFixed(key);
          if (row < 0) continue;  // an optional row the unit does not have
          std::vector<int> columns;
          if (r.lhs.column.empty()) {
            for (size_t j = 0; j < part.columns.size(); ++j) columns.push_back(int(j));
          } else {
            columns.push_back(part.ColumnIndex(r.lhs.column));
          }
          for (int column : columns) {
            RuleInstance in = Instance(int(k), int(p), row, column, rhs);
            in.value = &r.value;
            in.scope.column = column;
            in.scope.column_context = true;
            in.id = def.key + ":[" + key + "]@" + part.columns[size_t(column)].key;
            in.title = "[" + key + "] = " + rhs;
            instances_.push_back(std::move(in));
          }
        }
      }
    }
  }

  RuleInstance Instance(int table, int part, int row, int column, const std::string& rhs) {
    RuleInstance in;
    in.table = table;
    in.part = part;
    in.row = row;
    in.column = column;
    in.target = Target(table, part, row, column);
    in.scope.table = table;
    in.scope.part = part;
    in.location = CellName(table, part, row, column);
    in.rhs_text = rhs;
    return in;
  }

  void Rollup(int table, int part, const PartLayout& pl) {
    const TableDef& def = t().tables[size_t(table)];
    // Every row's children, in one pass over the rows.
    std::vector<std::vector<int>> children(pl.rows.size());
    for (size_t c = 0; c < pl.rows.size(); ++c) {
      int parent = pl.rows[c].parent;
      if (parent >= 0 && size_t(parent) < pl.rows.size()) {
        children[size_t(parent)].push_back(int(c));
      }
    }
    for (size_t row = 0; row < pl.rows.size(); ++row) {
      if (pl.rows[row].children == 0) continue;
      // What every column's instance of the row says, made once for the row.
      std::string name = RowName(pl.rows[row]);
      std::string rhs = "Σ " + def.key + "[";
      for (size_t k = 0; k < children[row].size(); ++k) {
        if (k) rhs += ", ";
        rhs += RowName(pl.rows[size_t(children[row][k])]);
      }
      rhs += "]";
      std::string title = "rollup: " + name + " = Σ its children";
      for (size_t j = 0; j < def.parts[size_t(part)].columns.size(); ++j) {
        RuleInstance in = Instance(table, part, int(row), int(j), rhs);
        in.children = children[row];
        in.id = def.key + ":rollup@" + name + "." + def.parts[size_t(part)].columns[j].key;
        in.title = title;
        instances_.push_back(std::move(in));
      }
    }
  }

  // The formula of an instance written for `host`, with its terms; with `plan`, its plan
  // instead of its text when it has one (WriteFormula).
  WrittenFormula Formula(const RuleInstance& in, uint32_t host, bool plan = false) {
    if (in.value) {
      return WriteFormula(*in.value, in.scope, c_.resolver, t(), &c_.book, host,
                          c_.ReferencesFrom(host), plan);
    }
    WrittenFormula w;
    const TableLayout& tl = layout().tables[size_t(in.table)];
    const PartLayout& pl = tl.parts[size_t(in.part)];
    plan = plan && !in.children.empty();
    if (!plan) w.text = "SUM(";
    for (size_t k = 0; k < in.children.size(); ++k) {
      CellRef cell{tl.sheet, pl.rows[size_t(in.children[k])].sheet_row, pl.value_col + in.column};
      w.terms.push_back(cell);
      if (plan) {
        w.plan.push_back(PlanStep{PlanStep::kRefArg, 0, 0, cell});
        continue;
      }
      if (k) w.text += ',';
      AppendCellText(w.text, c_.book, cell, host, c_.ReferencesFrom(host));
    }
    if (plan) {
      w.plan.push_back(PlanStep{PlanStep::kSum, uint32_t(in.children.size()), 0, {}});
      w.planned = true;
    } else {
      w.text += ')';
    }
    return w;
  }

  void Inputs() {
    std::set<std::tuple<uint32_t, int32_t, int32_t>> targets;
    if (c_.options.mode == Mode::kCompute) {
      for (const RuleInstance& in : instances_) {
        targets.insert({in.target.sheet, in.target.row, in.target.col});
      }
    }
    PutFigures(t(), c_.unit, layout(), targets, c_.book);
  }

  bool MissingRow(const RuleInstance& in) const {
    const LaidRow& r =
        c_.out.layout.tables[size_t(in.table)].parts[size_t(in.part)].rows[size_t(in.row)];
    return c_.options.mode == Mode::kAudit && r.kind == RowKind::kFixed && !r.data;
  }

  void Rules() {
    std::set<std::tuple<uint32_t, int32_t, int32_t>> assigned;
    // A check per rule instance, and some hundred declared and narrative checks after them:
    // room for them at once rather than moving every check each time the list grows.
    if (c_.options.mode == Mode::kAudit) c_.out.checks.reserve(instances_.size() + 256);
    // The instances' texts move to their checks (nothing reads them after).
    for (RuleInstance& in : instances_) {
      CheckInstance check;
      check.id = std::move(in.id);
      check.title = std::move(in.title);
      check.kind = "rule";
      check.tables = {t().tables[size_t(in.table)].key};
      check.lhs_text = in.location;
      check.location = std::move(in.location);
      check.relation = "=";
      check.rhs_text = std::move(in.rhs_text);
      if (c_.options.mode == Mode::kCompute &&
          assigned.insert({in.target.sheet, in.target.row, in.target.col}).second) {
        WrittenFormula w = Formula(in, in.target.sheet);
        if (w.status == WrittenFormula::Status::kError) {
          c_.errors.push_back(w.reason);
          continue;
        }
        if (w.status == WrittenFormula::Status::kOk) {
          (void)c_.book.SetFormula(in.target.sheet, in.target.row, in.target.col, w.text);
          c_.out.formulas++;
        }
        continue;
      }
      if (MissingRow(in)) {
        c_.AddFixed(std::move(check), "skipped",
                    t().tables[size_t(in.table)].key + " has no row 「" +
                        c_.out.layout.tables[size_t(in.table)]
                            .parts[size_t(in.part)]
                            .rows[size_t(in.row)]
                            .label +
                        "」 in the document");
        continue;
      }
      WrittenFormula w = Formula(in, c_.out.check_sheet, c_.options.direct_checks);
      if (w.status == WrittenFormula::Status::kError) {
        c_.errors.push_back(w.reason);
        continue;
      }
      AddTables(check, w.terms);
      if (w.status == WrittenFormula::Status::kUnavailable) {
        c_.AddFixed(std::move(check), "skipped", w.reason);
        continue;
      }
      if (c_.Direct(w)) {
        c_.AddDirectCheck(std::move(check), {PlanStep{PlanStep::kCell, 0, 0, in.target}}, w.plan,
                          t().tolerance, t().tolerance_per_term);
        continue;
      }
      if (w.planned) w = Formula(in, c_.out.check_sheet);  // a plan, but not direct: its text
      std::string lhs = c_.Cell(in.target, c_.out.check_sheet);
      c_.AddCheckRow(std::move(check), lhs, w.text,
                     c_.Tolerance({in.target}, w.terms, t().tolerance, t().tolerance_per_term));
    }
  }

  // A check about named units only (every reference names a unit): the same wherever it is
  // compiled.
  static bool NamesOnlyUnits(const ast::check_stmt& s) {
    int named = 0, unnamed = 0;
    std::function<void(const ast::expression&)> walk = [&](const ast::expression& e) {
      auto operand = [&](const ast::operand& o) {
        if (auto* r = boost::get<ast::reference>(&o.value)) {
          ++(r->unit.empty() ? unnamed : named);
        } else if (auto* c = boost::get<ast::x3::forward_ast<ast::call>>(&o.value)) {
          for (const ast::expression& a : c->get().args) walk(a);
        } else if (auto* x = boost::get<ast::x3::forward_ast<ast::expression>>(&o.value)) {
          walk(x->get());
        }
      };
      operand(e.first);
      for (const ast::operation& op : e.rest) operand(op.right);
    };
    walk(s.lhs);
    walk(s.rhs);
    return named > 0 && unnamed == 0;
  }

  void AddTables(CheckInstance& check, const std::vector<CellRef>& terms) {
    // What a term adds depends on its sheet only; a rule's terms are mostly on one sheet.
    std::optional<uint32_t> last_sheet;
    for (const CellRef& cell : terms) {
      if (last_sheet == cell.sheet) continue;
      last_sheet = cell.sheet;
      for (size_t k = 0; k < layout().tables.size(); ++k) {
        const TableLayout& tl = layout().tables[k];
        if (cell.sheet != tl.sheet && cell.sheet != tl.prior_sheet) continue;
        const std::string& key = t().tables[k].key;
        bool known = false;
        for (const std::string& s : check.tables) known = known || s == key;
        if (!known) check.tables.push_back(key);
      }
      for (const auto& [code, other] : c_.named_layouts) {
        for (size_t k = 0; k < other->tables.size(); ++k) {
          const TableLayout& tl = other->tables[k];
          if (cell.sheet != tl.sheet && cell.sheet != tl.prior_sheet) continue;
          std::string key = code + "!" + t().tables[k].key;
          if (std::find(check.tables.begin(), check.tables.end(), key) == check.tables.end()) {
            check.tables.push_back(key);
          }
        }
      }
    }
  }

  void DeclaredChecks() {
    int counter = 0;
    for (size_t k = 0; k < t().tables.size(); ++k) {
      const TableDef& def = t().tables[k];
      for (size_t p = 0; p < def.parts.size(); ++p) {
        for (const ast::check_stmt* check : def.parts[p].checks) {
          DeclaredCheck(*check, int(k), int(p), ++counter);
        }
      }
    }
    for (const ast::check_stmt* check : t().checks) DeclaredCheck(*check, -1, -1, ++counter);
    for (size_t g = 0; g < t().grids.size(); ++g) {
      for (const ast::check_stmt* check : t().grids[g].checks) GridCheck(*check, int(g), ++counter);
    }
  }

  // A grid's check, made for every occurrence; a grid the document lacks is reported once per
  // check.
  void GridCheck(const ast::check_stmt& s, int grid, int counter) {
    // Rounding balance works on the tables' cells; a grid's figures are not among them.
    if (linear_) return;
    const GridDef& def = t().grids[size_t(grid)];
    const GridLayout& gl = layout().grids[size_t(grid)];
    CheckInstance base = CheckBase(s, counter);
    base.tables.push_back(def.key);
    if (gl.occurrences.empty()) {
      // A grid is part of the narrative: data without a text (a CSV or JSON unit, a
      // consolidation) has none to look for.
      if (def.optional || c_.unit.paragraphs.empty()) return;
      base.location = def.key;
      c_.AddFixed(std::move(base), "skipped", "no 「" + def.titles[0] + "」 in the document");
      return;
    }
    std::set<std::string> ids;
    for (size_t k = 0; k < gl.occurrences.size(); ++k) {
      const GridOccurrence& o = *gl.occurrences[k].data;
      CheckInstance check = base;
      std::string name = GridName(def, o);
      // The id names the project as the document does, spaces and full-width folded (a name
      // published twice gets its occurrence's number too).
      check.id += "@" + (name.empty() ? "#" + std::to_string(k + 1) : Squash(name));
      if (!ids.insert(check.id).second) check.id += " #" + std::to_string(k + 1);
      check.location = def.key + " #" + std::to_string(k + 1) +
                       (name.empty() ? "" : " 「" + name + "」") + " (line " +
                       std::to_string(o.line) + ")";
      // Where it is published, and which rows a [like …] found (matching is by likeness).
      check.title += " (" + def.titles[0] + ", line " + std::to_string(o.line) + ")";
      Scope scope;
      scope.grid = grid;
      scope.occurrence = int(k);
      for (auto [e, text] : {std::pair{&s.lhs, &check.lhs_text}, {&s.rhs, &check.rhs_text}}) {
        std::vector<std::string> rows;
        LikeRows(*e, scope, &rows);
        if (!rows.empty()) *text += " [" + absl::StrJoin(rows, " + ") + "]";
      }
      Emit(std::move(check), s, scope, Tolerance(s).first, Tolerance(s).second);
    }
  }

  // The rows the [like …] references of `e` stand for: 表7 「name」.
  void LikeRows(const ast::expression& e, const Scope& scope, std::vector<std::string>* out) {
    auto primary = [&](const ast::primary& p) {
      if (auto* r = boost::get<ast::reference>(&p)) {
        if (!r->row || !r->row->like) return;
        int table = t().TableIndex(r->table);
        Resolution res = c_.resolver.Resolve(*r, scope);
        if (table < 0 || res.kind != Resolution::Kind::kCells) return;
        const TableLayout& tl = layout().tables[size_t(table)];
        for (const CellRef& cell : res.cells) {
          for (size_t p = 0; p < tl.parts.size(); ++p) {
            int by = t().tables[size_t(table)].parts[p].items_text_column;
            for (const LaidRow& row : tl.parts[p].rows) {
              if (row.sheet_row != cell.row || row.kind != RowKind::kItem) continue;
              bool named = by >= 0 && row.data && size_t(by) < row.data->texts.size() &&
                           !row.data->texts[size_t(by)].empty();
              out->push_back(r->table + " 「" + (named ? row.data->texts[size_t(by)] : row.label) +
                             "」");
            }
          }
        }
      } else if (auto* c = boost::get<ast::x3::forward_ast<ast::call>>(&p)) {
        for (const ast::expression& a : c->get().args) LikeRows(a, scope, out);
      } else if (auto* x = boost::get<ast::x3::forward_ast<ast::expression>>(&p)) {
        LikeRows(x->get(), scope, out);
      }
    };
    primary(e.first.value);
    for (const ast::operation& op : e.rest) primary(op.right.value);
  }

  // The tolerance a check states, or the model's.
  std::pair<double, bool> Tolerance(const ast::check_stmt& s) const {
    std::pair<double, bool> tol{t().tolerance, t().tolerance_per_term};
    for (const ast::check_option& o : s.options) {
      if (o.kind == "tolerance") tol = {o.tol.value, o.tol.per_term};
    }
    return tol;
  }

  CheckInstance CheckBase(const ast::check_stmt& s, int counter) const {
    CheckInstance base;
    base.id = s.id ? s.id->text : absl::StrCat("check", counter);
    base.title = s.title ? s.title->value : c_.SourceText(s.lhs.at);
    base.kind = "check";
    base.warning = s.severity == "warning";
    base.relation = s.relation;
    base.lhs_text = c_.SourceText(s.lhs.at);
    base.rhs_text = c_.SourceText(s.rhs.at);
    // The relation's left side ends where the relation starts.
    for (const char* rel : {"<=", ">=", "=", "≤", "≥"}) {
      size_t at = base.lhs_text.find(rel);
      if (at != std::string::npos) {
        base.lhs_text = base.lhs_text.substr(0, at);
        while (!base.lhs_text.empty() && base.lhs_text.back() == ' ') base.lhs_text.pop_back();
        break;
      }
    }
    for (const char* opt : {" tolerance ", " message "}) {
      size_t at = base.rhs_text.find(opt);
      if (at != std::string::npos) base.rhs_text = base.rhs_text.substr(0, at);
    }
    for (const ast::check_option& o : s.options) {
      if (o.kind == "message") base.message = o.text;
    }
    return base;
  }

  void DeclaredCheck(const ast::check_stmt& s, int table, int part, int counter) {
    if (!c_.options.named_unit_checks && table < 0 && NamesOnlyUnits(s)) return;
    CheckInstance base = CheckBase(s, counter);
    auto [tolerance, per_term] = Tolerance(s);
    if (table >= 0) base.tables.push_back(t().tables[size_t(table)].key);
    Scope scope;
    scope.table = table;
    scope.part = part;
    if (!s.each) {
      base.location = table >= 0 ? t().tables[size_t(table)].key : "";
      Emit(base, s, scope, tolerance, per_term);
      return;
    }
    if (!layout().tables[size_t(table)].present) {
      base.location = t().tables[size_t(table)].key;
      c_.AddFixed(std::move(base), "skipped",
                  t().tables[size_t(table)].key + " is not in the document");
      return;
    }
    const PartDef& pd = t().tables[size_t(table)].parts[size_t(part)];
    const PartLayout& pl = layout().tables[size_t(table)].parts[size_t(part)];
    if (s.each->what == "row") {
      for (size_t row = 0; row < pl.rows.size(); ++row) {
        if (!RowPasses(pd, pl.rows[row], &*s.each)) continue;
        CheckInstance check = base;
        check.id += "@" + RowName(pl.rows[row]);
        check.location = t().tables[size_t(table)].key + "[" + RowName(pl.rows[row]) + "]";
        Scope sc = scope;
        sc.row = int(row);
        sc.row_context = true;
        Emit(std::move(check), s, sc, tolerance, per_term);
      }
    } else {
      for (size_t j = 0; j < pd.columns.size(); ++j) {
        CheckInstance check = base;
        check.id += "@" + pd.columns[j].key;
        check.location = t().tables[size_t(table)].key + "." + pd.columns[j].key;
        Scope sc = scope;
        sc.column = int(j);
        sc.column_context = true;
        Emit(std::move(check), s, sc, tolerance, per_term);
      }
    }
  }

  void Emit(CheckInstance check, const ast::check_stmt& s, const Scope& scope, double tolerance,
            bool per_term) {
    if (linear_) {
      if (s.relation != "=") return;
      LinearRelation rel;
      rel.id = check.id;
      if (AppendLinear(s.lhs, scope, c_.resolver, 1, rel.terms) &&
          AppendLinear(s.rhs, scope, c_.resolver, -1, rel.terms) && !rel.terms.empty()) {
        linear_->push_back(std::move(rel));
      }
      return;
    }
    bool plan = c_.options.direct_checks;
    WrittenFormula lhs = WriteFormula(s.lhs, scope, c_.resolver, t(), &c_.book, c_.out.check_sheet,
                                      References::kAbsolute, plan);
    WrittenFormula rhs = WriteFormula(s.rhs, scope, c_.resolver, t(), &c_.book, c_.out.check_sheet,
                                      References::kAbsolute, plan);
    for (const WrittenFormula* w : {&lhs, &rhs}) {
      if (w->status == WrittenFormula::Status::kError) {
        c_.errors.push_back(w->reason);
        return;
      }
    }
    AddTables(check, lhs.terms);
    AddTables(check, rhs.terms);
    for (const WrittenFormula* w : {&lhs, &rhs}) {
      if (w->status == WrittenFormula::Status::kUnavailable) {
        c_.AddFixed(std::move(check), "skipped", w->reason);
        return;
      }
    }
    if (check.location.empty() && !check.tables.empty()) check.location = check.tables[0];
    if (c_.Direct(lhs) && c_.Direct(rhs)) {
      c_.AddDirectCheck(std::move(check), lhs.plan, rhs.plan, tolerance, per_term);
      return;
    }
    // Not direct: a side written as a plan is written again as text.
    for (auto [w, side] : {std::pair{&lhs, &s.lhs}, std::pair{&rhs, &s.rhs}}) {
      if (w->planned) {
        *w = WriteFormula(*side, scope, c_.resolver, t(), &c_.book, c_.out.check_sheet,
                          References::kAbsolute);
      }
    }
    c_.AddCheckRow(std::move(check), lhs.text, rhs.text,
                   c_.Tolerance(lhs.terms, rhs.terms, tolerance, per_term));
  }

  // Findings about the document as a whole: tables missing, empty tables and their notes.
  void DocumentChecks() {
    if (c_.options.mode == Mode::kCompute) return;
    for (size_t k = 0; k < t().tables.size(); ++k) {
      const TableDef& def = t().tables[k];
      const UnitTable& ut = c_.unit.tables[k];
      CheckInstance check;
      check.kind = "document";
      check.tables = {def.key};
      check.location = def.key;
      std::string title = def.titles.empty() ? def.key : def.titles[0];
      if (!ut.present) {
        if (def.optional) continue;
        check.id = def.key + ":present";
        check.title = def.key + " 「" + title + "」 is published";
        c_.AddFixed(std::move(check), "failed",
                    def.key + " 「" + title + "」 is not in the document");
        continue;
      }
      if (!ut.empty) continue;
      check.id = def.key + ":empty";
      check.title = def.key + " is empty and the document says so";
      check.warning = true;
      if (ut.empty_note.empty()) {
        c_.AddFixed(std::move(check), "warning",
                    def.key + " 「" + title +
                        "」 has no figures, and no sentence declares it empty (…为空表)");
      } else {
        c_.AddFixed(std::move(check), "exact", "declared empty: " + ut.empty_note);
      }
    }
  }

  UnitCompiler& c_;
  std::vector<RuleInstance> instances_;
  std::vector<LinearRelation>* linear_ = nullptr;
};

}  // namespace

absl::StatusOr<LinearUnit> CollectLinearRelations(const Template& t, const UnitData& unit,
                                                  Workbook& book) {
  CompileOptions options;
  options.mode = Mode::kAudit;
  UnitCompiler c(t, unit, options, book);
  c.resolver.set_slots(&c.slots);
  c.resolver.set_missing_rows_unknown(true);
  LinearUnit out;
  Compiler compiler(c);
  absl::Status status = compiler.Linear(&out.relations);
  if (!status.ok()) return status;
  out.unit = std::move(c.out);
  return out;
}

absl::StatusOr<CompiledUnit> CompileUnit(const Template& t, const UnitData& unit,
                                         const CompileOptions& options, Workbook& book) {
  UnitCompiler c(t, unit, options, book);
  c.resolver.set_slots(&c.slots);
  c.resolver.set_missing_rows_unknown(options.mode == Mode::kAudit);
  c.resolver.set_units(
      [&c](std::string_view name, std::string* why) { return c.NamedUnitLayout(name, why); });
  Compiler compiler(c);
  absl::Status status = compiler.Run();
  if (!status.ok()) return status;
  return std::move(c.out);
}

}  // namespace suan::model
