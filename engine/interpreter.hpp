// The general interpreter: runs any program (text, arrays, references, every function) for
// one formula cell, reading cells through a CellReader.
//
// The base workbook's Evaluator is one reader (it may compute a cell on demand when INDIRECT
// reads it); a scenario lane is another (it reads the lane's values where the scenario changed
// them and the base elsewhere). The interpreter itself holds only its operand stacks, so each
// thread or scenario uses its own Interpreter.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/cell_store.hpp"
#include "engine/formula_store.hpp"
#include "formulas/cell_source.hpp"
#include "formulas/function_registry.hpp"

namespace suan {

class CellReader : public CellSource {
 public:
  // The value of a cell by id.
  virtual Value ReadCell(CellId id) const = 0;
  // SUM/COUNT/AVERAGE/MIN/MAX (`fn` is the registry id) of a large single-sheet range from a
  // cached aggregate, when the reader keeps them; false to read the cells instead.
  virtual bool RangeAggregate(int fn, uint32_t range_index, Operand& out) const { return false; }
};

class Interpreter {
 public:
  explicit Interpreter(const FormulaStore& formulas) : formulas_(formulas) {}

  // The value of formula `f` at `at` (its cell's address). A formula that yields an empty
  // cell gives 0, as in Excel. Re-entrant: a reader may run other formulas while this runs.
  Value Run(const FormulaCell& f, CellAddress3 at, const CellReader& reader,
            Environment& env) const;

  // The range operator between two references: the smallest rectangle holding both (Excel's
  // A1:INDEX(B:B,3)). Anything but two references on one sheet is #VALUE! (errors pass).
  static Operand RangeBetween(const Operand& a, const Operand& b);

 private:
  const FormulaStore& formulas_;
  // One operand stack per nesting level. Each is held by pointer: a nested run may add a level
  // while an outer run still holds a reference to its own stack.
  mutable std::vector<std::unique_ptr<std::vector<Operand>>> stacks_;
  mutable size_t depth_ = 0;
};

}  // namespace suan
