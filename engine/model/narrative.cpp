// The narrative sheet ("说明"): one row per statement (or per sentence an each-statement
// matched), holding each placeholder's figure as published next to the figure the cells give,
// and the checks that compare them.
//
//   A statement  B sentence  C line  then per placeholder:
//     figure:   published | calculated = ROUND(expr × 100 for a percentage, decimals)
//     capture:  published
//     yoy:      published change | published rate | current | prior | change | rate
//
// Year-on-year: the prior year is not in the tables; a sentence gives it as current minus the
// stated change. The first sentence about a figure binds its 上年 cell (a constant); a later
// sentence, or a prior-year figure from the data, is then checked against it. The rate is
// checked against (current - prior) / prior, half-up to 2 decimals; a prior of zero has no
// rate, and a sentence saying 增长100% there is reported as a convention, not a pass.
#include <boost/variant/get.hpp>
#include <cmath>

#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/model/compile_internal.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/narrative_match.hpp"
#include "engine/model/template_check.hpp"
#include "formulas/a1.hpp"

namespace suan::model {

namespace {

std::string Col(int32_t col, int32_t row) {
  return ColumnLetters(col) + std::to_string(row + 1);
}

struct StatementCompiler {
  UnitCompiler& c;
  const ast::text_stmt& s;
  std::vector<const ast::placeholder*> placeholders;

  StatementCompiler(UnitCompiler& c, const ast::text_stmt& s) : c(c), s(s) {
    for (const ast::template_piece& piece : s.body.pieces) {
      if (auto* ph = boost::get<ast::placeholder>(&piece)) placeholders.push_back(ph);
    }
  }

  uint32_t sheet() const { return c.out.text_sheet; }
  // A cell of this sheet as a check row names it (absolutely, UnitCompiler::ReferencesFrom).
  std::string Checked(int32_t row, int32_t col) const {
    return c.Cell({sheet(), row, col}, c.out.check_sheet);
  }

  // A placeholder's expression as written, without its slot name and format.
  std::string PlaceholderText(const ast::placeholder& ph) const {
    std::string text = c.SourceText(ph.value->at);
    int depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char ch = text[i];
      if (ch == '[' || ch == '(') ++depth;
      if (ch == ']' || ch == ')') --depth;
      if (depth == 0 && (ch == '}' || ch == ':' || text.compare(i, 4, " as ") == 0)) {
        text.resize(i);
        break;
      }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
  }

  CheckInstance Base(const SentenceMatch* m, const std::string& suffix) const {
    CheckInstance check;
    check.id = "text:" + s.id.text + suffix;
    check.title = s.title ? s.title->value : s.id.text;
    check.kind = "text";
    check.location = m ? absl::StrCat("line ", m->line) : "";
    check.sentence = m ? m->sentence : "";
    if (s.each_table) check.tables.push_back(s.each_table->text);
    return check;
  }

  void Run() {
    std::vector<SentenceMatch> matches = MatchStatement(s, c.unit.paragraphs);
    bool each = s.each_table.has_value();
    if (each) {
      std::vector<SentenceMatch> about_rows;
      for (SentenceMatch& m : matches) {
        if (NamesARow(m)) about_rows.push_back(std::move(m));
      }
      matches = std::move(about_rows);
    }
    SlotCells& slots = c.slots[s.id.text];
    slots.each = each;
    slots.found = !matches.empty();
    if (matches.empty()) {
      CheckInstance check = Base(nullptr, "");
      check.warning = true;
      c.AddFixed(std::move(check), "warning",
                 "no sentence of the text matches statement " + s.id.text);
      if (!each) Row(nullptr, slots, 0);
      return;
    }
    for (size_t k = 0; k < matches.size(); ++k) Row(&matches[k], slots, k);
  }

  // An each-statement's sentence is about a row when its name is a row of the table, or a
  // code of the table's list that the unit does not have (a row explained at zero); other
  // matches are sentences of another kind that happen to fit.
  bool NamesARow(const SentenceMatch& m) const {
    std::string label;
    Scope scope = RowScope(&m, &label);
    if (!scope.absent_row) return true;
    const PartDef& pd = c.t.tables[size_t(scope.table)].parts[size_t(scope.part)];
    const CodeList* list = pd.codes ? pd.codes : pd.item_codes;
    return list && !list->FindByName(label).empty();
  }

  // The row (and its scope) of an each-statement's sentence.
  Scope RowScope(const SentenceMatch* m, std::string* label) const {
    Scope scope;
    if (!s.each_table) return scope;
    scope.table = c.t.TableIndex(s.each_table->text);
    scope.part = NarrativePart(c.t.tables[size_t(scope.table)]);
    scope.row_context = true;
    scope.absent_row = true;
    if (!m) return scope;
    for (size_t k = 0; k < placeholders.size(); ++k) {
      if (placeholders[k]->kind == "label") *label = m->slots[k].text;
    }
    const TableLayout& tl = c.out.layout.tables[size_t(scope.table)];
    if (!tl.present) return scope;
    const PartLayout& pl = tl.parts[size_t(scope.part)];
    const PartDef& pd = c.t.tables[size_t(scope.table)].parts[size_t(scope.part)];
    int row = pl.FindByLabel(*label);
    if (!s.each_levels.empty()) {
      // Only rows of the levels named (a 类 and a 项 may share a name).
      row = -1;
      std::string want = NormalizeLabel(*label);
      for (size_t k = 0; k < pl.rows.size(); ++k) {
        const LaidRow& lr = pl.rows[k];
        if (lr.kind != RowKind::kCode || NormalizeLabel(lr.label) != want || !pd.codes) continue;
        for (const ast::name& n : s.each_levels) {
          if (pd.codes->LevelIndex(n.text) == lr.level) row = int(k);
        }
      }
    }
    if (row >= 0) {
      scope.row = row;
      scope.absent_row = false;
    }
    return scope;
  }

  void Row(const SentenceMatch* m, SlotCells& slots, size_t index) {
    int32_t r = c.next_text_row++;
    CompiledUnit::TextRow text_row;
    text_row.statement = s.id.text;
    text_row.row = r;
    text_row.matched = m != nullptr;
    (void)c.book.SetValue(sheet(), r, 0, Value::Text(s.id.text));
    if (m) {
      (void)c.book.SetValue(sheet(), r, 1, Value::Text(m->sentence));
      (void)c.book.SetValue(sheet(), r, 2, Value::Number(m->line));
    }
    std::string label;
    Scope scope = RowScope(m, &label);
    std::string suffix =
        s.each_table ? absl::StrCat("@", label.empty() ? std::to_string(index + 1) : label) : "";
    int32_t col = 3;
    for (size_t k = 0; k < placeholders.size(); ++k) {
      const ast::placeholder& ph = *placeholders[k];
      const SlotCapture* cap = m ? &m->slots[k] : nullptr;
      text_row.columns.push_back(-1);
      std::string slot_suffix = suffix + "." + (ph.as.empty() ? std::to_string(k + 1) : ph.as);
      if (ph.kind == "capture") {
        if (cap && cap->found) (void)c.book.SetValue(sheet(), r, col, Value::Number(cap->value));
        if (!ph.as.empty()) slots.slots[ph.as].push_back(CellRef{sheet(), r, col});
        text_row.columns.back() = col;
        col += 1;
      } else if (ph.kind == "expr") {
        Figure(ph, cap, scope, r, col, Base(m, slot_suffix), m != nullptr);
        if (!ph.as.empty()) slots.slots[ph.as].push_back(CellRef{sheet(), r, col});
        text_row.columns.back() = col + 1;
        col += 2;
      } else if (ph.kind == "yoy") {
        Yoy(ph, cap, scope, r, col, Base(m, slot_suffix), m != nullptr);
        if (!ph.as.empty()) slots.slots[ph.as].push_back(CellRef{sheet(), r, col});
        text_row.columns.back() = col + 4;
        col += 6;
      }
    }
    c.out.text_rows.push_back(std::move(text_row));
  }

  void Figure(const ast::placeholder& ph, const SlotCapture* cap, const Scope& scope, int32_t r,
              int32_t col, CheckInstance check, bool matched) {
    bool percent = IsPercentFormat(ph.format);
    int decimals = FormatDecimals(ph.format, percent ? 2 : c.t.decimals);
    // What the text says stands whatever the tables hold (sums over statements read it).
    if (matched && cap && cap->found) {
      (void)c.book.SetValue(sheet(), r, col, Value::Number(cap->value));
    }
    WrittenFormula w =
        WriteFormula(*ph.value, scope, c.resolver, c.t, &c.book, sheet(), References::kAbsolute);
    if (w.status == WrittenFormula::Status::kError) {
      c.errors.push_back(w.reason);
      return;
    }
    check.lhs_text = "the text";
    check.relation = "=";
    check.rhs_text = PlaceholderText(ph);
    if (w.status == WrittenFormula::Status::kUnavailable) {
      if (matched) c.AddFixed(std::move(check), "skipped", w.reason);
      return;
    }
    std::string value = percent ? "(" + w.text + ")*100" : w.text;
    (void)c.book.SetFormula(sheet(), r, col + 1,
                            "ROUND(" + value + "," + std::to_string(decimals) + ")");
    if (!matched) return;
    // A quoted amount must equal the cell; a percentage may miss by one unit of its last
    // decimal (it is often computed from rounded figures).
    double tolerance = percent ? std::pow(10.0, -decimals) : 0;
    for (const CellRef& term : w.terms) {
      for (size_t k = 0; k < c.out.layout.tables.size(); ++k) {
        if (c.out.layout.tables[k].sheet != term.sheet) continue;
        const std::string& key = c.t.tables[k].key;
        bool known = false;
        for (const std::string& t : check.tables) known = known || t == key;
        if (!known) check.tables.push_back(key);
      }
    }
    c.AddCheckRow(check, Checked(r, col), Checked(r, col + 1), NumberText(tolerance));
  }

  void Yoy(const ast::placeholder& ph, const SlotCapture* cap, const Scope& scope, int32_t r,
           int32_t col, CheckInstance check, bool matched) {
    if (matched && cap && cap->found) {
      (void)c.book.SetValue(sheet(), r, col, Value::Number(cap->yoy.delta));
      if (cap->yoy.has_rate)
        (void)c.book.SetValue(sheet(), r, col + 1, Value::Number(cap->yoy.rate));
    }
    WrittenFormula w =
        WriteFormula(*ph.value, scope, c.resolver, c.t, &c.book, sheet(), References::kAbsolute);
    if (w.status == WrittenFormula::Status::kError) {
      c.errors.push_back(w.reason);
      return;
    }
    check.title += " (year on year)";
    check.rhs_text = PlaceholderText(ph);
    if (w.status == WrittenFormula::Status::kUnavailable) {
      if (matched) c.AddFixed(std::move(check), "skipped", w.reason);
      return;
    }
    int32_t delta = col, rate = col + 1, current = col + 2, prior = col + 3, change = col + 4,
            growth = col + 5;
    (void)c.book.SetFormula(sheet(), r, current, w.text);
    // The figure's own 上年 cell when it is one table cell.
    PendingPrior pending;
    const ast::expression& e = *ph.value;
    const ast::reference* ref = e.rest.empty() && e.first.signs.empty() && e.first.percents.empty()
                                    ? boost::get<ast::reference>(&e.first.value)
                                    : nullptr;
    if (ref) {
      Scope prior_scope = scope;
      prior_scope.prior = true;
      Resolution res = c.resolver.Resolve(*ref, prior_scope);
      bool prior_sheet = false;
      for (const TableLayout& tl : c.out.layout.tables) {
        prior_sheet =
            prior_sheet || (res.cells.size() == 1 && res.cells[0].sheet == tl.prior_sheet);
      }
      if (res.kind == Resolution::Kind::kCells && !res.is_set && prior_sheet) {
        pending.in_table = true;
        pending.prior_cell = res.cells[0];
        (void)c.book.SetFormula(sheet(), r, prior, c.Cell(res.cells[0], sheet()));
      }
    }
    std::string P = Col(prior, r), Q = Col(current, r);
    (void)c.book.SetFormula(sheet(), r, change, "ROUND(" + Q + "-" + P + ",2)");
    (void)c.book.SetFormula(sheet(), r, growth,
                            "IF(" + P + "=0,0,ROUND((" + Q + "-" + P + ")/ABS(" + P + ")*100,2))");
    if (!matched || !cap || !cap->found) return;
    const YearOnYear& yoy = cap->yoy;
    if (!yoy.verbs_agree) {
      CheckInstance verbs = check;
      verbs.id += ".verbs";
      verbs.title = check.title + ": the verbs agree";
      c.AddFixed(std::move(verbs), "failed",
                 "the sentence says " + yoy.verb + " and then " + yoy.rate_verb);
    }
    pending.check = check;
    pending.check.id += ".change";
    pending.check.lhs_text = "the stated change";
    pending.check.relation = "=";
    pending.check.rhs_text = "current - 上年";
    pending.text_row = r;
    pending.delta_col = delta;
    pending.current_col = current;
    pending.prior_col = prior;
    pending.expected_delta_col = change;
    pending.delta = yoy.delta;
    c.priors.push_back(pending);
    if (yoy.has_rate) {
      check.id += ".rate";
      check.lhs_text = "the stated rate";
      check.relation = "=";
      check.rhs_text = "(current - 上年) / 上年";
      // With no prior year there is no rate: 0% for no change, 100% by convention.
      std::string status = "IF(" + Checked(r, prior) + "=0,IF(" + Checked(r, current) +
                           "=0,IF(ABS({A})<=1E-7,0,{F}),IF(ABS({A}-100)<=1E-7,4,{F})),IF(ABS({C})<="
                           "1E-7,0,IF(ABS({C})<={D}+1E-7,1,{F})))";
      c.AddCheckRow(check, Checked(r, rate), Checked(r, growth), "0.01", status);
    }
  }
};

}  // namespace

void CompileNarrative(UnitCompiler& c) {
  for (auto [col, caption] : {std::pair<int32_t, const char*>{0, "说明"}, {1, "原文"}, {2, "行"}}) {
    (void)c.book.SetValue(c.out.text_sheet, 0, col, Value::Text(caption));
  }
  for (const ast::text_stmt* s : c.t.texts) {
    if (c.unit.paragraphs.empty()) {
      // Data without a text (a CSV or JSON unit): there is no sentence to compare.
      c.slots[s->id.text].each = s->each_table.has_value();
      continue;
    }
    if (s->each_table) {
      int table = c.t.TableIndex(s->each_table->text);
      if (table >= 0 && !c.out.layout.tables[size_t(table)].present) {
        CheckInstance check;
        check.id = "text:" + s->id.text;
        check.title = s->title ? s->title->value : s->id.text;
        check.kind = "text";
        check.tables = {s->each_table->text};
        c.AddFixed(std::move(check), "skipped", s->each_table->text + " is not in the document");
        c.slots[s->id.text].each = true;
        continue;
      }
    }
    StatementCompiler(c, *s).Run();
  }
}

void BindNarrativePriors(UnitCompiler& c) {
  uint32_t sheet = c.out.text_sheet;
  std::set<std::tuple<uint32_t, int32_t, int32_t>> bound;  // set in this pass, not yet calculated
  for (PendingPrior& p : c.priors) {
    Value current = c.book.Get(sheet, p.text_row, p.current_col);
    if (!current.is_number() && !current.is_empty()) continue;
    double prior = current.number() - p.delta;
    prior = std::round(prior * 100) / 100;  // figures are stated to the cent
    bool bound_here = false;
    if (p.in_table) {
      Value existing = c.book.Get(p.prior_cell.sheet, p.prior_cell.row, p.prior_cell.col);
      auto key = std::make_tuple(p.prior_cell.sheet, p.prior_cell.row, p.prior_cell.col);
      if (existing.is_empty() && bound.insert(key).second) {
        (void)c.book.SetValue(p.prior_cell.sheet, p.prior_cell.row, p.prior_cell.col,
                              Value::Number(prior));
        bound_here = true;
      }
    } else {
      (void)c.book.SetValue(sheet, p.text_row, p.prior_col, Value::Number(prior));
      bound_here = true;
    }
    if (bound_here) continue;
    c.AddCheckRow(p.check, c.Cell({sheet, p.text_row, p.delta_col}, c.out.check_sheet),
                  c.Cell({sheet, p.text_row, p.expected_delta_col}, c.out.check_sheet), "0");
  }
}

}  // namespace suan::model
