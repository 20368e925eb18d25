// suan._suan: the native part of the Python module `suan` (suan/__init__.py re-exports it).
#include <pybind11/pybind11.h>

#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/module.hpp"

namespace pyb = pybind11;

PYBIND11_MODULE(_suan, m) {
  m.doc() = "suan: a spreadsheet-style calculation engine (native part; use `import suan`)";
  suan::py::RegisterErrors(m);
  suan::py::RegisterCellError(m);
  suan::py::WorkbookClass workbook(m, "Workbook");
  suan::py::RegisterWorkbook(m, workbook);
  suan::py::RegisterArrays(m, workbook);
  suan::py::RegisterScenario(m, workbook);
  suan::py::RegisterWhatIf(m, workbook);
  suan::py::RegisterModel(m);
  suan::py::RegisterCity(m);
}
