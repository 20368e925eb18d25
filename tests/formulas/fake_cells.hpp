// A small in-memory CellSource for the function tests, and a fixture that calls built-in
// functions the way the interpreter does: by registry entry, with Operand arguments.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "formulas/cell_source.hpp"
#include "formulas/coerce.hpp"
#include "formulas/function_registry.hpp"
#include "formulas/reference_text.hpp"
#include "gtest/gtest.h"

namespace suan {
// Readable values in test failures: 3, "text", TRUE, #N/A, (empty).
inline void PrintTo(const Value& v, std::ostream* os) {
  if (v.is_empty()) {
    *os << "(empty)";
  } else if (v.is_text()) {
    *os << '"' << v.text() << '"';
  } else {
    *os << v.ToString();
  }
}
}  // namespace suan

namespace suan::testing {

class FakeCells : public CellSource {
 public:
  FakeCells() { names_.push_back("Sheet1"); }

  uint32_t AddSheet(std::string name) {
    names_.push_back(std::move(name));
    return uint32_t(names_.size() - 1);
  }

  // Sets a cell by A1 address, optionally "Sheet!A1". An empty Value clears it.
  void Set(std::string_view address, Value v) {
    RangeRef r = Ref(address);
    Set(r.sheet_first, r.row1, r.col1, std::move(v));
  }
  void Set(uint32_t sheet, int32_t row, int32_t col, Value v) {
    if (v.is_empty()) {
      cells_.erase({sheet, row, col});
    } else {
      cells_[{sheet, row, col}] = std::move(v);
    }
  }
  // Fills a column downwards from `top` ("A1").
  void Column(std::string_view top, std::initializer_list<Value> values) {
    RangeRef r = Ref(top);
    int32_t row = r.row1;
    for (const Value& v : values) Set(r.sheet_first, row++, r.col1, v);
  }
  // Fills a row rightwards from `left`.
  void Row(std::string_view left, std::initializer_list<Value> values) {
    RangeRef r = Ref(left);
    int32_t col = r.col1;
    for (const Value& v : values) Set(r.sheet_first, r.row1, col++, v);
  }

  // "A1:B3" or "Sheet2!A1" as a RangeRef; fails the test when malformed.
  RangeRef Ref(std::string_view text) const {
    auto parsed = ParseA1Reference(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    if (!parsed) return RangeRef{};
    uint32_t sheet = 0;
    if (!parsed->sheet.empty()) {
      auto found = FindSheet(parsed->sheet);
      EXPECT_TRUE(found.has_value()) << text;
      sheet = found.value_or(0);
    }
    return RangeRef{sheet, sheet, parsed->row1, parsed->col1, parsed->row2, parsed->col2};
  }

  Value Get(uint32_t sheet, int32_t row, int32_t col) const override {
    ++reads_;
    auto it = cells_.find({sheet, row, col});
    return it == cells_.end() ? Value() : it->second;
  }

  void ForEachNonEmpty(
      const RangeRef& range,
      absl::FunctionRef<bool(uint32_t, int32_t, int32_t, const Value&)> visit) const override {
    for (uint32_t s = range.sheet_first; s <= range.sheet_last; ++s) {
      auto it = cells_.lower_bound({s, range.row1, range.col1});
      auto end = cells_.upper_bound({s, range.row2, range.col2});
      for (; it != end; ++it) {
        auto [sheet, row, col] = it->first;
        if (col < range.col1 || col > range.col2) continue;
        if (!visit(sheet, row, col, it->second)) return;
      }
    }
  }

  uint32_t SheetCount() const override { return uint32_t(names_.size()); }
  std::optional<uint32_t> FindSheet(std::string_view name) const override {
    for (size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return uint32_t(i);
    return std::nullopt;
  }
  std::string SheetName(uint32_t sheet) const override { return names_.at(sheet); }

  // Calls to Get since the last reset: lets tests check that hot paths do not read every cell.
  mutable int64_t reads_ = 0;

 private:
  std::vector<std::string> names_;
  std::map<std::tuple<uint32_t, int32_t, int32_t>, Value> cells_;
};

inline Value Num(double n) {
  return Value::Number(n);
}
inline Value Str(std::string s) {
  return Value::Text(std::move(s));
}
inline Value Bool(bool b) {
  return Value::Bool(b);
}
inline Value Err(ErrorCode e) {
  return Value::Error(e);
}

// An array constant, row-major: Arr(2, 2, {1, 2, 3, 4}).
inline Operand Arr(int32_t rows, int32_t cols, std::initializer_list<Value> values) {
  auto a = std::make_shared<Array>(rows, cols);
  size_t i = 0;
  for (const Value& v : values) a->values()[i++] = v;
  return Operand(std::shared_ptr<const Array>(std::move(a)));
}

class FunctionTest : public ::testing::Test {
 protected:
  FunctionTest() {
    env.clock = [] { return 45473.5; };  // 2024-06-30 12:00
    ctx.cells = &cells;
    ctx.env = &env;
  }

  Operand R(std::string_view a1) const { return Operand(cells.Ref(a1)); }

  // Calls a built-in by name, checking the argument count against its registry entry.
  Operand CallOperand(std::string_view name, std::vector<Operand> args) {
    const FunctionSpec* spec = FunctionRegistry::Builtins().Find(name);
    EXPECT_NE(spec, nullptr) << name;
    if (!spec) return Value::Error(ErrorCode::kName);
    EXPECT_GE(int(args.size()), spec->min_args) << name;
    EXPECT_LE(int(args.size()), spec->max_args) << name;
    return spec->impl(args, ctx);
  }

  // The call's value: a returned single-cell reference is read, a multi-cell one is an error.
  Value Call(std::string_view name, std::vector<Operand> args) {
    Operand o = CallOperand(name, std::move(args));
    if (o.is_range()) {
      EXPECT_TRUE(o.range().is_cell()) << name << " returned a multi-cell reference";
      return ScalarOf(o, cells);
    }
    if (o.is_array()) {
      EXPECT_EQ(o.array().size(), 1u) << name << " returned an array";
      return o.array().size() ? o.array().at(0, 0) : Value();
    }
    return o.value();
  }

  // The call's array result (a reference is read into an array).
  std::vector<Value> CallArray(std::string_view name, std::vector<Operand> args) {
    Operand o = CallOperand(name, std::move(args));
    return ArrayOf(o, cells)->values();
  }

  FakeCells cells;
  Environment env;
  CallContext ctx;
};

}  // namespace suan::testing
