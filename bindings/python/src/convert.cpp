#include "bindings/python/src/convert.hpp"

#include <cmath>

#include "bindings/python/src/errors.hpp"
#include "formulas/value.hpp"

namespace suan::py {

namespace pyb = pybind11;

pyb::object ToPython(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kEmpty:
      return pyb::none();
    case ValueKind::kNumber:
      return pyb::float_(v.number());
    case ValueKind::kText:
      return pyb::str(v.text());
    case ValueKind::kBool:
      return pyb::bool_(v.boolean());
    case ValueKind::kError:
      return pyb::cast(CellError{v.error()});
  }
  return pyb::none();
}

namespace {

std::string Repr(pyb::handle o) {
  try {
    return pyb::repr(o).cast<std::string>();
  } catch (const pyb::error_already_set&) {
    return "?";
  }
}

void RefuseNonFinite(double x, const std::string& where) {
  if (!std::isfinite(x))
    Throw(ErrorKind::kInvalidInput, where + " cannot take " +
                                        (std::isnan(x) ? "NaN"
                                         : x > 0       ? "inf"
                                                       : "-inf") +
                                        ": only finite numbers are inputs");
}

}  // namespace

double FiniteNumber(pyb::handle o, const std::string& where) {
  if (pyb::isinstance<pyb::bool_>(o) || pyb::isinstance<pyb::str>(o) || o.is_none())
    Throw(ErrorKind::kInvalidInput, where + " needs a number, not " + Repr(o));
  double x = PyFloat_AsDouble(o.ptr());
  if (x == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    Throw(ErrorKind::kInvalidInput, where + " needs a number, not " + Repr(o));
  }
  RefuseNonFinite(x, where);
  return x;
}

Value FromPython(pyb::handle o, const std::string& where) {
  if (o.is_none()) return Value();
  if (pyb::isinstance<pyb::bool_>(o)) return Value::Bool(o.cast<bool>());
  // numpy.bool_ is not a bool subclass.
  if (pyb::hasattr(o, "dtype") && pyb::str(o.attr("dtype").attr("kind")).cast<std::string>() == "b")
    return Value::Bool(PyObject_IsTrue(o.ptr()) == 1);
  if (pyb::isinstance<pyb::str>(o)) return Value::Text(o.cast<std::string>());
  if (pyb::isinstance<CellError>(o)) return Value::Error(o.cast<CellError>().code);
  if (PyNumber_Check(o.ptr())) return Value::Number(FiniteNumber(o, where));
  Throw(ErrorKind::kInvalidInput,
        where + " cannot hold " + Repr(o) + " (a number, bool, str, None or suan.CellError)");
}

void RegisterCellError(pyb::module_& m) {
  pyb::class_<CellError>(m, "CellError",
                         "An error value of a cell: #DIV/0!, #VALUE!, #REF!, #NAME?, #N/A, "
                         "#NUM!, #NULL!, #CYCLE! …; equal to its text.")
      .def(pyb::init([](const std::string& text) {
             auto code = ParseErrorText(text);
             if (!code) Throw(ErrorKind::kInvalidInput, "'" + text + "' is not an error value");
             return CellError{*code};
           }),
           pyb::arg("text"))
      .def_property_readonly("code", &CellError::text, "the error's text, e.g. '#DIV/0!'")
      .def("__str__", &CellError::text)
      .def("__repr__", [](const CellError& e) { return "CellError('" + e.text() + "')"; })
      .def("__hash__", [](const CellError& e) { return pyb::hash(pyb::str(e.text())); })
      .def("__eq__",
           [](const CellError& e, pyb::handle other) {
             if (pyb::isinstance<CellError>(other)) return other.cast<CellError>().code == e.code;
             if (pyb::isinstance<pyb::str>(other)) return other.cast<std::string>() == e.text();
             return false;
           })
      .def("__ne__", [](const CellError& e, pyb::handle other) {
        if (pyb::isinstance<CellError>(other)) return other.cast<CellError>().code != e.code;
        if (pyb::isinstance<pyb::str>(other)) return other.cast<std::string>() != e.text();
        return true;
      });
}

}  // namespace suan::py
