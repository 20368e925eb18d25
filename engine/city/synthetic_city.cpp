#include "engine/city/synthetic_city.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/city/synthetic_unit.hpp"
#include "engine/city/thread_pool.hpp"
#include "engine/io/json.hpp"
#include "engine/io/workbook_json.hpp"
#include "engine/model/unit_data_io.hpp"

namespace suan::city {

namespace {

// The bureau doing the work of a 款, for names.
std::string BureauName(const model::Template& t, const std::string& section) {
  static const std::map<std::string, std::string> kKnown = {
      {"20106", "财政局"},       {"20139", "社会工作部"},
      {"20701", "文化和旅游局"}, {"20801", "人力资源和社会保障局"},
      {"21201", "城市管理局"},   {"22001", "自然资源局"}};
  auto it = kKnown.find(section);
  if (it != kKnown.end()) return it->second;
  const model::CodeList* list = t.FindCodes("功能科目");
  std::string name = list ? list->NameOf(section) : "";
  return name.empty() ? "局" : name + "局";
}

// Picks a figure of `unit` to alter for an error of `kind`; false when it has none.
bool PickFigure(const model::Template& t, model::UnitData& unit, const std::string& kind,
                std::mt19937_64& rng, InjectedError* out, model::UnitRow** row, int* column) {
  struct Candidate {
    int table, part;
    model::UnitRow* row;
    int column;
  };
  std::vector<Candidate> found;
  auto add = [&](const char* table, int part, auto&& row_ok, std::vector<const char*> columns) {
    int k = t.TableIndex(table);
    if (k < 0 || !unit.tables[size_t(k)].present) return;
    model::UnitPart& p = unit.tables[size_t(k)].parts[size_t(part)];
    for (model::UnitRow& r : p.rows) {
      if (!row_ok(r)) continue;
      for (const char* c : columns) {
        int j = t.tables[size_t(k)].parts[size_t(part)].ColumnIndex(c);
        if (j >= 0 && r.values[size_t(j)] && *r.values[size_t(j)] >= 1) {
          found.push_back({k, part, &r, j});
        }
      }
    }
  };
  auto code_of = [](size_t digits) {
    return [digits](const model::UnitRow& r) {
      return r.kind == model::RowKind::kCode && r.code.size() == digits;
    };
  };
  auto fixed = [](const char* key) {
    return
        [key](const model::UnitRow& r) { return r.kind == model::RowKind::kFixed && r.key == key; };
  };
  if (kind == "altered_input") {
    add("表3", 0, code_of(7), {"基本支出", "项目支出"});
    add("表6", 0, code_of(5), {"合计"});
    add("表2", 0, code_of(7), {"一般公共预算"});
    add("表7", 0, [](const model::UnitRow& r) { return r.kind == model::RowKind::kItem; },
        {"商品和服务支出"});
  } else {
    add("表3", 0, fixed("总计"), {"合计"});
    add("表5", 0, fixed("总计"), {"合计"});
    add("表6", 0, fixed("总计"), {"合计"});
    add("表2", 0, fixed("总计"), {"总计"});
    add("表1", 0, fixed("收入总计"), {"预算数"});
    add("表3", 0, code_of(3), {"合计"});
  }
  if (found.empty()) return false;
  const Candidate& c = found[std::uniform_int_distribution<size_t>(0, found.size() - 1)(rng)];
  const model::TableDef& def = t.tables[size_t(c.table)];
  out->table = def.key;
  out->row = c.row->kind == model::RowKind::kCode ? c.row->code : c.row->key;
  out->col = def.parts[size_t(c.part)].columns[size_t(c.column)].key;
  out->kind = kind;
  *row = c.row;
  *column = c.column;
  return true;
}

}  // namespace

absl::StatusOr<SyntheticCity> GenerateCity(const model::Template& t,
                                           const GenerateOptions& options) {
  if (options.departments < 1) {
    return absl::InvalidArgumentError("a city needs at least one department");
  }
  std::vector<std::string> sections = MainSections(t);
  if (sections.empty()) {
    return absl::InvalidArgumentError(
        "the model's 功能科目 list has no 款 with a 行政运行 or 事业运行 code to build "
        "departments on (the generator is made for budget-disclosure-2026.suan)");
  }
  std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ull + 17);
  auto uniform = [&](double a, double b) {
    return std::uniform_real_distribution<double>(a, b)(rng);
  };
  SyntheticCity city;
  Manifest& m = city.manifest;
  UnitEntry root;
  root.code = "C0000";
  root.name = "示范市";
  root.attributes["kind"] = "市";
  m.units.push_back(root);
  std::vector<DepartmentProfile> profiles(1);
  int width = options.departments >= 10000 ? 5 : 4;
  std::map<std::string, int> names;
  std::lognormal_distribution<double> size(0, 0.8);
  for (int d = 1; d <= options.departments; ++d) {
    DepartmentProfile p;
    p.administrative = uniform(0, 1) < 0.6;
    p.main_section = sections[std::uniform_int_distribution<size_t>(0, sections.size() - 1)(rng)];
    p.scale = std::clamp(size(rng), 0.05, 20.0);
    p.seed = rng();
    std::string bureau = BureauName(t, p.main_section);
    int n = ++names[bureau];
    p.name = n == 1 ? bureau : absl::StrCat(bureau, "（", n, "）");
    UnitEntry e;
    e.code = absl::StrFormat("D%0*d", width, d);
    e.name = p.name;
    e.parent = root.code;
    e.attributes["kind"] = p.administrative ? "行政" : "事业";
    e.attributes["class"] = p.main_section.substr(0, 3);
    m.units.push_back(e);
    profiles.push_back(p);
    if (uniform(0, 1) >= options.subunit_share) continue;
    int subunits = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int s = 1; s <= subunits; ++s) {
      DepartmentProfile q = p;
      q.administrative = false;
      q.scale = p.scale * uniform(0.1, 0.4);
      q.seed = rng();
      q.name = absl::StrCat(p.name, "下属事业单位", s);
      UnitEntry sub;
      sub.code = absl::StrFormat("%s-%02d", e.code, s);
      sub.name = q.name;
      sub.parent = e.code;
      sub.attributes["kind"] = "事业";
      sub.attributes["class"] = e.attributes["class"];
      m.units.push_back(sub);
      profiles.push_back(q);
    }
  }
  // Every unit but the city has figures of its own, in the chosen format.
  std::vector<int> with_data;
  for (size_t k = 1; k < m.units.size(); ++k) {
    bool json = options.format == "json" || (options.format == "mixed" && k % 2 == 0);
    m.units[k].file = absl::StrCat("units/", m.units[k].code, json ? ".json" : ".csv");
    with_data.push_back(int(k));
  }
  city.data.resize(m.units.size());
  std::vector<absl::Status> errors(m.units.size());
  ParallelFor(with_data.size(), options.threads, [&](size_t i, int) {
    int k = with_data[i];
    absl::StatusOr<model::UnitData> u = SyntheticDepartment(t, profiles[size_t(k)]);
    if (!u.ok()) {
      errors[size_t(k)] = u.status();
      return;
    }
    city.data[size_t(k)] = *std::move(u);
  });
  for (const absl::Status& s : errors) {
    if (!s.ok()) return s;
  }

  // Known errors, in distinct units while there are enough of them.
  std::vector<int> order = with_data;
  std::shuffle(order.begin(), order.end(), rng);
  for (int e = 0; e < options.inject_errors && !order.empty(); ++e) {
    int k = order[size_t(e) % order.size()];
    model::UnitData& u = *city.data[size_t(k)];
    InjectedError err;
    err.unit = m.units[size_t(k)].code;
    model::UnitRow* row = nullptr;
    int column = 0;
    std::string kind = e % 2 == 0 ? "altered_input" : "broken_total";
    if (!PickFigure(t, u, kind, rng, &err, &row, &column)) continue;
    double from = *row->values[size_t(column)];
    double delta = std::max(1.0, std::round(from * uniform(0.03, 0.2) * 100) / 100);
    if (uniform(0, 1) < 0.5 && from - delta >= 0) delta = -delta;
    err.from = from;
    err.to = std::round((from + delta) * 100) / 100;
    row->values[size_t(column)] = err.to;
    city.injected.push_back(err);
  }
  return city;
}

absl::Status WriteCity(const model::Template& t, const SyntheticCity& city, const std::string& dir,
                       int threads) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir) / "units", ec);
  if (ec) return absl::InternalError(absl::StrCat(dir, ": ", ec.message()));
  std::vector<absl::Status> errors(city.manifest.units.size());
  ParallelFor(city.manifest.units.size(), threads, [&](size_t k, int) {
    const UnitEntry& e = city.manifest.units[k];
    if (e.file.empty() || !city.data[k]) return;
    bool json = e.file.size() > 5 && e.file.substr(e.file.size() - 5) == ".json";
    std::string text =
        json ? model::WriteUnitJson(t, *city.data[k]) : model::WriteUnitCsv(t, *city.data[k]);
    errors[k] = model::SaveFileAtomically((std::filesystem::path(dir) / e.file).string(), text);
  });
  for (const absl::Status& s : errors) {
    if (!s.ok()) return s;
  }
  absl::Status s = model::SaveFileAtomically((std::filesystem::path(dir) / "city.csv").string(),
                                             WriteManifestCsv(city.manifest));
  if (!s.ok()) return s;
  return model::SaveFileAtomically((std::filesystem::path(dir) / "injected.json").string(),
                                   InjectedJson(city.injected));
}

std::string InjectedJson(const std::vector<InjectedError>& injected) {
  std::string out = "[";
  for (size_t k = 0; k < injected.size(); ++k) {
    const InjectedError& e = injected[k];
    out += k ? ",\n " : "\n ";
    out += "{\"unit\":";
    AppendJsonString(out, e.unit);
    out += ",\"table\":";
    AppendJsonString(out, e.table);
    out += ",\"row\":";
    AppendJsonString(out, e.row);
    out += ",\"col\":";
    AppendJsonString(out, e.col);
    out += ",\"kind\":";
    AppendJsonString(out, e.kind);
    out += ",\"from\":";
    AppendJsonNumber(out, e.from);
    out += ",\"to\":";
    AppendJsonNumber(out, e.to);
    out += "}";
  }
  out += injected.empty() ? "]\n" : "\n]\n";
  return out;
}

absl::StatusOr<std::vector<InjectedError>> ReadInjectedJson(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<JsonValue> json = ParseJson(*text, path);
  if (!json.ok()) return json.status();
  if (!json->is_array()) return absl::InvalidArgumentError(path + ": expected a list");
  std::vector<InjectedError> out;
  for (const JsonValue& v : json->items) {
    InjectedError e;
    auto str = [&](const char* key) {
      const JsonValue* f = v.Find(key);
      return f && f->is_string() ? f->string : std::string();
    };
    auto num = [&](const char* key) {
      const JsonValue* f = v.Find(key);
      return f && f->is_number() ? f->number : 0.0;
    };
    e.unit = str("unit");
    e.table = str("table");
    e.row = str("row");
    e.col = str("col");
    e.kind = str("kind");
    e.from = num("from");
    e.to = num("to");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace suan::city
