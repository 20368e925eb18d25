// A workbook: sheets of cells holding constants or formulas, recalculated incrementally.
//
// Contract:
// - Edits (SetValue, SetFormula, Clear) only record the change; Recalculate() brings every
//   value up to date. A value edit recalculates just the cells that depend on it (the dirty
//   cone), in dependency order; a structural edit (a formula added, changed or removed, a new
//   block of cells) rebuilds the dependency graph in bulk first. Either way the values equal a
//   full recalculation from scratch.
// - Nothing here throws or crashes on bad input: a formula that does not parse or compile gives
//   its cell an error value and an entry in diagnostics() naming the cell and the reason; cells
//   in a dependency cycle get #CYCLE! and a diagnostic with the cycle's path.
// - Sheet names are unique, case-insensitively, as in Excel.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/calc_stats.hpp"
#include "engine/cell_store.hpp"
#include "engine/diagnostic.hpp"
#include "engine/parallel_schedule.hpp"
#include "formulas/expr.hpp"
#include "formulas/program.hpp"
#include "formulas/value.hpp"

namespace suan {

class FormulaStore;
class DependencyGraph;
class Evaluator;
class ThreadPool;
struct Environment;

struct RecalcOptions {
  // Excel's "enable iterative calculation": cycles are iterated instead of reported.
  bool iterate = false;
  int max_iterations = 100;
  double max_change = 0.001;
  // The numeric fast path (NumericProgram); off only to test it against the interpreter.
  bool numeric_fast_path = true;
  // Full recalculations by topological level on this many threads (SetCalcThreads; 0 and 1:
  // serial). Read at each full recalculation, no rebuild needed.
  int calc_threads = 1;
  // A level with fewer formulas (and range nodes) than this runs serially on the calling thread:
  // waking the pool costs some microseconds, a budget formula some nanoseconds. Tasks handed
  // to a thread hold at least parallel_min_chunk of them. Tests lower both to 1.
  uint32_t parallel_min_level = 4096;
  uint32_t parallel_min_chunk = 1024;
  // How formulas are grouped for threads (parallel_schedule.hpp), and the most formulas in one
  // block of kBlocks.
  ParallelSchedule parallel_schedule = ParallelSchedule::kAuto;
  uint32_t parallel_block_cap = 4096;
  // A formula text's parsed tree is let go once its programs are compiled (the tree of a long
  // sum takes more memory than its program); it is parsed again if the text is needed at a new
  // place. A workbook refilled again and again with the same texts at new places (a checker
  // reused unit after unit) keeps them.
  bool keep_formula_trees = false;
};

class Workbook {
 public:
  Workbook();
  ~Workbook();
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  // --- structure ---
  absl::StatusOr<uint32_t> AddSheet(std::string_view name);
  uint32_t sheet_count() const { return cells_.sheet_count(); }
  const std::string& sheet_name(uint32_t sheet) const { return cells_.sheet_name(sheet); }
  std::optional<uint32_t> FindSheet(std::string_view name) const { return cells_.FindSheet(name); }

  // --- defined names ---
  // Defines (or redefines) a name: a constant, a reference or any expression ("=0.05",
  // "=Sheet1!$B$2:$B$9", "=Rate*12"), workbook-wide or, with `scope`, for one sheet (a sheet
  // name hides a workbook name there). Formulas use it like a reference; it is a dependency
  // like any other. Unknown names in formulas give #NAME?. Takes effect at the next Recalculate.
  absl::Status DefineName(std::string_view name, std::string_view refers_to,
                          std::optional<uint32_t> scope = std::nullopt);
  absl::Status RemoveName(std::string_view name, std::optional<uint32_t> scope = std::nullopt);
  struct NameInfo {
    std::string name;
    std::string refers_to;
    std::optional<uint32_t> scope;  // a sheet, or the whole workbook
  };
  std::vector<NameInfo> names() const;

  // --- edits (take effect at the next Recalculate) ---
  // A constant. Replaces a formula if the cell had one.
  absl::Status SetValue(uint32_t sheet, int32_t row, int32_t col, const Value& value);
  // A formula, with or without the leading '='. Parse and compile problems are not returned
  // here: they surface as the cell's error value and a diagnostic at the next Recalculate, so
  // a workbook with one bad formula still loads and calculates.
  absl::Status SetFormula(uint32_t sheet, int32_t row, int32_t col, std::string_view text);
  // A formula written for the cell at (anchor_row, anchor_col) of the same sheet, copied to
  // (row, col) the way Excel copies formulas (relative references move). Every cell sharing one
  // text and anchor is parsed and compiled once — a template's rule over a whole table, or 500
  // departments' copies of it, costs one parse.
  absl::Status SetSharedFormula(uint32_t sheet, int32_t row, int32_t col, std::string_view text,
                                int32_t anchor_row, int32_t anchor_col);
  absl::Status Clear(uint32_t sheet, int32_t row, int32_t col);

  // --- calculation ---
  // Excel's "enable iterative calculation": cycles are evaluated repeatedly (each member reading
  // the others' latest values) until no value moves by more than `max_change` or
  // `max_iterations` passes were made. Off (the default), cells in a cycle read #CYCLE!.
  void SetIterativeCalculation(bool on, int max_iterations = 100, double max_change = 0.001);
  // Full recalculations (RecalculateAll, and Recalculate after a structural edit) on `threads`
  // threads, the calling one included: formulas are grouped by topological level (each level
  // reads only earlier ones), levels run one after another and a large level's formulas are
  // split over the threads. Values are exactly those of a serial recalculation. 0 or 1 (the
  // default): serial. Workbooks with INDIRECT/OFFSET, volatile formulas (RAND, TODAY) or a
  // cycle always recalculate serially; incremental recalculation is always serial.
  void SetCalcThreads(int threads);
  int calc_threads() const { return options_.calc_threads; }
  // Brings every value up to date (incrementally where it can).
  void Recalculate();
  // Recomputes every formula from scratch (rebuilding nothing structural if not needed).
  void RecalculateAll();

  // --- reading ---
  // The value as of the last Recalculate (empty for cells never written).
  Value Get(uint32_t sheet, int32_t row, int32_t col) const;
  bool IsFormula(uint32_t sheet, int32_t row, int32_t col) const;
  // The formula text of a cell as it was set (without '='), or nullopt.
  std::optional<std::string> FormulaText(uint32_t sheet, int32_t row, int32_t col) const;
  // The formula of a cell as written where it was written (SetSharedFormula's text and anchor;
  // the cell itself for a formula of its own), or nullopt: read without parsing or shifting.
  struct AnchoredFormula {
    std::string_view text;  // valid until the workbook's formulas change
    int32_t anchor_row = 0, anchor_col = 0;
  };
  std::optional<AnchoredFormula> FormulaAsWritten(uint32_t sheet, int32_t row, int32_t col) const;
  // Calls f(row, col, value) for every non-empty cell of a sheet, row by row.
  void ForEachValue(uint32_t sheet,
                    const std::function<void(int32_t, int32_t, const Value&)>& f) const;

  // Calls f(row, col, value, formula) for every cell that holds a constant or a formula,
  // row by row; `formula` is the formula's text (without '=') or nullptr for a constant.
  void ForEachCell(
      uint32_t sheet,
      const std::function<void(int32_t, int32_t, const Value&, const std::string*)>& f) const;

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const CalcStats& stats() const { return stats_; }
  CalcStats& mutable_stats() { return stats_; }
  // Options; changes to them take effect at the next structural rebuild (use the setters
  // above, which force one).
  RecalcOptions& options() { return options_; }
  Environment& environment() { return *env_; }

  // Counts for reports and benchmarks.
  size_t formula_count() const;
  size_t program_count() const;
  size_t MemoryBytes() const;

  // Reads an address such as "B3", "Sheet1!B3" or "'My Sheet'!B3" (a bare address means the
  // first sheet); errors say what is wrong with it.
  absl::StatusOr<CellAddress3> ParseAddress(std::string_view text) const;
  // Sets a cell from user input the way a spreadsheet's entry bar reads it: "=..." a formula,
  // a number, TRUE/FALSE, an error literal, "quoted" or any other text.
  absl::Status SetInput(uint32_t sheet, int32_t row, int32_t col, std::string_view input);

  // "Sheet1!B3"; quotes the sheet name when Excel would.
  std::string CellName(uint32_t sheet, int32_t row, int32_t col) const;

 private:
  friend class Evaluator;
  friend class LaneEvaluator;
  friend class Scenario;
  void RebuildStructure();
  std::string NodeName(uint32_t node) const;  // a cell's or range node's address
  void FullEvaluate();
  void IncrementalEvaluate();
  absl::Status CheckAddress(uint32_t sheet, int32_t row, int32_t col) const;

  CellStore cells_;
  std::unique_ptr<FormulaStore> formulas_;
  std::unique_ptr<DependencyGraph> graph_;
  std::unique_ptr<Evaluator> evaluator_;
  std::unique_ptr<Environment> env_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Diagnostic> cycle_diagnostics_;
  RecalcOptions options_;
  struct DefinedName {
    std::string name;  // as first written
    std::string text;  // as given, for reports
    Expr expr;
  };
  // Keyed by (scope sheet or kWorkbookScope, upper-cased name).
  static constexpr uint32_t kWorkbookScope = 0xFFFFFFFFu;
  std::map<std::pair<uint32_t, std::string>, DefinedName> names_;
  const Expr* FindName(std::string_view name, uint32_t sheet) const;
  CalcStats stats_;
  bool structure_dirty_ = true;
  // Sheets or names changed since the last compile: compiled programs may read differently.
  CompileEnvChange compile_env_change_ = CompileEnvChange::kAll;
  bool values_dirty_ = false;
  std::vector<CellId> dirty_inputs_;
  std::vector<CellId> volatile_cells_;
  std::unique_ptr<ThreadPool> pool_;  // for options_.calc_threads > 1, made on first use
};

}  // namespace suan
