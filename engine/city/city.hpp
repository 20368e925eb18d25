// A city: a tree of units (the city, its departments, their sub-units) with their budget
// figures, every unit checked against the template, and every node of the tree consolidated
// (汇总) and checked too, kept current as units resubmit or figures are edited.
//
// Where things are calculated:
//  - Each unit with figures of its own is compiled in a workbook of its own (audit mode) and
//    checked there; units share nothing, so this runs on a thread pool. Only the verdict is
//    kept, so the checks that are sums of its figures are evaluated without formulas
//    (model/direct_check.hpp). The workbooks of units being edited are kept with every check a
//    formula (CityOptions::live_units), so an edit reaches the unit's checks through its dirty
//    cone; other units keep only their verdict.
//  - The city's workbook holds every unit's figures (member_sheets.hpp) and the tables of every
//    consolidated unit: a node of the tree with members, or a selection (selection.hpp). Its
//    tables are laid out over the union of its members' rows, their figures formulas summing
//    the members' cells (consolidation.hpp). An edit of a unit's figure is a value edit there:
//    the consolidated tables above it follow through the dirty cone, nothing else is evaluated.
//    At the build it is placed, consolidated and calculated while the units are checked: it
//    needs only their figures (BuildFromTree).
//  - A consolidated unit's checks are the template's, compiled over its figures in a workbook
//    of their own (consolidated_checks.hpp): at the build on the thread pool, keeping only the
//    verdict; while figures under it are edited the workbook stays live and each edit copies
//    in the consolidated cells it changed.
//  - A change of shape (a unit's rows or tables change, a unit is added or removed) rebuilds
//    only the consolidated units whose union of rows changed; the engine then rebuilds its
//    dependency graph, which today it does for the whole workbook.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/city/consolidated_shape.hpp"
#include "engine/city/consolidation.hpp"
#include "engine/city/manifest.hpp"
#include "engine/city/member_sheets.hpp"
#include "engine/city/selection.hpp"
#include "engine/city/unit_tree.hpp"
#include "engine/city/unit_workbook.hpp"
#include "engine/city/verdict.hpp"
#include "engine/model/compile.hpp"
#include "engine/model/template.hpp"
#include "engine/workbook.hpp"

namespace suan::city {

// Reports how far a long step is: (what, done, total).
using Progress = std::function<void(std::string_view, size_t, size_t)>;

struct CityOptions {
  int threads = 0;         // loading and checking units; 0: the hardware's
  size_t live_units = 64;  // unit workbooks kept after an edit (oldest dropped first)
  std::vector<Selection> selections;
  Progress progress;
};

// Reads one unit's figures (the manifest record and the folder given).
using UnitLoader =
    std::function<absl::StatusOr<model::UnitData>(const model::Template&, const UnitEntry&)>;
// The default: the record's file under the manifest's folder, in any form the model reads.
UnitLoader FileLoader(const std::string& dir);

struct CityTimings {
  // Reading every unit's file and checking it (threads). The checks run side by side with the
  // three steps after it, which need only the figures: wall times of each overlap.
  double load_and_check_ms = 0;
  double place_ms = 0;                // unit figures into the city's workbook
  double consolidate_ms = 0;          // consolidated tables laid out and summed
  double calculate_ms = 0;            // the city's workbook calculated
  double consolidated_checks_ms = 0;  // consolidated units checked (threads)
  double verdicts_ms = 0;             // consolidated verdicts read
  double total_ms = 0;
  // CPU time over the same steps: of the threads reading and checking units, and of the
  // process over the whole build. On a busy machine wall time is mostly waiting for a core.
  double load_and_check_cpu_ms = 0;
  double total_cpu_ms = 0;
  // The engine's own figures for the city's workbook (its last rebuild).
  CalcStats engine;
};

// One unit of the report: a unit with figures, or a consolidated one.
struct UnitStatus {
  enum class Kind { kUnit, kConsolidated, kSelection };
  Kind kind = Kind::kUnit;
  std::string code, name;
  std::string file;                      // units: the data file
  int depth = 0;                         // in the tree
  size_t members = 0;                    // consolidated: units summed
  bool readable = true;                  // units: the file could be read and compiled
  std::string problem;                   // why not, or "" when readable
  std::vector<model::ImportNote> notes;  // what the import could not take as it was
  int unknown_codes = 0;                 // notes about codes the template's lists lack
  const Verdict* verdict = nullptr;
};

class City {
 public:
  ~City();
  // Reads the manifest of `dir`, every unit's file, and builds the city. Errors: the manifest
  // (unreadable, empty, duplicate codes, unknown parent, cycle). A unit file that cannot be
  // read is not an error: the unit is reported and consolidates as empty.
  static absl::StatusOr<std::unique_ptr<City>> Open(const model::Template& t,
                                                    const std::string& dir,
                                                    CityOptions options = {});
  static absl::StatusOr<std::unique_ptr<City>> Build(const model::Template& t, Manifest manifest,
                                                     const UnitLoader& loader,
                                                     CityOptions options = {});

  // --- edits (take effect at the next Recalculate) ---
  // A published figure of a unit with figures of its own: `row` is a fixed row's key or
  // caption, a code, or a project's name; nullopt clears it. A row the unit does not have is
  // added (a change of shape).
  absl::Status SetFigure(std::string_view unit, std::string_view table, std::string_view row,
                         std::string_view column, std::optional<double> value);
  // A unit resubmits: its figures replaced. Same rows: value edits only.
  absl::Status ReplaceUnit(std::string_view unit, model::UnitData data);
  // A new unit under `entry.parent` (which must exist); `entry.file` is informational.
  absl::Status AddUnit(UnitEntry entry, model::UnitData data);
  // Removes a unit with figures and no members.
  absl::Status RemoveUnit(std::string_view unit);
  void Recalculate();
  // Recomputes every formula of the city's workbook from scratch (what a full recalculation
  // costs, and a check that the incremental one agrees).
  void RecalculateAll() { book_->RecalculateAll(); }
  // How many unit workbooks stay live after edits (the oldest are dropped, keeping verdicts).
  void SetLiveUnits(size_t n);

  // --- reading ---
  // Every unit: units with figures in tree order, then consolidated units (tree, then
  // selections). Verdicts are current (read on demand after edits).
  std::vector<UnitStatus> Units();
  // A figure of a unit's published tables, or of a consolidated unit (at full precision).
  std::optional<double> UnitFigure(std::string_view unit, std::string_view table,
                                   std::string_view row, std::string_view column) const;
  std::optional<double> ConsolidatedFigure(std::string_view unit, std::string_view table,
                                           std::string_view row, std::string_view column) const;
  // A consolidated unit's tables with their current figures, rounded once to the template's
  // decimals; nullopt for an unknown code.
  std::optional<model::UnitData> ConsolidatedTables(std::string_view unit) const;
  // The code of the root's consolidated unit.
  const std::string& root_code() const;
  std::vector<std::string> ConsolidatedCodes() const;

  const CityTimings& timings() const { return timings_; }
  const Workbook& book() const { return *book_; }
  const model::Template& model() const { return t_; }
  size_t unit_count() const;          // units with figures (not removed)
  size_t consolidated_count() const;  // consolidated units
  // Non-empty cells calculated: every unit's own workbook (tables and checks, as compiled),
  // every consolidated unit's check workbook, and the city's workbook.
  size_t cell_count() const;
  size_t live_unit_workbooks() const { return live_order_.size(); }
  // Consolidated units whose check workbooks are live (figures under them edited).
  size_t live_consolidated_workbooks() const { return live_consolidated_.size(); }

 private:
  struct Node {
    std::string code, name;
    int parent = -1;
    std::vector<int> children;
    int depth = 0;
    int data_unit = -1;
    int consolidated = -1;
    int entry = -1;  // in manifest_.units
  };
  struct DataUnit {
    int entry = -1;
    int node = -1;
    std::string problem;  // unreadable or not compilable: why
    std::unique_ptr<model::UnitData> data;
    Verdict verdict;
    bool verdict_stale = false;
    bool tolerances_stale = false;
    std::vector<std::pair<uint32_t, double>> tolerances;  // by check id
    std::unique_ptr<UnitWorkbook> live;
    size_t cells = 0;
    UnitPlacement place;
    std::vector<int> consolidations;
    bool removed = false;
    // Units whose figures its checks read (references naming them), by code; and whether any
    // reference named another unit, found or not (an added or removed unit may change it).
    std::vector<std::string> named_units;
    bool names_other_units = false;
    bool recheck = false;  // a unit it names changed: compile it again at Recalculate
  };
  struct Consolidated {
    std::string code, name;
    bool selection = false;
    int node = -1;
    std::vector<int> members;  // data units
    ConsolidatedShape shape;
    model::CompiledUnit compiled;  // its tables in the city's workbook (tables_only)
    int generation = 0;
    bool built = false;
    absl::flat_hash_map<uint32_t, double> member_tolerance;  // by check id
    // Its checks (consolidated_checks.hpp): the live workbook while figures under it are
    // edited, with the row of each check there by check id.
    std::unique_ptr<UnitWorkbook> live;
    absl::flat_hash_map<uint32_t, int32_t> check_row;
    // Consolidated cells changed since its checks last ran: (table, part, row, column) of the
    // layout, current-year; `copy_all` when more than kMostChangedCells (comparing every cell
    // costs about as much) or not known one by one.
    static constexpr size_t kMostChangedCells = 64;
    struct Cell {
      int table, part, row, column;
    };
    std::vector<Cell> changed;
    bool copy_all = false;
    bool recheck = false;  // its figures or members' tolerances changed: run its checks again
    std::vector<std::string> named_units;  // as its checks' compile found them
    bool names_other_units = false;
    size_t cells = 0;  // of its check workbook
    Verdict verdict;   // as read from its checks (members named at RefreshVerdicts)
    bool verdict_stale = true;
    bool rebuild = false;  // its union changed: compile it again
    std::string problem;   // the template does not compile over its rows
  };
  // The city's units as model::OtherUnits: a reference 'D0003'!表1[…] or 人社局!表1[…]
  // names a unit with figures of its own (its code, or its name when no other has it).
  class NamedUnits;

  City(const model::Template& t, CityOptions options);
  // Calls the progress callback (one call at a time: work on several threads reports).
  void Report(std::string_view stage, size_t done, size_t total) const;
  absl::Status BuildFromTree(const UnitTree& tree, const UnitLoader& loader);
  // Reads units [indexes] on the thread pool.
  void ReadUnits(const std::vector<int>& units, const UnitLoader& loader);
  // Checks units [indexes] (read) on Threads() threads: all but this one start at once, and
  // this one joins them once it has run `first` (work of its own, or nothing). Returns the CPU
  // time the checks took; `done_at` (when given) receives the time (Now) the last one ended.
  double CheckUnits(const std::vector<int>& units, const std::function<void()>& first = {},
                    double* done_at = nullptr);
  // The consolidated units: the tree's nodes with members, then the selections.
  void ListConsolidated(const UnitTree& tree);
  // Places every unit's figures in the city's workbook, lays out and sums the consolidated
  // units (without members' tolerances) and calculates: what needs only the units' figures.
  void BuildCityWorkbook(const std::vector<int>& all, bool progress);
  // Threads the city works on (CityOptions::threads, else the machine's), at least one.
  int Threads() const;
  // work(i, worker) for i in [0, count) on Threads() threads, reporting progress as `what`.
  // `first`: this thread's own work before it joins (ParallelFor).
  void OnThreads(const char* what, size_t count,
                 const std::function<void(size_t i, int worker)>& work,
                 const std::function<void()>& first = {});
  // Compiles the unit and reads its verdict and tolerances: in `checker` (a workbook reused
  // unit after unit), or with nullptr in a workbook of its own that it keeps (live).
  void CheckUnit(DataUnit& u, UnitChecker* checker);
  void ReadTolerances(DataUnit& u, const model::CompiledUnit& compiled, const Workbook& book);
  uint32_t CheckId(const std::string& id);  // callers hold ids_mutex_ when threads run
  void CreateSheets(const std::vector<int>& units);
  void WriteFigures(DataUnit& u, int sign);
  std::vector<Member> MembersOf(const Consolidated& c) const;
  // Lays out and sums its tables in the city's workbook; its checks run at the next
  // CheckConsolidated. `tolerances`: sum its members' tolerances too (which their checks give).
  void CompileConsolidated(Consolidated& c, bool tolerances = true);
  void RetireSheets(const model::CompiledUnit& compiled);
  // The sums of its members' tolerances by check id.
  void SetMemberTolerances(Consolidated& c);
  double MemberTolerance(const Consolidated& c, const std::string& check_id);
  // Every consolidated unit's checks, on the thread pool (the build).
  void CheckAllConsolidated();
  // Runs its checks over the city's current figures: in `checker` (the build: only the verdict
  // stays), or with nullptr in a live workbook (copying the changed cells when it has one).
  void CheckConsolidated(Consolidated& c, UnitChecker* checker);
  // Makes consolidated unit `c` the most recently used live one, dropping the oldest beyond
  // the limit (their verdicts read first): as many as live units, and never fewer than a
  // unit has consolidated units above it.
  void KeepLiveConsolidated(int c);
  // Drops its check workbook (compiled again when next needed).
  void DropLiveChecks(Consolidated& c);
  // Updates most_consolidations_ after units gained consolidated units above them.
  void CountConsolidations();
  // A member's project names that are told apart by code in `c` -> their names there.
  absl::flat_hash_map<std::string, std::string> ItemRenames(const Consolidated& c,
                                                            const DataUnit& u) const;
  // The id in `c` of a member's check (which names the member's project as the member does).
  static std::string ConsolidatedCheck(
      const std::string& id, const absl::flat_hash_map<std::string, std::string>& renames);
  uint32_t ConsolidatedCheckId(uint32_t id,
                               const absl::flat_hash_map<std::string, std::string>& renames);
  void AddTolerances(const DataUnit& u, int sign);
  std::vector<int> SubtreeUnits(int node) const;
  int FindUnit(std::string_view code) const;
  int FindConsolidated(std::string_view code) const;
  // The unit's own workbook, compiled when it has none; kept among the live ones.
  UnitWorkbook* Live(int unit);
  // Makes `unit` the most recently used live workbook, dropping the oldest beyond the limit.
  void KeepLive(int unit);
  absl::Status ApplyFigure(int unit, int table, int part, const model::UnitRow& row, int column,
                           std::optional<double> old_value, std::optional<double> value);
  void ChangeShape(int unit, std::unique_ptr<model::UnitData> data);
  // A unit's figure is gone: consolidated cells no member feeds any more are blank again.
  void DropEmptySums(int unit, int table, int part, const model::UnitRow& row, int column);
  void RefreshVerdicts();
  // What a unit's references to other units reach, compiled for `node` (its data unit, or its
  // consolidation with `consolidated`).
  model::CompileOptions NamesFor(int node, bool consolidated) const;
  // Unit `ui`'s figures changed: the units whose checks read them are compiled again (their
  // copies of its figures are stale). `any`: a unit came or went, so every unit naming other
  // units is.
  void NamedUnitChanged(int ui, bool any = false);
  // Compiles again the units NamedUnitChanged marked.
  void Recheck();
  std::optional<double> Read(const model::CompiledUnit& compiled, std::string_view table,
                             std::string_view row, std::string_view column) const;

  const model::Template& t_;
  CityOptions options_;
  Manifest manifest_;
  std::vector<Node> nodes_;
  std::vector<DataUnit> units_;
  absl::flat_hash_map<std::string, int> unit_by_code_;  // units not removed, by code
  std::vector<Consolidated> consolidated_;
  std::unique_ptr<Workbook> book_;
  std::unique_ptr<NamedUnits> named_;
  // Some unit's references named another unit (set by checks running on several threads).
  std::atomic<bool> names_other_units_{false};
  AlignedRows aligned_;
  absl::flat_hash_map<std::string, uint32_t> check_ids_;
  std::vector<std::string> check_names_;  // by id
  std::mutex ids_mutex_;
  std::vector<int> edited_;  // units with live workbooks edited since the last Recalculate
  std::deque<int> live_order_;
  std::deque<int> live_consolidated_;  // consolidated units with live check workbooks
  size_t most_consolidations_ = 1;     // the most consolidated units above any one unit
  UnitChecker checker_;                // units checked one at a time (added units)
  mutable std::mutex progress_mutex_;
  CityTimings timings_;
  size_t unit_cells_ = 0, city_cells_ = 0;
};

}  // namespace suan::city
