#include "bindings/python/src/locate.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <mutex>
#include <shared_mutex>

#include "bindings/python/src/closest.hpp"
#include "bindings/python/src/errors.hpp"
#include "formulas/expr.hpp"

namespace suan::py {

namespace pyb = pybind11;

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Position of the last `c` outside single quotes, or npos.
size_t FindOutsideQuotes(std::string_view s, char c, bool last) {
  bool quoted = false;
  size_t found = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') quoted = !quoted;
    if (!quoted && s[i] == c) {
      found = i;
      if (!last) return found;
    }
  }
  return found;
}

std::string Unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    std::string out;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\'' && i + 2 < s.size() && s[i + 1] == '\'') ++i;
      out.push_back(s[i]);
    }
    return out;
  }
  return std::string(s);
}

std::vector<std::string> SheetNamesLocked(const BookHandle& h) {
  std::vector<std::string> out;
  for (uint32_t s = 0; s < h.book.sheet_count(); ++s) out.push_back(h.book.sheet_name(s));
  return out;
}

Range UsedRangeLocked(const BookHandle& h, uint32_t sheet) {
  Range r{sheet, 0, 0, -1, -1};
  h.book.ForEachValue(sheet, [&](int32_t row, int32_t col, const Value&) {
    r.r1 = std::max(r.r1, row);
    r.c1 = std::max(r.c1, col);
  });
  if (r.r1 < 0 || r.c1 < 0) r.r1 = r.c1 = -1;
  return r;
}

// An integer (int or NumPy integer) as long long; out-of-range values saturate.
long long AsIndex(pyb::handle o) {
  pyb::object i = pyb::reinterpret_steal<pyb::object>(PyNumber_Index(o.ptr()));
  if (!i) throw pyb::error_already_set();
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
  if (overflow) return overflow > 0 ? LLONG_MAX : LLONG_MIN;
  return v;
}

int32_t Index(pyb::handle o, const char* what, int32_t limit) {
  if (pyb::isinstance<pyb::bool_>(o) || !PyIndex_Check(o.ptr()))
    Throw(ErrorKind::kInvalidInput, std::string("the ") + what + " must be an integer, not " +
                                        pyb::repr(o).cast<std::string>());
  long long v = AsIndex(o);
  if (v < 0 || v >= limit)
    Throw(ErrorKind::kInvalidInput, std::string("the ") + what + " " + std::to_string(v) +
                                        " is outside 0.." + std::to_string(limit - 1) +
                                        " (rows and columns count from 0)");
  return int32_t(v);
}

uint32_t SheetLocked(const BookHandle& h, pyb::handle o) {
  if (pyb::isinstance<pyb::str>(o)) {
    std::string name = o.cast<std::string>();
    if (auto s = h.book.FindSheet(name)) return *s;
    Throw(ErrorKind::kNotFound,
          "no sheet named '" + name + "'" + Suggest(name, SheetNamesLocked(h), "sheets"));
  }
  if (pyb::isinstance<pyb::bool_>(o) || !PyIndex_Check(o.ptr()))
    Throw(ErrorKind::kInvalidInput,
          "a sheet is a name or an index, not " + pyb::repr(o).cast<std::string>());
  long long v = AsIndex(o);
  if (v < 0 || v >= (long long)h.book.sheet_count())
    Throw(ErrorKind::kNotFound, "no sheet number " + std::to_string(v) + " (the workbook has " +
                                    std::to_string(h.book.sheet_count()) +
                                    " sheets, numbered from 0)");
  return uint32_t(v);
}

const BookHandle::Name* FindDefinedName(const BookHandle& h, std::string_view name) {
  for (const BookHandle::Name& n : h.names)
    if (SameName(n.name, name)) return &n;
  return nullptr;
}

enum class Want { kCell, kRange };

// Reads `text` as a cell or a range (with the shared lock held).
Range ParseLocked(const BookHandle& h, std::string_view raw, Want want, int depth = 0) {
  std::string text = Trim(raw);
  if (text.empty()) Throw(ErrorKind::kInvalidInput, "an empty address");
  if (h.structured && text.find('[') != std::string::npos) {
    CellAddress3 a;
    if (h.structured(text, &a)) return Range{a.sheet, a.row, a.col, a.row, a.col};
  }
  // A range: two cells around ':'.
  if (size_t colon = FindOutsideQuotes(text, ':', false); colon != std::string::npos) {
    if (want == Want::kCell)
      Throw(ErrorKind::kInvalidInput, "'" + text + "' is a range; name one cell");
    Range first = ParseLocked(h, text.substr(0, colon), Want::kCell, depth + 1);
    std::string rest = text.substr(colon + 1);
    Range last;
    if (FindOutsideQuotes(rest, '!', true) != std::string::npos) {
      last = ParseLocked(h, rest, Want::kCell, depth + 1);
      if (last.sheet != first.sheet)
        Throw(ErrorKind::kInvalidInput, "'" + text + "' spans two sheets; a range is on one sheet");
    } else {
      auto a = h.book.ParseAddress(rest);
      if (!a.ok())
        Throw(ErrorKind::kInvalidInput, "'" + text + "' is not a range (write Sheet1!B3:D9)");
      last = Range{first.sheet, a->row, a->col, a->row, a->col};
    }
    return Range{first.sheet, std::min(first.r0, last.r0), std::min(first.c0, last.c0),
                 std::max(first.r0, last.r0), std::max(first.c0, last.c0)};
  }
  absl::StatusOr<CellAddress3> a = h.book.ParseAddress(text);
  if (a.ok()) return Range{a->sheet, a->row, a->col, a->row, a->col};
  if (a.status().code() == absl::StatusCode::kNotFound) {
    size_t bang = FindOutsideQuotes(text, '!', true);
    if (bang == std::string::npos) Throw(ErrorKind::kNotFound, std::string(a.status().message()));
    std::string sheet = Unquote(text.substr(0, bang));
    Throw(ErrorKind::kNotFound, "no sheet named '" + sheet + "' (in '" + text + "')" +
                                    Suggest(sheet, SheetNamesLocked(h), "sheets"));
  }
  // Not an address: a defined name, a sheet (its used range), or a name that does not exist.
  if (const BookHandle::Name* n = FindDefinedName(h, text); n && depth < 4) {
    std::string ref = n->refers_to;
    if (!ref.empty() && ref.front() == '=') ref.erase(0, 1);
    try {
      return ParseLocked(h, ref, want, depth + 1);
    } catch (const PyError&) {
      Throw(ErrorKind::kInvalidInput, "the name '" + n->name + "' refers to '" + n->refers_to +
                                          "', which is not a cell or range");
    }
  }
  if (auto s = h.book.FindSheet(text)) {
    if (want == Want::kRange) return UsedRangeLocked(h, *s);
    Throw(ErrorKind::kInvalidInput,
          "'" + text + "' is a sheet; name a cell such as '" + h.book.CellName(*s, 0, 0) + "'");
  }
  if (FindOutsideQuotes(text, '!', true) == std::string::npos &&
      text.find_first_of(" ()+-*/&=<>,;\"") == std::string::npos) {
    std::vector<std::string> candidates;
    for (const BookHandle::Name& n : h.names) candidates.push_back(n.name);
    for (std::string& s : SheetNamesLocked(h)) candidates.push_back(std::move(s));
    Throw(ErrorKind::kNotFound, "no cell, defined name or sheet '" + text + "'" +
                                    Suggest(text, candidates, "names and sheets"));
  }
  Throw(ErrorKind::kInvalidInput, std::string(a.status().message()));
}

Range TupleLocked(const BookHandle& h, const pyb::tuple& t, Want want) {
  if (t.size() == 3) {
    uint32_t s = SheetLocked(h, t[0]);
    int32_t r = Index(t[1], "row", kMaxRows), c = Index(t[2], "column", kMaxCols);
    return Range{s, r, c, r, c};
  }
  if (t.size() == 5 && want == Want::kRange) {
    uint32_t s = SheetLocked(h, t[0]);
    int32_t r0 = Index(t[1], "first row", kMaxRows), c0 = Index(t[2], "first column", kMaxCols);
    int32_t r1 = Index(t[3], "last row", kMaxRows), c1 = Index(t[4], "last column", kMaxCols);
    if (r1 < r0 || c1 < c0)
      Throw(ErrorKind::kInvalidInput, "a range's last row and column come after its first");
    return Range{s, r0, c0, r1, c1};
  }
  Throw(ErrorKind::kInvalidInput,
        std::string("a cell is an address such as 'Sheet1!B3' or a tuple (sheet, row, col)") +
            (want == Want::kRange ? "; a range 'Sheet1!B3:D9' or (sheet, r0, c0, r1, c1)" : "") +
            ", not " + pyb::repr(t).cast<std::string>());
}

Range LocateLocked(const BookHandle& h, pyb::handle o, Want want) {
  if (pyb::isinstance<pyb::str>(o)) return ParseLocked(h, o.cast<std::string>(), want);
  if (pyb::isinstance<pyb::tuple>(o)) return TupleLocked(h, o.cast<pyb::tuple>(), want);
  Throw(ErrorKind::kInvalidInput,
        "a cell is an address such as 'Sheet1!B3' or a tuple (sheet, row, col), not " +
            pyb::repr(o).cast<std::string>());
}

}  // namespace

uint32_t LocateSheet(const BookHandle& h, pyb::handle o) {
  std::shared_lock lock(h.mu);
  return SheetLocked(h, o);
}

CellAddress3 LocateCell(const BookHandle& h, pyb::handle o) {
  std::shared_lock lock(h.mu);
  Range r = LocateLocked(h, o, Want::kCell);
  return CellAddress3{r.sheet, r.r0, r.c0};
}

Range LocateRange(const BookHandle& h, pyb::handle o) {
  std::shared_lock lock(h.mu);
  return LocateLocked(h, o, Want::kRange);
}

std::vector<CellAddress3> LocateCells(const BookHandle& h, pyb::handle o) {
  std::vector<CellAddress3> out;
  auto add = [&](const Range& r) {
    for (int32_t row = r.r0; row <= r.r1; ++row)
      for (int32_t col = r.c0; col <= r.c1; ++col) out.push_back(CellAddress3{r.sheet, row, col});
  };
  std::shared_lock lock(h.mu);
  if (pyb::isinstance<pyb::str>(o) || pyb::isinstance<pyb::tuple>(o)) {
    add(LocateLocked(h, o, Want::kRange));
    return out;
  }
  if (!pyb::isinstance<pyb::iterable>(o))
    Throw(ErrorKind::kInvalidInput,
          "expected a cell, a range or a list of them, not " + pyb::repr(o).cast<std::string>());
  for (pyb::handle item : o) add(LocateLocked(h, item, Want::kRange));
  return out;
}

Range UsedRange(const BookHandle& h, uint32_t sheet) {
  std::shared_lock lock(h.mu);
  return UsedRangeLocked(h, sheet);
}

std::string CellName(const BookHandle& h, const CellAddress3& a) {
  std::shared_lock lock(h.mu);
  return h.book.CellName(a.sheet, a.row, a.col);
}

std::string RangeName(const BookHandle& h, const Range& r) {
  std::shared_lock lock(h.mu);
  std::string first = h.book.CellName(r.sheet, r.r0, r.c0);
  if (r.r0 == r.r1 && r.c0 == r.c1) return first;
  std::string last = h.book.CellName(r.sheet, std::max(r.r1, 0), std::max(r.c1, 0));
  return first + ":" + last.substr(last.rfind('!') + 1);
}

std::vector<std::string> SheetNames(const BookHandle& h) {
  std::shared_lock lock(h.mu);
  return SheetNamesLocked(h);
}

}  // namespace suan::py
