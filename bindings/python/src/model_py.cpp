// The budget model in Python: a model file (suan.Model), a unit's data imported from a
// disclosure's text, CSV or JSON (suan.Unit), and a unit compiled into a workbook
// (suan.CompiledUnit): its checks, its tables as DataFrames, its cells by structured name
// ("表3[2080101].合计"), and scenarios through its workbook.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <shared_mutex>

#include "bindings/python/src/closest.hpp"
#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/errors.hpp"
#include "bindings/python/src/locate.hpp"
#include "bindings/python/src/model_py.hpp"
#include "bindings/python/src/module.hpp"
#include "bindings/python/src/scenario_py.hpp"
#include "engine/model/check_report.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/other_units.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_file.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

// What a compiled unit's structured names need; shared with the workbook's resolver (it does
// not refer to the workbook, so there is no cycle).
struct UnitState {
  ModelRef model;
  UnitRef unit;
  model::CompiledUnit compiled;
};

struct PyCompiled {
  std::shared_ptr<const UnitState> state;
  Book book;
};

// The status of a check row's column E (compile.hpp): 0 exact, 1 rounding, 2 failed,
// 3 warning, 4 convention.
std::string StatusName(double code, bool warning) {
  switch (int(code)) {
    case 0:
      return "exact";
    case 1:
      return "rounding";
    case 3:
      return "warning";
    case 4:
      return "convention";
    default:
      return warning ? "warning" : "failed";
  }
}

struct CheckPy {
  std::string id, title, kind, status, message, location, lhs_text, relation, rhs_text;
  bool warning = false, has_values = false;
  double lhs = std::nan(""), rhs = std::nan(""), diff = std::nan(""), tolerance = std::nan("");
  std::vector<std::string> tables;
};

CheckPy FromInstance(const model::CheckInstance& c) {
  CheckPy p;
  p.id = c.id;
  p.title = c.title;
  p.kind = c.kind;
  p.warning = c.warning;
  p.location = c.location;
  p.lhs_text = c.lhs_text;
  p.relation = c.relation.empty() ? "=" : c.relation;
  p.rhs_text = c.rhs_text;
  p.tables = c.tables;
  return p;
}

std::vector<CheckPy> BaseChecks(const PyCompiled& u) {
  EnsureCalculated(*u.book);
  std::shared_lock lock(u.book->mu);
  std::vector<model::CheckResult> results = model::EvaluateChecks(u.state->compiled, u.book->book);
  std::vector<CheckPy> out;
  for (const model::CheckResult& r : results) {
    CheckPy p = FromInstance(*r.check);
    p.status = r.status;
    p.message = r.message;
    p.has_values = r.has_values;
    if (r.has_values) {
      p.lhs = r.lhs;
      p.rhs = r.rhs;
      p.diff = r.diff;
      p.tolerance = r.tolerance;
    }
    out.push_back(std::move(p));
  }
  return out;
}

// The checks as a scenario sees them: read from the check sheet's cells in the scenario (the
// engine's EvaluateChecks reads a Workbook only; messages here are shorter).
std::vector<CheckPy> ScenarioChecks(const PyCompiled& u, PyScenario& sc) {
  const model::CompiledUnit& cu = u.state->compiled;
  std::vector<std::array<Value, 5>> cells = WithEvaluated(sc, [&] {
    std::vector<std::array<Value, 5>> out;
    for (const model::CheckInstance& c : cu.checks) {
      std::array<Value, 5> row;
      if (c.row >= 0)
        for (int32_t k = 0; k < 5; ++k) row[size_t(k)] = sc.scenario->Get(cu.check_sheet, c.row, k);
      out.push_back(row);
    }
    return out;
  });
  std::vector<CheckPy> out;
  for (size_t i = 0; i < cu.checks.size(); ++i) {
    const model::CheckInstance& c = cu.checks[i];
    CheckPy p = FromInstance(c);
    if (c.row < 0) {
      p.status = c.fixed_status;
      p.message = c.reason;
      out.push_back(std::move(p));
      continue;
    }
    const std::array<Value, 5>& v = cells[i];
    const Value* bad = nullptr;
    for (int k : {0, 1, 3, 4})
      if (v[size_t(k)].is_error()) bad = &v[size_t(k)];
    if (bad) {
      p.status = c.warning ? "warning" : "failed";
      p.message = c.title + " (" + c.location +
                  ") cannot be evaluated: " + std::string(ErrorText(bad->error()));
      out.push_back(std::move(p));
      continue;
    }
    p.has_values = true;
    p.lhs = v[0].number();
    p.rhs = v[1].number();
    p.diff = v[2].number();
    p.tolerance = v[3].number();
    p.status = StatusName(v[4].number(), c.warning);
    p.message = c.title + ": " + c.lhs_text + " = " + model::FormatFigure(p.lhs) + " " +
                p.relation + " " + c.rhs_text + " = " + model::FormatFigure(p.rhs) +
                (p.status == "exact" ? std::string()
                                     : " (diff " + model::FormatFigure(p.diff) + ", tolerance " +
                                           model::FormatFigure(p.tolerance) + ")");
    out.push_back(std::move(p));
  }
  return out;
}

ScenarioRef AsScenario(const PyCompiled& u, pyb::handle o) {
  if (o.is_none()) return nullptr;
  ScenarioRef sc = o.cast<ScenarioRef>();
  if (sc->book != u.book)
    Throw(ErrorKind::kInvalidInput, "the scenario is not one of this unit's workbook");
  return sc;
}

// ---- structured names: 表3[2080101].合计, 表1[收入总计], 表1[收入总计].预算数 ----

struct Found {
  int table = -1, part = -1, row = -1;
};

int TableOf(const UnitState& s, const std::string& key) {
  const model::Template& t = *s.model->t;
  int k = t.TableIndex(key);
  if (k < 0)
    Throw(ErrorKind::kNotFound,
          "no table '" + key + "' in the model" + Suggest(key, TableKeys(t), "tables"));
  if (!s.compiled.layout.tables[size_t(k)].present)
    Throw(ErrorKind::kNotFound, "table " + key + " is not in this unit (it was not published)");
  return k;
}

int PartOf(const UnitState& s, int table, const std::string& part) {
  const model::TableDef& d = s.model->t->tables[size_t(table)];
  if (part.empty()) {
    if (d.parts.size() == 1) return 0;
    std::string keys;
    for (const model::PartDef& p : d.parts) keys += (keys.empty() ? "'" : ", '") + p.key + "'";
    Throw(ErrorKind::kInvalidInput,
          d.key + " has parts " + keys + ": name one (part='" + d.parts[0].key + "')");
  }
  int p = d.PartIndex(part);
  if (p < 0) {
    std::vector<std::string> keys;
    for (const model::PartDef& pd : d.parts) keys.push_back(pd.key);
    Throw(ErrorKind::kNotFound,
          "no part '" + part + "' in " + d.key + Suggest(part, keys, "parts"));
  }
  return p;
}

Found FindRow(const UnitState& s, int table, const std::string& row) {
  const model::TableLayout& tl = s.compiled.layout.tables[size_t(table)];
  std::string code = model::NormalizeCode(row);
  for (size_t p = 0; p < tl.parts.size(); ++p) {
    const model::PartLayout& pl = tl.parts[p];
    int r = pl.FindFixed(row);
    if (r < 0 && !code.empty()) r = pl.FindCode(code);
    if (r < 0) r = pl.FindItem(row);
    if (r < 0) r = pl.FindByLabel(row);
    if (r >= 0) return Found{table, int(p), r};
  }
  std::vector<std::string> keys;
  for (const model::PartLayout& pl : tl.parts)
    for (const model::LaidRow& r : pl.rows) keys.push_back(r.key);
  Throw(ErrorKind::kNotFound, "no row '" + row + "' in " + s.model->t->tables[size_t(table)].key +
                                  " of this unit" + Suggest(row, keys, "rows"));
}

// The sheet column of a value (or text) column of a part.
int32_t ColumnOf(const UnitState& s, const Found& f, const std::string& column) {
  const model::PartDef& pd = s.model->t->tables[size_t(f.table)].parts[size_t(f.part)];
  const model::PartLayout& pl = s.compiled.layout.tables[size_t(f.table)].parts[size_t(f.part)];
  if (column.empty()) {
    if (pd.columns.size() == 1) return pl.value_col;
    std::vector<std::string> keys;
    for (const model::ColumnDef& c : pd.columns) keys.push_back(c.key);
    std::string list;
    for (const std::string& k : keys) list += (list.empty() ? "'" : ", '") + k + "'";
    Throw(ErrorKind::kInvalidInput, s.model->t->tables[size_t(f.table)].key +
                                        " has several columns: name one of " + list +
                                        " (表3[2080101].合计)");
  }
  int c = pd.ColumnIndex(column);
  if (c >= 0) return pl.value_col + c;
  for (size_t k = 0; k < pd.text_columns.size(); ++k)
    if (pd.text_columns[k].key == column) return 2 + int32_t(k);
  std::vector<std::string> keys;
  for (const model::ColumnDef& cd : pd.columns) keys.push_back(cd.key);
  for (const model::ColumnDef& cd : pd.text_columns) keys.push_back(cd.key);
  Throw(ErrorKind::kNotFound, "no column '" + column + "' in " +
                                  s.model->t->tables[size_t(f.table)].key +
                                  Suggest(column, keys, "columns"));
}

// Reads "表3[2080101].合计"; false when the text is not of that shape.
bool Structured(const UnitState& s, std::string_view text, CellAddress3* out) {
  size_t open = text.find('['), close = text.find(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open ||
      open == 0)
    return false;
  std::string table(text.substr(0, open));
  if (table.find('!') != std::string::npos) return false;
  std::string row(text.substr(open + 1, close - open - 1));
  std::string_view rest = text.substr(close + 1);
  std::string column;
  if (!rest.empty()) {
    if (rest.front() != '.') return false;
    column = std::string(rest.substr(1));
  }
  int t = TableOf(s, table);
  Found f = FindRow(s, t, row);
  int32_t col = ColumnOf(s, f, column);
  const model::TableLayout& tl = s.compiled.layout.tables[size_t(t)];
  *out = CellAddress3{tl.sheet, tl.parts[size_t(f.part)].rows[size_t(f.row)].sheet_row, col};
  return true;
}

// ---- tables as DataFrames ----

pyb::object TableFrame(const PyCompiled& u, const std::string& key, const std::string& part,
                       pyb::handle scenario) {
  const UnitState& s = *u.state;
  int t = TableOf(s, key);
  int p = PartOf(s, t, part);
  const model::PartDef& pd = s.model->t->tables[size_t(t)].parts[size_t(p)];
  const model::TableLayout& tl = s.compiled.layout.tables[size_t(t)];
  const model::PartLayout& pl = tl.parts[size_t(p)];
  const size_t n = pl.rows.size(), texts = pd.text_columns.size(), values = pd.columns.size();
  std::vector<Value> cells;  // row-major: texts then values
  auto read = [&](auto get) {
    for (const model::LaidRow& r : pl.rows) {
      for (size_t k = 0; k < texts; ++k)
        cells.push_back(get(tl.sheet, r.sheet_row, 2 + int32_t(k)));
      for (size_t k = 0; k < values; ++k)
        cells.push_back(get(tl.sheet, r.sheet_row, pl.value_col + int32_t(k)));
    }
  };
  ScenarioRef sc = AsScenario(u, scenario);
  if (sc) {
    WithEvaluated(*sc, [&] {
      read([&](uint32_t sh, int32_t r, int32_t c) { return sc->scenario->Get(sh, r, c); });
      return 0;
    });
  } else {
    EnsureCalculated(*u.book);
    std::shared_lock lock(u.book->mu);
    read([&](uint32_t sh, int32_t r, int32_t c) { return u.book->book.Get(sh, r, c); });
  }
  pyb::module_ pd_mod = pyb::module_::import("pandas");
  pyb::dict columns;
  pyb::list labels, index;
  for (const model::LaidRow& r : pl.rows) {
    index.append(r.key);
    labels.append(r.label);
  }
  columns["label"] = labels;
  const size_t width = texts + values;
  for (size_t k = 0; k < texts; ++k) {
    pyb::list col;
    for (size_t i = 0; i < n; ++i) col.append(ToPython(cells[i * width + k]));
    columns[pyb::str(pd.text_columns[k].key)] = col;
  }
  for (size_t k = 0; k < values; ++k) {
    pyb::array_t<double> col(static_cast<pyb::ssize_t>(n));
    for (size_t i = 0; i < n; ++i) {
      const Value& v = cells[i * width + texts + k];
      col.mutable_data()[i] = v.is_number() ? v.number() : std::nan("");
    }
    columns[pyb::str(pd.columns[k].key)] = col;
  }
  return pd_mod.attr("DataFrame")(columns,
                                  "index"_a = pd_mod.attr("Index")(index, "name"_a = "row"));
}

}  // namespace

std::vector<std::string> TableKeys(const model::Template& t) {
  std::vector<std::string> out;
  for (const model::TableDef& d : t.tables) out.push_back(d.key);
  return out;
}

pyb::list Notes(const std::vector<model::ImportNote>& notes) {
  pyb::list out;
  for (const model::ImportNote& n : notes)
    out.append(pyb::dict("severity"_a = std::string(model::SeverityName(n.severity)),
                         "where"_a = n.where, "table"_a = n.table, "message"_a = n.message));
  return out;
}

namespace {

PyCompiled Compile(const UnitRef& unit, const std::string& mode_name, const std::string& prefix,
                   const std::map<std::string, UnitRef>& others) {
  model::CompileOptions options;
  // Units the model's references may name ('D0003'!表1[收入总计]): their figures are copied
  // into the workbook while it compiles, so nothing here needs to outlive it.
  model::UnitList named;
  for (const auto& [code, other] : others) {
    if (!other) Throw(ErrorKind::kInvalidInput, "others['" + code + "'] is None, not a Unit");
    if (other->model != unit->model) {
      Throw(ErrorKind::kInvalidInput,
            "others['" + code + "'] was imported with another model than the unit");
    }
    named.Add(code, &other->data);
  }
  if (!others.empty()) options.other_units = &named;
  if (mode_name == "audit") {
    options.mode = model::Mode::kAudit;
  } else if (mode_name == "compute") {
    options.mode = model::Mode::kCompute;
  } else {
    Throw(ErrorKind::kInvalidInput,
          "mode is 'audit' (published figures, every rule a check) or "
          "'compute' (leaf figures, rules calculate), not '" +
              mode_name + "'");
  }
  options.prefix = prefix;
  auto book = std::make_shared<BookHandle>();
  auto state = std::make_shared<UnitState>();
  state->model = unit->model;
  state->unit = unit;
  absl::StatusOr<model::CompiledUnit> compiled;
  {
    pyb::gil_scoped_release nogil;
    std::unique_lock lock(book->mu);
    compiled = model::CompileUnit(*unit->model->t, unit->data, options, book->book);
    if (compiled.ok()) book->book.Recalculate();
  }
  Check(compiled.status(), "the model does not fit this unit");
  state->compiled = *std::move(compiled);
  std::shared_ptr<const UnitState> shared = state;
  book->structured = [shared](std::string_view text, CellAddress3* out) {
    return Structured(*shared, text, out);
  };
  return PyCompiled{shared, book};
}

UnitRef ImportUnit(const ModelRef& m, const std::filesystem::path& path) {
  absl::StatusOr<model::UnitData> data;
  {
    pyb::gil_scoped_release nogil;
    data = model::LoadUnitFile(*m->t, path.string());
  }
  if (!data.ok() && data.status().code() == absl::StatusCode::kNotFound)
    Throw(ErrorKind::kFileNotFound, std::string(data.status().message()));
  return std::make_shared<PyUnit>(PyUnit{m, Unwrap(std::move(data))});
}

}  // namespace

void RegisterModel(pyb::module_& m) {
  pyb::class_<CheckPy>(m, "Check", "The verdict of one check of a budget unit.")
      .def_readonly("id", &CheckPy::id)
      .def_readonly("title", &CheckPy::title)
      .def_readonly("kind", &CheckPy::kind, "'rule', 'check', 'text' or 'document'")
      .def_readonly("status", &CheckPy::status,
                    "exact | rounding | convention | warning | failed | skipped")
      .def_readonly("warning", &CheckPy::warning, "a plausibility check: a failure is a warning")
      .def_readonly("message", &CheckPy::message)
      .def_readonly("location", &CheckPy::location)
      .def_readonly("lhs_text", &CheckPy::lhs_text)
      .def_readonly("relation", &CheckPy::relation)
      .def_readonly("rhs_text", &CheckPy::rhs_text)
      .def_readonly("has_values", &CheckPy::has_values)
      .def_readonly("lhs", &CheckPy::lhs)
      .def_readonly("rhs", &CheckPy::rhs)
      .def_readonly("diff", &CheckPy::diff)
      .def_readonly("tolerance", &CheckPy::tolerance)
      .def_readonly("tables", &CheckPy::tables)
      .def_property_readonly(
          "ok", [](const CheckPy& c) { return c.status != "failed"; },
          "True unless the check failed (warnings and skips are ok)")
      .def("__repr__", [](const CheckPy& c) { return "Check(" + c.id + ": " + c.status + ")"; });

  pyb::class_<PyModel, ModelRef>(m, "Model",
                                 "A budget model (.suan file): tables, rules, checks, narrative.")
      .def_static(
          "open",
          [](const std::filesystem::path& path) {
            absl::StatusOr<std::unique_ptr<model::Template>> t;
            {
              pyb::gil_scoped_release nogil;
              t = model::LoadTemplate(path.string());
            }
            if (!t.ok() && t.status().code() == absl::StatusCode::kNotFound)
              Throw(ErrorKind::kFileNotFound, std::string(t.status().message()));
            auto out = std::make_shared<PyModel>();
            out->path = path.string();
            out->t = Unwrap(std::move(t), "the model cannot be used");
            return out;
          },
          "path"_a,
          "Reads and checks a model file and its code lists; problems are reported as "
          "file:line:column with the reason.")
      .def_readonly("path", &PyModel::path)
      .def_property_readonly(
          "unit", [](const PyModel& p) { return p.t->unit; }, "the unit of its figures (万元)")
      .def_property_readonly("decimals", [](const PyModel& p) { return p.t->decimals; })
      .def_property_readonly("tolerance", [](const PyModel& p) { return p.t->tolerance; })
      .def_property_readonly(
          "tables", [](const PyModel& p) { return TableKeys(*p.t); }, "the table keys (表1 …)")
      .def(
          "table_info",
          [](const PyModel& p, const std::string& key) {
            const model::TableDef* d = p.t->FindTable(key);
            if (!d)
              Throw(ErrorKind::kNotFound, "no table '" + key + "' in the model" +
                                              Suggest(key, TableKeys(*p.t), "tables"));
            pyb::list parts;
            for (const model::PartDef& pd : d->parts) {
              std::vector<std::string> cols, text_cols, rows;
              for (const model::ColumnDef& c : pd.columns) cols.push_back(c.key);
              for (const model::ColumnDef& c : pd.text_columns) text_cols.push_back(c.key);
              for (const model::FixedRowDef& r : pd.fixed_rows) rows.push_back(r.key);
              parts.append(pyb::dict("key"_a = pd.key, "columns"_a = cols,
                                     "text_columns"_a = text_cols, "fixed_rows"_a = rows,
                                     "codes"_a = pd.codes ? pd.codes->name() : std::string()));
            }
            return pyb::dict("key"_a = d->key, "titles"_a = d->titles, "optional"_a = d->optional,
                             "parts"_a = parts);
          },
          "key"_a, "A table's titles, parts, columns, fixed rows and code list, as a dict.")
      .def("import_unit", &ImportUnit, "path"_a,
           "Reads a unit's data: a disclosure's text, or CSV/JSON in long form (by the "
           "extension). What does not map onto the model is in Unit.notes.")
      .def(
          "read_unit",
          [](const ModelRef& mr, const std::string& text, const std::string& name) {
            absl::StatusOr<model::UnitData> data;
            {
              pyb::gil_scoped_release nogil;
              data = model::ReadUnitText(*mr->t, text, name);
            }
            return std::make_shared<PyUnit>(PyUnit{mr, Unwrap(std::move(data))});
          },
          "text"_a, "name"_a,
          "The same from text already read; `name` picks the form by its extension.")
      .def(
          "compile",
          [](const ModelRef&, const UnitRef& unit, const std::string& mode,
             const std::string& prefix, const std::map<std::string, UnitRef>& others) {
            return Compile(unit, mode, prefix, others);
          },
          "unit"_a, pyb::kw_only(), "mode"_a = "audit", "prefix"_a = "",
          "others"_a = std::map<std::string, UnitRef>(),
          "Compiles a unit into a workbook and calculates it. mode='audit': the published "
          "figures stay, every rule is a check; mode='compute': leaf figures are inputs, rules "
          "calculate the rest (for what-ifs). others={code: Unit}: the units the model's "
          "references may name ('D0003'!表1[收入总计]), known by that code or their name; "
          "checks naming a unit not given are skipped.")
      .def("__repr__", [](const PyModel& p) {
        return "<suan.Model " + p.path + ": " + std::to_string(p.t->tables.size()) + " tables>";
      });

  pyb::class_<PyUnit, UnitRef>(m, "Unit", "One unit's (department's) figures, as imported.")
      .def_property_readonly("name", [](const PyUnit& u) { return u.data.name; })
      .def_property_readonly("year", [](const PyUnit& u) { return u.data.year; })
      .def_property_readonly("source", [](const PyUnit& u) { return u.data.source; })
      .def_property_readonly("model", [](const PyUnit& u) { return u.model; })
      .def_property_readonly(
          "tables",
          [](const PyUnit& u) {
            std::vector<std::string> out;
            for (size_t k = 0; k < u.data.tables.size(); ++k)
              if (u.data.tables[k].present) out.push_back(u.model->t->tables[k].key);
            return out;
          },
          "the tables the unit has (published or given)")
      .def_property_readonly(
          "notes", [](const PyUnit& u) { return Notes(u.data.notes); },
          "what the import could not take as it was: [{severity, where, "
          "table, message}]")
      .def_property_readonly("recognised", [](const PyUnit& u) { return u.data.recognised; })
      .def_property_readonly("has_errors", [](const PyUnit& u) { return u.data.HasErrors(); })
      .def("__repr__", [](const PyUnit& u) {
        return "<suan.Unit " + u.data.name + " " + std::to_string(u.data.year) + ">";
      });

  pyb::class_<PyCompiled>(m, "CompiledUnit",
                          "A unit compiled into a workbook: its tables, checks and narrative "
                          "calculated by the engine.")
      .def_property_readonly(
          "workbook", [](const PyCompiled& u) { return u.book; },
          "the Workbook (scenarios, sweeps and goal seek run on it; it reads "
          "structured names such as '表3[2080101].合计')")
      .def_property_readonly("unit", [](const PyCompiled& u) { return u.state->unit; })
      .def_property_readonly("mode",
                             [](const PyCompiled& u) {
                               return u.state->compiled.mode == model::Mode::kAudit ? "audit"
                                                                                    : "compute";
                             })
      .def(
          "checks",
          [](const PyCompiled& u, pyb::handle scenario) {
            ScenarioRef sc = AsScenario(u, scenario);
            return sc ? ScenarioChecks(u, *sc) : BaseChecks(u);
          },
          "scenario"_a = pyb::none(),
          "Every check's verdict (in a scenario of the unit's workbook when given).")
      .def(
          "report",
          [](const PyCompiled& u, bool json, bool all) {
            EnsureCalculated(*u.book);
            std::shared_lock lock(u.book->mu);
            auto results = model::EvaluateChecks(u.state->compiled, u.book->book);
            model::ReportOptions options;
            options.input = u.state->unit->data.source;
            options.model = u.state->model->path;
            options.all = all;
            return json ? model::ChecksJson(results, u.state->unit->data, options)
                        : model::ChecksText(results, u.state->unit->data, options);
          },
          pyb::kw_only(), "json"_a = false, "all"_a = false,
          "The report `suan check` prints (text, or JSON with json=True).")
      .def(
          "address",
          [](const PyCompiled& u, const std::string& ref) {
            CellAddress3 a;
            if (!Structured(*u.state, ref, &a))
              Throw(ErrorKind::kInvalidInput,
                    "'" + ref +
                        "' is not a structured name: write 表3[2080101].合计 or 表1[收入总计]");
            return CellName(*u.book, a);
          },
          "ref"_a, "The cell of a structured name: '表3[2080101].合计' -> '表3!E12'.")
      .def(
          "get",
          [](const PyCompiled& u, const std::string& ref, pyb::handle scenario) {
            CellAddress3 a = LocateCell(*u.book, pyb::str(ref));
            ScenarioRef sc = AsScenario(u, scenario);
            if (sc)
              return ToPython(
                  WithEvaluated(*sc, [&] { return sc->scenario->Get(a.sheet, a.row, a.col); }));
            EnsureCalculated(*u.book);
            std::shared_lock lock(u.book->mu);
            return ToPython(u.book->book.Get(a.sheet, a.row, a.col));
          },
          "ref"_a, "scenario"_a = pyb::none(),
          "A value by structured name ('表3[总计].合计') or address, in a scenario when given.")
      .def("__getitem__",
           [](const PyCompiled& u, const std::string& ref) {
             CellAddress3 a = LocateCell(*u.book, pyb::str(ref));
             EnsureCalculated(*u.book);
             std::shared_lock lock(u.book->mu);
             return ToPython(u.book->book.Get(a.sheet, a.row, a.col));
           })
      .def(
          "table",
          [](const PyCompiled& u, const std::string& key, const std::string& part,
             pyb::handle scenario) { return TableFrame(u, key, part, scenario); },
          "key"_a, "part"_a = "", "scenario"_a = pyb::none(),
          "A table (one part of a side-by-side table: part='收入') as a DataFrame: one row per "
          "laid-out row (index: code or key), a label column, text columns, value columns.")
      .def(
          "select",
          [](const PyCompiled& u, const std::string& key, const std::string& column,
             const std::string& part, bool inputs_only) {
            const UnitState& s = *u.state;
            int t = TableOf(s, key);
            const model::TableLayout& tl = s.compiled.layout.tables[size_t(t)];
            std::vector<int> parts;
            if (!part.empty()) {
              parts.push_back(PartOf(s, t, part));
            } else {
              for (size_t p = 0; p < tl.parts.size(); ++p)
                if (s.model->t->tables[size_t(t)].parts[p].ColumnIndex(column) >= 0)
                  parts.push_back(int(p));
            }
            if (parts.empty()) ColumnOf(s, Found{t, 0, 0}, column);  // raises, naming columns
            std::vector<std::string> out;
            std::shared_lock lock(u.book->mu);
            for (int p : parts) {
              int32_t col = ColumnOf(s, Found{t, p, 0}, column);
              for (const model::LaidRow& r : tl.parts[size_t(p)].rows) {
                if (inputs_only && (u.book->book.IsFormula(tl.sheet, r.sheet_row, col) ||
                                    !u.book->book.Get(tl.sheet, r.sheet_row, col).is_number()))
                  continue;
                out.push_back(u.book->book.CellName(tl.sheet, r.sheet_row, col));
              }
            }
            return out;
          },
          "table"_a, "column"_a, pyb::kw_only(), "part"_a = "", "inputs_only"_a = true,
          "The cells of one column of a table, every row, as addresses (inputs_only: those "
          "holding numbers, not formulas) — a selection for a scenario.")
      .def("__repr__", [](const PyCompiled& u) {
        return "<suan.CompiledUnit " + u.state->unit->data.name + " (" +
               (u.state->compiled.mode == model::Mode::kAudit ? "audit" : "compute") + ")>";
      });
}

}  // namespace suan::py
