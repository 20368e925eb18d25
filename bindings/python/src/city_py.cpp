// suan.City: a tree of units (departments and their sub-units) read from a folder, every unit
// checked, every node consolidated (汇总) and checked, kept current as figures are edited
// (engine/city). Its workbook is read-only from Python (edits go through the city, which keeps
// its consolidations in step) and takes scenarios, sweeps and goal seeks like any other.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <shared_mutex>

#include "bindings/python/src/closest.hpp"
#include "bindings/python/src/errors.hpp"
#include "bindings/python/src/model_py.hpp"
#include "bindings/python/src/module.hpp"
#include "engine/city/city.hpp"
#include "engine/city/synthetic_city.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

struct CityState {
  ModelRef model;
  std::unique_ptr<city::City> city;
};

struct PyCity {
  std::shared_ptr<CityState> state;
  Book book;
};

const char* KindName(city::UnitStatus::Kind k) {
  switch (k) {
    case city::UnitStatus::Kind::kUnit:
      return "unit";
    case city::UnitStatus::Kind::kConsolidated:
      return "consolidated";
    case city::UnitStatus::Kind::kSelection:
      return "selection";
  }
  return "?";
}

pyb::dict Summary(const model::CheckSummary& s) {
  return pyb::dict("exact"_a = s.exact, "rounding"_a = s.rounding, "convention"_a = s.convention,
                   "warning"_a = s.warning, "failed"_a = s.failed, "skipped"_a = s.skipped);
}

pyb::dict FindingDict(const city::Finding& f) {
  return pyb::dict("check"_a = f.check, "title"_a = f.title, "kind"_a = f.kind,
                   "status"_a = f.status, "location"_a = f.location,
                   "lhs"_a = f.has_values ? pyb::object(pyb::float_(f.lhs)) : pyb::none(),
                   "rhs"_a = f.has_values ? pyb::object(pyb::float_(f.rhs)) : pyb::none(),
                   "diff"_a = f.has_values ? pyb::object(pyb::float_(f.diff)) : pyb::none(),
                   "message"_a = f.message, "cells"_a = f.cells,
                   "inherited_from"_a = f.inherited_from);
}

// The units as the city reports them (under the city's lock; verdicts are read on demand).
std::vector<city::UnitStatus> UnitsLocked(PyCity& c) {
  return c.state->city->Units();
}

std::vector<std::string> Codes(PyCity& c) {
  EnsureCalculated(*c.book);
  std::unique_lock lock(c.book->mu);
  std::vector<std::string> out;
  for (const city::UnitStatus& u : UnitsLocked(c)) out.push_back(u.code);
  return out;
}

[[noreturn]] void NoUnit(PyCity& c, const std::string& code) {
  Throw(ErrorKind::kNotFound,
        "no unit '" + code + "' in the city" + Suggest(code, Codes(c), "units"));
}

std::shared_ptr<PyCity> Wrap(const ModelRef& m, std::unique_ptr<city::City> built) {
  auto state = std::make_shared<CityState>();
  state->model = m;
  state->city = std::move(built);
  auto out = std::make_shared<PyCity>();
  out->state = state;
  out->book = std::make_shared<BookHandle>(
      state->city->book(), state,
      "the city's workbook is read-only here: edit figures with City.set_figure(), which keeps "
      "the consolidated units in step");
  out->book->recalculate = [state] { state->city->Recalculate(); };
  return out;
}

// A consolidated unit's table as a DataFrame: one row per row of the table (index: code or key),
// a label column, one column per value column.
pyb::object TableFrame(const model::Template& t, const model::UnitData& u, int table, int part) {
  const model::PartDef& pd = t.tables[size_t(table)].parts[size_t(part)];
  const model::UnitPart& up = u.tables[size_t(table)].parts[size_t(part)];
  pyb::module_ pd_mod = pyb::module_::import("pandas");
  pyb::list index, labels;
  std::vector<pyb::array_t<double>> columns;
  for (size_t k = 0; k < pd.columns.size(); ++k)
    columns.emplace_back(static_cast<pyb::ssize_t>(up.rows.size()));
  for (size_t i = 0; i < up.rows.size(); ++i) {
    const model::UnitRow& r = up.rows[i];
    index.append(r.kind == model::RowKind::kCode ? r.code : r.key);
    labels.append(r.label);
    for (size_t k = 0; k < pd.columns.size(); ++k)
      columns[k].mutable_data()[i] =
          k < r.values.size() && r.values[k] ? *r.values[k] : std::nan("");
  }
  pyb::dict data;
  data["label"] = labels;
  for (size_t k = 0; k < pd.columns.size(); ++k) data[pyb::str(pd.columns[k].key)] = columns[k];
  return pd_mod.attr("DataFrame")(data, "index"_a = pd_mod.attr("Index")(index, "name"_a = "row"));
}

}  // namespace

void RegisterCity(pyb::module_& m) {
  pyb::class_<PyCity, std::shared_ptr<PyCity>>(
      m, "City",
      "A city: departments and their sub-units read from a folder (city.csv and the units' "
      "files), every unit checked, every node of the tree consolidated and checked, kept "
      "current as figures are edited.")
      .def_static(
          "open",
          [](const std::filesystem::path& dir, const ModelRef& model, int threads,
             const std::vector<std::string>& selections) {
            city::CityOptions options;
            options.threads = threads;
            for (const std::string& s : selections)
              options.selections.push_back(Unwrap(city::ParseSelection(s), "selection"));
            absl::StatusOr<std::unique_ptr<city::City>> built;
            {
              pyb::gil_scoped_release nogil;
              built = city::City::Open(*model->t, dir.string(), options);
            }
            return Wrap(model, Unwrap(std::move(built), "the city cannot be opened"));
          },
          "dir"_a, "model"_a, pyb::kw_only(), "threads"_a = 0,
          "selections"_a = std::vector<std::string>{},
          "Reads the manifest of `dir` (city.csv or city.json) and every unit's file, checks "
          "each unit and consolidates the tree (and selection roll-ups such as "
          "'行政单位:kind=行政'). Releases the GIL.")
      .def_property_readonly(
          "workbook", [](const PyCity& c) { return c.book; },
          "the city's workbook (read-only here): scenarios, sweeps and goal "
          "seek run on it")
      .def_property_readonly("model", [](const PyCity& c) { return c.state->model; })
      .def_property_readonly("root",
                             [](PyCity& c) {
                               std::shared_lock lock(c.book->mu);
                               return c.state->city->root_code();
                             })
      .def_property_readonly("consolidated_codes",
                             [](PyCity& c) {
                               std::shared_lock lock(c.book->mu);
                               return c.state->city->ConsolidatedCodes();
                             })
      .def_property_readonly("unit_count",
                             [](PyCity& c) {
                               std::shared_lock lock(c.book->mu);
                               return c.state->city->unit_count();
                             })
      .def(
          "units",
          [](PyCity& c) {
            pyb::list out;
            EnsureCalculated(*c.book);
            std::unique_lock lock(c.book->mu);
            for (const city::UnitStatus& u : UnitsLocked(c)) {
              pyb::dict d("kind"_a = KindName(u.kind), "code"_a = u.code, "name"_a = u.name,
                          "file"_a = u.file, "depth"_a = u.depth, "members"_a = u.members,
                          "readable"_a = u.readable, "problem"_a = u.problem,
                          "notes"_a = u.notes.size(), "unknown_codes"_a = u.unknown_codes);
              if (u.verdict) {
                d["checks"] = Summary(u.verdict->summary);
                d["findings"] = u.verdict->findings.size();
              }
              out.append(d);
            }
            return out;
          },
          "Every unit: units with figures in tree order, then consolidated units; each a dict "
          "with its kind, code, name, depth, members, whether it was readable, and its checks "
          "({exact, rounding, convention, warning, failed, skipped}).")
      .def(
          "findings",
          [](PyCity& c, const std::string& code) {
            pyb::list out;
            bool found = false;
            EnsureCalculated(*c.book);
            {
              std::unique_lock lock(c.book->mu);
              for (const city::UnitStatus& u : UnitsLocked(c)) {
                if (u.code != code) continue;
                found = true;
                if (u.verdict)
                  for (const city::Finding& f : u.verdict->findings) out.append(FindingDict(f));
              }
            }
            if (!found) NoUnit(c, code);
            return out;
          },
          "code"_a,
          "The checks of a unit that did not hold (failed, then warnings): check, title, status, "
          "location, lhs, rhs, diff, message, the cells read, and for a consolidated unit the "
          "members whose own check failed.")
      .def(
          "figure",
          [](PyCity& c, const std::string& unit, const std::string& table, const std::string& row,
             const std::string& column) -> std::optional<double> {
            std::optional<double> v;
            bool consolidated = false;
            EnsureCalculated(*c.book);
            {
              std::shared_lock lock(c.book->mu);
              const city::City& city = *c.state->city;
              std::vector<std::string> codes = city.ConsolidatedCodes();
              consolidated = std::find(codes.begin(), codes.end(), unit) != codes.end();
              v = consolidated ? city.ConsolidatedFigure(unit, table, row, column)
                               : city.UnitFigure(unit, table, row, column);
            }
            if (!consolidated && !v) {
              std::vector<std::string> codes = Codes(c);
              if (std::find(codes.begin(), codes.end(), unit) == codes.end()) NoUnit(c, unit);
              if (c.state->model->t->TableIndex(table) < 0)
                Throw(ErrorKind::kNotFound,
                      "no table '" + table + "' in the model" +
                          Suggest(table, TableKeys(*c.state->model->t), "tables"));
            }
            return v;
          },
          "unit"_a, "table"_a, "row"_a, "column"_a,
          "A figure of a unit's tables or of a consolidated unit ('表3', '2080101', '合计'), at "
          "full precision; None when the unit has no such figure.")
      .def(
          "table",
          [](PyCity& c, const std::string& code, const std::string& table,
             const std::string& part) {
            std::optional<model::UnitData> data;
            EnsureCalculated(*c.book);
            {
              std::shared_lock lock(c.book->mu);
              data = c.state->city->ConsolidatedTables(code);
            }
            if (!data) {
              std::shared_lock lock(c.book->mu);
              std::vector<std::string> codes = c.state->city->ConsolidatedCodes();
              Throw(ErrorKind::kNotFound, "no consolidated unit '" + code + "'" +
                                              Suggest(code, codes, "consolidated units"));
            }
            const model::Template& t = *c.state->model->t;
            int k = t.TableIndex(table);
            if (k < 0)
              Throw(ErrorKind::kNotFound, "no table '" + table + "' in the model" +
                                              Suggest(table, TableKeys(t), "tables"));
            const model::TableDef& d = t.tables[size_t(k)];
            int p = 0;
            if (!part.empty()) {
              p = d.PartIndex(part);
              if (p < 0) Throw(ErrorKind::kNotFound, "no part '" + part + "' in " + d.key);
            } else if (d.parts.size() > 1) {
              Throw(ErrorKind::kInvalidInput,
                    d.key + " has parts: name one (part='" + d.parts[0].key + "')");
            }
            if (!data->tables[size_t(k)].present)
              Throw(ErrorKind::kNotFound, d.key + " has no figures in " + code);
            return TableFrame(t, *data, k, p);
          },
          "code"_a, "table"_a, "part"_a = "",
          "A consolidated unit's table (its current figures, rounded once to the model's "
          "decimals) as a DataFrame.")
      .def(
          "set_figure",
          [](PyCity& c, const std::string& unit, const std::string& table, const std::string& row,
             const std::string& column, std::optional<double> value) {
            if (value && !std::isfinite(*value))
              Throw(ErrorKind::kInvalidInput,
                    unit + " " + table + "[" + row + "]." + column + " cannot take " +
                        (std::isnan(*value) ? "NaN" : "inf") + ": only finite numbers are figures");
            absl::Status st;
            {
              std::unique_lock lock(c.book->mu);
              st = c.state->city->SetFigure(unit, table, row, column, value);
              if (st.ok()) c.book->Edited();
            }
            if (st.code() == absl::StatusCode::kNotFound) {
              std::vector<std::string> codes = Codes(c);
              Throw(ErrorKind::kNotFound,
                    std::string(st.message()) +
                        (std::find(codes.begin(), codes.end(), unit) == codes.end()
                             ? Suggest(unit, codes, "units")
                             : std::string()));
            }
            Check(st);
          },
          "unit"_a, "table"_a, "row"_a, "column"_a, "value"_a,
          "Edits a published figure of a unit with figures of its own (None clears it); the "
          "consolidated units above it follow at the next recalculation (reads recalculate "
          "first).")
      .def(
          "recalc", [](PyCity& c) { Recalculate(*c.book, false); },
          "Brings the city up to date after edits (only what they reach). Releases the GIL.")
      .def_property_readonly("timings",
                             [](PyCity& c) {
                               std::shared_lock lock(c.book->mu);
                               const city::CityTimings& t = c.state->city->timings();
                               return pyb::dict(
                                   "load_and_check_ms"_a = t.load_and_check_ms,
                                   "place_ms"_a = t.place_ms, "consolidate_ms"_a = t.consolidate_ms,
                                   "calculate_ms"_a = t.calculate_ms,
                                   "consolidated_checks_ms"_a = t.consolidated_checks_ms,
                                   "verdicts_ms"_a = t.verdicts_ms, "total_ms"_a = t.total_ms);
                             })
      .def("__repr__", [](PyCity& c) {
        std::shared_lock lock(c.book->mu);
        return "<suan.City " + c.state->city->root_code() + ": " +
               std::to_string(c.state->city->unit_count()) + " units, " +
               std::to_string(c.state->city->consolidated_count()) + " consolidated>";
      });

  m.def(
      "generate_city",
      [](const ModelRef& model, const std::filesystem::path& dir, int departments, uint64_t seed,
         int inject_errors, const std::string& format) {
        city::GenerateOptions options;
        options.departments = departments;
        options.seed = seed;
        options.inject_errors = inject_errors;
        options.format = format;
        absl::Status written;
        std::vector<city::InjectedError> injected;
        {
          pyb::gil_scoped_release nogil;
          absl::StatusOr<city::SyntheticCity> c = city::GenerateCity(*model->t, options);
          written = c.status();
          if (c.ok()) {
            written = city::WriteCity(*model->t, *c, dir.string());
            injected = c->injected;
          }
        }
        Check(written, "generate_city");
        pyb::list out;
        for (const city::InjectedError& e : injected)
          out.append(pyb::dict("unit"_a = e.unit, "table"_a = e.table, "row"_a = e.row,
                               "column"_a = e.col, "kind"_a = e.kind, "from"_a = e.from,
                               "to"_a = e.to));
        return out;
      },
      "model"_a, "dir"_a, pyb::kw_only(), "departments"_a = 20, "seed"_a = 1, "inject_errors"_a = 0,
      "format"_a = "csv",
      "Writes a synthetic city into `dir` (city.csv and units/…): balanced departments, some "
      "with sub-units, optionally with known errors injected; returns the injected errors.");
}

}  // namespace suan::py
