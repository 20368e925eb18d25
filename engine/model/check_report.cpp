#include "engine/model/check_report.hpp"

#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/io/json.hpp"
#include "engine/model/compile_internal.hpp"

namespace suan::model {

std::string FormatFigure(double v) {
  if (!std::isfinite(v)) return "?";
  char buf[64];
  double cents = std::round(v * 100) / 100;
  if (std::fabs(v - cents) > 1e-9 * std::max(1.0, std::fabs(v))) {
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s;
  }
  std::snprintf(buf, sizeof buf, "%.2f", std::fabs(cents));
  std::string digits = buf;
  size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot), out;
  for (size_t k = 0; k < whole.size(); ++k) {
    if (k && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  out += digits.substr(dot);
  return (cents < 0 ? "-" : "") + out;
}

namespace {

std::string Replace(std::string s, std::string_view from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string StatusName(double code, bool warning) {
  switch (int(code)) {
    case kExact:
      return "exact";
    case kRounding:
      return "rounding";
    case kWarned:
      return "warning";
    case kConvention:
      return "convention";
    default:
      return warning ? "warning" : "failed";
  }
}

std::string Message(const CheckResult& r) {
  const CheckInstance& c = *r.check;
  if (!r.has_values) return c.reason;
  if (!c.message.empty()) {
    std::string m = c.message;
    m = Replace(m, "{lhs}", FormatFigure(r.lhs));
    m = Replace(m, "{rhs}", FormatFigure(r.rhs));
    m = Replace(m, "{diff}", FormatFigure(r.diff));
    m = Replace(m, "{tol}", FormatFigure(r.tolerance));
    m = Replace(m, "{location}", c.location);
    return m;
  }
  std::string rel = c.relation.empty() ? "=" : c.relation;
  std::string tail = r.status == "exact"
                         ? ""
                         : absl::StrCat(" (diff ", FormatFigure(r.diff), ", tolerance ",
                                        FormatFigure(r.tolerance), ")");
  if (r.status == "convention") {
    tail = " (no prior-year figure: a rate of 100% is a convention, not a calculation)";
  }
  if (c.kind == "rule") {
    return absl::StrCat(c.location, " is ", FormatFigure(r.lhs), "; ", c.rhs_text, " gives ",
                        FormatFigure(r.rhs), tail);
  }
  if (c.kind == "text") {
    return absl::StrCat(c.title, ": the text says ", FormatFigure(r.lhs), ", ", c.rhs_text,
                        " gives ", FormatFigure(r.rhs), tail);
  }
  return absl::StrCat(c.title, ": ", c.lhs_text, " = ", FormatFigure(r.lhs), " ", rel, " ",
                      c.rhs_text, " = ", FormatFigure(r.rhs), tail);
}

}  // namespace

std::string CannotBeEvaluated(const CheckInstance& c, ErrorCode error) {
  return absl::StrCat(c.title, " (", c.location,
                      ") cannot be evaluated: ", std::string(ErrorText(error)));
}

std::vector<CheckResult> EvaluateChecks(const CompiledUnit& unit, const Workbook& book) {
  std::vector<CheckResult> out;
  out.reserve(unit.checks.size());
  for (const CheckInstance& c : unit.checks) {
    CheckResult r;
    r.check = &c;
    if (c.direct) {
      r.status = c.fixed_status;
      r.has_values = c.fixed_has_values;
      if (r.has_values) {
        r.lhs = c.fixed_lhs;
        r.rhs = c.fixed_rhs;
        r.diff = r.lhs - r.rhs;
        r.tolerance = c.fixed_tolerance;
      }
      r.message = Message(r);
      out.push_back(std::move(r));
      continue;
    }
    if (c.row < 0) {
      r.status = c.fixed_status;
      out.push_back(r);
      out.back().message = Message(out.back());
      continue;
    }
    auto get = [&](int32_t col) { return book.Get(unit.check_sheet, c.row, col); };
    Value lhs = get(kLhsCol), rhs = get(kRhsCol), tol = get(kTolCol), status = get(kStatusCol);
    for (const Value* v : {&lhs, &rhs, &tol, &status}) {
      if (v->is_error()) {
        r.status = c.warning ? "warning" : "failed";
        r.message = CannotBeEvaluated(c, v->error());
        break;
      }
    }
    if (!r.status.empty()) {
      out.push_back(r);
      continue;
    }
    r.has_values = true;
    r.lhs = lhs.number();
    r.rhs = rhs.number();
    r.diff = r.lhs - r.rhs;
    r.tolerance = tol.number();
    r.status = StatusName(status.number(), c.warning);
    r.message = Message(r);
    out.push_back(std::move(r));
  }
  return out;
}

CheckSummary Summarize(const std::vector<CheckResult>& results) {
  CheckSummary s;
  for (const CheckResult& r : results) {
    if (r.status == "exact")
      ++s.exact;
    else if (r.status == "rounding")
      ++s.rounding;
    else if (r.status == "convention")
      ++s.convention;
    else if (r.status == "warning")
      ++s.warning;
    else if (r.status == "skipped")
      ++s.skipped;
    else
      ++s.failed;
  }
  return s;
}

std::string ChecksJson(const std::vector<CheckResult>& results, const UnitData& unit,
                       const ReportOptions& options) {
  CheckSummary s = Summarize(results);
  std::string out = "{\"input\":";
  AppendJsonString(out, options.input);
  out += ",\"model\":";
  AppendJsonString(out, options.model);
  out += ",\"unit\":";
  AppendJsonString(out, unit.name);
  absl::StrAppend(&out, ",\"year\":", unit.year);
  int import_errors = 0;
  for (const ImportNote& n : unit.notes)
    import_errors += n.severity == ImportNote::Severity::kError;
  absl::StrAppend(&out, ",\"summary\":{\"exact\":", s.exact, ",\"rounding\":", s.rounding,
                  ",\"convention\":", s.convention, ",\"warning\":", s.warning,
                  ",\"failed\":", s.failed, ",\"skipped\":", s.skipped,
                  ",\"import_errors\":", import_errors, "}");
  out += ",\"checks\":[";
  for (size_t k = 0; k < results.size(); ++k) {
    const CheckResult& r = results[k];
    const CheckInstance& c = *r.check;
    if (k) out += ',';
    out += "\n{\"id\":";
    AppendJsonString(out, c.id);
    out += ",\"status\":";
    AppendJsonString(out, r.status);
    out += ",\"kind\":";
    AppendJsonString(out, c.kind);
    out += ",\"lhs\":";
    if (r.has_values)
      AppendJsonNumber(out, r.lhs);
    else
      out += "null";
    out += ",\"rhs\":";
    if (r.has_values)
      AppendJsonNumber(out, r.rhs);
    else
      out += "null";
    out += ",\"diff\":";
    if (r.has_values)
      AppendJsonNumber(out, std::round(r.diff * 1e6) / 1e6);
    else
      out += "null";
    out += ",\"tolerance\":";
    if (r.has_values)
      AppendJsonNumber(out, std::round(r.tolerance * 1e6) / 1e6);
    else
      out += "null";
    out += ",\"tables\":[";
    for (size_t t = 0; t < c.tables.size(); ++t) {
      if (t) out += ',';
      AppendJsonString(out, c.tables[t]);
    }
    out += "],\"location\":";
    AppendJsonString(out, c.location);
    out += ",\"title\":";
    AppendJsonString(out, c.title);
    out += ",\"message\":";
    AppendJsonString(out, r.message);
    if (!c.sentence.empty()) {
      out += ",\"sentence\":";
      AppendJsonString(out, c.sentence);
    }
    out += '}';
  }
  out += "],\n\"import\":{\"tables\":[";
  for (size_t k = 0; k < unit.recognised.size(); ++k) {
    if (k) out += ',';
    AppendJsonString(out, unit.recognised[k]);
  }
  auto notes = [&](bool info) {
    bool first = true;
    for (const ImportNote& n : unit.notes) {
      if ((n.severity == ImportNote::Severity::kInfo) != info) continue;
      if (!first) out += ',';
      first = false;
      out += "\n{\"severity\":";
      AppendJsonString(out, SeverityName(n.severity));
      out += ",\"where\":";
      AppendJsonString(out, n.where);
      out += ",\"table\":";
      AppendJsonString(out, n.table);
      out += ",\"message\":";
      AppendJsonString(out, n.message);
      out += '}';
    }
  };
  out += "],\"unrecognised\":[";
  notes(false);
  out += "],\"notes\":[";
  notes(true);
  out += "]}}\n";
  return out;
}

std::string ChecksText(const std::vector<CheckResult>& results, const UnitData& unit,
                       const ReportOptions& options) {
  CheckSummary s = Summarize(results);
  std::string out = absl::StrCat("suan check ", options.input, " (model ", options.model, ")\n");
  if (!unit.name.empty() || unit.year) {
    absl::StrAppend(&out, "unit: ", unit.name.empty() ? "?" : unit.name,
                    unit.year ? absl::StrCat(" ", unit.year) : "", "\n");
  }
  absl::StrAppend(&out, "tables read: ", unit.recognised.size(), "\n");
  bool any_note = false;
  for (const ImportNote& n : unit.notes) {
    if (n.severity == ImportNote::Severity::kInfo) continue;
    if (!any_note) out += "\nimport:\n";
    any_note = true;
    absl::StrAppend(&out, "  ", std::string(SeverityName(n.severity)), " ", n.where, ": ",
                    n.message, "\n");
  }
  for (const char* status : {"failed", "warning", "rounding", "convention", "skipped", "exact"}) {
    if (std::string_view(status) == "exact" && !options.all) continue;
    std::string section;
    int n = 0;
    for (const CheckResult& r : results) {
      if (r.status != status) continue;
      ++n;
      absl::StrAppend(&section, "  ", r.check->id, "\n      ", r.message, "\n");
      if (!r.check->sentence.empty() && (r.status == "failed" || r.status == "warning")) {
        std::string sentence = r.check->sentence;
        if (sentence.size() > 240) {
          size_t cut = 240;
          while (cut > 0 && (static_cast<unsigned char>(sentence[cut]) & 0xC0) == 0x80) --cut;
          sentence = sentence.substr(0, cut) + "…";
        }
        absl::StrAppend(&section, "      「", sentence, "」\n");
      }
    }
    if (n == 0) continue;
    absl::StrAppend(&out, "\n", status, " (", n, "):\n", section);
  }
  absl::StrAppend(&out, "\nsummary: ", s.exact, " exact, ", s.rounding, " rounding, ", s.convention,
                  " convention, ", s.warning, " warning, ", s.failed, " failed");
  if (s.skipped) absl::StrAppend(&out, " (", s.skipped, " skipped)");
  out += "\n";
  return out;
}

}  // namespace suan::model
