// suan.Scenario: a named what-if over a workbook (set, add, scale on cells or selections),
// stacked on a parent, evaluated without copying or changing the workbook; its values, and its
// differences from the workbook.
#include "bindings/python/src/scenario_py.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>

#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/locate.hpp"
#include "bindings/python/src/module.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

void RequireCalculated(BookHandle& h) {
  EnsureCalculated(h);
  std::shared_lock lock(h.mu);
  if (h.pending)
    Throw(ErrorKind::kState,
          "the workbook has edits that are not recalculated (auto_recalc is off); call recalc() "
          "first");
}

namespace {

struct DifferencePy {
  std::string cell, sheet;
  CellAddress3 address;
  pyb::object base, scenario;
  double delta;
};

const char* OpName(Scenario::Op op) {
  switch (op) {
    case Scenario::Op::kSet:
      return "set";
    case Scenario::Op::kAdd:
      return "add";
    case Scenario::Op::kScale:
      return "scale";
  }
  return "?";
}

ScenarioRef Make(const Book& book, const std::string& name, ScenarioRef parent) {
  if (parent && parent->book != book)
    Throw(ErrorKind::kInvalidInput,
          "scenario '" + name + "': its parent is a scenario of another workbook");
  RequireCalculated(*book);
  auto sc = std::make_shared<PyScenario>();
  sc->book = book;
  sc->parent = parent;
  sc->scenario =
      std::make_unique<Scenario>(book->book, name, parent ? parent->scenario.get() : nullptr);
  return sc;
}

// Records `op amount` on every cell of `where`; checks them all first, so a refused cell leaves
// the scenario as it was.
ScenarioRef Record(const ScenarioRef& sc, pyb::handle where, Scenario::Op op, pyb::handle amount) {
  const std::string& name = sc->scenario->name();
  std::vector<CellAddress3> cells = LocateCells(*sc->book, where);
  double x = FiniteNumber(amount, "scenario '" + name + "': the amount to " + OpName(op));
  if (cells.empty())
    Throw(ErrorKind::kInvalidInput, "scenario '" + name + "': no cells to " + OpName(op));
  {
    std::shared_lock lock(sc->book->mu);
    const Workbook& book = sc->book->book;
    for (const CellAddress3& c : cells) {
      std::string cell = book.CellName(c.sheet, c.row, c.col);
      if (book.IsFormula(c.sheet, c.row, c.col))
        Throw(ErrorKind::kFormulaCell,
              "scenario '" + name + "': " + cell +
                  " holds the formula =" + book.FormulaText(c.sheet, c.row, c.col).value_or("") +
                  "; a scenario changes inputs (constants) only" +
                  (cells.size() > 1 ? " (wb.select(..., inputs_only=True) picks the inputs of a "
                                      "range; nothing was recorded)"
                                    : ""));
      Value v = book.Get(c.sheet, c.row, c.col);
      if (op != Scenario::Op::kSet && !v.is_number() && !v.is_empty())
        Throw(ErrorKind::kInvalidInput, "scenario '" + name + "': cannot " + OpName(op) + " " +
                                            cell + ", which holds " + v.ToString() +
                                            " (not a number)");
    }
  }
  std::lock_guard lock(sc->mu);
  std::shared_lock book_lock(sc->book->mu);
  Check(sc->scenario->Apply(cells, op, x));
  ++sc->version;
  return sc;
}

}  // namespace

void RegisterScenario(pyb::module_& m, WorkbookClass& cls) {
  pyb::class_<DifferencePy>(m, "Difference", "A cell whose value a scenario changes.")
      .def_readonly("cell", &DifferencePy::cell, "the cell, 'Sheet1!B3'")
      .def_readonly("base", &DifferencePy::base, "its value in the workbook")
      .def_readonly("scenario", &DifferencePy::scenario, "its value in the scenario")
      .def_readonly("delta", &DifferencePy::delta,
                    "scenario - base when both are numbers, else NaN")
      .def_property_readonly(
          "address",
          [](const DifferencePy& d) {
            return pyb::make_tuple(d.address.sheet, d.address.row, d.address.col);
          },
          "(sheet index, row, col)")
      .def("__repr__", [](const DifferencePy& d) {
        return "Difference(" + d.cell + ": " + pyb::repr(d.base).cast<std::string>() + " -> " +
               pyb::repr(d.scenario).cast<std::string>() + ")";
      });

  pyb::class_<PyScenario, ScenarioRef> sc(
      m, "Scenario",
      "A named what-if over a workbook: changes to inputs (set, add, scale), on one cell or a "
      "selection, evaluated without copying or changing the workbook. A scenario stacks on its "
      "parent (its changes apply after the parent's). Reading a value evaluates it (again when "
      "the workbook or a parent changed since).");
  sc.def_property_readonly("name", [](const PyScenario& s) { return s.scenario->name(); })
      .def_property_readonly("parent", [](const PyScenario& s) { return s.parent; })
      .def_property_readonly("workbook", [](const PyScenario& s) { return s.book; })
      .def(
          "scenario",
          [](const ScenarioRef& s, const std::string& name) { return Make(s->book, name, s); },
          "name"_a, "A scenario on top of this one.")
      .def(
          "set",
          [](const ScenarioRef& s, pyb::handle where, pyb::handle value) {
            return Record(s, where, Scenario::Op::kSet, value);
          },
          "where"_a, "value"_a,
          "Sets input cells (a cell, a range, or a list of them) to a value. Returns the "
          "scenario, so changes chain.")
      .def(
          "add",
          [](const ScenarioRef& s, pyb::handle where, pyb::handle delta) {
            return Record(s, where, Scenario::Op::kAdd, delta);
          },
          "where"_a, "delta"_a, "Adds to input cells.")
      .def(
          "scale",
          [](const ScenarioRef& s, pyb::handle where, pyb::handle factor) {
            return Record(s, where, Scenario::Op::kScale, factor);
          },
          "where"_a, "factor"_a, "Multiplies input cells (1.05: +5 %).")
      .def_property_readonly(
          "changes",
          [](PyScenario& s) {
            std::vector<Scenario::Change> all;
            {
              std::vector<std::unique_lock<std::mutex>> chain;
              for (PyScenario* p = &s; p; p = p->parent.get()) chain.emplace_back(p->mu);
              all = s.scenario->AllChanges();
            }
            pyb::list out;
            for (const Scenario::Change& c : all)
              out.append(pyb::make_tuple(CellName(*s.book, c.cell), OpName(c.op), c.amount));
            return out;
          },
          "The changes of this scenario and its parents as (cell, 'set'|'add'|'scale', amount), "
          "in the order they apply.")
      .def(
          "evaluate",
          [](const ScenarioRef& s) {
            WithEvaluated(*s, [] { return 0; });
            return s;
          },
          "Evaluates the scenario now (reads do it when needed). Releases the GIL.")
      .def(
          "get",
          [](const ScenarioRef& s, pyb::handle where) {
            CellAddress3 a = LocateCell(*s->book, where);
            Value v = WithEvaluated(*s, [&] { return s->scenario->Get(a.sheet, a.row, a.col); });
            return ToPython(v);
          },
          "where"_a, "A cell's value in the scenario.")
      .def("__getitem__",
           [](const ScenarioRef& s, pyb::handle where) -> pyb::object {
             Range r = LocateRange(*s->book, where);
             std::vector<Value> values = WithEvaluated(*s, [&] {
               std::vector<Value> out;
               for (int32_t row = r.r0; row <= r.r1; ++row)
                 for (int32_t col = r.c0; col <= r.c1; ++col)
                   out.push_back(s->scenario->Get(r.sheet, row, col));
               return out;
             });
             if (r.rows() == 1 && r.cols() == 1) return ToPython(values[0]);
             pyb::list rows;
             for (int32_t i = 0; i < r.rows(); ++i) {
               pyb::list line;
               for (int32_t j = 0; j < r.cols(); ++j)
                 line.append(ToPython(values[size_t(i * r.cols() + j)]));
               rows.append(line);
             }
             return rows;
           })
      .def(
          "array",
          [](const ScenarioRef& s, pyb::handle where) {
            Range r = LocateRange(*s->book, where);
            pyb::array_t<double> out({pyb::ssize_t(r.rows()), pyb::ssize_t(r.cols())});
            double* data = out.mutable_data();
            WithEvaluated(*s, [&] {
              for (int32_t i = 0; i < r.rows(); ++i)
                for (int32_t j = 0; j < r.cols(); ++j) {
                  Value v = s->scenario->Get(r.sheet, r.r0 + i, r.c0 + j);
                  data[i * r.cols() + j] = v.is_number() ? v.number() : std::nan("");
                }
              return 0;
            });
            return out;
          },
          "where"_a, "A range's values in the scenario as a float64 array (NaN: not a number).")
      .def(
          "diff",
          [](const ScenarioRef& s, bool frame) -> pyb::object {
            std::vector<Scenario::Difference> diff =
                WithEvaluated(*s, [&] { return s->scenario->Diff(); });
            std::vector<DifferencePy> out;
            out.reserve(diff.size());
            {
              std::shared_lock lock(s->book->mu);
              for (const Scenario::Difference& d : diff)
                out.push_back(
                    DifferencePy{s->book->book.CellName(d.cell.sheet, d.cell.row, d.cell.col),
                                 s->book->book.sheet_name(d.cell.sheet), d.cell, ToPython(d.base),
                                 ToPython(d.scenario), d.delta});
            }
            if (!frame) return pyb::cast(std::move(out));
            pyb::module_ pd = pyb::module_::import("pandas");
            pyb::list cell, sheet, base, scen, delta;
            for (const DifferencePy& d : out) {
              cell.append(d.cell);
              sheet.append(d.sheet);
              base.append(d.base);
              scen.append(d.scenario);
              delta.append(d.delta);
            }
            pyb::dict columns("cell"_a = cell, "sheet"_a = sheet, "base"_a = base,
                              "scenario"_a = scen, "delta"_a = delta);
            return pd.attr("DataFrame")(columns);
          },
          pyb::kw_only(), "frame"_a = false,
          "The cells whose value differs from the workbook (inputs and the formulas they reach), "
          "in evaluation order: a list of Difference, or with frame=True a pandas DataFrame "
          "(cell, sheet, base, scenario, delta).")
      .def("__repr__", [](PyScenario& s) {
        return "<suan.Scenario '" + s.scenario->name() + "'" +
               (s.parent ? " on '" + s.parent->scenario->name() + "'" : std::string()) + ">";
      });

  cls.def(
      "scenario",
      [](const Book& h, const std::string& name, ScenarioRef parent) {
        return Make(h, name, std::move(parent));
      },
      "name"_a = "scenario", "parent"_a = pyb::none(),
      "A new scenario over this workbook (on top of `parent` when given). The workbook may be "
      "edited afterwards: scenarios evaluate again on their next read.");
}

}  // namespace suan::py
