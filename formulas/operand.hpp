// What an expression yields while it is being evaluated: a plain Value, a reference to cells
// (a range, possibly across sheets), or an array of values (array constants and the results of
// operators applied to ranges, as in SUMPRODUCT((A1:A9>0)*B1:B9)).
//
// References stay references until a consumer needs values: SUM(A1:A9) skips text in the range
// but SUM("3") counts the literal, ROW(A5) needs the address, not the value. Only the
// consumer knows, so the interpreter hands references to functions as they are.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "formulas/value.hpp"

namespace suan {

// A rectangle of cells on one sheet, or the same rectangle on a run of sheets (3-D).
// Bounds are 0-based and inclusive; sheet numbers are the workbook's sheet order.
struct RangeRef {
  uint32_t sheet_first = 0;
  uint32_t sheet_last = 0;
  int32_t row1 = 0, col1 = 0, row2 = 0, col2 = 0;

  int32_t rows() const { return row2 - row1 + 1; }
  int32_t cols() const { return col2 - col1 + 1; }
  uint32_t sheets() const { return sheet_last - sheet_first + 1; }
  bool is_cell() const { return row1 == row2 && col1 == col2 && sheet_first == sheet_last; }
  bool is_3d() const { return sheet_first != sheet_last; }
  friend bool operator==(const RangeRef&, const RangeRef&) = default;
};

// A rows x cols block of values, row-major.
class Array {
 public:
  Array(int32_t rows, int32_t cols) : rows_(rows), cols_(cols), values_(size_t(rows) * cols) {}
  int32_t rows() const { return rows_; }
  int32_t cols() const { return cols_; }
  size_t size() const { return values_.size(); }
  const Value& at(int32_t r, int32_t c) const { return values_[size_t(r) * cols_ + c]; }
  Value& at(int32_t r, int32_t c) { return values_[size_t(r) * cols_ + c]; }
  const std::vector<Value>& values() const { return values_; }
  std::vector<Value>& values() { return values_; }

 private:
  int32_t rows_, cols_;
  std::vector<Value> values_;
};

class Operand {
 public:
  enum class Kind : uint8_t { kValue, kRange, kArray };

  Operand() = default;
  Operand(Value v) : value_(std::move(v)) {}  // NOLINT: a Value is an Operand
  explicit Operand(const RangeRef& r) : kind_(Kind::kRange), range_(r) {}
  explicit Operand(std::shared_ptr<const Array> a) : kind_(Kind::kArray), array_(std::move(a)) {}

  Kind kind() const { return kind_; }
  bool is_value() const { return kind_ == Kind::kValue; }
  bool is_range() const { return kind_ == Kind::kRange; }
  bool is_array() const { return kind_ == Kind::kArray; }
  // An omitted argument, f(1,,3), arrives as an empty Value flagged missing.
  bool is_missing() const { return missing_; }
  static Operand Missing() {
    Operand o;
    o.missing_ = true;
    return o;
  }

  const Value& value() const { return value_; }
  const RangeRef& range() const { return range_; }
  const Array& array() const { return *array_; }
  const std::shared_ptr<const Array>& shared_array() const { return array_; }

 private:
  Kind kind_ = Kind::kValue;
  bool missing_ = false;
  Value value_;
  RangeRef range_;
  std::shared_ptr<const Array> array_;
};

}  // namespace suan
