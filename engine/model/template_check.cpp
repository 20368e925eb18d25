#include "engine/model/template_check.hpp"

#include <boost/variant/get.hpp>

#include "engine/model/formula_writer.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/resolver.hpp"

namespace suan::model {

int NarrativePart(const TableDef& table) {
  for (size_t p = 0; p < table.parts.size(); ++p) {
    if (table.parts[p].codes || table.parts[p].has_items) return int(p);
  }
  return 0;
}

namespace {

class NameChecker {
 public:
  explicit NameChecker(const Template& t) : t_(t), resolver_(t, nullptr) {}

  std::vector<std::string> Run() {
    for (size_t k = 0; k < t_.tables.size(); ++k) {
      const TableDef& table = t_.tables[k];
      for (size_t p = 0; p < table.parts.size(); ++p) {
        const PartDef& part = table.parts[p];
        for (const RuleDef& rule : part.rules) {
          if (rule.rule) Rule(int(k), int(p), *rule.rule);
        }
        for (const ast::check_stmt* check : part.checks) Check(int(k), int(p), *check);
      }
    }
    for (const ast::check_stmt* check : t_.checks) Check(-1, -1, *check);
    for (size_t g = 0; g < t_.grids.size(); ++g) {
      for (const ast::check_stmt* check : t_.grids[g].checks) Check(-1, -1, *check, int(g));
    }
    for (const ast::text_stmt* text : t_.texts) Text(*text);
    return std::move(errors_);
  }

 private:
  void Error(const char* at, std::string_view why) { errors_.push_back(t_.Message(at, why)); }

  void Expression(const ast::expression& e, const Scope& scope) {
    WrittenFormula w = WriteFormula(e, scope, resolver_, t_, nullptr, 0);
    if (w.status == WrittenFormula::Status::kError) errors_.push_back(w.reason);
  }

  // Level names or the section names a filter lists.
  void Filter(const ast::each_clause& f, const PartDef& part, const std::string& table) {
    if (f.filter == "level") {
      if (f.names.empty()) Error(f.at, "'level' needs level names, as in level 类, 款");
      for (const ast::name& n : f.names) {
        if (!part.codes || part.codes->LevelIndex(n.text) < 0) {
          Error(n.at, "unknown level '" + n.text + "' in " + table);
        }
      }
    } else if (!f.names.empty()) {
      Error(f.names[0].at, "only 'level' takes names here");
    }
    if (f.filter == "codes" && !part.codes) Error(f.at, table + " has no code rows");
    if (f.filter == "items" && !part.has_items) Error(f.at, table + " has no item rows");
  }

  void Rule(int table, int part, const ast::rule_stmt& rule) {
    const TableDef& def = t_.tables[size_t(table)];
    const PartDef& pd = def.parts[size_t(part)];
    Scope scope;
    scope.table = table;
    scope.part = part;
    const ast::target& target = rule.lhs;
    if (!target.row) {
      if (pd.ColumnIndex(target.column) < 0) {
        Error(target.at, "unknown column '" + target.column + "' in " + def.key);
        return;
      }
      scope.row_context = true;
    } else {
      const std::string& key = target.row->key;
      bool code = !key.empty() && key[0] >= '0' && key[0] <= '9';
      if (key == "@" || target.row->under) {
        Error(target.row->at, "a rule's target is a row of its table, not " + key);
        return;
      }
      if (code) {
        const CodeList* list = pd.codes;
        std::string c = NormalizeCode(key);
        if (!list || !list->Find(c)) {
          Error(target.row->at, "unknown code " + key + " in " + def.key);
          return;
        }
      } else if (pd.FixedRowIndex(key) < 0) {
        Error(target.row->at, "unknown row '" + key + "' in " + def.key +
                                  (def.parts.size() > 1 ? " part " + pd.key : ""));
        return;
      }
      if (target.column.empty()) {
        scope.column_context = true;
      } else if (pd.ColumnIndex(target.column) < 0) {
        Error(target.at, "unknown column '" + target.column + "' in " + def.key);
        return;
      }
    }
    if (rule.filter) {
      if (target.row) Error(rule.filter->at, "'for' limits the rows of a column rule");
      Filter(*rule.filter, pd, def.key);
    }
    Expression(rule.value, scope);
  }

  void Check(int table, int part, const ast::check_stmt& check, int grid = -1) {
    Scope scope;
    scope.table = table;
    scope.part = part;
    scope.grid = grid;
    if (check.each) {
      if (table < 0) {
        Error(check.each->at, "'each' belongs to a check inside a table");
        return;
      }
      const PartDef& pd = t_.tables[size_t(table)].parts[size_t(part)];
      if (check.each->what == "row") {
        scope.row_context = true;
        Filter(*check.each, pd, t_.tables[size_t(table)].key);
      } else {
        scope.column_context = true;
      }
    }
    for (const ast::check_option& o : check.options) {
      if (o.kind == "tolerance" && o.tol.value < 0) Error(o.at, "a tolerance is not negative");
    }
    Expression(check.lhs, scope);
    Expression(check.rhs, scope);
  }

  void Text(const ast::text_stmt& text) {
    Scope scope;
    bool each = text.each_table.has_value();
    if (each) {
      scope.table = t_.TableIndex(text.each_table->text);
      if (scope.table < 0) {
        Error(text.each_table->at, "unknown table '" + text.each_table->text + "'");
        return;
      }
      const TableDef& table = t_.tables[size_t(scope.table)];
      scope.part = NarrativePart(table);
      scope.row_context = true;
      for (const ast::name& n : text.each_levels) {
        const PartDef& pd = table.parts[size_t(scope.part)];
        if (!pd.codes || pd.codes->LevelIndex(n.text) < 0) {
          Error(n.at, "unknown level '" + n.text + "' in " + table.key);
        }
      }
    } else if (!text.each_levels.empty()) {
      Error(text.each_levels[0].at, "'level' belongs to an each-statement");
    }
    bool has_label = false;
    std::vector<std::string> slots;
    for (const ast::template_piece& piece : text.body.pieces) {
      const ast::placeholder* ph = boost::get<ast::placeholder>(&piece);
      if (!ph) continue;
      if (!ph->as.empty()) {
        for (const std::string& s : slots) {
          if (s == ph->as) Error(ph->at, "slot '" + ph->as + "' is named twice");
        }
        slots.push_back(ph->as);
      }
      if (ph->kind == "label") {
        if (!each) Error(ph->at, "{@} (the row a sentence names) belongs to an each-statement");
        has_label = true;
      }
      if (ph->value) Expression(*ph->value, scope);
      if (ph->kind == "expr" && !ph->format.empty() && ph->format != "%" &&
          ph->format.find_first_not_of(",.0123456789f%d") != std::string::npos) {
        Error(ph->at, "unknown format '" + ph->format + "' (use ,.2f .2f .2% % or d)");
      }
    }
    if (each && !has_label) {
      Error(text.id.at, "an each-statement names its row with {@} in the template");
    }
  }

  const Template& t_;
  Resolver resolver_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> CheckTemplateNames(const Template& t) {
  return NameChecker(t).Run();
}

}  // namespace suan::model
