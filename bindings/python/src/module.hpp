// The native part of the Python module (suan._suan): each file registers its classes.
#pragma once

#include <pybind11/pybind11.h>

#include "bindings/python/src/book_handle.hpp"

namespace suan::py {

using WorkbookClass = pybind11::class_<BookHandle, Book>;

void RegisterErrors(pybind11::module_& m);                        // errors.cpp
void RegisterWorkbook(pybind11::module_& m, WorkbookClass& cls);  // workbook_py.cpp
void RegisterArrays(pybind11::module_& m, WorkbookClass& cls);    // arrays_py.cpp
void RegisterScenario(pybind11::module_& m, WorkbookClass& cls);  // scenario_py.cpp
void RegisterWhatIf(pybind11::module_& m, WorkbookClass& cls);    // what_if_py.cpp
void RegisterModel(pybind11::module_& m);                         // model_py.cpp
void RegisterCity(pybind11::module_& m);                          // city_py.cpp

}  // namespace suan::py
