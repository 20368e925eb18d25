// Errors of the Python module: the engine's absl::Status turned into Python exceptions that keep
// the engine's message. The exception classes live in suan/errors.py:
//
//   suan.Error                              the base of every suan error
//   suan.NotFoundError(Error, KeyError)     a sheet, name, address, table, row or column that does
//                                           not exist (the message names the closest matches)
//   suan.InvalidInputError(Error, ValueError)   bad input: NaN or infinite numbers, a malformed
//                                           address, a wrong shape
//   suan.FormulaCellError(InvalidInputError)    writing a constant over a formula without override
//   suan.NoSolutionError(Error, ValueError) a goal seek with no solution in its bracket
//   suan.StateError(Error, RuntimeError)    an operation the workbook's state does not allow
//
// C++ code throws PyError; a translator registered at import raises the Python class.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace suan::py {

enum class ErrorKind {
  kError,
  kNotFound,
  kInvalidInput,
  kFormulaCell,
  kNoSolution,
  kState,
  kFileNotFound,
};

class PyError : public std::runtime_error {
 public:
  PyError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

[[noreturn]] void Throw(ErrorKind kind, std::string message);

// The kind an engine status maps to (NotFound -> kNotFound, InvalidArgument -> kInvalidInput,
// FailedPrecondition -> kState, DeadlineExceeded -> kNoSolution, ...).
ErrorKind KindOf(absl::StatusCode code);

// Throws the status's kind with its message (prefixed by `context` when given).
void Check(const absl::Status& status, std::string_view context = {});

template <typename T>
T Unwrap(absl::StatusOr<T> result, std::string_view context = {}) {
  if (!result.ok()) Check(result.status(), context);
  return *std::move(result);
}

}  // namespace suan::py
