#include "engine/model/template.hpp"

#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/io/workbook_json.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/template_check.hpp"

namespace suan::model {

int PartDef::ColumnIndex(std::string_view key) const {
  for (size_t k = 0; k < columns.size(); ++k) {
    if (columns[k].key == key) return int(k);
  }
  return -1;
}

int PartDef::FixedRowIndex(std::string_view key) const {
  for (size_t k = 0; k < fixed_rows.size(); ++k) {
    if (fixed_rows[k].key == key) return int(k);
  }
  return -1;
}

bool PartDef::AllowsLevel(int level) const {
  if (code_levels.empty()) return true;
  for (int l : code_levels) {
    if (l == level) return true;
  }
  return false;
}

int TableDef::PartIndex(std::string_view key) const {
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].key == key) return int(k);
  }
  return -1;
}

int TableDef::PartOfFixedRow(std::string_view key) const {
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].FixedRowIndex(key) >= 0) return int(k);
  }
  return -1;
}

int Template::TableIndex(std::string_view key) const {
  for (size_t k = 0; k < tables.size(); ++k) {
    if (tables[k].key == key) return int(k);
  }
  return -1;
}

const TableDef* Template::FindTable(std::string_view key) const {
  int k = TableIndex(key);
  return k < 0 ? nullptr : &tables[size_t(k)];
}

int GridDef::FieldIndex(std::string_view key) const {
  for (size_t k = 0; k < fields.size(); ++k) {
    if (fields[k].key == key) return int(k);
  }
  return -1;
}

int GridDef::ColumnIndex(std::string_view key) const {
  for (size_t k = 0; k < columns.size(); ++k) {
    if (columns[k].key == key) return int(k);
  }
  return -1;
}

int GridDef::TextColumnIndex(std::string_view key) const {
  for (size_t k = 0; k < text_columns.size(); ++k) {
    if (text_columns[k].key == key) return int(k);
  }
  return -1;
}

int GridDef::KeyColumn() const {
  if (items_text_column >= 0) return items_text_column;
  return text_columns.empty() ? -1 : 0;
}

int Template::GridIndex(std::string_view key) const {
  for (size_t k = 0; k < grids.size(); ++k) {
    if (grids[k].key == key) return int(k);
  }
  return -1;
}

int Template::ParamIndex(std::string_view key) const {
  for (size_t k = 0; k < params.size(); ++k) {
    if (params[k].key == key) return int(k);
  }
  return -1;
}

const CodeList* Template::FindCodes(std::string_view name) const {
  for (const auto& list : code_lists) {
    if (list->name() == name) return list.get();
  }
  return nullptr;
}

const ModelSource& Template::SourceOf(const char* at) const {
  for (const auto& inc : included) {
    const std::string& text = *inc->text;
    if (at >= text.data() && at <= text.data() + text.size()) return *inc;
  }
  return source;
}

const ast::text_stmt* Template::FindText(std::string_view id) const {
  for (const ast::text_stmt* t : texts) {
    if (t->id.text == id) return t;
  }
  return nullptr;
}

namespace {

// Builds the template's tables from the statements, collecting every problem.
class Builder {
 public:
  explicit Builder(Template& t) : t_(t), base_dir_(t.base_dir) {}

  // The statements of a model, with code lists and includes relative to `base_dir`.
  void Statements(const ast::model& m, const std::string& base_dir, int depth) {
    std::string saved = base_dir_;
    base_dir_ = base_dir;
    for (const ast::statement& s : m.statements) {
      if (auto* inc = boost::get<ast::include_stmt>(&s)) {
        Include(*inc, depth);
      } else {
        Statement(s);
      }
    }
    base_dir_ = saved;
  }

  void Statement(const ast::statement& s) {
    if (auto* u = boost::get<ast::unit_stmt>(&s)) {
      if (u->unit.text != "万元" && u->unit.text != "元" && u->unit.text != "亿元") {
        Error(u->unit.at, "unknown unit '" + u->unit.text + "' (万元, 元 or 亿元)");
      }
      t_.unit = u->unit.text;
    } else if (auto* d = boost::get<ast::decimals_stmt>(&s)) {
      if (d->value > 6) Error(d->at, "decimals must be between 0 and 6");
      t_.decimals = int(d->value);
    } else if (auto* tol = boost::get<ast::tolerance_stmt>(&s)) {
      t_.tolerance = tol->value.value;
      t_.tolerance_per_term = tol->value.per_term;
    } else if (auto* c = boost::get<ast::codes_stmt>(&s)) {
      Codes(*c);
    } else if (auto* table = boost::get<ast::table_stmt>(&s)) {
      Table(*table);
    } else if (auto* grid = boost::get<ast::grid_stmt>(&s)) {
      Grid(*grid);
    } else if (auto* param = boost::get<ast::param_stmt>(&s)) {
      Param(*param);
    } else if (auto* check = boost::get<ast::check_stmt>(&s)) {
      t_.checks.push_back(check);
    } else if (auto* text = boost::get<ast::text_stmt>(&s)) {
      if (t_.FindText(text->id.text)) {
        Error(text->id.at, "statement '" + text->id.text + "' is defined twice");
      }
      t_.texts.push_back(text);
    }
  }

  std::vector<std::string>& errors() { return errors_; }

 private:
  void Error(const char* at, std::string_view why) { errors_.push_back(t_.Message(at, why)); }

  void Include(const ast::include_stmt& inc, int depth) {
    std::string path = inc.path.value;
    if (!path.empty() && path[0] != '/') path = base_dir_ + "/" + path;
    if (depth >= 8) {
      Error(inc.path.at, "includes nest more than 8 deep (does a model include itself?)");
      return;
    }
    for (const std::string& seen : included_paths_) {
      if (seen == path) {
        Error(inc.path.at, inc.path.value + " is included twice");
        return;
      }
    }
    included_paths_.push_back(path);
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) {
      Error(inc.path.at,
            "cannot read " + inc.path.value + ": " + std::string(text.status().message()));
      return;
    }
    absl::StatusOr<ModelSource> source = ParseModel(*std::move(text), path);
    if (!source.ok()) {
      errors_.push_back(std::string(source.status().message()));
      return;
    }
    t_.included.push_back(std::make_unique<ModelSource>(*std::move(source)));
    const ModelSource& added = *t_.included.back();
    size_t slash = path.find_last_of('/');
    Statements(added.tree, slash == std::string::npos ? "." : path.substr(0, slash), depth + 1);
  }

  void Codes(const ast::codes_stmt& c) {
    if (t_.FindCodes(c.list.text)) {
      Error(c.list.at, "code list '" + c.list.text + "' is defined twice");
      return;
    }
    std::vector<CodeLevel> levels;
    for (const ast::level_def& l : c.levels) {
      if (l.digits == 0 || l.digits > 20) {
        Error(l.at, "a level has 1 to 20 digits");
        continue;
      }
      levels.push_back({l.level.text, int(l.digits)});
    }
    std::string path = c.path.value;
    if (!path.empty() && path[0] != '/') path = base_dir_ + "/" + path;
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) {
      Error(c.path.at,
            "cannot read code list " + c.path.value + ": " + std::string(text.status().message()));
      return;
    }
    absl::StatusOr<CodeList> list = ReadCodeListCsv(*text, path, c.list.text, std::move(levels));
    if (!list.ok()) {
      Error(c.path.at, std::string(list.status().message()));
      return;
    }
    if (list->levels().empty()) {
      Error(c.list.at, "code list '" + c.list.text +
                           "' has no levels: give them (levels 类 3, 款 5, 项 7) or a 'level' "
                           "column in the file");
    }
    t_.code_lists.push_back(std::make_unique<CodeList>(*std::move(list)));
  }

  void Param(const ast::param_stmt& s) {
    double value = s.sign == "-" ? -s.value : s.value;
    int k = t_.ParamIndex(s.key.text);
    if (k >= 0) {
      // A model that includes the template sets its own value.
      t_.params[size_t(k)].value = value;
      t_.params[size_t(k)].at = s.key.at;
      return;
    }
    if (t_.FindTable(s.key.text) || t_.GridIndex(s.key.text) >= 0) {
      Error(s.key.at, "'" + s.key.text + "' is already a table or grid");
      return;
    }
    t_.params.push_back({s.key.text, value, s.key.at});
  }

  void Grid(const ast::grid_stmt& s) {
    if (t_.FindTable(s.key.text) || t_.GridIndex(s.key.text) >= 0) {
      Error(s.key.at, "table or grid '" + s.key.text + "' is defined twice");
      return;
    }
    GridDef grid;
    grid.key = s.key.text;
    grid.titles = s.titles.empty() ? std::vector<std::string>{s.key.text} : s.titles;
    grid.at = s.key.at;
    for (const std::string& f : s.flags) grid.optional = grid.optional || f == "optional";
    const ast::item_rows_stmt* items = nullptr;
    for (const ast::table_item& item : s.items) {
      if (auto* c = boost::get<ast::cols_stmt>(&item)) {
        for (const ast::col_def& d : c->cols) {
          if (grid.FieldIndex(d.key.text) >= 0 || grid.ColumnIndex(d.key.text) >= 0 ||
              grid.TextColumnIndex(d.key.text) >= 0) {
            Error(d.key.at, "'" + d.key.text + "' is defined twice in grid " + grid.key);
            continue;
          }
          std::vector<std::string> captions = d.spellings;
          if (captions.empty()) captions.push_back(d.key.text);
          if (c->kind == "field" || c->kind == "textfield") {
            grid.fields.push_back({d.key.text, captions, c->kind == "textfield", d.key.at});
          } else {
            (c->kind == "textcol" ? grid.text_columns : grid.columns)
                .push_back({d.key.text, captions, d.key.at});
          }
        }
      } else if (auto* it = boost::get<ast::item_rows_stmt>(&item)) {
        if (items) {
          Error(it->at, "grid " + grid.key + " already has item rows");
          continue;
        }
        items = it;
        grid.items_section = it->section.text;
        if (it->code_list) Error(it->code_list->at, "a grid's items have no codes");
      } else if (auto* check = boost::get<ast::check_stmt>(&item)) {
        if (check->each) {
          Error(check->each->at,
                "a grid's check is made for every occurrence of the grid: 'each' is not needed");
          continue;
        }
        grid.checks.push_back(check);
      } else {
        const char* at = s.key.at;
        if (auto* r = boost::get<ast::rows_stmt>(&item)) at = r->at;
        if (auto* r = boost::get<ast::code_rows_stmt>(&item)) at = r->at;
        if (auto* r = boost::get<ast::rollup_stmt>(&item)) at = r->at;
        if (auto* r = boost::get<ast::rule_stmt>(&item)) at = r->at;
        if (auto* p = boost::get<ast::x3::forward_ast<ast::part_stmt>>(&item)) at = p->get().at;
        Error(at, "a grid holds field, textfield, col, textcol, items and check statements only");
      }
    }
    if (items && items->by_column) {
      grid.items_text_column = grid.TextColumnIndex(items->by_column->text);
      if (grid.items_text_column < 0) {
        Error(items->by_column->at, "unknown text column '" + items->by_column->text +
                                        "' of grid " + grid.key + " (declare it with textcol)");
      }
    }
    if (grid.fields.empty() && grid.columns.empty()) {
      Error(s.key.at, "grid '" + grid.key + "' has no field and no value column");
    }
    t_.grids.push_back(std::move(grid));
  }

  void Table(const ast::table_stmt& s) {
    if (t_.FindTable(s.key.text) || t_.GridIndex(s.key.text) >= 0) {
      Error(s.key.at, "table '" + s.key.text + "' is defined twice");
      return;
    }
    TableDef table;
    table.key = s.key.text;
    table.titles = s.titles;
    table.at = s.key.at;
    for (const std::string& f : s.flags) table.optional = table.optional || f == "optional";
    bool has_parts = false, has_loose = false;
    for (const ast::table_item& item : s.items) {
      if (auto* p = boost::get<ast::x3::forward_ast<ast::part_stmt>>(&item)) {
        has_parts = true;
        const ast::part_stmt& ps = p->get();
        if (table.PartIndex(ps.key.text) >= 0) {
          Error(ps.key.at, "part '" + ps.key.text + "' is defined twice");
          continue;
        }
        PartDef part;
        part.key = ps.key.text;
        part.captions = ps.spellings.empty() ? std::vector<std::string>{ps.key.text} : ps.spellings;
        for (const ast::table_item& inner : ps.items) {
          if (boost::get<ast::x3::forward_ast<ast::part_stmt>>(&inner)) {
            Error(ps.key.at, "a part cannot hold another part");
            continue;
          }
          Item(part, inner);
        }
        table.parts.push_back(std::move(part));
      } else {
        has_loose = true;
      }
    }
    if (has_parts && has_loose) {
      Error(s.key.at,
            "table '" + s.key.text + "' has parts: put its columns, rows and rules inside them");
    }
    if (!has_parts) {
      PartDef part;
      for (const ast::table_item& item : s.items) Item(part, item);
      table.parts.push_back(std::move(part));
    }
    for (const PartDef& part : table.parts) {
      if (part.columns.empty()) {
        Error(s.key.at, "table '" + s.key.text + "'" +
                            (part.key.empty() ? "" : " part '" + part.key + "'") +
                            " has no value columns (col …)");
      }
    }
    t_.tables.push_back(std::move(table));
  }

  void Item(PartDef& part, const ast::table_item& item) {
    if (auto* c = boost::get<ast::cols_stmt>(&item)) {
      if (c->kind == "field" || c->kind == "textfield") {
        Error(c->at, "'" + c->kind + "' belongs in a grid (a table has col and textcol)");
        return;
      }
      bool text = c->kind == "textcol";
      for (const ast::col_def& d : c->cols) {
        if (part.ColumnIndex(d.key.text) >= 0 || TextColumn(part, d.key.text) >= 0) {
          Error(d.key.at, "column '" + d.key.text + "' is defined twice");
          continue;
        }
        ColumnDef col{d.key.text, d.spellings, d.key.at};
        if (col.captions.empty()) col.captions.push_back(d.key.text);
        (text ? part.text_columns : part.columns).push_back(std::move(col));
      }
    } else if (auto* r = boost::get<ast::rows_stmt>(&item)) {
      if (part.sections.empty() || part.sections.back().kind != RowSection::Kind::kFixed) {
        part.sections.push_back({RowSection::Kind::kFixed, part.fixed_rows.size(), 0});
      }
      for (const ast::row_def& d : r->rows) {
        if (part.FixedRowIndex(d.key.text) >= 0) {
          Error(d.key.at, "row '" + d.key.text + "' is defined twice");
          continue;
        }
        FixedRowDef row{d.key.text, d.spellings, d.optional, d.key.at, {}};
        if (row.captions.empty()) row.captions.push_back(d.key.text);
        for (const std::string& c : row.captions) row.labels.push_back(NormalizeLabel(c));
        part.fixed_rows.push_back(std::move(row));
        part.sections.back().count++;
      }
    } else if (auto* cr = boost::get<ast::code_rows_stmt>(&item)) {
      if (part.codes) {
        Error(cr->at, "this part already has code rows");
        return;
      }
      part.codes = t_.FindCodes(cr->list.text);
      if (!part.codes) {
        Error(cr->list.at, "unknown code list '" + cr->list.text + "'" + KnownLists());
        return;
      }
      for (const ast::name& l : cr->levels) {
        int level = part.codes->LevelIndex(l.text);
        if (level < 0) {
          Error(l.at,
                "unknown level '" + l.text + "' of " + cr->list.text + LevelNames(*part.codes));
        } else {
          part.code_levels.push_back(level);
        }
      }
      for (const ast::name& from : cr->from_tables) {
        part.codes_from.push_back(from.text);
        from_refs_.push_back(&from);
      }
      part.sections.push_back({RowSection::Kind::kCodes, 0, 0});
    } else if (auto* items = boost::get<ast::item_rows_stmt>(&item)) {
      if (part.has_items) {
        Error(items->at, "this part already has item rows");
        return;
      }
      part.has_items = true;
      part.items_section = items->section.text;
      if (items->by_column) {
        part.items_text_column = TextColumn(part, items->by_column->text);
        if (part.items_text_column < 0) {
          Error(items->by_column->at, "unknown text column '" + items->by_column->text +
                                          "' (declare it with textcol before the items)");
        }
      }
      if (items->code_list) {
        part.item_codes = t_.FindCodes(items->code_list->text);
        if (!part.item_codes) {
          Error(items->code_list->at,
                "unknown code list '" + items->code_list->text + "'" + KnownLists());
        }
      }
      part.sections.push_back({RowSection::Kind::kItems, 0, 0});
    } else if (auto* roll = boost::get<ast::rollup_stmt>(&item)) {
      const CodeList* list = t_.FindCodes(roll->list.text);
      if (!list) {
        Error(roll->list.at, "unknown code list '" + roll->list.text + "'" + KnownLists());
      } else if (list != part.codes && list != part.item_codes) {
        Error(roll->list.at, "this part has no rows from " + roll->list.text);
      }
      part.rules.push_back({nullptr, roll->at});
    } else if (auto* rule = boost::get<ast::rule_stmt>(&item)) {
      part.rules.push_back({rule, rule->at});
    } else if (auto* check = boost::get<ast::check_stmt>(&item)) {
      part.checks.push_back(check);
    }
  }

  static int TextColumn(const PartDef& part, std::string_view key) {
    for (size_t k = 0; k < part.text_columns.size(); ++k) {
      if (part.text_columns[k].key == key) return int(k);
    }
    return -1;
  }

  std::string KnownLists() const {
    std::vector<std::string> names;
    for (const auto& l : t_.code_lists) names.push_back(l->name());
    return names.empty() ? " (no code list is defined)"
                         : " (known: " + absl::StrJoin(names, ", ") + ")";
  }

  static std::string LevelNames(const CodeList& list) {
    std::vector<std::string> names;
    for (const CodeLevel& l : list.levels()) names.push_back(l.name);
    return " (levels: " + absl::StrJoin(names, ", ") + ")";
  }

 public:
  void CheckFromTables() {
    for (const ast::name* from : from_refs_) {
      if (!t_.FindTable(from->text)) Error(from->at, "unknown table '" + from->text + "'");
    }
  }

 private:
  Template& t_;
  std::string base_dir_;
  std::vector<std::string> included_paths_;
  std::vector<std::string> errors_;
  std::vector<const ast::name*> from_refs_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Template>> BuildTemplate(std::string text,
                                                        const std::string& source_name,
                                                        const std::string& base_dir) {
  absl::StatusOr<ModelSource> source = ParseModel(std::move(text), source_name);
  if (!source.ok()) return source.status();
  auto t = std::make_unique<Template>();
  t->source = *std::move(source);
  t->base_dir = base_dir.empty() ? "." : base_dir;
  Builder builder(*t);
  builder.Statements(t->source.tree, t->base_dir, 0);
  builder.CheckFromTables();
  std::vector<std::string> errors = std::move(builder.errors());
  if (errors.empty()) {
    std::vector<std::string> more = CheckTemplateNames(*t);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (!errors.empty()) {
    constexpr size_t kShown = 20;
    std::string message;
    for (size_t k = 0; k < errors.size() && k < kShown; ++k) {
      if (k) message += "\n";
      message += errors[k];
    }
    if (errors.size() > kShown) {
      absl::StrAppend(&message, "\n… and ", errors.size() - kShown, " more problems");
    }
    return absl::InvalidArgumentError(message);
  }
  return t;
}

absl::StatusOr<std::unique_ptr<Template>> LoadTemplate(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  return BuildTemplate(*std::move(text), path, dir);
}

}  // namespace suan::model
