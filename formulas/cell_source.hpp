// How pure functions read cells without knowing the cell store.
//
// formulas/ never sees engine types; the engine implements CellSource over its cell store and
// passes it to every function call. Reading a cell through it may, for functions whose
// dependencies are only known at evaluation (INDIRECT, OFFSET), make the engine evaluate that
// cell first, so functions always see current values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "formulas/operand.hpp"
#include "formulas/value.hpp"

namespace suan {

class CellSource {
 public:
  virtual ~CellSource() = default;

  virtual Value Get(uint32_t sheet, int32_t row, int32_t col) const = 0;

  // Visits the non-empty cells of `range` in Excel's order (sheet by sheet, row by row, left
  // to right). Returning false from `visit` stops the walk.
  virtual void ForEachNonEmpty(
      const RangeRef& range,
      absl::FunctionRef<bool(uint32_t sheet, int32_t row, int32_t col, const Value&)> visit)
      const = 0;

  virtual uint32_t SheetCount() const = 0;
  virtual std::optional<uint32_t> FindSheet(std::string_view name) const = 0;
  virtual std::string SheetName(uint32_t sheet) const = 0;
};

}  // namespace suan
