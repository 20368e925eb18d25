#include "engine/workbook.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/dependency_graph.hpp"
#include "engine/evaluator.hpp"
#include "engine/formula_store.hpp"
#include "engine/thread_pool.hpp"
#include "formulas/a1.hpp"
#include "formulas/absl_compat.hpp"
#include "formulas/coerce.hpp"
#include "formulas/function_registry.hpp"
#include "formulas/parse.hpp"

namespace suan {

namespace {

// Days since 1899-12-30 (Excel's serial date) for the system clock, local time.
double SystemClockSerial() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::time_t as_utc = timegm(&local);
  return double(as_utc) / 86400.0 + 25569.0;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Workbook::Workbook()
    : formulas_(std::make_unique<FormulaStore>()),
      graph_(std::make_unique<DependencyGraph>()),
      env_(std::make_unique<Environment>()) {
  env_->clock = SystemClockSerial;
}

Workbook::~Workbook() = default;

absl::StatusOr<uint32_t> Workbook::AddSheet(std::string_view name_view) {
  const std::string name(name_view);
  if (name.empty()) return absl::InvalidArgumentError("a sheet name cannot be empty");
  if (Utf8Length(name) > 31)
    return absl::InvalidArgumentError(
        absl::StrCat("sheet name '", name, "' is longer than Excel's 31 characters"));
  for (char c : name)
    if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\')
      return absl::InvalidArgumentError(
          absl::StrCat("sheet name '", name, "' contains '", std::string(1, c),
                       "', which Excel does not allow in sheet names ([ ] : * ? / \\)"));
  if (name.front() == '\'' || name.back() == '\'')
    return absl::InvalidArgumentError(
        absl::StrCat("sheet name '", name, "' cannot begin or end with an apostrophe"));
  if (cells_.FindSheet(name))
    return absl::AlreadyExistsError(absl::StrCat("a sheet named '", name, "' already exists"));
  structure_dirty_ = true;
  // Sheets are only ever added at the end: existing sheet numbers keep their meaning.
  if (compile_env_change_ == CompileEnvChange::kNone) {
    compile_env_change_ = CompileEnvChange::kSheetsAdded;
  }
  return cells_.AddSheet(name);
}

absl::Status Workbook::DefineName(std::string_view name_view, std::string_view refers_to,
                                  std::optional<uint32_t> scope) {
  const std::string name(name_view);
  // A valid name is exactly what the formula parser reads as a name (not A1, TRUE, R2C3 …).
  absl::StatusOr<Expr> as_formula = ParseFormula(name);
  if (!as_formula.ok() || as_formula->kind != ExprKind::kName || as_formula->text != name)
    return absl::InvalidArgumentError(
        absl::StrCat("'", name,
                     "' cannot be a name: names start with a letter or '_' and must not read as a "
                     "cell address, a number or TRUE/FALSE"));
  if (scope && *scope >= cells_.sheet_count())
    return absl::NotFoundError(
        absl::StrCat("no sheet number ", *scope + 1, " for name '", name, "'"));
  absl::StatusOr<Expr> expr = ParseFormula(refers_to);
  if (!expr.ok())
    return absl::InvalidArgumentError(absl::StrCat("the definition of name '", name,
                                                   "' does not parse: ", expr.status().message()));
  names_[{scope.value_or(kWorkbookScope), absl::AsciiStrToUpper(name)}] =
      DefinedName{name, std::string(refers_to), *std::move(expr)};
  structure_dirty_ = true;
  compile_env_change_ = CompileEnvChange::kAll;
  return absl::OkStatus();
}

absl::Status Workbook::RemoveName(std::string_view name, std::optional<uint32_t> scope) {
  auto it = names_.find({scope.value_or(kWorkbookScope), absl::AsciiStrToUpper(ToAbsl(name))});
  if (it == names_.end())
    return absl::NotFoundError(absl::StrCat("no name '", std::string(name), "' is defined"));
  names_.erase(it);
  structure_dirty_ = true;
  compile_env_change_ = CompileEnvChange::kAll;
  return absl::OkStatus();
}

std::vector<Workbook::NameInfo> Workbook::names() const {
  std::vector<NameInfo> out;
  for (const auto& [key, n] : names_)
    out.push_back(
        NameInfo{n.name, n.text,
                 key.first == kWorkbookScope ? std::nullopt : std::optional<uint32_t>(key.first)});
  return out;
}

const Expr* Workbook::FindName(std::string_view name, uint32_t sheet) const {
  std::string key = absl::AsciiStrToUpper(ToAbsl(name));
  auto it = names_.find({sheet, key});
  if (it == names_.end()) it = names_.find({kWorkbookScope, key});
  return it == names_.end() ? nullptr : &it->second.expr;
}

absl::Status Workbook::CheckAddress(uint32_t sheet, int32_t row, int32_t col) const {
  if (sheet >= cells_.sheet_count())
    return absl::NotFoundError(absl::StrCat("no sheet number ", sheet + 1, " (the workbook has ",
                                            cells_.sheet_count(), ")"));
  if (row < 0 || row >= kMaxRows)
    return absl::OutOfRangeError(
        absl::StrCat("row ", int64_t(row) + 1, " is outside the sheet (1 to 1048576)"));
  if (col < 0 || col >= kMaxCols)
    return absl::OutOfRangeError(
        absl::StrCat("column ", int64_t(col) + 1, " is outside the sheet (A to XFD)"));
  return absl::OkStatus();
}

absl::Status Workbook::SetValue(uint32_t sheet, int32_t row, int32_t col, const Value& value) {
  if (auto s = CheckAddress(sheet, row, col); !s.ok()) return s;
  CellId id = cells_.Find(sheet, row, col);
  if (id == kNoCell) {
    if (value.is_empty()) return absl::OkStatus();
    id = cells_.Ensure(sheet, row, col);
    structure_dirty_ = true;  // a new block of cells: ranges over it must learn of it
  }
  if (formulas_->FormulaOf(id) != kNoFormula) {
    formulas_->Remove(id);
    structure_dirty_ = true;
  }
  cells_.Set(id, value);
  if (!structure_dirty_) {
    dirty_inputs_.push_back(id);
    values_dirty_ = true;
  }
  return absl::OkStatus();
}

absl::Status Workbook::SetFormula(uint32_t sheet, int32_t row, int32_t col, std::string_view text) {
  if (auto s = CheckAddress(sheet, row, col); !s.ok()) return s;
  if (!text.empty() && text.front() == '=') text.remove_prefix(1);
  CellId id = cells_.Ensure(sheet, row, col);
  formulas_->Set(id, text);
  structure_dirty_ = true;
  return absl::OkStatus();
}

absl::Status Workbook::SetSharedFormula(uint32_t sheet, int32_t row, int32_t col,
                                        std::string_view text, int32_t anchor_row,
                                        int32_t anchor_col) {
  if (auto s = CheckAddress(sheet, row, col); !s.ok()) return s;
  if (auto s = CheckAddress(sheet, anchor_row, anchor_col); !s.ok())
    return absl::Status(s.code(), absl::StrCat("the anchor of a shared formula: ", s.message()));
  if (!text.empty() && text.front() == '=') text.remove_prefix(1);
  CellId id = cells_.Ensure(sheet, row, col);
  formulas_->SetShared(id, text, row - anchor_row, col - anchor_col);
  structure_dirty_ = true;
  return absl::OkStatus();
}

absl::Status Workbook::Clear(uint32_t sheet, int32_t row, int32_t col) {
  return SetValue(sheet, row, col, Value());
}

void Workbook::SetIterativeCalculation(bool on, int max_iterations, double max_change) {
  options_.iterate = on;
  options_.max_iterations = max_iterations;
  options_.max_change = max_change;
  structure_dirty_ = true;
}

void Workbook::SetCalcThreads(int threads) {
  options_.calc_threads = std::max(1, threads);
}

void Workbook::Recalculate() {
  if (structure_dirty_) {
    RebuildStructure();
    FullEvaluate();
  } else if (values_dirty_ || !volatile_cells_.empty()) {
    IncrementalEvaluate();
  }
}

void Workbook::RecalculateAll() {
  if (structure_dirty_) RebuildStructure();
  FullEvaluate();
}

void Workbook::RebuildStructure() {
  ++stats_.rebuilds;
  diagnostics_.clear();
  CompileEnv env;
  env.find_sheet = [this](std::string_view name) { return cells_.FindSheet(name); };
  env.find_name = [this](std::string_view name, uint32_t sheet) { return FindName(name, sheet); };
  for (const auto& [key, name] : names_) env.sheet_scoped_names |= key.first != kWorkbookScope;
  evaluator_.reset();  // it refers to the graph being rebuilt
  formulas_->Compile(cells_, env, compile_env_change_, options_.keep_formula_trees, diagnostics_,
                     stats_);
  compile_env_change_ = CompileEnvChange::kNone;
  graph_->Build(cells_, *formulas_, stats_);
  evaluator_ = std::make_unique<Evaluator>(cells_, *formulas_, *graph_, *env_);
  evaluator_->Prepare(options_.numeric_fast_path, options_.iterate, options_.max_iterations,
                      options_.max_change);

  volatile_cells_.clear();
  for (const FormulaCell& f : formulas_->formulas())
    if (formulas_->program(f.program).is_volatile) volatile_cells_.push_back(f.cell);

  // Cells in a cycle hold #CYCLE!; the diagnostic shows the path around it.
  for (const DependencyGraph::Cycle& cycle : graph_->cycles()) {
    if (options_.iterate) {
      // Iterative calculation: the cycle is solved, not reported. Members start from their
      // last value, or 0 when they have none yet.
      for (uint32_t n : cycle.members)
        if (!graph_->is_range_node(n) &&
            (cells_.kind(n) == ValueKind::kError || cells_.kind(n) == ValueKind::kEmpty))
          cells_.SetNumber(n, 0);
      continue;
    }
    std::vector<std::string> names;
    for (uint32_t n : cycle.path) names.push_back(NodeName(n));
    names.push_back(names.front());
    std::string path = absl::StrJoin(names, " -> ");
    for (uint32_t n : cycle.members) {
      if (graph_->is_range_node(n)) continue;
      cells_.Set(n, Value::Error(ErrorCode::kCycle));
      diagnostics_.push_back(Diagnostic{Diagnostic::Kind::kCycle, NodeName(n),
                                        absl::StrCat("circular reference: ", path)});
    }
  }
  structure_dirty_ = false;
  values_dirty_ = false;
  dirty_inputs_.clear();
}

std::string Workbook::NodeName(uint32_t node) const {
  if (graph_->is_range_node(node)) {
    const RangeRef& r = graph_->range_node(node).range;
    return absl::StrCat(QualifiedAddress(cells_.sheet_name(r.sheet_first), r.row1, r.col1), ":",
                        A1Address(r.row2, r.col2));
  }
  CellAddress3 a = cells_.AddressOf(node);
  return CellName(a.sheet, a.row, a.col);
}

void Workbook::FullEvaluate() {
  ScopedTimer timer(stats_.evaluate_ms = 0);
  stats_.parallel_records = 0;
  stats_.levels = 0;
  stats_.blocks = 0;
  if (options_.calc_threads > 1) {
    if (!pool_ || pool_->threads() != options_.calc_threads)
      pool_ = std::make_unique<ThreadPool>(options_.calc_threads);
    evaluator_->SetSchedule(options_.parallel_schedule, options_.parallel_block_cap);
    stats_.parallel_records = evaluator_->EvaluateAllParallel(*pool_, options_.parallel_min_level,
                                                              options_.parallel_min_chunk);
    if (evaluator_->CanRunParallel()) {
      stats_.levels = evaluator_->level_count();
      stats_.blocks = evaluator_->block_count();
    }
  } else {
    evaluator_->EvaluateAll();
  }
  values_dirty_ = false;
  dirty_inputs_.clear();
}

void Workbook::IncrementalEvaluate() {
  for (CellId v : volatile_cells_) dirty_inputs_.push_back(v);
  stats_.last_cone = evaluator_->EvaluateDirty(dirty_inputs_);
  values_dirty_ = false;
  dirty_inputs_.clear();
}

Value Workbook::Get(uint32_t sheet, int32_t row, int32_t col) const {
  if (sheet >= cells_.sheet_count() || row < 0 || col < 0 || row >= kMaxRows || col >= kMaxCols)
    return Value::Error(ErrorCode::kRef);
  CellId id = cells_.Find(sheet, row, col);
  return id == kNoCell ? Value() : cells_.Get(id);
}

bool Workbook::IsFormula(uint32_t sheet, int32_t row, int32_t col) const {
  if (sheet >= cells_.sheet_count()) return false;
  CellId id = cells_.Find(sheet, row, col);
  return id != kNoCell && formulas_->FormulaOf(id) != kNoFormula;
}

std::optional<std::string> Workbook::FormulaText(uint32_t sheet, int32_t row, int32_t col) const {
  if (sheet >= cells_.sheet_count()) return std::nullopt;
  CellId id = cells_.Find(sheet, row, col);
  if (id == kNoCell) return std::nullopt;
  uint32_t f = formulas_->FormulaOf(id);
  if (f == kNoFormula) return std::nullopt;
  return formulas_->DisplayText(f);
}

std::optional<Workbook::AnchoredFormula> Workbook::FormulaAsWritten(uint32_t sheet, int32_t row,
                                                                    int32_t col) const {
  if (sheet >= cells_.sheet_count()) return std::nullopt;
  CellId id = cells_.Find(sheet, row, col);
  if (id == kNoCell) return std::nullopt;
  uint32_t f = formulas_->FormulaOf(id);
  if (f == kNoFormula) return std::nullopt;
  const FormulaCell& cell = formulas_->formulas()[f];
  return AnchoredFormula{formulas_->TextOf(f), row - cell.anchor_drow, col - cell.anchor_dcol};
}

void Workbook::ForEachValue(uint32_t sheet,
                            const std::function<void(int32_t, int32_t, const Value&)>& f) const {
  cells_.ForEachAllocated(sheet, 0, 0, kMaxRows - 1, kMaxCols - 1,
                          [&](CellId id, int32_t r, int32_t c) {
                            if (cells_.kind(id) != ValueKind::kEmpty) f(r, c, cells_.Get(id));
                          });
}

void Workbook::ForEachCell(
    uint32_t sheet,
    const std::function<void(int32_t, int32_t, const Value&, const std::string*)>& f) const {
  cells_.ForEachAllocated(sheet, 0, 0, kMaxRows - 1, kMaxCols - 1,
                          [&](CellId id, int32_t r, int32_t c) {
                            uint32_t formula = formulas_->FormulaOf(id);
                            if (formula != kNoFormula) {
                              std::string text = formulas_->DisplayText(formula);
                              f(r, c, cells_.Get(id), &text);
                            } else if (cells_.kind(id) != ValueKind::kEmpty) {
                              f(r, c, cells_.Get(id), nullptr);
                            }
                          });
}

size_t Workbook::formula_count() const {
  return formulas_->live_count();
}
size_t Workbook::program_count() const {
  return formulas_->program_count();
}

size_t Workbook::MemoryBytes() const {
  return cells_.MemoryBytes() + formulas_->MemoryBytes() + graph_->MemoryBytes();
}

absl::StatusOr<CellAddress3> Workbook::ParseAddress(std::string_view text) const {
  absl::StatusOr<Expr> e = ParseFormula(text);
  if (!e.ok() || e->kind != ExprKind::kReference || e->ref.is_range || !e->ref.sheet_last.empty())
    return absl::InvalidArgumentError(
        absl::StrCat("'", std::string(text), "' is not a cell address (write B3 or Sheet1!B3)"));
  uint32_t sheet = 0;
  if (!e->ref.sheet_first.empty()) {
    auto s = cells_.FindSheet(e->ref.sheet_first);
    if (!s) return absl::NotFoundError(absl::StrCat("no sheet named '", e->ref.sheet_first, "'"));
    sheet = *s;
  } else if (cells_.sheet_count() == 0) {
    return absl::NotFoundError("the workbook has no sheets");
  }
  return CellAddress3{sheet, e->ref.first.row, e->ref.first.col};
}

absl::Status Workbook::SetInput(uint32_t sheet, int32_t row, int32_t col, std::string_view input) {
  if (!input.empty() && input.front() == '=') return SetFormula(sheet, row, col, input);
  if (input.empty()) return Clear(sheet, row, col);
  if (input.size() >= 2 && input.front() == '"' && input.back() == '"') {
    // "a""b" is the text a"b, as in a formula's string literal.
    std::string text;
    for (size_t i = 1; i + 1 < input.size(); ++i) {
      if (input[i] == '"' && i + 2 < input.size() && input[i + 1] == '"') ++i;
      text.push_back(input[i]);
    }
    return SetValue(sheet, row, col, Value::Text(std::move(text)));
  }
  if (input == "TRUE" || input == "true") return SetValue(sheet, row, col, Value::Bool(true));
  if (input == "FALSE" || input == "false") return SetValue(sheet, row, col, Value::Bool(false));
  if (auto e = ParseErrorText(input)) return SetValue(sheet, row, col, Value::Error(*e));
  if (auto n = TextToNumber(input)) return SetValue(sheet, row, col, Value::Number(*n));
  return SetValue(sheet, row, col, Value::Text(std::string(input)));
}

std::string Workbook::CellName(uint32_t sheet, int32_t row, int32_t col) const {
  return QualifiedAddress(cells_.sheet_name(sheet), row, col);
}

}  // namespace suan
