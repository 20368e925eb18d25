// suan.Workbook: open or build a workbook, read and write cells, recalculate, diagnostics,
// defined names.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cctype>
#include <filesystem>
#include <mutex>
#include <shared_mutex>

#include "bindings/python/src/book_handle.hpp"
#include "bindings/python/src/closest.hpp"
#include "bindings/python/src/convert.hpp"
#include "bindings/python/src/errors.hpp"
#include "bindings/python/src/locate.hpp"
#include "bindings/python/src/module.hpp"
#include "engine/io/workbook_json.hpp"

namespace suan::py {

namespace pyb = pybind11;
using namespace pybind11::literals;

void EnsureCalculated(BookHandle& h) {
  {
    std::shared_lock lock(h.mu);
    if (!h.pending || !h.auto_recalc) return;
  }
  Recalculate(h, false);
}

void BookHandle::RequireWritable() const {
  if (!read_only.empty()) Throw(ErrorKind::kState, read_only);
}

void Recalculate(BookHandle& h, bool full) {
  pyb::gil_scoped_release nogil;
  std::unique_lock lock(h.mu);
  if (h.recalculate) {
    h.recalculate();
  } else if (full) {
    h.book.RecalculateAll();
  } else {
    h.book.Recalculate();
  }
  h.pending = false;
}

namespace {

const char* KindName(Diagnostic::Kind k) {
  switch (k) {
    case Diagnostic::Kind::kParse:
      return "parse";
    case Diagnostic::Kind::kCompile:
      return "compile";
    case Diagnostic::Kind::kCycle:
      return "cycle";
    case Diagnostic::Kind::kLoad:
      return "load";
  }
  return "?";
}

// Reads a workbook's JSON into a new handle (without the GIL), remembering its defined names.
Book FromJson(const std::string& text, const std::string& source) {
  auto h = std::make_shared<BookHandle>();
  absl::StatusOr<WorkbookJsonExtras> extras;
  {
    pyb::gil_scoped_release nogil;
    extras = ReadWorkbookJson(text, source, h->book);
    if (extras.ok()) h->book.Recalculate();
  }
  Check(extras.status());
  if (const JsonValue* names = extras->others.Find("names"); names && names->is_array()) {
    for (const JsonValue& n : names->items) {
      const JsonValue* name = n.Find("name");
      const JsonValue* to = n.Find("refers_to");
      const JsonValue* sheet = n.Find("sheet");
      if (!name || !to) continue;
      BookHandle::Name entry{name->string, to->string, std::nullopt};
      if (sheet && sheet->is_string()) entry.scope = h->book.FindSheet(sheet->string);
      h->names.push_back(std::move(entry));
    }
  }
  for (const Diagnostic& d : extras->skipped) h->load_notes.push_back(d);
  return h;
}

Book Open(const std::filesystem::path& file) {
  const std::string path = file.string();
  absl::StatusOr<std::string> text;
  {
    pyb::gil_scoped_release nogil;
    text = ReadFileToString(path);
  }
  if (!text.ok()) {
    Throw(text.status().code() == absl::StatusCode::kNotFound ? ErrorKind::kFileNotFound
                                                              : KindOf(text.status().code()),
          std::string(text.status().message()));
  }
  return FromJson(*text, path);
}

// Refuses to put a constant over a formula unless `override`.
void GuardFormula(const BookHandle& h, const CellAddress3& a, bool override, const char* what) {
  if (!override && h.book.IsFormula(a.sheet, a.row, a.col)) {
    auto text = h.book.FormulaText(a.sheet, a.row, a.col);
    Throw(ErrorKind::kFormulaCell, h.book.CellName(a.sheet, a.row, a.col) +
                                       " holds the formula =" + text.value_or("") + "; " + what +
                                       " replaces it only with override=True");
  }
}

void SetCell(BookHandle& h, const CellAddress3& a, pyb::handle value, bool override) {
  h.RequireWritable();
  std::string where;
  {
    std::shared_lock lock(h.mu);
    where = h.book.CellName(a.sheet, a.row, a.col);
  }
  // A str starting with '=' is a formula (replacing a formula with a formula needs no override).
  if (pyb::isinstance<pyb::str>(value)) {
    std::string text = value.cast<std::string>();
    if (!text.empty() && text.front() == '=') {
      std::unique_lock lock(h.mu);
      Check(h.book.SetFormula(a.sheet, a.row, a.col, text), where);
      h.Edited();
      return;
    }
  }
  Value v = FromPython(value, where);
  std::unique_lock lock(h.mu);
  GuardFormula(h, a, override, v.is_empty() ? "clearing it" : "a value");
  if (v.is_empty()) {
    Check(h.book.Clear(a.sheet, a.row, a.col), where);
  } else {
    Check(h.book.SetValue(a.sheet, a.row, a.col, v), where);
  }
  h.Edited();
}

pyb::object GetCell(BookHandle& h, const CellAddress3& a) {
  EnsureCalculated(h);
  std::shared_lock lock(h.mu);
  return ToPython(h.book.Get(a.sheet, a.row, a.col));
}

pyb::list Values(BookHandle& h, const Range& r) {
  EnsureCalculated(h);
  std::shared_lock lock(h.mu);
  pyb::list rows;
  for (int32_t row = r.r0; row <= r.r1; ++row) {
    pyb::list line;
    for (int32_t col = r.c0; col <= r.c1; ++col)
      line.append(ToPython(h.book.Get(r.sheet, row, col)));
    rows.append(line);
  }
  return rows;
}

CellAddress3 CellArgs(BookHandle& h, const pyb::args& args, const char* fn) {
  if (args.size() == 1) return LocateCell(h, args[0]);
  if (args.size() == 3) return LocateCell(h, pyb::make_tuple(args[0], args[1], args[2]));
  Throw(ErrorKind::kInvalidInput,
        std::string(fn) + "() takes an address ('Sheet1!B3') or (sheet, row, col)");
}

bool SameChar(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool Matches(std::string_view pattern, std::string_view text) {
  // fnmatch-style '*' and '?' ('?' is one byte: one ASCII character), ASCII case ignored as
  // Excel ignores it in sheet names.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || SameChar(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

void RegisterWorkbook(pyb::module_& m, WorkbookClass& cls) {
  pyb::class_<Diagnostic>(m, "Diagnostic", "A problem found in a workbook: where and why.")
      .def_property_readonly("kind", [](const Diagnostic& d) { return KindName(d.kind); })
      .def_readonly("cell", &Diagnostic::cell)
      .def_readonly("message", &Diagnostic::message)
      .def("__repr__", [](const Diagnostic& d) {
        return std::string("Diagnostic(") + KindName(d.kind) + ", '" + d.cell + "', '" + d.message +
               "')";
      });

  cls.doc() =
      "A workbook: sheets of cells holding constants or Excel formulas, recalculated "
      "incrementally.\n\n"
      "Cells are named 'Sheet1!B3' (A1 notation; a bare 'B3' is on the first sheet), "
      "(sheet, row, col) with 0-based row and column, or a defined name. Reads recalculate "
      "pending edits first unless auto_recalc is False.";
  cls.def(pyb::init([] { return std::make_shared<BookHandle>(); }), "An empty workbook.")
      .def_static("open", &Open, "path"_a,
                  "Opens a workbook JSON file: {\"sheets\":[{\"name\":…, \"cells\":[[row, col, "
                  "value], …]}], \"names\":[…]}, and calculates it.")
      .def_static("from_json", &FromJson, "text"_a, "source"_a = "<json>",
                  "A workbook from JSON text (the format of Workbook.open).")
      .def(
          "add_sheet",
          [](BookHandle& h, const std::string& name) {
            h.RequireWritable();
            std::unique_lock lock(h.mu);
            uint32_t s = Unwrap(h.book.AddSheet(name));
            h.Edited();
            return s;
          },
          "name"_a, "Adds a sheet; returns its index.")
      .def_property_readonly("sheets", &SheetNames, "The sheet names, in order.")
      .def(
          "sheet_index", [](BookHandle& h, pyb::handle s) { return LocateSheet(h, s); }, "sheet"_a,
          "The index of a sheet (KeyError naming the closest sheets when there is none).")
      .def(
          "get",
          [](BookHandle& h, const pyb::args& args) { return GetCell(h, CellArgs(h, args, "get")); },
          "A cell's value: get('Sheet1!B3') or get(sheet, row, col). Numbers are float, text "
          "str, booleans bool, empty cells None, errors suan.CellError.")
      .def(
          "__getitem__",
          [](BookHandle& h, pyb::handle key) -> pyb::object {
            Range r = LocateRange(h, key);
            if (r.r0 == r.r1 && r.c0 == r.c1) return GetCell(h, CellAddress3{r.sheet, r.r0, r.c0});
            return Values(h, r);
          },
          "wb['Sheet1!B3'] is a value; wb['Sheet1!B3:D9'] a list of rows.")
      .def(
          "set",
          [](BookHandle& h, pyb::handle where, pyb::handle value, bool override) {
            SetCell(h, LocateCell(h, where), value, override);
          },
          "where"_a, "value"_a, pyb::kw_only(), "override"_a = false,
          "Sets a cell: a number, bool, str, None (clears it) or CellError; a str starting with "
          "'=' is a formula. A constant over a formula cell raises FormulaCellError unless "
          "override=True; NaN or infinite numbers raise InvalidInputError (a ValueError).")
      .def("__setitem__", [](BookHandle& h, pyb::handle where,
                             pyb::handle value) { SetCell(h, LocateCell(h, where), value, false); })
      .def(
          "set_formula",
          [](BookHandle& h, pyb::handle where, const std::string& text) {
            h.RequireWritable();
            CellAddress3 a = LocateCell(h, where);
            std::unique_lock lock(h.mu);
            Check(h.book.SetFormula(a.sheet, a.row, a.col, text),
                  h.book.CellName(a.sheet, a.row, a.col));
            h.Edited();
          },
          "where"_a, "formula"_a,
          "Sets a formula (with or without '='). A formula that does not parse gives the cell an "
          "error value and a diagnostic at the next recalculation.")
      .def(
          "set_input",
          [](BookHandle& h, pyb::handle where, const std::string& input, bool override) {
            h.RequireWritable();
            CellAddress3 a = LocateCell(h, where);
            std::unique_lock lock(h.mu);
            if (input.empty() || input.front() != '=') GuardFormula(h, a, override, "an input");
            Check(h.book.SetInput(a.sheet, a.row, a.col, input),
                  h.book.CellName(a.sheet, a.row, a.col));
            h.Edited();
          },
          "where"_a, "input"_a, pyb::kw_only(), "override"_a = false,
          "Sets a cell the way a spreadsheet's entry bar reads text: '=…' a formula, a number, "
          "TRUE/FALSE, an error literal, \"quoted\" or other text.")
      .def(
          "clear",
          [](BookHandle& h, pyb::handle where, bool override) {
            SetCell(h, LocateCell(h, where), pyb::none(), override);
          },
          "where"_a, pyb::kw_only(), "override"_a = false,
          "Empties a cell (a formula cell only with override=True).")
      .def(
          "formula",
          [](BookHandle& h, pyb::handle where) -> std::optional<std::string> {
            CellAddress3 a = LocateCell(h, where);
            std::shared_lock lock(h.mu);
            auto text = h.book.FormulaText(a.sheet, a.row, a.col);
            if (!text) return std::nullopt;
            return "=" + *text;
          },
          "where"_a, "A cell's formula as set ('=SUM(B3:B9)'), or None for a constant.")
      .def(
          "is_formula",
          [](BookHandle& h, pyb::handle where) {
            CellAddress3 a = LocateCell(h, where);
            std::shared_lock lock(h.mu);
            return h.book.IsFormula(a.sheet, a.row, a.col);
          },
          "where"_a)
      .def(
          "address",
          [](BookHandle& h, pyb::handle where) { return RangeName(h, LocateRange(h, where)); },
          "where"_a, "The address of a cell or range as text: 'Sheet1!B3', 'Sheet1!B3:D9'.")
      .def(
          "cell",
          [](BookHandle& h, pyb::handle where) {
            CellAddress3 a = LocateCell(h, where);
            return pyb::make_tuple(a.sheet, a.row, a.col);
          },
          "where"_a, "A cell as (sheet index, row, col), 0-based.")
      .def(
          "used_range",
          [](BookHandle& h, pyb::handle sheet) -> std::optional<std::string> {
            Range r = UsedRange(h, LocateSheet(h, sheet));
            if (r.rows() == 0) return std::nullopt;
            return RangeName(h, r);
          },
          "sheet"_a, "A1 to the last row and column holding a value ('Total!A1:M60'), or None.")
      .def(
          "values",
          [](BookHandle& h, pyb::handle where) { return Values(h, LocateRange(h, where)); },
          "where"_a, "The values of a range (or a sheet's used range) as a list of rows.")
      .def(
          "select",
          [](BookHandle& h, const std::string& pattern, bool inputs_only) {
            // "Dept_*!C4:C43": the range on every sheet whose name matches the pattern.
            size_t bang = pattern.rfind('!');
            std::string sheets = bang == std::string::npos ? "*" : pattern.substr(0, bang);
            std::string cells = bang == std::string::npos ? pattern : pattern.substr(bang + 1);
            if (sheets.size() >= 2 && sheets.front() == '\'' && sheets.back() == '\'')
              sheets = sheets.substr(1, sheets.size() - 2);
            EnsureCalculated(h);
            std::vector<std::string> names = SheetNames(h), out;
            bool any_sheet = false;
            for (uint32_t s = 0; s < names.size(); ++s) {
              if (!Matches(sheets, names[s])) continue;
              any_sheet = true;
              std::string prefix;
              {
                std::shared_lock lock(h.mu);
                std::string first = h.book.CellName(s, 0, 0);
                prefix = first.substr(0, first.rfind('!') + 1);
              }
              Range r = LocateRange(h, pyb::str(prefix + cells));
              std::shared_lock lock(h.mu);
              for (int32_t row = r.r0; row <= r.r1; ++row)
                for (int32_t col = r.c0; col <= r.c1; ++col) {
                  if (inputs_only && (h.book.IsFormula(r.sheet, row, col) ||
                                      !h.book.Get(r.sheet, row, col).is_number()))
                    continue;
                  out.push_back(h.book.CellName(r.sheet, row, col));
                }
            }
            if (!any_sheet)
              Throw(ErrorKind::kNotFound, "no sheet matches '" + sheets + "' (in select('" +
                                              pattern + "'))" + Suggest(sheets, names, "sheets"));
            return out;
          },
          "pattern"_a, pyb::kw_only(), "inputs_only"_a = true,
          "The cells of a range on every sheet whose name matches a pattern ('Dept_*!C4:C43'; "
          "* and ? as in fnmatch), as addresses. inputs_only (the default) keeps the cells that "
          "hold numbers, not formulas: the inputs a scenario may change.")
      .def(
          "recalc", [](BookHandle& h, bool full) { Recalculate(h, full); }, pyb::kw_only(),
          "full"_a = false,
          "Brings every value up to date: the cells edits reach (full=True: every formula). "
          "Releases the GIL.")
      .def_property(
          "auto_recalc",
          [](BookHandle& h) {
            std::shared_lock lock(h.mu);
            return h.auto_recalc;
          },
          [](BookHandle& h, bool on) {
            std::unique_lock lock(h.mu);
            h.auto_recalc = on;
          },
          "When True (the default), reading a value recalculates pending edits first.")
      .def_property_readonly(
          "pending",
          [](BookHandle& h) {
            std::shared_lock lock(h.mu);
            return h.pending;
          },
          "True when edits have not been recalculated yet.")
      .def_property_readonly(
          "diagnostics",
          [](BookHandle& h) {
            EnsureCalculated(h);
            std::shared_lock lock(h.mu);
            std::vector<Diagnostic> out = h.load_notes;
            out.insert(out.end(), h.book.diagnostics().begin(), h.book.diagnostics().end());
            return out;
          },
          "Problems found: formulas that do not parse or compile, cycles (with their path), "
          "cells of the file that could not be loaded.")
      .def(
          "define_name",
          [](BookHandle& h, const std::string& name, const std::string& refers_to,
             pyb::object sheet) {
            h.RequireWritable();
            std::optional<uint32_t> scope;
            if (!sheet.is_none()) scope = LocateSheet(h, sheet);
            std::unique_lock lock(h.mu);
            Check(h.book.DefineName(name, refers_to, scope), "define_name('" + name + "')");
            std::erase_if(h.names, [&](const BookHandle::Name& n) {
              return n.scope == scope && n.name == name;
            });
            h.names.push_back(BookHandle::Name{name, refers_to, scope});
            h.Edited();
          },
          "name"_a, "refers_to"_a, "sheet"_a = pyb::none(),
          "Defines a name: a constant, a reference or an expression ('=0.05', "
          "'=Sheet1!$B$2:$B$9'), workbook-wide or for one sheet.")
      .def(
          "remove_name",
          [](BookHandle& h, const std::string& name, pyb::object sheet) {
            h.RequireWritable();
            std::optional<uint32_t> scope;
            if (!sheet.is_none()) scope = LocateSheet(h, sheet);
            std::unique_lock lock(h.mu);
            absl::Status st = h.book.RemoveName(name, scope);
            if (st.code() == absl::StatusCode::kNotFound) {
              std::vector<std::string> known;
              for (const BookHandle::Name& n : h.names) known.push_back(n.name);
              Throw(ErrorKind::kNotFound,
                    std::string(st.message()) + Suggest(name, known, "names"));
            }
            Check(st);
            std::erase_if(h.names, [&](const BookHandle::Name& n) {
              return n.scope == scope && n.name == name;
            });
            h.Edited();
          },
          "name"_a, "sheet"_a = pyb::none())
      .def_property_readonly(
          "names",
          [](BookHandle& h) {
            std::shared_lock lock(h.mu);
            pyb::list out;
            for (const BookHandle::Name& n : h.names)
              out.append(pyb::make_tuple(
                  n.name, n.refers_to,
                  n.scope ? pyb::object(pyb::str(h.book.sheet_name(*n.scope))) : pyb::none()));
            return out;
          },
          "The defined names as (name, refers_to, sheet or None).")
      .def(
          "set_iterative",
          [](BookHandle& h, bool on, int max_iterations, double max_change) {
            h.RequireWritable();
            std::unique_lock lock(h.mu);
            h.book.SetIterativeCalculation(on, max_iterations, max_change);
            h.iterate = on ? std::optional<std::pair<int, double>>({max_iterations, max_change})
                           : std::nullopt;
            h.Edited();
          },
          "on"_a = true, "max_iterations"_a = 100, "max_change"_a = 0.001,
          "Excel's iterative calculation: cycles are iterated instead of reported as #CYCLE!.")
      .def(
          "values_json",
          [](BookHandle& h) {
            EnsureCalculated(h);
            std::shared_lock lock(h.mu);
            return WriteValuesJson(h.book);
          },
          "Every non-empty cell's value as JSON: {\"sheets\":[{\"name\":…, \"values\":[[row, col, "
          "value], …]}]}.")
      .def(
          "copy",
          [](BookHandle& h) {
            EnsureCalculated(h);
            auto out = std::make_shared<BookHandle>();
            {
              pyb::gil_scoped_release nogil;
              std::shared_lock lock(h.mu);
              for (uint32_t s = 0; s < h.book.sheet_count(); ++s)
                Unwrap(out->book.AddSheet(h.book.sheet_name(s)));
              for (uint32_t s = 0; s < h.book.sheet_count(); ++s)
                h.book.ForEachValue(s, [&](int32_t row, int32_t col, const Value& v) {
                  if (auto f = h.book.FormulaText(s, row, col)) {
                    (void)out->book.SetFormula(s, row, col, *f);
                  } else {
                    (void)out->book.SetValue(s, row, col, v);
                  }
                });
              for (const BookHandle::Name& n : h.names)
                (void)out->book.DefineName(n.name, n.refers_to, n.scope);
              out->names = h.names;
              out->iterate = h.iterate;
              if (h.iterate)
                out->book.SetIterativeCalculation(true, h.iterate->first, h.iterate->second);
              out->auto_recalc = h.auto_recalc;
              out->book.Recalculate();
            }
            return out;
          },
          "An independent copy: the sheets, constants, formulas (as set) and defined names, "
          "recalculated. (A formula cell whose value is empty is not copied: the engine lists "
          "cells by value.)")
      .def_property_readonly("formula_count",
                             [](BookHandle& h) {
                               std::shared_lock lock(h.mu);
                               return h.book.formula_count();
                             })
      .def_property_readonly("memory_bytes",
                             [](BookHandle& h) {
                               std::shared_lock lock(h.mu);
                               return h.book.MemoryBytes();
                             })
      .def("__repr__", [](BookHandle& h) {
        std::shared_lock lock(h.mu);
        return "<suan.Workbook: " + std::to_string(h.book.sheet_count()) + " sheets, " +
               std::to_string(h.book.formula_count()) + " formulas>";
      });
}

}  // namespace suan::py
