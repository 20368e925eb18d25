#include "engine/city/city.hpp"

#include <malloc.h>
#include <time.h>
#include <algorithm>
#include <atomic>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/city/consolidated_checks.hpp"
#include "engine/city/consolidation.hpp"
#include "engine/city/row_identity.hpp"
#include "engine/city/thread_pool.hpp"
#include "engine/model/labels.hpp"
#include "engine/model/unit_export.hpp"
#include "engine/model/unit_file.hpp"

namespace suan::city {

namespace {

double Now() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double CpuNow() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

bool IsZero(std::optional<double> v) {
  return !v || *v == 0;
}

// A row of a part by what a user calls it: a fixed row's key or caption, a code, a project.
model::UnitRow* FindNamedRow(const model::PartDef& part, model::UnitPart& rows,
                             std::string_view name) {
  std::string code = model::NormalizeCode(name);
  int fixed = part.FixedRowIndex(name);
  if (fixed < 0) {
    std::string want = model::NormalizeLabel(name);
    for (size_t j = 0; j < part.fixed_rows.size() && fixed < 0; ++j) {
      for (const std::string& c : part.fixed_rows[j].captions) {
        if (model::NormalizeLabel(c) == want) fixed = int(j);
      }
    }
  }
  for (model::UnitRow& r : rows.rows) {
    if (fixed >= 0 && r.kind == model::RowKind::kFixed &&
        r.key == part.fixed_rows[size_t(fixed)].key) {
      return &r;
    }
    if (!code.empty() && r.kind == model::RowKind::kCode && r.code == code) return &r;
    if (r.kind == model::RowKind::kItem && r.key == name) return &r;
  }
  return nullptr;
}

// The new row a figure of an absent row makes, or an error when the name fits no row.
absl::StatusOr<model::UnitRow> NewRow(const model::PartDef& part, std::string_view name) {
  model::UnitRow row;
  std::string code = model::NormalizeCode(name);
  int fixed = part.FixedRowIndex(name);
  if (fixed >= 0) {
    row.kind = model::RowKind::kFixed;
    row.key = part.fixed_rows[size_t(fixed)].key;
    row.label = part.fixed_rows[size_t(fixed)].captions[0];
  } else if (!code.empty() && part.codes) {
    if (part.codes->LevelOf(code) < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("code ", std::string(name), " is no level of ", part.codes->name()));
    }
    row.kind = model::RowKind::kCode;
    row.key = row.code = code;
    row.label = part.codes->NameOf(code);
  } else if (part.has_items) {
    row.kind = model::RowKind::kItem;
    row.key = row.label = std::string(name);
  } else {
    return absl::NotFoundError(absl::StrCat("no row 「", std::string(name), "」"));
  }
  row.texts.assign(part.text_columns.size(), "");
  if (row.kind == model::RowKind::kItem && part.items_text_column >= 0) {
    row.texts[size_t(part.items_text_column)] = row.key;
  }
  row.values.assign(part.columns.size(), std::nullopt);
  return row;
}

const model::UnitRow* PriorRow(const model::UnitData& u, int table, int part,
                               const std::string& name) {
  for (const model::UnitRow& r : u.tables[size_t(table)].parts[size_t(part)].rows) {
    if (r.key == name || (r.kind == model::RowKind::kCode && r.code == name)) return &r;
  }
  return nullptr;
}

std::vector<std::tuple<std::string, std::string, std::string>> PriorKeys(const model::UnitData& u) {
  std::vector<std::tuple<std::string, std::string, std::string>> keys;
  for (const model::PriorFigure& f : u.prior) keys.emplace_back(f.table, f.row, f.column);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The row of `rows` that is `row` (same kind and key).
const model::UnitRow* SameRow(const model::UnitPart& rows, const model::UnitRow& row) {
  for (const model::UnitRow& r : rows.rows) {
    if (r.kind == row.kind && r.key == row.key && r.code == row.code) return &r;
  }
  return nullptr;
}

// f(table, part, row, column) for every figure of a unit's published tables.
template <typename F>
void ForEachFigure(const model::UnitData& u, F&& f) {
  for (size_t k = 0; k < u.tables.size(); ++k) {
    if (!u.tables[k].present) continue;
    for (size_t p = 0; p < u.tables[k].parts.size(); ++p) {
      for (const model::UnitRow& r : u.tables[k].parts[p].rows) {
        for (size_t j = 0; j < r.values.size(); ++j) {
          if (r.values[j]) f(int(k), int(p), r, int(j));
        }
      }
    }
  }
}

double RoundTo(double v, int decimals) {
  double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  return r == 0 ? 0 : r;  // no -0
}

}  // namespace

UnitLoader FileLoader(const std::string& dir) {
  return [dir](const model::Template& t, const UnitEntry& e) -> absl::StatusOr<model::UnitData> {
    std::string path = (std::filesystem::path(dir) / e.file).string();
    return model::LoadUnitFile(t, path);
  };
}

class City::NamedUnits : public model::OtherUnits {
 public:
  explicit NamedUnits(const City& city) : city_(city) {}
  // Nodes are only ever added (a removed unit's node stays, marked).
  void Add(int node) {
    const Node& n = city_.nodes_[size_t(node)];
    by_code_[n.code] = node;
    by_name_[n.name].push_back(node);
  }
  std::optional<model::NamedUnit> Find(std::string_view name, std::string* why) const override {
    int node = -1;
    if (auto it = by_code_.find(std::string(name)); it != by_code_.end()) {
      node = it->second;
    } else if (auto by = by_name_.find(std::string(name)); by != by_name_.end()) {
      std::vector<std::string> codes;
      for (int n : by->second) {
        if (!Removed(n)) codes.push_back(city_.nodes_[size_t(n)].code);
      }
      if (codes.size() > 1) {
        *why = absl::StrCat("more than one unit is named '", std::string(name),
                            "' (codes: ", absl::StrJoin(codes, ", "), "): name it by its code");
        return std::nullopt;
      }
      for (int n : by->second) {
        if (!Removed(n)) node = n;
      }
    }
    if (node < 0 || Removed(node)) {
      *why = absl::StrCat("names unit '", std::string(name), "', which this city does not have");
      return std::nullopt;
    }
    const Node& n = city_.nodes_[size_t(node)];
    const DataUnit* u = n.data_unit >= 0 ? &city_.units_[size_t(n.data_unit)] : nullptr;
    if (!u || !u->data) {
      *why = absl::StrCat("names unit '", std::string(name), "' (", n.code, "), which has ",
                          u ? "no figures that could be read" : "no figures of its own");
      return std::nullopt;
    }
    return model::NamedUnit{n.code, u->data.get()};
  }

 private:
  bool Removed(int node) const {
    int u = city_.nodes_[size_t(node)].data_unit;
    return u >= 0 && city_.units_[size_t(u)].removed;
  }
  const City& city_;
  absl::flat_hash_map<std::string, int> by_code_;
  absl::flat_hash_map<std::string, std::vector<int>> by_name_;
};

City::City(const model::Template& t, CityOptions options)
    : t_(t),
      options_(std::move(options)),
      book_(std::make_unique<Workbook>()),
      named_(std::make_unique<NamedUnits>(*this)) {
  // A full recalculation of the city's workbook (the build, a rebuild after a change of
  // shape) runs by blocks of its evaluation order on the threads the units are checked on.
  book_->SetCalcThreads(Threads());
}

City::~City() = default;

void City::Report(std::string_view stage, size_t done, size_t total) const {
  if (!options_.progress) return;
  std::lock_guard<std::mutex> lock(progress_mutex_);
  options_.progress(stage, done, total);
}

absl::StatusOr<std::unique_ptr<City>> City::Open(const model::Template& t, const std::string& dir,
                                                 CityOptions options) {
  absl::StatusOr<Manifest> manifest = ReadManifest(dir);
  if (!manifest.ok()) return manifest.status();
  return Build(t, *std::move(manifest), FileLoader(dir), std::move(options));
}

absl::StatusOr<std::unique_ptr<City>> City::Build(const model::Template& t, Manifest manifest,
                                                  const UnitLoader& loader, CityOptions options) {
  absl::StatusOr<UnitTree> tree = UnitTree::Build(manifest);
  if (!tree.ok()) return tree.status();
  auto city = std::unique_ptr<City>(new City(t, std::move(options)));
  city->manifest_ = std::move(manifest);
  absl::Status s = city->BuildFromTree(*tree, loader);
  if (!s.ok()) return s;
  return city;
}

absl::Status City::BuildFromTree(const UnitTree& tree, const UnitLoader& loader) {
  double start = Now(), cpu_start = CpuNow();
  for (const TreeNode& n : tree.nodes()) {
    Node node;
    node.code = n.code;
    node.name = n.name;
    node.parent = n.parent;
    node.children = n.children;
    node.depth = n.depth;
    node.entry = n.entry;
    nodes_.push_back(std::move(node));
    named_->Add(int(nodes_.size()) - 1);
  }
  units_.resize(tree.data_units().size());
  std::vector<int> all;
  for (size_t u = 0; u < units_.size(); ++u) {
    int node = tree.data_units()[u];
    units_[u].node = node;
    units_[u].entry = nodes_[size_t(node)].entry;
    nodes_[size_t(node)].data_unit = int(u);
    unit_by_code_[nodes_[size_t(node)].code] = int(u);
    all.push_back(int(u));
  }
  // Which nodes consolidate is known before any figure (and read while units are checked).
  ListConsolidated(tree);

  double t0 = Now(), cpu0 = CpuNow();
  ReadUnits(all, loader);
  double read_cpu = CpuNow() - cpu0;
  // Checking units and building the city's workbook share nothing until the consolidated
  // units' tolerances (their members' sums). The workbook is built on this thread, one step
  // after the other, so it goes first: the other threads start checking, and this one joins
  // them once the workbook is done. With one thread the two run in turn.
  double checks_done = t0, check_cpu = 0;
  if (Threads() > 1) {
    check_cpu = CheckUnits(
        all, [&] { BuildCityWorkbook(all, /*progress=*/false); }, &checks_done);
  } else {
    check_cpu = CheckUnits(all, {}, &checks_done);
    BuildCityWorkbook(all, /*progress=*/true);
  }
  timings_.load_and_check_ms = checks_done - t0;
  timings_.load_and_check_cpu_ms = read_cpu + check_cpu;
  for (Consolidated& c : consolidated_) {
    if (c.problem.empty()) SetMemberTolerances(c);
  }
#if defined(__GLIBC__)
  // The units' workbooks were freed on the checking threads, whose allocator arenas keep the
  // pages; give them back.
  malloc_trim(0);
#endif

  t0 = Now();
  CheckAllConsolidated();
  timings_.consolidated_checks_ms = Now() - t0;

  t0 = Now();
  RefreshVerdicts();
  timings_.verdicts_ms = Now() - t0;

  unit_cells_ = 0;
  for (const DataUnit& u : units_) unit_cells_ += u.cells;
  timings_.total_ms = Now() - start;
  timings_.total_cpu_ms = CpuNow() - cpu_start;
  return absl::OkStatus();
}

void City::BuildCityWorkbook(const std::vector<int>& all, bool progress) {
  double t0 = Now();
  std::vector<const model::UnitData*> data;
  for (const DataUnit& u : units_) data.push_back(u.data.get());
  aligned_.Assign(t_, data);
  CreateSheets(all);
  for (size_t u = 0; u < units_.size(); ++u) {
    WriteFigures(units_[u], +1);
    if (progress) Report("placing figures", u + 1, units_.size());
  }
  timings_.place_ms = Now() - t0;

  t0 = Now();
  for (size_t c = 0; c < consolidated_.size(); ++c) {
    CompileConsolidated(consolidated_[c], /*tolerances=*/false);
    if (progress) Report("consolidating", c + 1, consolidated_.size());
  }
  timings_.consolidate_ms = Now() - t0;

  t0 = Now();
  if (progress) Report("calculating", 0, 1);
  book_->Recalculate();
  timings_.calculate_ms = Now() - t0;
  timings_.engine = book_->stats();
  // Counted here, while units are still being checked, rather than after everything.
  city_cells_ = 0;
  for (uint32_t s = 0; s < book_->sheet_count(); ++s) {
    book_->ForEachValue(s, [&](int32_t, int32_t, const Value&) { ++city_cells_; });
  }
}

void City::ListConsolidated(const UnitTree& tree) {
  for (int n : tree.consolidating()) {
    Consolidated c;
    c.code = nodes_[size_t(n)].code;
    c.name = nodes_[size_t(n)].name;
    c.node = n;
    c.members = SubtreeUnits(n);
    nodes_[size_t(n)].consolidated = int(consolidated_.size());
    consolidated_.push_back(std::move(c));
  }
  for (const Selection& s : options_.selections) {
    Consolidated c;
    c.code = "sel:" + s.name;
    c.name = s.name;
    c.selection = true;
    for (size_t u = 0; u < units_.size(); ++u) {
      if (units_[u].entry >= 0 && s.Matches(manifest_.units[size_t(units_[u].entry)])) {
        c.members.push_back(int(u));
      }
    }
    consolidated_.push_back(std::move(c));
  }
  for (size_t c = 0; c < consolidated_.size(); ++c) {
    for (int m : consolidated_[c].members) units_[size_t(m)].consolidations.push_back(int(c));
  }
  CountConsolidations();
}

int City::Threads() const {
  return std::max(options_.threads > 0 ? options_.threads : DefaultThreads(), 1);
}

void City::OnThreads(const char* what, size_t count,
                     const std::function<void(size_t i, int worker)>& work,
                     const std::function<void()>& first) {
  std::atomic<size_t> done{0};
  ParallelFor(
      count, Threads(),
      [&](size_t i, int worker) {
        work(i, worker);
        Report(what, done.fetch_add(1) + 1, count);
      },
      first);
}

void City::ReadUnits(const std::vector<int>& indexes, const UnitLoader& loader) {
  // Every unit is read before any is checked: a unit's checks may read another's figures
  // (references naming a unit).
  OnThreads("reading units", indexes.size(), [&](size_t i, int) {
    DataUnit& u = units_[size_t(indexes[i])];
    const UnitEntry& e = manifest_.units[size_t(u.entry)];
    absl::StatusOr<model::UnitData> data = loader(t_, e);
    if (!data.ok()) {
      u.problem = std::string(data.status().message());
    } else {
      u.data = std::make_unique<model::UnitData>(*std::move(data));
    }
  });
}

double City::CheckUnits(const std::vector<int>& indexes, const std::function<void()>& first,
                        double* done_at) {
  std::vector<UnitChecker> checkers(static_cast<size_t>(Threads()));
  std::atomic<size_t> done{0};
  std::atomic<int64_t> cpu_ns{0};
  OnThreads(
      "checking units", indexes.size(),
      [&](size_t i, int worker) {
        DataUnit& u = units_[size_t(indexes[i])];
        timespec a, b;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        if (u.data) CheckUnit(u, &checkers[size_t(worker)]);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
        cpu_ns += int64_t(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
        // One thread checks the last.
        if (done.fetch_add(1) + 1 == indexes.size() && done_at) *done_at = Now();
      },
      first);
  if (indexes.empty() && done_at) *done_at = Now();
  return double(cpu_ns.load()) / 1e6;
}

void City::CheckUnit(DataUnit& u, UnitChecker* checker) {
  u.verdict = Verdict();
  u.tolerances.clear();
  u.live.reset();
  const model::CompiledUnit* compiled = nullptr;
  const Workbook* book = nullptr;
  size_t cells = 0;
  absl::Status s;
  model::CompileOptions names = NamesFor(u.node, false);
  if (checker) {
    s = checker->Check(t_, *u.data, names);
    if (s.ok()) {
      compiled = &checker->compiled();
      book = &checker->book();
      cells = checker->CellCount();
    }
  } else {
    absl::StatusOr<std::unique_ptr<UnitWorkbook>> w = UnitWorkbook::Compile(t_, *u.data, names);
    s = w.status();
    if (s.ok()) {
      u.live = *std::move(w);
      compiled = &u.live->compiled();
      book = &u.live->book();
      cells = u.live->CellCount();
    }
  }
  if (!s.ok()) {
    u.problem = absl::StrCat("the model does not fit this unit: ", s.message());
    return;
  }
  u.problem.clear();
  u.named_units = compiled->named_units;
  u.names_other_units = compiled->names_other_units;
  if (u.names_other_units) names_other_units_ = true;
  u.verdict = ReadVerdict(t_, *compiled, *book);
  u.verdict_stale = false;
  u.tolerances_stale = false;
  ReadTolerances(u, *compiled, *book);
  u.cells = cells;
}

void City::ReadTolerances(DataUnit& u, const model::CompiledUnit& compiled, const Workbook& book) {
  std::vector<double> tolerances = city::ReadTolerances(compiled, book);
  const std::vector<model::CheckInstance>& checks = compiled.checks;
  u.tolerances.clear();
  std::lock_guard<std::mutex> lock(ids_mutex_);  // units are checked on several threads
  for (size_t k = 0; k < checks.size(); ++k) {
    if (!checks[k].evaluated()) continue;
    u.tolerances.emplace_back(CheckId(checks[k].id), tolerances[k]);
  }
}

uint32_t City::CheckId(const std::string& id) {
  auto [it, added] = check_ids_.emplace(id, uint32_t(check_ids_.size()));
  if (added) check_names_.push_back(id);
  return it->second;
}

void City::CreateSheets(const std::vector<int>& indexes) {
  // Adjacent units have adjacent sheets (3-D references).
  for (int i : indexes) {
    absl::StatusOr<uint32_t> s = book_->AddSheet(absl::StrCat("u", i));
    units_[size_t(i)].place.sheet = s.ok() ? *s : 0;
  }
}

void City::WriteFigures(DataUnit& u, int sign) {
  if (!u.data) return;
  const model::UnitData& d = *u.data;
  for (size_t k = 0; k < d.tables.size() && k < t_.tables.size(); ++k) {
    if (!d.tables[k].present) continue;
    for (size_t p = 0; p < d.tables[k].parts.size(); ++p) {
      for (const model::UnitRow& r : d.tables[k].parts[p].rows) {
        std::optional<int32_t> row = sign > 0 ? PlaceRow(aligned_, u.place, int(k), int(p), r)
                                              : city::FindRow(aligned_, u.place, int(k), int(p), r);
        if (!row) continue;
        for (size_t j = 0; j < r.values.size(); ++j) {
          if (!r.values[j]) continue;
          int32_t col = aligned_.Column(int(k), int32_t(j));
          if (sign > 0) {
            (void)book_->SetValue(u.place.sheet, *row, col, Value::Number(*r.values[j]));
          } else {
            (void)book_->Clear(u.place.sheet, *row, col);
          }
        }
      }
    }
  }
  for (const model::PriorFigure& f : d.prior) {
    int k = t_.TableIndex(f.table);
    if (k < 0 || !d.tables[size_t(k)].present) continue;
    for (size_t p = 0; p < t_.tables[size_t(k)].parts.size(); ++p) {
      int column = t_.tables[size_t(k)].parts[p].ColumnIndex(f.column);
      const model::UnitRow* r = column < 0 ? nullptr : PriorRow(d, k, int(p), f.row);
      if (!r) continue;
      std::string identity = RowIdentity(k, int(p), *r);
      if (sign > 0) {
        auto [row, col] = aligned_.PriorCell(identity, column);
        (void)book_->SetValue(u.place.sheet, row, col, Value::Number(f.value));
      } else if (auto at = aligned_.FindPriorCell(identity, column)) {
        (void)book_->Clear(u.place.sheet, at->first, at->second);
      }
      break;
    }
  }
}

std::vector<int> City::SubtreeUnits(int node) const {
  std::vector<int> out, stack = {node};
  while (!stack.empty()) {
    int n = stack.back();
    stack.pop_back();
    const Node& nd = nodes_[size_t(n)];
    if (nd.data_unit >= 0 && !units_[size_t(nd.data_unit)].removed) out.push_back(nd.data_unit);
    for (auto it = nd.children.rbegin(); it != nd.children.rend(); ++it) stack.push_back(*it);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Member> City::MembersOf(const Consolidated& c) const {
  std::vector<Member> out;
  out.reserve(c.members.size());
  for (int m : c.members) out.push_back({units_[size_t(m)].data.get(), &units_[size_t(m)].place});
  return out;
}

void City::CompileConsolidated(Consolidated& c, bool tolerances) {
  if (c.built) RetireSheets(c.compiled);
  std::vector<const model::UnitData*> data;
  for (int m : c.members) data.push_back(units_[size_t(m)].data.get());
  c.shape = BuildShape(t_, data, c.name);
  model::CompileOptions options;
  options.mode = model::Mode::kAudit;  // laid out as its checks' compile lays it out
  options.tables_only = true;
  options.recalculate = false;
  int index = int(&c - consolidated_.data());
  options.prefix = absl::StrCat(c.selection ? "s" : "c", index,
                                c.generation ? absl::StrCat("g", c.generation) : "", ".");
  absl::StatusOr<model::CompiledUnit> compiled =
      model::CompileUnit(t_, c.shape.data, options, *book_);
  c.generation++;
  c.built = true;
  c.rebuild = false;
  c.verdict_stale = true;
  c.recheck = true;
  DropLiveChecks(c);
  c.changed.clear();
  c.copy_all = false;
  if (!compiled.ok()) {
    // The template cannot be compiled over this union of rows: nothing to sum into.
    c.compiled = model::CompiledUnit();
    c.problem =
        absl::StrCat("the model does not fit the consolidated rows: ", compiled.status().message());
    return;
  }
  c.problem.clear();
  c.compiled = *std::move(compiled);
  WriteSumFormulas(t_, c.compiled, c.shape, aligned_, MembersOf(c), *book_);
  if (tolerances) SetMemberTolerances(c);
}

void City::CheckAllConsolidated() {
  std::vector<UnitChecker> checkers(static_cast<size_t>(Threads()));
  // The largest first (the root's union of every member's rows), so no thread is left with it.
  std::vector<size_t> order(consolidated_.size());
  for (size_t c = 0; c < order.size(); ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return consolidated_[a].members.size() > consolidated_[b].members.size();
  });
  OnThreads("checking consolidated units", order.size(), [&](size_t i, int worker) {
    CheckConsolidated(consolidated_[order[i]], &checkers[size_t(worker)]);
  });
}

double City::MemberTolerance(const Consolidated& c, const std::string& check_id) {
  std::lock_guard<std::mutex> lock(ids_mutex_);  // consolidated units are checked on threads
  auto it = c.member_tolerance.find(CheckId(check_id));
  return it == c.member_tolerance.end() ? 0 : it->second;
}

void City::CheckConsolidated(Consolidated& c, UnitChecker* checker) {
  c.recheck = false;
  c.verdict_stale = true;
  std::vector<Consolidated::Cell> changed = std::move(c.changed);
  c.changed.clear();
  bool copy_all = c.copy_all;
  c.copy_all = false;
  if (!c.problem.empty()) {
    DropLiveChecks(c);
    c.verdict = Verdict();
    return;
  }
  if (!checker && c.live) {
    // Only the cells that changed are copied; its dirty cone does the rest.
    Workbook& book = c.live->mutable_book();
    if (copy_all) {
      CopyFigures(t_, c.compiled, *book_, c.live->compiled(), book);
    } else {
      for (const Consolidated::Cell& x : changed) {
        CopyFigure(c.compiled, *book_, c.live->compiled(), book, x.table, x.part, x.row, x.column,
                   /*prior=*/false);
      }
    }
    c.live->Recalculate();
    return;
  }
  model::UnitData figures = ConsolidatedFigures(t_, c.shape, c.compiled, *book_);
  model::CompileOptions names = NamesFor(c.node, true);
  BeforeCalculate before = [&](model::CompiledUnit& compiled, Workbook& book) {
    PutMemberTolerances(compiled, book,
                        [&](const std::string& id) { return MemberTolerance(c, id); });
  };
  absl::Status s;
  const model::CompiledUnit* compiled = nullptr;
  if (checker) {
    s = checker->Check(t_, figures, names, before);
    if (s.ok()) {
      compiled = &checker->compiled();
      c.verdict = ReadVerdict(t_, *compiled, checker->book(), kMemberToleranceCol);
      c.cells = checker->CellCount();
    }
  } else {
    absl::StatusOr<std::unique_ptr<UnitWorkbook>> w =
        UnitWorkbook::Compile(t_, figures, names, before);
    s = w.status();
    if (s.ok()) {
      DropLiveChecks(c);
      c.live = *std::move(w);
      compiled = &c.live->compiled();
      c.cells = c.live->CellCount();
      c.check_row.clear();
      std::lock_guard<std::mutex> lock(ids_mutex_);
      for (const model::CheckInstance& check : compiled->checks) {
        if (check.row >= 0) c.check_row[CheckId(check.id)] = check.row;
      }
    }
  }
  if (s.ok() && !SameLayout(c.compiled, *compiled)) {
    s = absl::InternalError("its checks laid its rows out unlike its tables");
  }
  if (!s.ok()) {
    DropLiveChecks(c);
    c.verdict = Verdict();
    c.problem = absl::StrCat("the model does not fit the consolidated rows: ", s.message());
    return;
  }
  c.named_units = compiled->named_units;
  c.names_other_units = compiled->names_other_units;
  if (c.names_other_units) names_other_units_ = true;
}

void City::KeepLiveConsolidated(int ci) {
  auto at = std::find(live_consolidated_.begin(), live_consolidated_.end(), ci);
  if (at != live_consolidated_.end()) live_consolidated_.erase(at);
  live_consolidated_.push_back(ci);
  // Every edit reaches each consolidated unit above its unit (and the selections it meets):
  // at least those stay, or edits would compile the city's checks again each time.
  while (live_consolidated_.size() > std::max(options_.live_units, most_consolidations_)) {
    Consolidated& o = consolidated_[size_t(live_consolidated_.front())];
    if (!o.live) {  // not expected: every drop goes through DropLiveChecks
      live_consolidated_.pop_front();
      continue;
    }
    // Its verdict is all that stays: read it before the workbook goes.
    if (o.recheck) CheckConsolidated(o, nullptr);
    o.verdict = ReadVerdict(t_, o.live->compiled(), o.live->book(), kMemberToleranceCol);
    o.verdict_stale = true;  // members are named at RefreshVerdicts
    DropLiveChecks(o);
  }
}

void City::DropLiveChecks(Consolidated& c) {
  if (!c.live) return;
  c.live.reset();
  c.check_row.clear();
  int ci = int(&c - consolidated_.data());
  live_consolidated_.erase(std::remove(live_consolidated_.begin(), live_consolidated_.end(), ci),
                           live_consolidated_.end());
}

size_t City::cell_count() const {
  size_t n = unit_cells_ + city_cells_;
  for (const Consolidated& c : consolidated_) n += c.cells;
  return n;
}

void City::RetireSheets(const model::CompiledUnit& compiled) {
  // The engine cannot remove a sheet: a consolidated unit compiled again gets new sheets and
  // the old ones are emptied, so nothing reads or evaluates them any more.
  std::vector<uint32_t> sheets;
  for (const model::TableLayout& tl : compiled.layout.tables) {
    sheets.push_back(tl.sheet);
    sheets.push_back(tl.prior_sheet);
  }
  for (uint32_t s : sheets) {
    if (s >= book_->sheet_count()) continue;
    std::vector<std::pair<int32_t, int32_t>> cells;
    book_->ForEachValue(s, [&](int32_t r, int32_t c, const Value&) { cells.emplace_back(r, c); });
    int32_t rows = 0;
    for (const auto& [r, c] : cells) rows = std::max(rows, r + 1);
    // Formulas not yet calculated hold no value: look for them in the rows in use.
    for (int32_t r = 0; r <= rows + 64; ++r) {
      for (int32_t c = 0; c < 24; ++c) {
        if (book_->IsFormula(s, r, c)) cells.emplace_back(r, c);
      }
    }
    for (const auto& [r, c] : cells) (void)book_->Clear(s, r, c);
  }
}

absl::flat_hash_map<std::string, std::string> City::ItemRenames(const Consolidated& c,
                                                                const DataUnit& u) const {
  absl::flat_hash_map<std::string, std::string> out;
  if (!u.data) return out;
  for (size_t k = 0; k < u.data->tables.size(); ++k) {
    if (!u.data->tables[k].present) continue;
    for (size_t p = 0; p < u.data->tables[k].parts.size(); ++p) {
      for (const model::UnitRow& r : u.data->tables[k].parts[p].rows) {
        if (r.kind != model::RowKind::kItem) continue;
        auto it = c.shape.item_key.find(RowIdentity(int(k), int(p), r));
        if (it != c.shape.item_key.end() && it->second != r.key) out[r.key] = it->second;
      }
    }
  }
  return out;
}

std::string City::ConsolidatedCheck(const std::string& id,
                                    const absl::flat_hash_map<std::string, std::string>& renames) {
  // A check of a project row ends with "@" and the project's name.
  size_t at = id.rfind('@');
  if (renames.empty() || at == std::string::npos) return id;
  auto it = renames.find(id.substr(at + 1));
  return it == renames.end() ? id : id.substr(0, at + 1) + it->second;
}

uint32_t City::ConsolidatedCheckId(uint32_t id,
                                   const absl::flat_hash_map<std::string, std::string>& renames) {
  if (renames.empty()) return id;
  return CheckId(ConsolidatedCheck(check_names_[id], renames));
}

void City::SetMemberTolerances(Consolidated& c) {
  c.member_tolerance.clear();
  for (int m : c.members) {
    // A project whose name other members use under other codes is a row of its own here,
    // named with its code: its checks too.
    absl::flat_hash_map<std::string, std::string> renames = ItemRenames(c, units_[size_t(m)]);
    for (const auto& [id, tol] : units_[size_t(m)].tolerances) {
      c.member_tolerance[ConsolidatedCheckId(id, renames)] += tol;
    }
  }
}

void City::AddTolerances(const DataUnit& u, int sign) {
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    if (c.rebuild || !c.built) continue;  // recounted when compiled
    absl::flat_hash_map<std::string, std::string> renames = ItemRenames(c, u);
    for (const auto& [member_id, tol] : u.tolerances) {
      if (tol == 0) continue;
      uint32_t id = ConsolidatedCheckId(member_id, renames);
      double& sum = c.member_tolerance[id];
      sum += sign * tol;
      c.recheck = true;
      if (!c.live) continue;  // read when its checks are compiled
      auto row = c.check_row.find(id);
      if (row == c.check_row.end()) continue;
      (void)c.live->mutable_book().SetValue(c.live->compiled().check_sheet, row->second,
                                            kMemberToleranceCol, Value::Number(sum));
    }
  }
}

int City::FindUnit(std::string_view code) const {
  auto it = unit_by_code_.find(absl::string_view(code.data(), code.size()));
  return it == unit_by_code_.end() ? -1 : it->second;
}

int City::FindConsolidated(std::string_view code) const {
  for (size_t c = 0; c < consolidated_.size(); ++c) {
    if (consolidated_[c].code == code) return int(c);
  }
  return -1;
}

UnitWorkbook* City::Live(int unit) {
  DataUnit& u = units_[size_t(unit)];
  if (!u.live && u.data) {
    CheckUnit(u, /*checker=*/nullptr);
    u.verdict_stale = true;
  }
  if (!u.live) return nullptr;
  KeepLive(unit);
  return u.live.get();
}

void City::SetLiveUnits(size_t n) {
  options_.live_units = n;
  if (!live_order_.empty()) KeepLive(live_order_.back());
}

void City::KeepLive(int unit) {
  auto at = std::find(live_order_.begin(), live_order_.end(), unit);
  if (at != live_order_.end()) live_order_.erase(at);
  live_order_.push_back(unit);
  while (live_order_.size() > std::max<size_t>(options_.live_units, 1)) {
    int oldest = live_order_.front();
    live_order_.pop_front();
    DataUnit& o = units_[size_t(oldest)];
    // Its verdict is all that stays: bring it up to date before the workbook goes.
    auto edited = std::find(edited_.begin(), edited_.end(), oldest);
    if (edited != edited_.end()) {
      o.live->Recalculate();
      edited_.erase(edited);
    }
    if (o.tolerances_stale) {
      AddTolerances(o, -1);
      ReadTolerances(o, o.live->compiled(), o.live->book());
      AddTolerances(o, +1);
      o.tolerances_stale = false;
    }
    if (o.verdict_stale) {
      o.verdict = o.live->ReadVerdict(t_);
      o.verdict_stale = false;
    }
    o.live.reset();
  }
}

absl::Status City::SetFigure(std::string_view unit, std::string_view table, std::string_view row,
                             std::string_view column, std::optional<double> value) {
  int ui = FindUnit(unit);
  if (ui < 0) {
    return absl::NotFoundError(absl::StrCat("no unit ", std::string(unit), " with figures"));
  }
  DataUnit& u = units_[size_t(ui)];
  if (!u.data) {
    return absl::FailedPreconditionError(absl::StrCat(
        "unit ", std::string(unit), " could not be read (", u.problem, "); resubmit it whole"));
  }
  int k = t_.TableIndex(table);
  if (k < 0) return absl::NotFoundError(absl::StrCat("no table ", std::string(table)));
  const model::TableDef& def = t_.tables[size_t(k)];
  for (size_t p = 0; p < def.parts.size(); ++p) {
    int j = def.parts[p].ColumnIndex(column);
    if (j < 0) continue;
    model::UnitTable& ut = u.data->tables[size_t(k)];
    model::UnitRow* r = ut.present ? FindNamedRow(def.parts[p], ut.parts[p], row) : nullptr;
    if (!r) {
      if (def.parts.size() > 1 && !NewRow(def.parts[p], row).ok()) continue;
      // A row (or table) the unit does not have yet: a change of shape.
      absl::StatusOr<model::UnitRow> added = NewRow(def.parts[p], row);
      if (!added.ok()) {
        return absl::NotFoundError(absl::StrCat(def.key, " has ", added.status().message()));
      }
      auto data = std::make_unique<model::UnitData>(*u.data);
      model::UnitTable& t = data->tables[size_t(k)];
      t.present = true;
      added->values[size_t(j)] = value;
      t.parts[p].rows.push_back(*std::move(added));
      ChangeShape(ui, std::move(data));
      return absl::OkStatus();
    }
    std::optional<double> old = r->values[size_t(j)];
    r->values[size_t(j)] = value;
    return ApplyFigure(ui, k, int(p), *r, j, old, value);
  }
  return absl::NotFoundError(absl::StrCat(def.key, " has no column ", std::string(column)));
}

absl::Status City::ApplyFigure(int ui, int table, int part, const model::UnitRow& row, int column,
                               std::optional<double> old_value, std::optional<double> value) {
  DataUnit& u = units_[size_t(ui)];
  std::optional<int32_t> at = city::FindRow(aligned_, u.place, table, part, row);
  if (!at) return absl::InternalError("a unit row without a place in the city's workbook");
  int32_t col = aligned_.Column(table, column);
  absl::Status s = value ? book_->SetValue(u.place.sheet, *at, col, Value::Number(*value))
                         : book_->Clear(u.place.sheet, *at, col);
  if (!s.ok()) return s;
  bool first = value && !old_value;
  // The cell summing this one in each consolidated unit above it: its checks get the new sum
  // at Recalculate.
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    c.verdict_stale = true;
    c.recheck = true;
    if (c.rebuild || !c.built || !c.problem.empty()) continue;
    const model::TableLayout& tl = c.compiled.layout.tables[size_t(table)];
    const model::PartLayout* pl = tl.present ? &tl.parts[size_t(part)] : nullptr;
    int r = !pl                                  ? -1
            : row.kind == model::RowKind::kFixed ? pl->FindFixed(row.key)
            : row.kind == model::RowKind::kCode  ? pl->FindCode(row.code)
                                                 : -1;
    if (r < 0) {
      // An absent table, or a project row (its formula names members one by one, and its
      // name there may be told apart by its code): a first figure compiles it again.
      if (first) {
        c.rebuild = true;
      } else {
        c.copy_all = true;
      }
      continue;
    }
    int32_t target_row = pl->rows[size_t(r)].sheet_row, target_col = pl->value_col + column;
    if (first && !book_->IsFormula(tl.sheet, target_row, target_col)) {
      // No member filled this consolidated cell before: it has no formula yet.
      (void)book_->SetFormula(tl.sheet, target_row, target_col,
                              SumFormula(MembersOf(c), aligned_, table, *at, column, *book_));
    }
    if (c.changed.size() < Consolidated::kMostChangedCells) {
      c.changed.push_back({table, part, r, column});
    } else {
      c.copy_all = true;
    }
  }
  if (old_value && !value) DropEmptySums(ui, table, part, row, column);
  bool was_live = u.live != nullptr;
  UnitWorkbook* w = Live(ui);
  if (w && was_live) (void)w->SetFigure(table, part, row, column, value);
  if (w && std::find(edited_.begin(), edited_.end(), ui) == edited_.end()) edited_.push_back(ui);
  if (IsZero(old_value) != IsZero(value)) u.tolerances_stale = true;
  u.verdict_stale = true;
  NamedUnitChanged(ui);
  return absl::OkStatus();
}

void City::DropEmptySums(int ui, int table, int part, const model::UnitRow& row, int column) {
  const DataUnit& u = units_[size_t(ui)];
  std::optional<int32_t> at = city::FindRow(aligned_, u.place, table, part, row);
  if (!at) return;
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    if (c.rebuild || !c.built || !c.problem.empty()) continue;
    const model::TableLayout& tl = c.compiled.layout.tables[size_t(table)];
    if (!tl.present) continue;
    const model::PartLayout& pl = tl.parts[size_t(part)];
    if (row.kind == model::RowKind::kItem) {
      c.rebuild = true;  // a project row names its members: compile it again
      continue;
    }
    int r = row.kind == model::RowKind::kFixed ? pl.FindFixed(row.key) : pl.FindCode(row.code);
    if (r < 0) continue;
    int32_t target_row = pl.rows[size_t(r)].sheet_row, target_col = pl.value_col + column;
    if (!book_->IsFormula(tl.sheet, target_row, target_col)) continue;
    bool fed = false;
    for (int m : c.members) {
      if (!units_[size_t(m)].data) continue;
      Value v = book_->Get(units_[size_t(m)].place.sheet, *at, aligned_.Column(table, column));
      if (!v.is_empty()) {
        fed = true;
        break;
      }
    }
    if (!fed) (void)book_->Clear(tl.sheet, target_row, target_col);
  }
}

absl::Status City::ReplaceUnit(std::string_view unit, model::UnitData data) {
  int ui = FindUnit(unit);
  if (ui < 0) {
    return absl::NotFoundError(absl::StrCat("no unit ", std::string(unit), " with figures"));
  }
  DataUnit& u = units_[size_t(ui)];
  if (data.tables.size() != t_.tables.size()) {
    return absl::InvalidArgumentError("the figures are not shaped by this city's template");
  }
  bool same_shape = false;
  if (u.data && u.problem.empty()) {
    ShapeCounts before, after;
    before.Add(t_, *u.data, +1);
    after.Add(t_, data, +1);
    same_shape = before.SameUnion(after) && PriorKeys(*u.data) == PriorKeys(data);
    if (same_shape) {
      for (size_t k = 0; k < t_.tables.size() && same_shape; ++k) {
        for (size_t p = 0; p < data.tables[k].parts.size(); ++p) {
          if (data.tables[k].parts[p].rows.size() != u.data->tables[k].parts[p].rows.size()) {
            same_shape = false;  // a row given twice
          }
        }
      }
    }
  }
  if (!same_shape) {
    ChangeShape(ui, std::make_unique<model::UnitData>(std::move(data)));
    return absl::OkStatus();
  }
  // Same rows: each changed figure is a value edit.
  for (size_t k = 0; k < t_.tables.size(); ++k) {
    for (size_t p = 0; p < data.tables[k].parts.size(); ++p) {
      for (model::UnitRow& nr : data.tables[k].parts[p].rows) {
        model::UnitRow* old = nullptr;
        for (model::UnitRow& r : u.data->tables[k].parts[p].rows) {
          if (r.kind == nr.kind && r.key == nr.key && r.code == nr.code) {
            old = &r;
            break;
          }
        }
        if (!old) continue;
        for (size_t j = 0; j < nr.values.size() && j < old->values.size(); ++j) {
          if (nr.values[j] == old->values[j]) continue;
          std::optional<double> before = old->values[j];
          old->values[j] = nr.values[j];
          absl::Status s = ApplyFigure(ui, int(k), int(p), *old, int(j), before, nr.values[j]);
          if (!s.ok()) return s;
        }
      }
    }
  }
  // Prior-year figures at the same places.
  for (size_t f = 0; f < data.prior.size(); ++f) {
    for (model::PriorFigure& old : u.data->prior) {
      if (old.table != data.prior[f].table || old.row != data.prior[f].row ||
          old.column != data.prior[f].column || old.value == data.prior[f].value) {
        continue;
      }
      old.value = data.prior[f].value;
      ChangeShape(ui, std::make_unique<model::UnitData>(std::move(data)));
      return absl::OkStatus();
    }
  }
  u.data->name = data.name;
  u.data->notes = std::move(data.notes);
  u.data->source = data.source;
  return absl::OkStatus();
}

void City::ChangeShape(int ui, std::unique_ptr<model::UnitData> data) {
  DataUnit& u = units_[size_t(ui)];
  NamedUnitChanged(ui);
  WriteFigures(u, -1);
  AddTolerances(u, -1);
  std::vector<std::string> old_rows;
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    ShapeCounts before = c.shape.counts;
    if (u.data) c.shape.counts.Add(t_, *u.data, -1);
    c.shape.counts.Add(t_, *data, +1);
    // The union is the same, but this unit's own project rows are named one by one and its
    // prior-year figures placed cell by cell: compile again unless neither changed.
    bool items_same = true;
    if (u.data) {
      ShapeCounts a, b;
      a.Add(t_, *u.data, +1);
      b.Add(t_, *data, +1);
      items_same = a.SameUnion(b) && PriorKeys(*u.data) == PriorKeys(*data);
    }
    if (!before.SameUnion(c.shape.counts) || !items_same) c.rebuild = true;
  }
  std::unique_ptr<model::UnitData> old = std::move(u.data);
  u.data = std::move(data);
  WriteFigures(u, +1);
  if (old) {
    // Figures the unit no longer has: a consolidated cell only it fed is blank again.
    ForEachFigure(*old, [&](int k, int p, const model::UnitRow& r, int j) {
      const model::UnitTable& now = u.data->tables[size_t(k)];
      const model::UnitRow* same = now.present ? SameRow(now.parts[size_t(p)], r) : nullptr;
      if (!same || !same->values[size_t(j)]) DropEmptySums(ui, k, p, r, j);
    });
  }
  CheckUnit(u, /*checker=*/nullptr);
  if (u.live) KeepLive(ui);
  AddTolerances(u, +1);
  u.verdict_stale = false;
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    c.verdict_stale = true;
    c.recheck = true;
    c.copy_all = true;
    if (c.rebuild) continue;
    // Cells that now have their first figure need a formula.
    const model::UnitData& d = *u.data;
    for (size_t k = 0; k < d.tables.size(); ++k) {
      const model::TableLayout& tl = c.compiled.layout.tables[k];
      if (!d.tables[k].present || !tl.present) continue;
      for (size_t p = 0; p < d.tables[k].parts.size(); ++p) {
        const model::PartLayout& pl = tl.parts[p];
        for (const model::UnitRow& r : d.tables[k].parts[p].rows) {
          if (r.kind == model::RowKind::kItem) continue;
          int row = r.kind == model::RowKind::kFixed ? pl.FindFixed(r.key) : pl.FindCode(r.code);
          std::optional<int32_t> at = city::FindRow(aligned_, u.place, int(k), int(p), r);
          if (row < 0 || !at) continue;
          for (size_t j = 0; j < r.values.size(); ++j) {
            if (!r.values[j]) continue;
            int32_t tr = pl.rows[size_t(row)].sheet_row, tc = pl.value_col + int32_t(j);
            if (book_->IsFormula(tl.sheet, tr, tc)) continue;
            (void)book_->SetFormula(
                tl.sheet, tr, tc,
                SumFormula(MembersOf(c), aligned_, int(k), *at, int32_t(j), *book_));
          }
        }
      }
    }
  }
}

absl::Status City::AddUnit(UnitEntry entry, model::UnitData data) {
  if (FindUnit(entry.code) >= 0) {
    return absl::AlreadyExistsError(absl::StrCat("unit code ", entry.code, " already exists"));
  }
  for (const Node& n : nodes_) {
    if (n.code == entry.code) {
      return absl::AlreadyExistsError(absl::StrCat("unit code ", entry.code, " already exists"));
    }
  }
  int parent = -1;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].code == entry.parent) parent = int(n);
  }
  if (parent < 0) {
    return absl::NotFoundError(absl::StrCat("unit ", entry.code, " names parent ", entry.parent,
                                            ", which is not in the city"));
  }
  if (data.tables.size() != t_.tables.size()) {
    return absl::InvalidArgumentError("the figures are not shaped by this city's template");
  }
  int ni = int(nodes_.size());
  Node node;
  node.code = entry.code;
  node.name = entry.name.empty() ? entry.code : entry.name;
  node.parent = parent;
  node.depth = nodes_[size_t(parent)].depth + 1;
  node.entry = int(manifest_.units.size());
  node.data_unit = int(units_.size());
  manifest_.units.push_back(std::move(entry));
  nodes_.push_back(node);
  nodes_[size_t(parent)].children.push_back(ni);
  named_->Add(ni);

  int ui = int(units_.size());
  units_.emplace_back();
  DataUnit& u = units_.back();
  u.entry = node.entry;
  u.node = ni;
  u.data = std::make_unique<model::UnitData>(std::move(data));
  unit_by_code_[node.code] = ui;
  CreateSheets({ui});
  WriteFigures(u, +1);
  CheckUnit(u, &checker_);
  unit_cells_ += u.cells;
  NamedUnitChanged(ui, /*any=*/true);
  // Every consolidated unit above it (the parent may consolidate for the first time), and the
  // selections it meets, are compiled again over their new members.
  for (int n = parent; n >= 0; n = nodes_[size_t(n)].parent) {
    if (nodes_[size_t(n)].consolidated < 0) {
      Consolidated c;
      c.code = nodes_[size_t(n)].code;
      c.name = nodes_[size_t(n)].name;
      c.node = n;
      nodes_[size_t(n)].consolidated = int(consolidated_.size());
      consolidated_.push_back(std::move(c));
      for (int m : SubtreeUnits(n)) {
        if (m != ui) units_[size_t(m)].consolidations.push_back(nodes_[size_t(n)].consolidated);
      }
    }
    Consolidated& c = consolidated_[size_t(nodes_[size_t(n)].consolidated)];
    c.members = SubtreeUnits(n);
    c.rebuild = true;
    units_[size_t(ui)].consolidations.push_back(nodes_[size_t(n)].consolidated);
  }
  for (size_t s = 0; s < options_.selections.size(); ++s) {
    if (!options_.selections[s].Matches(manifest_.units[size_t(units_[size_t(ui)].entry)])) {
      continue;
    }
    for (size_t ci = 0; ci < consolidated_.size(); ++ci) {
      Consolidated& c = consolidated_[ci];
      if (!c.selection || c.name != options_.selections[s].name) continue;
      c.members.push_back(ui);
      c.rebuild = true;
      units_[size_t(ui)].consolidations.push_back(int(ci));
    }
  }
  CountConsolidations();  // its parent may consolidate for the first time
  return absl::OkStatus();
}

void City::CountConsolidations() {
  for (const DataUnit& u : units_) {
    most_consolidations_ = std::max(most_consolidations_, u.consolidations.size());
  }
}

absl::Status City::RemoveUnit(std::string_view code) {
  int ui = FindUnit(code);
  if (ui < 0) {
    return absl::NotFoundError(absl::StrCat("no unit ", std::string(code), " with figures"));
  }
  DataUnit& u = units_[size_t(ui)];
  Node& node = nodes_[size_t(u.node)];
  if (!node.children.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("unit ", std::string(code), " has members of its own; remove them first"));
  }
  WriteFigures(u, -1);
  AddTolerances(u, -1);
  if (u.data)
    ForEachFigure(*u.data, [&](int k, int p, const model::UnitRow& r, int j) {
      DropEmptySums(ui, k, p, r, j);
    });
  for (int ci : u.consolidations) {
    Consolidated& c = consolidated_[size_t(ci)];
    ShapeCounts before = c.shape.counts;
    if (u.data) c.shape.counts.Add(t_, *u.data, -1);
    c.members.erase(std::remove(c.members.begin(), c.members.end(), ui), c.members.end());
    // Its cells are now empty and its tolerances out of the sums: only a union that lost a
    // row needs compiling again.
    if (!before.SameUnion(c.shape.counts)) c.rebuild = true;
    c.verdict_stale = true;
    c.recheck = true;
    c.copy_all = true;
  }
  if (node.parent >= 0) {
    std::vector<int>& siblings = nodes_[size_t(node.parent)].children;
    siblings.erase(std::remove(siblings.begin(), siblings.end(), u.node), siblings.end());
  }
  unit_cells_ -= std::min(unit_cells_, u.cells);
  u.removed = true;
  unit_by_code_.erase(node.code);
  u.data.reset();
  u.live.reset();
  u.tolerances.clear();
  u.consolidations.clear();
  auto at = std::find(live_order_.begin(), live_order_.end(), ui);
  if (at != live_order_.end()) live_order_.erase(at);
  edited_.erase(std::remove(edited_.begin(), edited_.end(), ui), edited_.end());
  NamedUnitChanged(ui, /*any=*/true);
  return absl::OkStatus();
}

model::CompileOptions City::NamesFor(int node, bool consolidated) const {
  model::CompileOptions o;
  o.other_units = named_.get();
  if (node < 0) {  // a selection: named-unit checks belong to the tree's root
    o.named_unit_checks = false;
    return o;
  }
  const Node& n = nodes_[size_t(node)];
  // A unit's own names mean its own figures; a consolidated unit naming its node's code means
  // the node's own figures (its data unit), as it does everywhere else.
  if (!consolidated) o.self_names = {n.code, n.name};
  // Checks about named units only say the same everywhere: once, on the root (its
  // consolidation, or its figures when nothing consolidates).
  o.named_unit_checks = node == 0 && (consolidated || n.consolidated < 0);
  return o;
}

void City::NamedUnitChanged(int ui, bool any) {
  if (!names_other_units_) return;
  const std::string& code = nodes_[size_t(units_[size_t(ui)].node)].code;
  auto names = [&](bool names_other, const std::vector<std::string>& named) {
    return any ? names_other : std::find(named.begin(), named.end(), code) != named.end();
  };
  for (size_t r = 0; r < units_.size(); ++r) {
    DataUnit& other = units_[r];
    if (int(r) == ui || other.removed || !other.data) continue;
    if (names(other.names_other_units, other.named_units)) other.recheck = true;
  }
  for (Consolidated& c : consolidated_) {
    // Its checks' copies of the named unit's figures are stale: compile them again.
    if (c.built && names(c.names_other_units, c.named_units)) {
      DropLiveChecks(c);
      c.recheck = true;
    }
  }
}

void City::Recheck() {
  if (!names_other_units_) return;
  for (size_t r = 0; r < units_.size(); ++r) {
    DataUnit& u = units_[r];
    if (!u.recheck) continue;
    u.recheck = false;
    if (u.removed || !u.data) continue;
    AddTolerances(u, -1);
    CheckUnit(u, /*checker=*/nullptr);
    if (u.live) KeepLive(int(r));
    AddTolerances(u, +1);
    for (int ci : u.consolidations) consolidated_[size_t(ci)].verdict_stale = true;
  }
}

void City::Recalculate() {
  Recheck();
  for (int ui : edited_) {
    DataUnit& u = units_[size_t(ui)];
    if (!u.live) continue;
    u.live->Recalculate();
    if (u.tolerances_stale) {
      AddTolerances(u, -1);
      ReadTolerances(u, u.live->compiled(), u.live->book());
      AddTolerances(u, +1);
      u.tolerances_stale = false;
    }
  }
  edited_.clear();
  for (Consolidated& c : consolidated_) {
    if (c.rebuild) CompileConsolidated(c);
  }
  book_->Recalculate();
  for (size_t ci = 0; ci < consolidated_.size(); ++ci) {
    Consolidated& c = consolidated_[ci];
    if (!c.recheck) continue;
    CheckConsolidated(c, /*checker=*/nullptr);
    if (c.live) KeepLiveConsolidated(int(ci));
  }
}

void City::RefreshVerdicts() {
  for (DataUnit& u : units_) {
    if (!u.verdict_stale || !u.live) continue;
    u.verdict = u.live->ReadVerdict(t_);
    u.verdict_stale = false;
  }
  for (Consolidated& c : consolidated_) {
    if (!c.verdict_stale) continue;
    if (!c.problem.empty()) {
      c.verdict = Verdict();
    } else if (c.live) {
      c.verdict = ReadVerdict(t_, c.live->compiled(), c.live->book(), kMemberToleranceCol);
    } else {
      for (Finding& f : c.verdict.findings) f.inherited_from.clear();  // named again below
    }
    c.verdict_stale = false;
    // A failure the members share is theirs, summed up: name them. Only a member with failures
    // of its own can share one, and its item renames are worked out once, not per finding (the
    // root of a city of 6,000 units with 60 failing spent 0.9 s here).
    std::vector<Finding*> failed;
    for (Finding& f : c.verdict.findings) {
      if (f.status == "failed") failed.push_back(&f);
    }
    if (failed.empty()) continue;
    for (int m : c.members) {
      const DataUnit& member = units_[size_t(m)];
      if (member.verdict.summary.failed == 0) continue;
      absl::flat_hash_map<std::string, std::string> renames = ItemRenames(c, member);
      absl::flat_hash_set<std::string> theirs;
      for (const Finding& mf : member.verdict.findings) {
        if (mf.status == "failed") theirs.insert(ConsolidatedCheck(mf.check, renames));
      }
      for (Finding* f : failed) {
        if (theirs.contains(f->check)) {
          f->inherited_from.push_back(nodes_[size_t(member.node)].code);
        }
      }
    }
  }
}

std::vector<UnitStatus> City::Units() {
  RefreshVerdicts();
  std::vector<UnitStatus> out;
  for (const DataUnit& u : units_) {
    if (u.removed) continue;
    const Node& n = nodes_[size_t(u.node)];
    UnitStatus s;
    s.kind = UnitStatus::Kind::kUnit;
    s.code = n.code;
    s.name = n.name;
    s.file = u.entry >= 0 ? manifest_.units[size_t(u.entry)].file : "";
    s.depth = n.depth;
    s.readable = u.problem.empty() && u.data;
    s.problem = u.problem;
    if (u.data) {
      s.notes = u.data->notes;
      // "表3: code 2120199 is not in the code list 功能科目; kept", once per table using it.
      std::set<std::string> unknown;
      for (const model::ImportNote& note : u.data->notes) {
        size_t at = note.message.find(" is not in the code list");
        size_t code = at == std::string::npos ? at : note.message.find("code ");
        if (code == std::string::npos || code > at) continue;
        size_t end = note.message.find(' ', code + 5);
        unknown.insert(note.message.substr(code + 5, end - code - 5));
      }
      s.unknown_codes = int(unknown.size());
    }
    s.verdict = &u.verdict;
    out.push_back(std::move(s));
  }
  for (const Consolidated& c : consolidated_) {
    UnitStatus s;
    s.kind = c.selection ? UnitStatus::Kind::kSelection : UnitStatus::Kind::kConsolidated;
    s.code = c.code;
    s.name = c.name;
    s.depth = c.node >= 0 ? nodes_[size_t(c.node)].depth : 0;
    s.members = c.members.size();
    s.readable = c.problem.empty();
    s.problem = c.problem;
    s.verdict = &c.verdict;
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<double> City::Read(const model::CompiledUnit& compiled, std::string_view table,
                                 std::string_view row, std::string_view column) const {
  int k = t_.TableIndex(table);
  if (k < 0 || size_t(k) >= compiled.layout.tables.size()) return std::nullopt;
  const model::TableLayout& tl = compiled.layout.tables[size_t(k)];
  if (!tl.present) return std::nullopt;
  for (size_t p = 0; p < tl.parts.size(); ++p) {
    const model::PartDef& part = t_.tables[size_t(k)].parts[p];
    int j = column.empty() && part.columns.size() == 1 ? 0 : part.ColumnIndex(column);
    if (j < 0) continue;
    const model::PartLayout& pl = tl.parts[p];
    int r = pl.FindFixed(row);
    if (r < 0) r = pl.FindCode(model::NormalizeCode(row));
    if (r < 0) r = pl.FindItem(row);
    if (r < 0) continue;
    Value v = book_->Get(tl.sheet, pl.rows[size_t(r)].sheet_row, pl.value_col + j);
    if (v.is_number()) return v.number();
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> City::UnitFigure(std::string_view unit, std::string_view table,
                                       std::string_view row, std::string_view column) const {
  int ui = FindUnit(unit);
  int k = t_.TableIndex(table);
  if (ui < 0 || k < 0 || !units_[size_t(ui)].data) return std::nullopt;
  model::UnitTable& ut = units_[size_t(ui)].data->tables[size_t(k)];
  if (!ut.present) return std::nullopt;
  for (size_t p = 0; p < ut.parts.size(); ++p) {
    const model::PartDef& part = t_.tables[size_t(k)].parts[p];
    int j = column.empty() && part.columns.size() == 1 ? 0 : part.ColumnIndex(column);
    if (j < 0) continue;
    if (model::UnitRow* r = FindNamedRow(part, ut.parts[p], row)) return r->values[size_t(j)];
  }
  return std::nullopt;
}

std::optional<double> City::ConsolidatedFigure(std::string_view unit, std::string_view table,
                                               std::string_view row,
                                               std::string_view column) const {
  int ci = FindConsolidated(unit);
  if (ci < 0 || !consolidated_[size_t(ci)].problem.empty()) return std::nullopt;
  return Read(consolidated_[size_t(ci)].compiled, table, row, column);
}

std::optional<model::UnitData> City::ConsolidatedTables(std::string_view unit) const {
  int ci = FindConsolidated(unit);
  if (ci < 0) return std::nullopt;
  const Consolidated& c = consolidated_[size_t(ci)];
  if (!c.problem.empty()) return model::UnitData::For(t_);
  model::UnitData out = model::ExportUnit(t_, c.shape.data, c.compiled, *book_);
  for (model::UnitTable& table : out.tables) {
    for (model::UnitPart& part : table.parts) {
      for (model::UnitRow& r : part.rows) {
        for (std::optional<double>& v : r.values) {
          if (v) v = RoundTo(*v, t_.decimals);
        }
      }
    }
  }
  for (model::PriorFigure& f : ConsolidatedPriorFigures(t_, c.compiled, *book_)) {
    f.value = RoundTo(f.value, t_.decimals);
    out.prior.push_back(std::move(f));
  }
  return out;
}

const std::string& City::root_code() const {
  static const std::string none;
  if (nodes_.empty() || nodes_[0].consolidated < 0) return none;
  return consolidated_[size_t(nodes_[0].consolidated)].code;
}

std::vector<std::string> City::ConsolidatedCodes() const {
  std::vector<std::string> out;
  for (const Consolidated& c : consolidated_) out.push_back(c.code);
  return out;
}

size_t City::unit_count() const {
  size_t n = 0;
  for (const DataUnit& u : units_) n += !u.removed;
  return n;
}

size_t City::consolidated_count() const {
  return consolidated_.size();
}

}  // namespace suan::city
