// Where a Python argument points in a workbook: a cell, a range, or a list of cells.
//
//   "Sheet1!B3", "'My Sheet'!$B$3", "B3" (the first sheet)      a cell in A1 notation
//   ("Sheet1", 2, 1) or (0, 2, 1)                               (sheet name or index, row, col),
//                                                               0-based
//   "Rate"                                                      a defined name for a cell/range
//   "表3[2080101].合计"                                          a structured name (budget units)
//   "Sheet1!B3:D9", "Sheet1" (its used range), (sheet, r0, c0, r1, c1)   a range
//
// A sheet, name or table that does not exist raises NotFoundError (a KeyError) naming the closest
// matches; a malformed address raises InvalidInputError.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bindings/python/src/book_handle.hpp"
#include "engine/cell_store.hpp"

namespace suan::py {

struct Range {
  uint32_t sheet = 0;
  int32_t r0 = 0, c0 = 0, r1 = -1, c1 = -1;  // inclusive; r1 < r0 for an empty range
  int32_t rows() const { return r1 >= r0 ? r1 - r0 + 1 : 0; }
  int32_t cols() const { return c1 >= c0 ? c1 - c0 + 1 : 0; }
};

// The sheet named or numbered by `o` (a str or an int).
uint32_t LocateSheet(const BookHandle& h, pybind11::handle o);
CellAddress3 LocateCell(const BookHandle& h, pybind11::handle o);
Range LocateRange(const BookHandle& h, pybind11::handle o);
// One cell, one range (its cells row by row), or an iterable of cells and ranges.
std::vector<CellAddress3> LocateCells(const BookHandle& h, pybind11::handle o);

// The used range of a sheet: A1 to the last row and column holding a value (empty when none).
Range UsedRange(const BookHandle& h, uint32_t sheet);

// "Sheet1!B3" / "Sheet1!B3:D9".
std::string CellName(const BookHandle& h, const CellAddress3& a);
std::string RangeName(const BookHandle& h, const Range& r);

std::vector<std::string> SheetNames(const BookHandle& h);

}  // namespace suan::py
