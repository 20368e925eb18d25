// Ranges and sheets as NumPy arrays and pandas DataFrames, and back.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <mutex>
#include <shared_mutex>

#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/errors.hpp"
#include "bindings/python/src/locate.hpp"
#include "bindings/python/src/module.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

namespace {

pyb::array_t<double> NumericArray(BookHandle& h, const Range& r) {
  EnsureCalculated(h);
  pyb::array_t<double> out({pyb::ssize_t(r.rows()), pyb::ssize_t(r.cols())});
  auto a = out.mutable_unchecked<2>();
  std::shared_lock lock(h.mu);
  for (int32_t i = 0; i < r.rows(); ++i)
    for (int32_t j = 0; j < r.cols(); ++j) {
      Value v = h.book.Get(r.sheet, r.r0 + i, r.c0 + j);
      a(i, j) = v.is_number() ? v.number() : std::nan("");
    }
  return out;
}

pyb::array ObjectArray(BookHandle& h, const Range& r) {
  pyb::module_ np = pyb::module_::import("numpy");
  pyb::object out = np.attr("empty")(pyb::make_tuple(r.rows(), r.cols()), "dtype"_a = "object");
  EnsureCalculated(h);
  std::shared_lock lock(h.mu);
  for (int32_t i = 0; i < r.rows(); ++i)
    for (int32_t j = 0; j < r.cols(); ++j)
      out[pyb::make_tuple(i, j)] = ToPython(h.book.Get(r.sheet, r.r0 + i, r.c0 + j));
  return out;
}

// Writes `values[i][j]` (already converted) from `at`; checks every cell before writing any.
void WriteBlock(BookHandle& h, const CellAddress3& at,
                const std::vector<std::vector<Value>>& values,
                const std::vector<std::vector<std::string>>* formulas, bool override) {
  h.RequireWritable();
  std::unique_lock lock(h.mu);
  for (size_t i = 0; i < values.size(); ++i)
    for (size_t j = 0; j < values[i].size(); ++j) {
      int32_t row = at.row + int32_t(i), col = at.col + int32_t(j);
      if (row >= kMaxRows || col >= kMaxCols)
        Throw(
            ErrorKind::kInvalidInput,
            "the block from " + h.book.CellName(at.sheet, at.row, at.col) + " runs off the sheet");
      bool formula = formulas && !(*formulas)[i][j].empty();
      if (!formula && !override && h.book.IsFormula(at.sheet, row, col))
        Throw(ErrorKind::kFormulaCell,
              h.book.CellName(at.sheet, row, col) +
                  " holds the formula =" + h.book.FormulaText(at.sheet, row, col).value_or("") +
                  "; writing the block replaces it only with override=True (nothing was written)");
    }
  for (size_t i = 0; i < values.size(); ++i)
    for (size_t j = 0; j < values[i].size(); ++j) {
      int32_t row = at.row + int32_t(i), col = at.col + int32_t(j);
      absl::Status st;
      if (formulas && !(*formulas)[i][j].empty()) {
        st = h.book.SetFormula(at.sheet, row, col, (*formulas)[i][j]);
      } else if (values[i][j].is_empty()) {
        st = h.book.Clear(at.sheet, row, col);
      } else {
        st = h.book.SetValue(at.sheet, row, col, values[i][j]);
      }
      Check(st, h.book.CellName(at.sheet, row, col));
    }
  h.Edited();
}

std::string Where(BookHandle& h, const CellAddress3& at, size_t i, size_t j) {
  std::shared_lock lock(h.mu);
  return h.book.CellName(at.sheet, at.row + int32_t(i), at.col + int32_t(j));
}

void SetArray(BookHandle& h, pyb::handle where, pyb::handle data, bool override) {
  CellAddress3 at = LocateCell(h, where);
  pyb::array_t<double, pyb::array::forcecast> arr;
  try {
    arr = pyb::array_t<double, pyb::array::forcecast>::ensure(data);
  } catch (const pyb::error_already_set&) {
    arr = pyb::array_t<double, pyb::array::forcecast>();
  }
  if (!arr || arr.ndim() > 2)
    Throw(ErrorKind::kInvalidInput,
          "set_array takes a 1-D (one column) or 2-D array of numbers; use set_values for text");
  const pyb::ssize_t rows = arr.shape(0), cols = arr.ndim() == 2 ? arr.shape(1) : 1;
  std::vector<std::vector<Value>> values(static_cast<size_t>(rows),
                                         std::vector<Value>(static_cast<size_t>(cols)));
  for (pyb::ssize_t i = 0; i < rows; ++i)
    for (pyb::ssize_t j = 0; j < cols; ++j) {
      double x = arr.ndim() == 2 ? arr.at(i, j) : arr.at(i);
      if (!std::isfinite(x))
        Throw(ErrorKind::kInvalidInput,
              Where(h, at, size_t(i), size_t(j)) + " (element [" + std::to_string(i) +
                  (arr.ndim() == 2 ? ", " + std::to_string(j) : std::string()) + "]) cannot take " +
                  (std::isnan(x) ? "NaN" : "an infinite number") +
                  ": only finite numbers are inputs (nothing was written)");
      values[size_t(i)][size_t(j)] = Value::Number(x);
    }
  WriteBlock(h, at, values, nullptr, override);
}

// Rows of Python values; str starting with '=' are formulas when `formulas` is true; NaN is an
// empty cell when `nan_empty` (pandas' missing value), an error otherwise.
void SetValues(BookHandle& h, pyb::handle where, pyb::handle rows, bool override, bool formulas,
               bool nan_empty) {
  CellAddress3 at = LocateCell(h, where);
  std::vector<std::vector<Value>> values;
  std::vector<std::vector<std::string>> texts;
  // pandas' missing-value markers besides NaN and None.
  std::vector<pyb::object> missing_markers;
  if (nan_empty) {
    try {
      pyb::module_ pd = pyb::module_::import("pandas");
      missing_markers = {pd.attr("NaT"), pd.attr("NA")};
    } catch (const pyb::error_already_set&) {
    }
  }
  size_t i = 0;
  for (pyb::handle row : rows) {
    values.emplace_back();
    texts.emplace_back();
    size_t j = 0;
    for (pyb::handle cell : row) {
      std::string text;
      Value v;
      if (formulas && pyb::isinstance<pyb::str>(cell) &&
          (text = cell.cast<std::string>()).size() > 1 && text.front() == '=') {
        texts.back().push_back(text);
      } else {
        texts.back().emplace_back();
        bool missing = false;
        if (nan_empty && PyFloat_Check(cell.ptr()) && std::isnan(PyFloat_AsDouble(cell.ptr())))
          missing = true;
        for (const pyb::object& marker : missing_markers) missing = missing || cell.is(marker);
        if (!missing) v = FromPython(cell, Where(h, at, i, j));
      }
      values.back().push_back(std::move(v));
      ++j;
    }
    ++i;
  }
  WriteBlock(h, at, values, &texts, override);
}

std::string ColumnName(BookHandle& h, uint32_t sheet, int32_t col) {
  std::shared_lock lock(h.mu);
  std::string name = h.book.CellName(sheet, 0, col);
  name = name.substr(name.rfind('!') + 1);
  return name.substr(0, name.size() - 1);  // "C1" -> "C"
}

// A DataFrame of a range: numeric columns as float64 (NaN for empty cells), others as objects.
pyb::object DataFrame(BookHandle& h, pyb::handle where, bool header, bool index) {
  Range r = LocateRange(h, where);
  pyb::module_ pd = pyb::module_::import("pandas");
  pyb::module_ np = pyb::module_::import("numpy");
  EnsureCalculated(h);
  std::vector<pyb::object> names;
  pyb::dict columns;
  pyb::object index_values = pyb::none();
  pyb::object index_name = pyb::none();
  int32_t first_row = r.r0 + (header ? 1 : 0);
  std::vector<std::string> labels;
  for (int32_t c = r.c0; c <= r.c1; ++c) {
    std::string label;
    if (header) {
      std::shared_lock lock(h.mu);
      label = h.book.Get(r.sheet, r.r0, c).ToString();
    }
    if (label.empty()) label = ColumnName(h, r.sheet, c);
    // pandas takes duplicate labels, but a dict does not: number the repeats.
    std::string unique = label;
    for (int k = 2; std::find(labels.begin(), labels.end(), unique) != labels.end(); ++k)
      unique = label + "." + std::to_string(k);
    labels.push_back(unique);
    std::vector<Value> cells;
    {
      std::shared_lock lock(h.mu);
      for (int32_t row = first_row; row <= r.r1; ++row)
        cells.push_back(h.book.Get(r.sheet, row, c));
    }
    bool numeric = !cells.empty();
    for (const Value& v : cells) numeric = numeric && (v.is_number() || v.is_empty());
    pyb::object column;
    if (numeric) {
      pyb::array_t<double> a(pyb::ssize_t(cells.size()));
      auto m = a.mutable_unchecked<1>();
      for (size_t k = 0; k < cells.size(); ++k)
        m(pyb::ssize_t(k)) = cells[k].is_number() ? cells[k].number() : std::nan("");
      column = a;
    } else {
      pyb::list l;
      for (const Value& v : cells) l.append(ToPython(v));
      column = np.attr("array")(l, "dtype"_a = "object");
    }
    if (index && c == r.c0) {
      index_values = column;
      index_name = pyb::str(unique);
      continue;
    }
    columns[pyb::str(unique)] = column;
  }
  pyb::object df = pd.attr("DataFrame")(columns);
  if (!index_values.is_none()) {
    df.attr("index") = pd.attr("Index")(index_values, "name"_a = index_name);
  } else {
    df.attr("index") = pd.attr("RangeIndex")(first_row, r.r1 + 1, "name"_a = "row");
  }
  return df;
}

void WriteDataFrame(BookHandle& h, pyb::handle df, pyb::handle where, bool header, bool index,
                    bool override) {
  pyb::list rows;
  pyb::list columns = pyb::list(df.attr("columns"));
  if (header) {
    pyb::list head;
    if (index) {
      pyb::object name = df.attr("index").attr("name");
      head.append(name.is_none() ? pyb::object(pyb::none()) : pyb::object(pyb::str(name)));
    }
    for (pyb::handle c : columns) head.append(pyb::str(c));
    rows.append(head);
  }
  pyb::list index_values = pyb::list(df.attr("index"));
  pyb::list body = df.attr("astype")("object").attr("values").attr("tolist")();
  for (size_t i = 0; i < body.size(); ++i) {
    pyb::list line;
    if (index) line.append(index_values[i]);
    for (pyb::handle v : pyb::list(body[i])) line.append(v);
    rows.append(line);
  }
  SetValues(h, where, rows, override, false, true);
}

}  // namespace

void RegisterArrays(pyb::module_& m, WorkbookClass& cls) {
  (void)m;
  cls.def(
         "array",
         [](BookHandle& h, pyb::handle where, pyb::object dtype) -> pyb::object {
           Range r = LocateRange(h, where);
           if (!dtype.is_none() &&
               pyb::str(dtype).cast<std::string>().find("object") != std::string::npos)
             return ObjectArray(h, r);
           return NumericArray(h, r);
         },
         "where"_a, "dtype"_a = pyb::none(),
         "A range ('Sheet1!B3:D9') or a sheet's used range ('Sheet1') as a 2-D NumPy array: "
         "float64 with NaN where a cell is not a number, or the values themselves with "
         "dtype=object.")
      .def("set_array", &SetArray, "where"_a, "array"_a, pyb::kw_only(), "override"_a = false,
           "Writes a 2-D array of numbers (a 1-D array down a column) from a cell. Every value "
           "must be finite (else InvalidInputError) and no formula cell is overwritten unless "
           "override=True; nothing is written when any cell is refused.")
      .def("set_values", &SetValues, "where"_a, "rows"_a, pyb::kw_only(), "override"_a = false,
           "formulas"_a = false, "nan_empty"_a = false,
           "Writes rows of values (numbers, str, bool, None, CellError) from a cell; with "
           "formulas=True a str starting with '=' is a formula.")
      .def("dataframe", &DataFrame, "where"_a, pyb::kw_only(), "header"_a = true, "index"_a = false,
           "A range or a sheet as a pandas DataFrame: its first row as column names (header), "
           "its first column as the index (index=True); numeric columns as float64.")
      .def("write_dataframe", &WriteDataFrame, "frame"_a, "where"_a, pyb::kw_only(),
           "header"_a = true, "index"_a = true, "override"_a = false,
           "Writes a DataFrame from a cell: a header row of column names, the index as the first "
           "column. Missing values (NaN) leave the cell empty; infinite numbers are refused.");
}

}  // namespace suan::py
