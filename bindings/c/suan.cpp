// The C API (suan.h) over the engine's public headers. Every entry point runs inside Guard(),
// which turns engine statuses and any C++ exception into a status code and the thread's last
// error text: nothing is thrown across the boundary.
#include "suan.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "engine/io/workbook_json.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/workbook.hpp"

struct suan_workbook {
  suan::Workbook book;
  uint64_t generation = 0;  // bumped by every edit; scenarios evaluated before are stale
  bool pending = false;     // edits not recalculated
};

struct suan_scenario {
  suan_workbook* owner = nullptr;
  std::unique_ptr<suan::Scenario> scenario;
  bool evaluated = false;
  uint64_t evaluated_generation = 0;
};

namespace {

thread_local std::string last_error;

// A failure with its status code, thrown inside Guard() only.
struct Failure {
  suan_status status;
  std::string message;
};

[[noreturn]] void Fail(suan_status status, std::string message) {
  throw Failure{status, std::move(message)};
}

suan_status StatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return SUAN_OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kDataLoss:
      return SUAN_INVALID_ARGUMENT;
    case absl::StatusCode::kNotFound:
      return SUAN_NOT_FOUND;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      return SUAN_FAILED_PRECONDITION;
    case absl::StatusCode::kResourceExhausted:
      return SUAN_OUT_OF_MEMORY;
    default:
      return SUAN_INTERNAL;
  }
}

void Check(const absl::Status& s) {
  if (!s.ok()) Fail(StatusOf(s.code()), std::string(s.message()));
}

template <typename F>
suan_status Guard(F&& f) noexcept {
  try {
    f();
    last_error.clear();
    return SUAN_OK;
  } catch (const Failure& e) {
    last_error = e.message;
    return e.status;
  } catch (const std::bad_alloc&) {
    last_error = "out of memory";
    return SUAN_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    last_error = std::string("internal error: ") + e.what();
    return SUAN_INTERNAL;
  } catch (...) {
    last_error = "internal error";
    return SUAN_INTERNAL;
  }
}

template <typename T>
T& NotNull(T* p, const char* what) {
  if (!p) Fail(SUAN_INVALID_ARGUMENT, std::string(what) + " is NULL");
  return *p;
}

const char* Text(const char* s, const char* what) {
  return &NotNull(s, what);
}

suan::CellAddress3 Address(const suan::Workbook& book, const char* address) {
  auto a = book.ParseAddress(Text(address, "the address"));
  Check(a.status());
  return *a;
}

void RequireFinite(double x, const suan::Workbook& book, const suan::CellAddress3& a) {
  if (!std::isfinite(x))
    Fail(SUAN_INVALID_ARGUMENT, book.CellName(a.sheet, a.row, a.col) + " cannot take " +
                                    (std::isnan(x) ? "NaN" : "an infinite number") +
                                    ": only finite numbers are inputs");
}

void RefuseFormula(const suan::Workbook& book, const suan::CellAddress3& a, const char* what) {
  if (book.IsFormula(a.sheet, a.row, a.col))
    Fail(SUAN_FORMULA_CELL, book.CellName(a.sheet, a.row, a.col) + " holds the formula =" +
                                book.FormulaText(a.sheet, a.row, a.col).value_or("") + "; " + what);
}

void Edited(suan_workbook& wb) {
  ++wb.generation;
  wb.pending = true;
}

suan_kind KindOf(const suan::Value& v) {
  switch (v.kind()) {
    case suan::ValueKind::kEmpty:
      return SUAN_EMPTY;
    case suan::ValueKind::kNumber:
      return SUAN_NUMBER;
    case suan::ValueKind::kText:
      return SUAN_TEXT;
    case suan::ValueKind::kBool:
      return SUAN_BOOL;
    case suan::ValueKind::kError:
      return SUAN_ERROR;
  }
  return SUAN_EMPTY;
}

double NumberOf(const suan::Value& v, const std::string& where) {
  if (!v.is_number())
    Fail(SUAN_WRONG_KIND, where + " is " +
                              (v.is_empty() ? std::string("empty") : "'" + v.ToString() + "'") +
                              ", not a number");
  return v.number();
}

void CopyText(const std::string& text, char* buffer, size_t size, size_t* needed) {
  if (needed) *needed = text.size() + 1;
  if (!buffer || size < text.size() + 1) {
    if (buffer && size > 0) buffer[0] = '\0';
    Fail(SUAN_BUFFER_TOO_SMALL, "the text needs " + std::to_string(text.size() + 1) +
                                    " bytes, the buffer has " + std::to_string(size));
  }
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
}

suan_workbook* OpenText(std::string_view text, const std::string& source) {
  auto wb = std::make_unique<suan_workbook>();
  auto extras = suan::ReadWorkbookJson(text, source, wb->book);
  Check(extras.status());
  wb->book.Recalculate();
  return wb.release();
}

// The scenario's value reader, refusing stale or unevaluated scenarios.
const suan::Scenario& Evaluated(const suan_scenario& s) {
  if (!s.evaluated)
    Fail(SUAN_FAILED_PRECONDITION,
         "scenario '" + s.scenario->name() + "' is not evaluated: call suan_scenario_evaluate()");
  if (s.evaluated_generation != s.owner->generation)
    Fail(SUAN_FAILED_PRECONDITION,
         "the workbook was edited after scenario '" + s.scenario->name() +
             "' was evaluated: suan_recalc() the workbook and evaluate the scenario again");
  return *s.scenario;
}

suan_status Record(suan_scenario* scenario, const char* address, suan::Scenario::Op op,
                   double amount) {
  return Guard([&] {
    suan_scenario& s = NotNull(scenario, "the scenario");
    const suan::Workbook& book = s.owner->book;
    suan::CellAddress3 a = Address(book, address);
    RequireFinite(amount, book, a);
    RefuseFormula(book, a, "a scenario changes inputs (constants) only");
    Check(s.scenario->Apply({&a, 1}, op, amount));
    s.evaluated = false;
  });
}

}  // namespace

extern "C" {

suan_status suan_last_error(const char** message) {
  if (!message) return SUAN_INVALID_ARGUMENT;
  *message = last_error.c_str();
  return SUAN_OK;
}

suan_status suan_workbook_new(suan_workbook** out) {
  return Guard([&] { NotNull(out, "out") = new suan_workbook(); });
}

suan_status suan_open_json_file(const char* path, suan_workbook** out) {
  return Guard([&] {
    NotNull(out, "out") = nullptr;
    auto text = suan::ReadFileToString(Text(path, "the path"));
    Check(text.status());
    *out = OpenText(*text, path);
  });
}

suan_status suan_open_json_text(const char* text, size_t length, suan_workbook** out) {
  return Guard([&] {
    NotNull(out, "out") = nullptr;
    *out = OpenText(std::string_view(Text(text, "the text"), length), "<json>");
  });
}

suan_status suan_workbook_free(suan_workbook* book) {
  return Guard([&] { delete book; });
}

suan_status suan_add_sheet(suan_workbook* book, const char* name, uint32_t* index) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    auto s = wb.book.AddSheet(Text(name, "the sheet name"));
    Check(s.status());
    Edited(wb);
    if (index) *index = *s;
  });
}

suan_status suan_sheet_count(const suan_workbook* book, uint32_t* count) {
  return Guard([&] { NotNull(count, "count") = NotNull(book, "the workbook").book.sheet_count(); });
}

suan_status suan_set_number(suan_workbook* book, const char* address, double value) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    suan::CellAddress3 a = Address(wb.book, address);
    RequireFinite(value, wb.book, a);
    RefuseFormula(wb.book, a, "suan_clear() it first to replace it with a constant");
    Check(wb.book.SetValue(a.sheet, a.row, a.col, suan::Value::Number(value)));
    Edited(wb);
  });
}

suan_status suan_set_text(suan_workbook* book, const char* address, const char* text) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    suan::CellAddress3 a = Address(wb.book, address);
    const char* t = Text(text, "the text");
    RefuseFormula(wb.book, a, "suan_clear() it first to replace it with a constant");
    Check(wb.book.SetValue(a.sheet, a.row, a.col, suan::Value::Text(t)));
    Edited(wb);
  });
}

suan_status suan_set_formula(suan_workbook* book, const char* address, const char* formula) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    suan::CellAddress3 a = Address(wb.book, address);
    Check(wb.book.SetFormula(a.sheet, a.row, a.col, Text(formula, "the formula")));
    Edited(wb);
  });
}

suan_status suan_clear(suan_workbook* book, const char* address) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    suan::CellAddress3 a = Address(wb.book, address);
    Check(wb.book.Clear(a.sheet, a.row, a.col));
    Edited(wb);
  });
}

suan_status suan_recalc(suan_workbook* book) {
  return Guard([&] {
    suan_workbook& wb = NotNull(book, "the workbook");
    wb.book.Recalculate();
    wb.pending = false;
  });
}

suan_status suan_diagnostic_count(const suan_workbook* book, size_t* count) {
  return Guard(
      [&] { NotNull(count, "count") = NotNull(book, "the workbook").book.diagnostics().size(); });
}

suan_status suan_get_kind(const suan_workbook* book, const char* address, suan_kind* kind) {
  return Guard([&] {
    const suan_workbook& wb = NotNull(book, "the workbook");
    suan_kind& out = NotNull(kind, "kind");
    suan::CellAddress3 a = Address(wb.book, address);
    out = KindOf(wb.book.Get(a.sheet, a.row, a.col));
  });
}

suan_status suan_get_number(const suan_workbook* book, const char* address, double* value) {
  return Guard([&] {
    const suan_workbook& wb = NotNull(book, "the workbook");
    double& out = NotNull(value, "value");
    suan::CellAddress3 a = Address(wb.book, address);
    out = NumberOf(wb.book.Get(a.sheet, a.row, a.col), wb.book.CellName(a.sheet, a.row, a.col));
  });
}

suan_status suan_get_text(const suan_workbook* book, const char* address, char* buffer, size_t size,
                          size_t* needed) {
  return Guard([&] {
    const suan_workbook& wb = NotNull(book, "the workbook");
    suan::CellAddress3 a = Address(wb.book, address);
    CopyText(wb.book.Get(a.sheet, a.row, a.col).ToString(), buffer, size, needed);
  });
}

suan_status suan_scenario_new(suan_workbook* book, const char* name, const suan_scenario* parent,
                              suan_scenario** out) {
  return Guard([&] {
    NotNull(out, "out") = nullptr;
    suan_workbook& wb = NotNull(book, "the workbook");
    if (parent && parent->owner != &wb)
      Fail(SUAN_INVALID_ARGUMENT, "the parent scenario belongs to another workbook");
    auto s = std::make_unique<suan_scenario>();
    s->owner = &wb;
    s->scenario = std::make_unique<suan::Scenario>(wb.book, Text(name, "the scenario name"),
                                                   parent ? parent->scenario.get() : nullptr);
    *out = s.release();
  });
}

suan_status suan_scenario_free(suan_scenario* scenario) {
  return Guard([&] { delete scenario; });
}

suan_status suan_scenario_set(suan_scenario* scenario, const char* address, double value) {
  return Record(scenario, address, suan::Scenario::Op::kSet, value);
}

suan_status suan_scenario_add(suan_scenario* scenario, const char* address, double delta) {
  return Record(scenario, address, suan::Scenario::Op::kAdd, delta);
}

suan_status suan_scenario_scale(suan_scenario* scenario, const char* address, double factor) {
  return Record(scenario, address, suan::Scenario::Op::kScale, factor);
}

suan_status suan_scenario_evaluate(suan_scenario* scenario) {
  return Guard([&] {
    suan_scenario& s = NotNull(scenario, "the scenario");
    if (s.owner->pending)
      Fail(SUAN_FAILED_PRECONDITION,
           "the workbook has edits that are not recalculated: call "
           "suan_recalc() before evaluating scenario '" +
               s.scenario->name() + "'");
    s.evaluated = false;
    Check(s.scenario->Evaluate());
    s.evaluated = true;
    s.evaluated_generation = s.owner->generation;
  });
}

suan_status suan_scenario_get_kind(const suan_scenario* scenario, const char* address,
                                   suan_kind* kind) {
  return Guard([&] {
    const suan_scenario& s = NotNull(scenario, "the scenario");
    suan_kind& out = NotNull(kind, "kind");
    suan::CellAddress3 a = Address(s.owner->book, address);
    out = KindOf(Evaluated(s).Get(a.sheet, a.row, a.col));
  });
}

suan_status suan_scenario_get_number(const suan_scenario* scenario, const char* address,
                                     double* value) {
  return Guard([&] {
    const suan_scenario& s = NotNull(scenario, "the scenario");
    double& out = NotNull(value, "value");
    suan::CellAddress3 a = Address(s.owner->book, address);
    out = NumberOf(Evaluated(s).Get(a.sheet, a.row, a.col),
                   s.owner->book.CellName(a.sheet, a.row, a.col));
  });
}

suan_status suan_scenario_get_text(const suan_scenario* scenario, const char* address, char* buffer,
                                   size_t size, size_t* needed) {
  return Guard([&] {
    const suan_scenario& s = NotNull(scenario, "the scenario");
    suan::CellAddress3 a = Address(s.owner->book, address);
    CopyText(Evaluated(s).Get(a.sheet, a.row, a.col).ToString(), buffer, size, needed);
  });
}

suan_status suan_scenario_diff_count(const suan_scenario* scenario, size_t* count) {
  return Guard([&] {
    const suan_scenario& s = NotNull(scenario, "the scenario");
    NotNull(count, "count") = Evaluated(s).Diff().size();
  });
}

}  // extern "C"
