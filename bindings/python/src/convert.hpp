// Cell values between the engine and Python:
//   empty -> None, number -> float, text -> str, boolean -> bool, error -> suan.CellError
// and back (int and float, NumPy scalars, bool, str, None, CellError). A NaN or infinite number
// is refused with InvalidInputError naming where it was going.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "formulas/value.hpp"

namespace suan::py {

// An error value of a cell (#DIV/0!, #N/A, #CYCLE! …) as Python sees it.
struct CellError {
  ErrorCode code;
  std::string text() const { return std::string(ErrorText(code)); }
};

pybind11::object ToPython(const Value& v);

// A Python value as a cell value; `where` names the destination in messages. Strings are text
// (the caller decides whether "=…" is a formula).
Value FromPython(pybind11::handle o, const std::string& where);

// A finite double from a Python number; InvalidInputError naming `where` otherwise.
double FiniteNumber(pybind11::handle o, const std::string& where);

void RegisterCellError(pybind11::module_& m);

}  // namespace suan::py
