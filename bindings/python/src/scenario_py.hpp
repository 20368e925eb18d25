// suan.Scenario as the bindings hold it: the engine's Scenario over a workbook, its parent, and
// what is needed to evaluate it again when the workbook or a parent changed.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "bindings/python/src/book_handle.hpp"
#include "bindings/python/src/errors.hpp"
#include "engine/scenario/scenario.hpp"

namespace suan::py {

struct PyScenario {
  Book book;
  std::shared_ptr<PyScenario> parent;
  std::unique_ptr<Scenario> scenario;
  std::mutex mu;
  uint64_t version = 0;  // bumped by every change recorded
  bool evaluated = false;
  uint64_t evaluated_generation = 0;  // the workbook's generation when evaluated
  uint64_t evaluated_stamp = 0;       // the chain's versions when evaluated

  // Sum of the versions of this scenario and its parents (they only grow).
  uint64_t Stamp() const {
    uint64_t s = 0;
    for (const PyScenario* p = this; p; p = p->parent.get()) s += p->version;
    return s;
  }
};

using ScenarioRef = std::shared_ptr<PyScenario>;

// Recalculates pending edits (auto_recalc) or raises StateError when the workbook has edits
// that are not recalculated. Call with the GIL held and no lock.
void RequireCalculated(BookHandle& h);

// Runs `f()` on the evaluated scenario, without the GIL, with the scenario chain and the
// workbook locked; evaluates first when the workbook or a scenario of the chain changed since.
template <typename F>
auto WithEvaluated(PyScenario& sc, F f) {
  for (;;) {
    RequireCalculated(*sc.book);
    pybind11::gil_scoped_release nogil;
    std::vector<std::unique_lock<std::mutex>> chain;
    for (PyScenario* p = &sc; p; p = p->parent.get()) chain.emplace_back(p->mu);
    std::shared_lock book_lock(sc.book->mu);
    // Another thread edited the workbook since RequireCalculated: recalculate again.
    if (sc.book->pending && sc.book->auto_recalc) continue;
    if (sc.book->pending)
      Throw(ErrorKind::kState, "the workbook has edits that are not recalculated; call recalc()");
    uint64_t stamp = sc.Stamp();
    if (!sc.evaluated || sc.evaluated_generation != sc.book->generation ||
        sc.evaluated_stamp != stamp) {
      sc.evaluated = false;
      Check(sc.scenario->Evaluate());
      sc.evaluated = true;
      sc.evaluated_generation = sc.book->generation;
      sc.evaluated_stamp = stamp;
    }
    return f();
  }
}

}  // namespace suan::py
