#include "engine/city/city_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/io/json.hpp"
#include "engine/model/check_report.hpp"
#include "engine/model/unit_data_io.hpp"

namespace suan::city {

namespace {

const char* KindName(UnitStatus::Kind k) {
  switch (k) {
    case UnitStatus::Kind::kUnit:
      return "unit";
    case UnitStatus::Kind::kConsolidated:
      return "consolidated";
    case UnitStatus::Kind::kSelection:
      return "selection";
  }
  return "?";
}

void Number(std::string& out, double v) {
  AppendJsonNumber(out, std::round(v * 1e6) / 1e6);
}

void StringList(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (size_t k = 0; k < list.size(); ++k) {
    if (k) out += ',';
    AppendJsonString(out, list[k]);
  }
  out += ']';
}

std::string Thousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

std::string Seconds(double ms) {
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
  }
  return buf;
}

std::string SafeFileName(const std::string& code) {
  std::string out;
  for (char c : code) out += c == '/' || c == '\\' || c == ':' ? '_' : c;
  return out;
}

}  // namespace

CityReport MakeReport(City& city) {
  CityReport r;
  r.units = city.Units();
  absl::flat_hash_map<std::string, size_t> skip_index;  // reason -> index in r.skipped
  for (const UnitStatus& u : r.units) {
    RankedUnit ranked;
    ranked.unit = &u;
    const model::CheckSummary& s = u.verdict->summary;
    r.checks.exact += s.exact;
    r.checks.rounding += s.rounding;
    r.checks.convention += s.convention;
    r.checks.warning += s.warning;
    r.checks.failed += s.failed;
    r.checks.skipped += s.skipped;
    for (const SkipReason& k : u.verdict->skipped) {
      auto [it, added] = skip_index.try_emplace(k.reason, r.skipped.size());
      if (added) r.skipped.push_back(CitySkipReason{k.reason, 0, 0, u.code, k.first_check});
      r.skipped[it->second].checks += k.checks;
      ++r.skipped[it->second].units;
    }
    for (const Finding& f : u.verdict->findings) {
      if (f.status == "failed" && f.inherited_from.empty()) ++ranked.own_failures;
    }
    if (!u.readable) {
      ranked.severity = 4;
      ++r.unreadable;
    } else if (ranked.own_failures > 0) {
      ranked.severity = 3;
    } else if (s.failed > 0) {
      ranked.severity = 2;
    } else if (s.warning > 0 || u.unknown_codes > 0) {
      ranked.severity = 1;
    }
    r.unknown_codes += u.unknown_codes;
    if (s.failed > 0)
      (u.kind == UnitStatus::Kind::kUnit ? r.units_failed : r.consolidated_failed)++;
    r.ranked.push_back(ranked);
  }
  std::stable_sort(r.ranked.begin(), r.ranked.end(), [](const RankedUnit& a, const RankedUnit& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    const model::CheckSummary &x = a.unit->verdict->summary, &y = b.unit->verdict->summary;
    if (x.failed != y.failed) return x.failed > y.failed;
    return x.warning > y.warning;
  });
  std::stable_sort(
      r.skipped.begin(), r.skipped.end(),
      [](const CitySkipReason& a, const CitySkipReason& b) { return a.checks > b.checks; });
  // The city's totals: the root's 总计 rows.
  if (std::optional<model::UnitData> root = city.ConsolidatedTables(city.root_code())) {
    const model::Template& t = city.model();
    for (size_t k = 0; k < t.tables.size(); ++k) {
      for (size_t p = 0; p < root->tables[k].parts.size(); ++p) {
        for (const model::UnitRow& row : root->tables[k].parts[p].rows) {
          if (row.kind != model::RowKind::kFixed || row.key.find("总计") == std::string::npos) {
            continue;
          }
          for (size_t j = 0; j < row.values.size(); ++j) {
            if (!row.values[j]) continue;
            r.totals.emplace_back(absl::StrCat(t.tables[k].key, "[", row.key, "].",
                                               t.tables[k].parts[p].columns[j].key),
                                  *row.values[j]);
          }
        }
      }
    }
  }
  return r;
}

std::string ReportJson(const City& city, const CityReport& r, const ReportInfo& info) {
  const CityTimings& tm = city.timings();
  std::string out = "{\"city\":";
  AppendJsonString(out, info.dir);
  out += ",\"model\":";
  AppendJsonString(out, info.model);
  absl::StrAppend(&out, ",\"units\":", city.unit_count(),
                  ",\"consolidated\":", city.consolidated_count(), ",\"cells\":", city.cell_count(),
                  ",\"threads\":", info.threads);
  out += ",\"timings_ms\":{";
  std::vector<std::pair<const char*, double>> timings = {
      {"load_and_check", tm.load_and_check_ms},
      {"place", tm.place_ms},
      {"consolidate", tm.consolidate_ms},
      {"calculate", tm.calculate_ms},
      {"consolidated_checks", tm.consolidated_checks_ms},
      {"verdicts", tm.verdicts_ms},
      {"build_total", tm.total_ms},
      {"load_and_check_cpu", tm.load_and_check_cpu_ms},
      {"build_total_cpu", tm.total_cpu_ms},
      {"write", info.write_ms},
      {"engine_parse", tm.engine.parse_ms},
      {"engine_compile", tm.engine.compile_ms},
      {"engine_graph", tm.engine.graph_ms},
      {"engine_sort", tm.engine.sort_ms},
      {"engine_evaluate", tm.engine.evaluate_ms}};
  for (size_t k = 0; k < timings.size(); ++k) {
    if (k) out += ',';
    AppendJsonString(out, timings[k].first);
    out += ':';
    AppendJsonNumber(out, std::round(timings[k].second * 10) / 10);
  }
  out += '}';
  absl::StrAppend(&out, ",\"summary\":{\"exact\":", r.checks.exact,
                  ",\"rounding\":", r.checks.rounding, ",\"convention\":", r.checks.convention,
                  ",\"warning\":", r.checks.warning, ",\"failed\":", r.checks.failed,
                  ",\"skipped\":", r.checks.skipped, ",\"units_failed\":", r.units_failed,
                  ",\"consolidated_failed\":", r.consolidated_failed,
                  ",\"unreadable\":", r.unreadable, ",\"unknown_codes\":", r.unknown_codes, "}");
  out += ",\"failed\":[";
  bool first = true;
  for (const RankedUnit& ru : r.ranked) {
    const UnitStatus& u = *ru.unit;
    for (const Finding& f : u.verdict->findings) {
      if (f.status != "failed") continue;
      out += first ? "\n" : ",\n";
      first = false;
      out += "{\"unit\":";
      AppendJsonString(out, u.code);
      out += ",\"name\":";
      AppendJsonString(out, u.name);
      out += ",\"kind\":";
      AppendJsonString(out, KindName(u.kind));
      out += ",\"check\":";
      AppendJsonString(out, f.check);
      out += ",\"title\":";
      AppendJsonString(out, f.title);
      out += ",\"tables\":";
      StringList(out, f.tables);
      out += ",\"row\":";
      AppendJsonString(out, f.row);
      out += ",\"col\":";
      AppendJsonString(out, f.col);
      if (f.has_values) {
        out += ",\"lhs\":";
        Number(out, f.lhs);
        out += ",\"rhs\":";
        Number(out, f.rhs);
        out += ",\"diff\":";
        Number(out, f.diff);
        out += ",\"tolerance\":";
        Number(out, f.tolerance);
      } else {
        out += ",\"lhs\":null,\"rhs\":null";
      }
      out += ",\"cells\":";
      StringList(out, f.cells);
      out += ",\"inherited_from\":";
      StringList(out, f.inherited_from);
      out += ",\"message\":";
      AppendJsonString(out, f.message);
      out += '}';
    }
  }
  out += "]";
  out += ",\"skipped\":[";
  for (size_t k = 0; k < r.skipped.size(); ++k) {
    const CitySkipReason& x = r.skipped[k];
    out += k ? ",\n{\"reason\":" : "\n{\"reason\":";
    AppendJsonString(out, x.reason);
    absl::StrAppend(&out, ",\"checks\":", x.checks, ",\"units\":", x.units,
                    ",\"example\":{\"unit\":");
    AppendJsonString(out, x.example_unit);
    out += ",\"check\":";
    AppendJsonString(out, x.example_check);
    out += "}}";
  }
  out += "]";
  out += ",\"units_ranked\":[";
  for (size_t k = 0; k < r.ranked.size(); ++k) {
    const UnitStatus& u = *r.ranked[k].unit;
    const model::CheckSummary& s = u.verdict->summary;
    out += k ? ",\n" : "\n";
    out += "{\"unit\":";
    AppendJsonString(out, u.code);
    out += ",\"name\":";
    AppendJsonString(out, u.name);
    out += ",\"kind\":";
    AppendJsonString(out, KindName(u.kind));
    static const char* kSeverity[] = {"ok", "warning", "failed (inherited)", "failed",
                                      "unreadable"};
    out += ",\"severity\":";
    AppendJsonString(out, kSeverity[r.ranked[k].severity]);
    if (u.kind == UnitStatus::Kind::kUnit) {
      out += ",\"file\":";
      AppendJsonString(out, u.file);
    } else {
      absl::StrAppend(&out, ",\"members\":", u.members);
    }
    absl::StrAppend(&out, ",\"exact\":", s.exact, ",\"rounding\":", s.rounding,
                    ",\"convention\":", s.convention, ",\"warning\":", s.warning,
                    ",\"failed\":", s.failed, ",\"skipped\":", s.skipped);
    if (!u.problem.empty()) {
      out += ",\"problem\":";
      AppendJsonString(out, u.problem);
    }
    if (!u.verdict->skipped.empty()) {
      out += ",\"skipped_reasons\":[";
      for (size_t n = 0; n < u.verdict->skipped.size(); ++n) {
        const SkipReason& k = u.verdict->skipped[n];
        out += n ? ",{\"reason\":" : "{\"reason\":";
        AppendJsonString(out, k.reason);
        absl::StrAppend(&out, ",\"checks\":", k.checks, ",\"example\":");
        AppendJsonString(out, k.first_check);
        out += '}';
      }
      out += ']';
    }
    std::vector<std::string> warnings;
    for (const Finding& f : u.verdict->findings) {
      if (f.status == "warning") warnings.push_back(f.check + ": " + f.message);
    }
    if (!warnings.empty()) {
      out += ",\"warnings\":";
      StringList(out, warnings);
    }
    if (!u.notes.empty()) {
      out += ",\"import\":[";
      for (size_t n = 0; n < u.notes.size(); ++n) {
        if (n) out += ',';
        out += "{\"severity\":";
        AppendJsonString(out, model::SeverityName(u.notes[n].severity));
        out += ",\"where\":";
        AppendJsonString(out, u.notes[n].where);
        out += ",\"message\":";
        AppendJsonString(out, u.notes[n].message);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += "]";
  out += ",\"totals\":{";
  for (size_t k = 0; k < r.totals.size(); ++k) {
    if (k) out += ',';
    AppendJsonString(out, r.totals[k].first);
    out += ':';
    AppendJsonNumber(out, r.totals[k].second);
  }
  out += "}";
  if (!info.out.empty()) {
    out += ",\"out\":";
    AppendJsonString(out, info.out);
  }
  out += "}\n";
  return out;
}

std::string ReportText(const City& city, const CityReport& r, const ReportInfo& info, int lines) {
  const CityTimings& tm = city.timings();
  std::string out;
  absl::StrAppend(&out, "city ", info.dir, ": ", Thousands(city.unit_count()), " units, ",
                  Thousands(city.consolidated_count()), " consolidated, ",
                  Thousands(city.cell_count()), " cells\n");
  // On more than one thread the city's workbook is placed, consolidated and calculated while
  // units are checked; on one, after.
  bool beside = info.threads > 1;
  absl::StrAppend(&out, "time: ", Seconds(tm.total_ms), ", CPU ", Seconds(tm.total_cpu_ms),
                  " (read and check ", Seconds(tm.load_and_check_ms), " on ", info.threads,
                  info.threads == 1 ? " thread" : " threads", beside ? "; meanwhile" : "; then",
                  " consolidate ", Seconds(tm.consolidate_ms + tm.place_ms), " and calculate ",
                  Seconds(tm.calculate_ms), "; then check consolidated ",
                  Seconds(tm.consolidated_checks_ms), ")");
  if (info.write_ms > 0) absl::StrAppend(&out, "; tables written in ", Seconds(info.write_ms));
  out += "\n";
  absl::StrAppend(&out, "checks: ", Thousands(size_t(r.checks.exact)), " exact, ",
                  Thousands(size_t(r.checks.rounding)), " rounding, ", r.checks.convention,
                  " convention, ", r.checks.warning, " warning, ", r.checks.failed, " failed (",
                  r.units_failed, " units, ", r.consolidated_failed, " consolidated), ",
                  Thousands(size_t(r.checks.skipped)), " skipped\n");
  // Why checks were skipped, the commonest reasons: a count alone would hide a check that never
  // ran.
  constexpr size_t kSkipReasonsShown = 3;
  for (size_t k = 0; k < r.skipped.size() && k < kSkipReasonsShown; ++k) {
    const CitySkipReason& x = r.skipped[k];
    absl::StrAppend(&out, "  skipped     ", Thousands(size_t(x.checks)), " checks in ", x.units,
                    x.units == 1 ? " unit: " : " units: ", x.reason, " (e.g. ", x.example_unit, " ",
                    x.example_check, ")\n");
  }
  if (r.skipped.size() > kSkipReasonsShown) {
    absl::StrAppend(&out, "  … and ", r.skipped.size() - kSkipReasonsShown,
                    " more reasons for skipping (--json lists every one)\n");
  }
  int shown = 0, more = 0;
  for (const RankedUnit& ru : r.ranked) {
    const UnitStatus& u = *ru.unit;
    if (ru.severity == 0) break;
    auto line = [&](const std::string& text) {
      if (shown < lines) {
        out += text + "\n";
        ++shown;
      } else {
        ++more;
      }
    };
    std::string who =
        absl::StrCat(u.code, " ", u.name, u.kind == UnitStatus::Kind::kUnit ? "" : " (汇总)");
    if (!u.readable) {
      line(absl::StrCat("  unreadable  ", who, ": ", u.problem));
      continue;
    }
    for (const Finding& f : u.verdict->findings) {
      if (f.status != "failed") continue;
      std::string tail = f.inherited_from.empty()
                             ? ""
                             : absl::StrCat("  [from ", absl::StrJoin(f.inherited_from, ", "), "]");
      line(absl::StrCat("  failed      ", who, "  ", f.check, ": ", f.message, tail));
    }
    if (u.unknown_codes > 0) {
      for (const model::ImportNote& n : u.notes) {
        if (n.message.find("is not in the code list") == std::string::npos) continue;
        line(absl::StrCat("  code        ", who, "  ", n.where, ": ", n.message));
      }
    }
    for (const Finding& f : u.verdict->findings) {
      if (f.status == "warning") line(absl::StrCat("  warning     ", who, "  ", f.message));
    }
  }
  if (more > 0) absl::StrAppend(&out, "  … and ", more, " more (--json lists every one)\n");
  if (!r.totals.empty()) {
    out += "city totals (" + city.model().unit + "):";
    int n = 0;
    for (const auto& [name, v] : r.totals) {
      if (n++ >= 6) break;
      absl::StrAppend(&out, n == 1 ? " " : " | ", name, " ", model::FormatFigure(v));
    }
    out += "\n";
  }
  if (!info.out.empty()) {
    absl::StrAppend(&out, "tables: ", info.out, "/ (", city.consolidated_count(),
                    " consolidated units, CSV and JSON) and report.json\n");
  }
  out += r.clean() ? "result: every check holds\n"
                   : absl::StrCat("result: ", r.checks.failed, " failed checks, ", r.unreadable,
                                  " unreadable units, ", r.unknown_codes, " unknown codes\n");
  return out;
}

absl::Status WriteConsolidatedTables(const City& city, const std::string& dir,
                                     const Progress& progress) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrCat(dir, ": ", ec.message()));
  std::vector<std::string> codes = city.ConsolidatedCodes();
  for (size_t k = 0; k < codes.size(); ++k) {
    std::optional<model::UnitData> tables = city.ConsolidatedTables(codes[k]);
    if (!tables) continue;
    std::string base = (std::filesystem::path(dir) / SafeFileName(codes[k])).string();
    absl::Status s =
        model::SaveFileAtomically(base + ".csv", model::WriteUnitCsv(city.model(), *tables));
    if (s.ok())
      s = model::SaveFileAtomically(base + ".json", model::WriteUnitJson(city.model(), *tables));
    if (!s.ok()) return s;
    if (progress) progress("writing tables", k + 1, codes.size());
  }
  return absl::OkStatus();
}

}  // namespace suan::city
