// A workbook as the Python module holds it: the engine's Workbook and what the bindings keep
// around it (pending edits, a generation count for scenarios, the defined names it knows, a
// resolver for structured names when the workbook is a compiled budget unit).
//
// Locking. Readers (cell reads, scenarios, sweeps, goal seek) hold `mu` shared; edits and
// recalculation hold it exclusively. Long runs release the GIL first and then take `mu`; no
// code waits for the GIL while it holds `mu`, so a thread running a sweep without the GIL and a
// thread holding the GIL while it waits for `mu` cannot deadlock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/cell_store.hpp"
#include "engine/workbook.hpp"

namespace suan::py {

struct BookHandle {
  // A workbook of its own.
  BookHandle() : owned_(std::make_unique<Workbook>()), book(*owned_) {}
  // Another object's workbook (a city's), kept alive by `owner` and read-only here: edits go
  // through the owner, which locks `mu` and bumps the generation. `why` says so in messages.
  BookHandle(const Workbook& external, std::shared_ptr<const void> owner, std::string why)
      : owner_(std::move(owner)),
        // Never written through: every edit path refuses when read_only is set.
        book(const_cast<Workbook&>(external)),
        read_only(std::move(why)) {}
  BookHandle(const BookHandle&) = delete;
  BookHandle& operator=(const BookHandle&) = delete;

 private:
  std::unique_ptr<Workbook> owned_;
  std::shared_ptr<const void> owner_;

 public:
  Workbook& book;
  // Why edits through the bindings are refused ("" when they are not).
  std::string read_only;
  mutable std::shared_mutex mu;
  // Bumped by every edit: a scenario evaluated at another generation is evaluated again.
  uint64_t generation = 0;
  // Edits not yet recalculated.
  bool pending = false;
  // Reads recalculate pending edits first (Excel's automatic calculation).
  bool auto_recalc = true;

  struct Name {
    std::string name, refers_to;
    std::optional<uint32_t> scope;
  };
  // The defined names made through the bindings or read from the JSON file (the engine does
  // not list its names).
  std::vector<Name> names;
  // Iterative calculation as set through the bindings: (max_iterations, max_change).
  std::optional<std::pair<int, double>> iterate;
  // Cells of the JSON file that could not be taken (reported with the diagnostics).
  std::vector<Diagnostic> load_notes;

  // How the owner of an external workbook recalculates it (a city: City::Recalculate), called
  // with `mu` held exclusively; empty for a workbook of its own.
  std::function<void()> recalculate;

  // Structured names ("表3[2080101].合计") of a compiled budget unit: returns true and the cell
  // when `text` is one; throws NotFound (with the closest matches) when it looks like one but
  // names nothing; returns false when it is not a structured name.
  std::function<bool(std::string_view text, CellAddress3* out)> structured;

  // Throws StateError when the workbook is read-only here (call before editing).
  void RequireWritable() const;

  // Marks an edit (call with `mu` held exclusively).
  void Edited() {
    ++generation;
    pending = true;
  }
};

using Book = std::shared_ptr<BookHandle>;

// Recalculates pending edits when auto_recalc is on (releasing the GIL while it runs). Call with
// the GIL held and `mu` not held.
void EnsureCalculated(BookHandle& h);

// Recalculates now (full: from scratch), releasing the GIL.
void Recalculate(BookHandle& h, bool full);

}  // namespace suan::py
