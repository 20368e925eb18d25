#include "bindings/python/src/errors.hpp"

#include <pybind11/pybind11.h>

#include "bindings/python/src/module.hpp"

namespace suan::py {

namespace pyb = pybind11;

void Throw(ErrorKind kind, std::string message) {
  throw PyError(kind, message);
}

ErrorKind KindOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kNotFound:
      return ErrorKind::kNotFound;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kDataLoss:
      return ErrorKind::kInvalidInput;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      return ErrorKind::kState;
    case absl::StatusCode::kDeadlineExceeded:
      return ErrorKind::kNoSolution;
    default:
      return ErrorKind::kError;
  }
}

void Check(const absl::Status& status, std::string_view context) {
  if (status.ok()) return;
  std::string message(status.message());
  if (!context.empty()) message = std::string(context) + ": " + message;
  Throw(KindOf(status.code()), std::move(message));
}

namespace {

const char* ClassName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNotFound:
      return "NotFoundError";
    case ErrorKind::kInvalidInput:
      return "InvalidInputError";
    case ErrorKind::kFormulaCell:
      return "FormulaCellError";
    case ErrorKind::kNoSolution:
      return "NoSolutionError";
    case ErrorKind::kState:
      return "StateError";
    case ErrorKind::kFileNotFound:
    case ErrorKind::kError:
      break;
  }
  return "Error";
}

}  // namespace

void RegisterErrors(pyb::module_& m) {
  pyb::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const PyError& e) {
      if (e.kind() == ErrorKind::kFileNotFound) {
        PyErr_SetString(PyExc_FileNotFoundError, e.what());
        return;
      }
      // The classes are defined in Python (suan/errors.py); without the package (the native
      // module imported alone) the nearest built-in stands in.
      PyObject* cls = nullptr;
      try {
        pyb::object errors = pyb::module_::import("suan.errors");
        pyb::object c = errors.attr(ClassName(e.kind()));
        cls = c.release().ptr();
      } catch (const pyb::error_already_set&) {
        PyErr_Clear();
      }
      if (!cls) {
        PyObject* fallback = e.kind() == ErrorKind::kNotFound ? PyExc_KeyError
                             : e.kind() == ErrorKind::kState  ? PyExc_RuntimeError
                             : e.kind() == ErrorKind::kError  ? PyExc_RuntimeError
                                                              : PyExc_ValueError;
        PyErr_SetString(fallback, e.what());
        return;
      }
      PyErr_SetString(cls, e.what());
      Py_DECREF(cls);
    }
  });
  (void)m;
}

}  // namespace suan::py
