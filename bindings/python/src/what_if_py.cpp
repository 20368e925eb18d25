// Many what-ifs at once: sweeps (K scenarios as lanes, NumPy in and out), Monte Carlo (seeded
// distributions per input), goal seek and sensitivity. Each runs without the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <shared_mutex>

#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/errors.hpp"
#include "bindings/python/src/locate.hpp"
#include "bindings/python/src/module.hpp"
#include "bindings/python/src/scenario_py.hpp"
#include "engine/scenario/goal_seek.hpp"
#include "engine/scenario/sweep.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

struct MonteCarloPy {
  std::vector<std::string> outputs;
  pyb::array_t<double> samples, mean, sd, p05, p50, p95;
  int draws = 0;
  uint64_t seed = 0;
};

struct GoalSeekPy {
  std::string target, input;
  double goal = 0;
  GoalSeekResult result;
};

// Inputs of a what-if: cells holding numbers (or empty), not formulas.
std::vector<CellAddress3> Inputs(BookHandle& h, pyb::handle where, const char* what) {
  std::vector<CellAddress3> cells = LocateCells(h, where);
  if (cells.empty()) Throw(ErrorKind::kInvalidInput, std::string(what) + ": no input cells");
  std::shared_lock lock(h.mu);
  for (const CellAddress3& c : cells)
    if (h.book.IsFormula(c.sheet, c.row, c.col))
      Throw(ErrorKind::kFormulaCell,
            std::string(what) + ": " + h.book.CellName(c.sheet, c.row, c.col) +
                " holds the formula =" + h.book.FormulaText(c.sheet, c.row, c.col).value_or("") +
                "; only inputs (constants) can be varied");
  return cells;
}

std::vector<std::string> Names(BookHandle& h, const std::vector<CellAddress3>& cells) {
  std::shared_lock lock(h.mu);
  std::vector<std::string> out;
  for (const CellAddress3& c : cells) out.push_back(h.book.CellName(c.sheet, c.row, c.col));
  return out;
}

bool IsOneCell(pyb::handle o) {
  return pyb::isinstance<pyb::str>(o)
             ? pyb::str(o).cast<std::string>().find(':') == std::string::npos
             : pyb::isinstance<pyb::tuple>(o) && pyb::len(o) == 3;
}

pyb::object Sweep(const Book& h, pyb::handle inputs, pyb::handle values, pyb::handle outputs,
                  int chunk, bool with_errors) {
  std::vector<CellAddress3> in = Inputs(*h, inputs, "sweep");
  std::vector<CellAddress3> out = LocateCells(*h, outputs);
  if (out.empty()) Throw(ErrorKind::kInvalidInput, "sweep: no output cells");
  if (chunk < 1) Throw(ErrorKind::kInvalidInput, "sweep: the chunk must be at least 1");
  auto arr = pyb::array_t<double, pyb::array::forcecast>::ensure(values);
  if (!arr) Throw(ErrorKind::kInvalidInput, "sweep: the values must be an array of numbers");
  const pyb::ssize_t n = pyb::ssize_t(in.size());
  // (K, n), or (K,) when there is one input.
  if (!(arr.ndim() == 2 && arr.shape(1) == n) && !(arr.ndim() == 1 && n == 1))
    Throw(ErrorKind::kInvalidInput,
          "sweep: the values must have one row per scenario and one column per input: shape (K, " +
              std::to_string(n) + "), got " + pyb::str(arr.attr("shape")).cast<std::string>());
  const pyb::ssize_t k = arr.shape(0);
  if (k < 1) Throw(ErrorKind::kInvalidInput, "sweep: no scenarios (the values have no rows)");
  Eigen::ArrayXXd lanes(n, k);
  std::vector<std::string> names = Names(*h, in);
  for (pyb::ssize_t s = 0; s < k; ++s)
    for (pyb::ssize_t i = 0; i < n; ++i) {
      double x = arr.ndim() == 2 ? arr.at(s, i) : arr.at(s);
      if (!std::isfinite(x))
        Throw(ErrorKind::kInvalidInput, "sweep: values[" + std::to_string(s) + ", " +
                                            std::to_string(i) + "] for " + names[size_t(i)] +
                                            " is " + (std::isnan(x) ? "NaN" : "infinite") +
                                            ": only finite numbers are inputs");
      lanes(i, s) = x;
    }
  RequireCalculated(*h);
  absl::StatusOr<Eigen::ArrayXXd> result;
  std::vector<std::string> errors;
  {
    pyb::gil_scoped_release nogil;
    std::shared_lock lock(h->mu);
    SweepOptions options;
    options.chunk = chunk;
    result = RunSweep(h->book, in, lanes, out, options, with_errors ? &errors : nullptr);
  }
  Check(result.status(), "sweep");
  // 1-D for one cell named as such; a name or range standing for several cells gives columns.
  const bool one = out.size() == 1 && IsOneCell(outputs);
  pyb::array_t<double> o =
      one ? pyb::array_t<double>(k) : pyb::array_t<double>({k, pyb::ssize_t(out.size())});
  double* data = o.mutable_data();
  for (pyb::ssize_t s = 0; s < k; ++s)
    for (size_t j = 0; j < out.size(); ++j)
      data[s * pyb::ssize_t(out.size()) + pyb::ssize_t(j)] = (*result)(pyb::ssize_t(j), s);
  if (with_errors) return pyb::make_tuple(o, errors);
  return o;
}

pyb::array_t<double> ToArray(const Eigen::ArrayXd& a) {
  pyb::array_t<double> out(a.size());
  for (Eigen::Index i = 0; i < a.size(); ++i) out.mutable_data()[i] = a(i);
  return out;
}

MonteCarloPy MonteCarlo(const Book& h, pyb::handle inputs, pyb::handle outputs, int draws,
                        uint64_t seed, int chunk) {
  // inputs: {cell: Distribution} or [(cell, Distribution), …]
  pyb::list pairs;
  if (pyb::isinstance<pyb::dict>(inputs)) {
    for (auto item : inputs.cast<pyb::dict>())
      pairs.append(pyb::make_tuple(item.first, item.second));
  } else {
    for (pyb::handle item : inputs) pairs.append(item);
  }
  std::vector<CellAddress3> in;
  std::vector<Distribution> dists;
  for (pyb::handle p : pairs) {
    pyb::tuple t = pyb::tuple(pyb::reinterpret_borrow<pyb::object>(p));
    if (t.size() != 2 || !pyb::isinstance<Distribution>(t[1]))
      Throw(ErrorKind::kInvalidInput,
            "monte_carlo: inputs are {cell: suan.normal(…) | suan.uniform(…) | "
            "suan.triangular(…)}");
    std::vector<CellAddress3> cells = Inputs(*h, t[0], "monte_carlo");
    for (const CellAddress3& c : cells) {
      in.push_back(c);
      dists.push_back(t[1].cast<Distribution>());
    }
  }
  if (in.empty()) Throw(ErrorKind::kInvalidInput, "monte_carlo: no inputs");
  std::vector<CellAddress3> out = LocateCells(*h, outputs);
  if (out.empty()) Throw(ErrorKind::kInvalidInput, "monte_carlo: no output cells");
  if (draws < 1) Throw(ErrorKind::kInvalidInput, "monte_carlo: at least one draw is needed");
  if (chunk < 1) Throw(ErrorKind::kInvalidInput, "monte_carlo: the chunk must be at least 1");
  RequireCalculated(*h);
  absl::StatusOr<MonteCarloResult> r;
  {
    pyb::gil_scoped_release nogil;
    std::shared_lock lock(h->mu);
    SweepOptions options;
    options.chunk = chunk;
    r = RunMonteCarlo(h->book, in, dists, out, draws, seed, options);
  }
  Check(r.status(), "monte_carlo");
  MonteCarloPy py;
  py.outputs = Names(*h, out);
  py.draws = draws;
  py.seed = seed;
  py.samples = pyb::array_t<double>({pyb::ssize_t(draws), pyb::ssize_t(out.size())});
  double* data = py.samples.mutable_data();
  for (int k = 0; k < draws; ++k)
    for (size_t j = 0; j < out.size(); ++j)
      data[size_t(k) * out.size() + j] = r->samples(Eigen::Index(j), k);
  py.mean = ToArray(r->mean);
  py.sd = ToArray(r->sd);
  py.p05 = ToArray(r->p05);
  py.p50 = ToArray(r->p50);
  py.p95 = ToArray(r->p95);
  return py;
}

void CheckFinite(double x, const char* what) {
  if (!std::isfinite(x))
    Throw(ErrorKind::kInvalidInput, std::string(what) + " must be a finite number");
}

}  // namespace

void RegisterWhatIf(pyb::module_& m, WorkbookClass& cls) {
  pyb::class_<Distribution>(m, "Distribution",
                            "A distribution of one Monte Carlo input: suan.normal(mean, sd), "
                            "suan.uniform(low, high), suan.triangular(low, mode, high).")
      .def_property_readonly("kind",
                             [](const Distribution& d) {
                               return d.kind == Distribution::Kind::kNormal    ? "normal"
                                      : d.kind == Distribution::Kind::kUniform ? "uniform"
                                                                               : "triangular";
                             })
      .def("__repr__", [](const Distribution& d) {
        switch (d.kind) {
          case Distribution::Kind::kNormal:
            return "normal(" + FormatNumber15(d.a) + ", " + FormatNumber15(d.b) + ")";
          case Distribution::Kind::kUniform:
            return "uniform(" + FormatNumber15(d.a) + ", " + FormatNumber15(d.b) + ")";
          case Distribution::Kind::kTriangular:
            break;
        }
        return "triangular(" + FormatNumber15(d.a) + ", " + FormatNumber15(d.c) + ", " +
               FormatNumber15(d.b) + ")";
      });
  m.def(
      "normal",
      [](double mean, double sd) {
        CheckFinite(mean, "normal: the mean");
        CheckFinite(sd, "normal: the standard deviation");
        if (sd < 0) Throw(ErrorKind::kInvalidInput, "normal: the standard deviation must be >= 0");
        return Distribution::Normal(mean, sd);
      },
      "mean"_a, "sd"_a, "A normal distribution.");
  m.def(
      "uniform",
      [](double lo, double hi) {
        CheckFinite(lo, "uniform: low");
        CheckFinite(hi, "uniform: high");
        if (!(lo <= hi)) Throw(ErrorKind::kInvalidInput, "uniform: low must not exceed high");
        return Distribution::Uniform(lo, hi);
      },
      "low"_a, "high"_a, "A uniform distribution on [low, high].");
  m.def(
      "triangular",
      [](double lo, double mode, double hi) {
        CheckFinite(lo, "triangular: low");
        CheckFinite(mode, "triangular: mode");
        CheckFinite(hi, "triangular: high");
        if (!(lo < hi && lo <= mode && mode <= hi))
          Throw(ErrorKind::kInvalidInput, "triangular: needs low <= mode <= high and low < high");
        return Distribution::Triangular(lo, mode, hi);
      },
      "low"_a, "mode"_a, "high"_a, "A triangular distribution.");

  pyb::class_<MonteCarloPy>(m, "MonteCarloResult",
                            "The distribution of the outputs of a Monte Carlo run.")
      .def_readonly("outputs", &MonteCarloPy::outputs, "the output cells, in column order")
      .def_readonly("samples", &MonteCarloPy::samples,
                    "(draws, outputs) array: each draw's outputs (NaN where not a number)")
      .def_readonly("mean", &MonteCarloPy::mean)
      .def_readonly("sd", &MonteCarloPy::sd)
      .def_readonly("p05", &MonteCarloPy::p05)
      .def_readonly("p50", &MonteCarloPy::p50)
      .def_readonly("p95", &MonteCarloPy::p95)
      .def_readonly("draws", &MonteCarloPy::draws)
      .def_readonly("seed", &MonteCarloPy::seed)
      .def(
          "summary",
          [](const MonteCarloPy& r) {
            pyb::module_ pd = pyb::module_::import("pandas");
            pyb::dict columns("mean"_a = r.mean, "sd"_a = r.sd, "p05"_a = r.p05, "p50"_a = r.p50,
                              "p95"_a = r.p95);
            return pd.attr("DataFrame")(columns, "index"_a = r.outputs);
          },
          "A DataFrame: one row per output, columns mean, sd, p05, p50, p95.")
      .def("__repr__", [](const MonteCarloPy& r) {
        return "<suan.MonteCarloResult: " + std::to_string(r.draws) + " draws, " +
               std::to_string(r.outputs.size()) + " outputs>";
      });

  pyb::class_<GoalSeekPy>(m, "GoalSeekResult", "What a goal seek found.")
      .def_property_readonly(
          "input", [](const GoalSeekPy& g) { return g.result.input; }, "the input value found")
      .def_property_readonly(
          "achieved", [](const GoalSeekPy& g) { return g.result.achieved; },
          "the target's value with it")
      .def_property_readonly("evaluations",
                             [](const GoalSeekPy& g) { return g.result.evaluations; })
      .def_property_readonly(
          "linear", [](const GoalSeekPy& g) { return g.result.linear; },
          "solved exactly in one step (the target is linear in the input)")
      .def_readonly("target_cell", &GoalSeekPy::target)
      .def_readonly("input_cell", &GoalSeekPy::input)
      .def_readonly("goal", &GoalSeekPy::goal)
      .def("__repr__", [](const GoalSeekPy& g) {
        return "GoalSeekResult(" + g.input + " = " + FormatNumber15(g.result.input) + " makes " +
               g.target + " = " + FormatNumber15(g.result.achieved) + ", " +
               std::to_string(g.result.evaluations) + " evaluations" +
               (g.result.linear ? ", linear)" : ")");
      });

  cls.def("sweep", &Sweep, "inputs"_a, "values"_a, "outputs"_a, pyb::kw_only(), "chunk"_a = 256,
          "errors"_a = false,
          "Evaluates K scenarios at once: values[k, i] is input i in scenario k (shape (K, n); "
          "(K,) for one input). Returns the outputs as an array (K, m) ((K,) for one output "
          "cell), NaN where an output is not a number; with errors=True also a list saying "
          "which and why. Runs in chunks of `chunk` scenarios (memory ~ cone x chunk x 8 "
          "bytes), without the GIL.");
  cls.def("monte_carlo", &MonteCarlo, "inputs"_a, "outputs"_a, pyb::kw_only(), "draws"_a = 1000,
          "seed"_a = 0, "chunk"_a = 256,
          "Draws every input from its distribution ({cell: suan.normal(…)}, seeded: the same "
          "seed gives the same draws) and returns the distribution of the outputs "
          "(MonteCarloResult). Runs without the GIL.");
  cls.def(
      "goal_seek",
      [](const Book& h, pyb::handle target, double goal, pyb::handle input, pyb::object bracket,
         double tolerance, int max_evaluations) {
        CellAddress3 t = LocateCell(*h, target);
        std::vector<CellAddress3> in = Inputs(*h, input, "goal_seek");
        if (in.size() != 1)
          Throw(ErrorKind::kInvalidInput,
                "goal_seek: one input cell, not " + std::to_string(in.size()));
        CheckFinite(goal, "goal_seek: the goal");
        GoalSeekOptions options;
        options.tolerance = tolerance;
        options.max_evaluations = max_evaluations;
        if (!bracket.is_none()) {
          auto b = bracket.cast<std::pair<double, double>>();
          if (!std::isfinite(b.first) || !std::isfinite(b.second) || !(b.first < b.second))
            Throw(ErrorKind::kInvalidInput,
                  "goal_seek: the bracket must be two finite numbers, low < high");
          options.bracket = b;
        }
        RequireCalculated(*h);
        absl::StatusOr<GoalSeekResult> r;
        {
          pyb::gil_scoped_release nogil;
          std::shared_lock lock(h->mu);
          r = GoalSeek(h->book, t, goal, in[0], options);
        }
        if (!r.ok()) {
          // No value in the bracket, no convergence, or a target that stops being a number:
          // there is no answer to give.
          absl::StatusCode c = r.status().code();
          ErrorKind kind = c == absl::StatusCode::kNotFound ||
                                   c == absl::StatusCode::kDeadlineExceeded ||
                                   c == absl::StatusCode::kFailedPrecondition
                               ? ErrorKind::kNoSolution
                               : KindOf(c);
          Throw(kind, "goal_seek: " + std::string(r.status().message()));
        }
        GoalSeekPy out;
        out.target = CellName(*h, t);
        out.input = CellName(*h, in[0]);
        out.goal = goal;
        out.result = *r;
        return out;
      },
      "target"_a, "goal"_a, "input"_a, pyb::kw_only(), "bracket"_a = pyb::none(),
      "tolerance"_a = 1e-9, "max_evaluations"_a = 200,
      "Finds the value of `input` for which `target` equals `goal`: exact in one step when the "
      "target is linear in the input, else a bracketing root finder (in `bracket` (low, high) "
      "when given). No solution raises NoSolutionError (a ValueError) saying what range the "
      "target covered. Runs without the GIL.");
  cls.def(
      "sensitivity",
      [](const Book& h, pyb::handle target, pyb::handle inputs, double step) {
        CellAddress3 t = LocateCell(*h, target);
        std::vector<CellAddress3> in = Inputs(*h, inputs, "sensitivity");
        CheckFinite(step, "sensitivity: the step");
        RequireCalculated(*h);
        absl::StatusOr<std::vector<double>> r;
        {
          pyb::gil_scoped_release nogil;
          std::shared_lock lock(h->mu);
          r = Sensitivity(h->book, t, in, step);
        }
        Check(r.status(), "sensitivity");
        std::vector<std::string> names = Names(*h, in);
        pyb::dict out;
        for (size_t i = 0; i < in.size(); ++i) out[pyb::str(names[i])] = (*r)[i];
        return out;
      },
      "target"_a, "inputs"_a, pyb::kw_only(), "step"_a = 1.0,
      "The change of `target` per unit change of each input (a central difference of `step`; "
      "exact when the target is linear), as {input cell: derivative}.");
}

}  // namespace suan::py
