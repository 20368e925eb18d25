// One unit's figures compiled in a workbook of its own, in audit mode, so its checks run on
// the engine: the city compiles its units this way on a thread pool (units share nothing),
// reads their verdicts, and keeps the workbooks of units being edited so an edit updates the
// unit's checks through the dirty cone.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "engine/city/verdict.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/model/unit_data.hpp"
#include "engine/workbook.hpp"

namespace suan::city {

// What to put in a unit's workbook once it is compiled and before it is first calculated (a
// consolidated unit's members' tolerances, consolidated_checks.hpp): in its check rows, and
// in its direct checks (model/direct_check.hpp) when a checker compiled it.
using BeforeCalculate = std::function<void(model::CompiledUnit&, Workbook&)>;

class UnitWorkbook {
 public:
  // Compiles and calculates. Errors are the model's (a rule that does not fit the unit).
  // `names`: the other units its references may name and its own names (CompileOptions'
  // other_units, self_names and named_unit_checks; the rest is set here).
  static absl::StatusOr<std::unique_ptr<UnitWorkbook>> Compile(
      const model::Template& t, const model::UnitData& unit,
      const model::CompileOptions& names = {}, const BeforeCalculate& before = {});

  // Sets one published figure of a row the unit has (nullopt: blank). Takes effect at the
  // next Recalculate.
  absl::Status SetFigure(int table, int part, const model::UnitRow& row, int column,
                         std::optional<double> value);
  void Recalculate() { book_->Recalculate(); }

  Verdict ReadVerdict(const model::Template& t) const {
    return city::ReadVerdict(t, compiled_, *book_);
  }
  std::vector<double> ReadTolerances() const { return city::ReadTolerances(compiled_, *book_); }
  const model::CompiledUnit& compiled() const { return compiled_; }
  const Workbook& book() const { return *book_; }
  // For edits the caller lays out itself (a consolidated unit's figures copied in).
  Workbook& mutable_book() { return *book_; }
  size_t MemoryBytes() const { return book_->MemoryBytes(); }
  // Non-empty cells (values and formulas).
  size_t CellCount() const;

 private:
  std::unique_ptr<Workbook> book_;
  model::CompiledUnit compiled_;
};

// Checks unit after unit in one workbook (a thread's): each unit's sheets are emptied and
// compiled again in place, so the formula texts units share (most of them: the template's
// rules over the same rows) are parsed once, and no workbook is built and torn down per unit.
// Only its verdict is read, so the checks that are sums of the unit's figures are direct
// (model/direct_check.hpp): evaluated without formulas, the same verdict.
class UnitChecker {
 public:
  UnitChecker();
  ~UnitChecker();
  // Compiles and calculates `unit`; the previous unit's cells are gone.
  absl::Status Check(const model::Template& t, const model::UnitData& unit,
                     const model::CompileOptions& names = {}, const BeforeCalculate& before = {});
  const model::CompiledUnit& compiled() const { return compiled_; }
  const Workbook& book() const { return *book_; }
  size_t CellCount() const;

 private:
  void Empty();

  std::unique_ptr<Workbook> book_;
  model::CompiledUnit compiled_;
  bool used_ = false;
  std::vector<CellAddress3> filled_;  // the non-empty cells of the unit checked last
};

}  // namespace suan::city
