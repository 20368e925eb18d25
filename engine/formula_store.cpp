#include "engine/formula_store.hpp"

#include <chrono>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "formulas/a1.hpp"
#include "formulas/parse.hpp"

namespace suan {

uint32_t FormulaStore::InternText(std::string_view text) {
  auto it = text_ids_.find(text);
  if (it != text_ids_.end()) return it->second;
  auto t = std::make_unique<Text>();
  t->text = std::string(text);
  uint32_t id = uint32_t(texts_.size());
  text_ids_.emplace(std::string_view(t->text), id);  // the unique_ptr keeps the chars in place
  texts_.push_back(std::move(t));
  return id;
}

void FormulaStore::Set(CellId cell, std::string_view text) {
  if (cell >= formula_of_.size()) formula_of_.resize(size_t(cell) + 1, kNoFormula);
  uint32_t t = InternText(text);
  uint32_t f = formula_of_[cell];
  if (f != kNoFormula) {
    formulas_[f].text = t;
    formulas_[f].anchor_drow = formulas_[f].anchor_dcol = 0;
    return;
  }
  formula_of_[cell] = uint32_t(formulas_.size());
  formulas_.push_back(FormulaCell{cell, t, 0, 0});
  ++live_;
}

void FormulaStore::SetShared(CellId cell, std::string_view text, int32_t drow, int32_t dcol) {
  Set(cell, text);
  FormulaCell& f = formulas_[formula_of_[cell]];
  f.anchor_drow = drow;
  f.anchor_dcol = dcol;
}

std::string FormulaStore::DisplayText(uint32_t formula) const {
  const FormulaCell& f = formulas_[formula];
  const Text& t = *texts_[f.text];
  if (f.anchor_drow == 0 && f.anchor_dcol == 0) return t.text;
  // Trees are not kept after compiling (Compile): parse the text again.
  absl::StatusOr<Expr> e = ParseFormula(t.text);
  if (!e.ok()) return t.text;
  return ToFormulaText(ShiftRelativeReferences(*e, f.anchor_drow, f.anchor_dcol));
}

void FormulaStore::Remove(CellId cell) {
  uint32_t f = FormulaOf(cell);
  if (f == kNoFormula) return;
  formulas_[f].cell = kNoCell;  // compacted at the next Compile
  formula_of_[cell] = kNoFormula;
  --live_;
}

uint32_t FormulaStore::InternProgram(Program p) {
  constexpr uint32_t kNone = 0xFFFFFFFFu;
  const std::string key = p.Fingerprint();
  const uint64_t hash = absl::Hash<std::string_view>{}(key);
  auto [it, added] = program_by_hash_.try_emplace(hash, uint32_t(programs_.size()));
  if (!added) {
    uint32_t last = it->second;
    for (uint32_t at = it->second; at != kNone; at = same_hash_next_[at]) {
      if (programs_[at]->Fingerprint() == key) return at;
      last = at;
    }
    same_hash_next_[last] = uint32_t(programs_.size());
  }
  uint32_t id = uint32_t(programs_.size());
  std::optional<NumericProgram> numeric = CompileNumeric(p);
  numeric_.push_back(numeric ? std::make_unique<NumericProgram>(*std::move(numeric)) : nullptr);
  programs_.push_back(std::make_unique<Program>(std::move(p)));
  same_hash_next_.push_back(kNone);
  return id;
}

uint32_t FormulaStore::ErrorProgram(ErrorCode code) {
  Program p;
  Instr i;
  i.op = OpCode::kError;
  i.a = uint32_t(code);
  p.code.push_back(i);
  return InternProgram(std::move(p));
}

namespace {
bool HasRelativeParts(const Program& p) {
  for (const ProgramRef& r : p.refs) {
    uint8_t all =
        ProgramRef::kRow1Abs | ProgramRef::kCol1Abs | ProgramRef::kRow2Abs | ProgramRef::kCol2Abs;
    if ((r.flags & all) != all) return true;
  }
  return false;
}
}  // namespace

void FormulaStore::Compile(CellStore& cells, const CompileEnv& env, CompileEnvChange change,
                           bool keep_trees, std::vector<Diagnostic>& diagnostics,
                           CalcStats& stats) {
  // Drop removed formulas.
  if (live_ != formulas_.size()) {
    std::vector<FormulaCell> kept;
    kept.reserve(live_);
    for (const FormulaCell& f : formulas_)
      if (f.cell != kNoCell) kept.push_back(f);
    formulas_ = std::move(kept);
  }
  // Names changed since the last compile: every text compiles afresh. Sheets added: only the
  // texts that named a sheet missing then.
  for (auto& t : texts_) {
    if (change == CompileEnvChange::kAll ||
        (change == CompileEnvChange::kSheetsAdded && t->named_missing_sheet)) {
      t->ForgetPrograms();
    }
  }
  // Sheet lookups go through here to learn which programs named a missing sheet.
  bool missed_sheet = false;
  CompileEnv watched = env;
  watched.find_sheet = [&env, &missed_sheet](std::string_view name) {
    std::optional<uint32_t> s = env.find_sheet ? env.find_sheet(name) : std::nullopt;
    if (!s) missed_sheet = true;
    return s;
  };
  operands_.clear();
  ranges_.clear();
  // A text is parsed only when a program must be compiled from it (a new text, or one at a new
  // anchor), and its tree is let go once the programs are made: a city's workbook holds some
  // 100,000 distinct texts, whose trees took more memory than their programs.
  double parse_ms = 0;
  auto compile_start = std::chrono::steady_clock::now();
  std::vector<uint32_t> uses_left(texts_.size(), 0);  // a tree goes with its text's last use
  for (const FormulaCell& f : formulas_) ++uses_left[f.text];
  for (FormulaCell& f : formulas_) {
    Text& t = *texts_[f.text];
    CellAddress3 cell_at = cells.AddressOf(f.cell);
    // Programs are compiled where the text was written (the anchor) and resolved where the
    // cell is; for a formula in its own cell the two are the same.
    CellAddress3 at{cell_at.sheet, cell_at.row - f.anchor_drow, cell_at.col - f.anchor_dcol};
    // Rows fit in 20 bits and columns in 14; with sheet-scoped names the sheet matters too
    // and takes the bits above.
    uint64_t key = (uint64_t(uint32_t(at.row)) << 14) | uint32_t(at.col);
    if (env.sheet_scoped_names) key |= uint64_t(at.sheet + 1) << 34;
    uint32_t cached = t.position_independent ? t.any_program : t.ProgramAt(key);
    if (cached == 0xFFFFFFFFu && !t.expr) {
      ScopedTimer timer(parse_ms);
      t.expr = std::make_unique<absl::StatusOr<Expr>>(ParseFormula(t.text));
    }
    if (cached != 0xFFFFFFFFu) {
      f.program = cached;
    } else if (!t.expr->ok()) {
      f.program = ErrorProgram(ErrorCode::kName);
      diagnostics.push_back(
          Diagnostic{Diagnostic::Kind::kParse,
                     QualifiedAddress(cells.sheet_name(cell_at.sheet), cell_at.row, cell_at.col),
                     std::string(t.expr->status().message())});
    } else {
      missed_sheet = false;
      absl::StatusOr<Program> p = CompileFormula(**t.expr, at.sheet, at.row, at.col, watched);
      if (missed_sheet) t.named_missing_sheet = true;
      if (!p.ok()) {
        f.program = ErrorProgram(ErrorCode::kValue);
        diagnostics.push_back(
            Diagnostic{Diagnostic::Kind::kCompile,
                       QualifiedAddress(cells.sheet_name(cell_at.sheet), cell_at.row, cell_at.col),
                       absl::StrCat("=", t.text, ": ", p.status().message())});
        // Not cached: the diagnostic must name every cell that has this formula.
      } else {
        bool independent = !HasRelativeParts(*p) && !env.sheet_scoped_names;
        f.program = InternProgram(*std::move(p));
        t.AddProgram(key, f.program);
        if (independent) {
          t.position_independent = true;
          t.any_program = f.program;
        }
      }
    }
    if (--uses_left[f.text] == 0 && !keep_trees) t.expr.reset();
    // Resolve this cell's operands.
    const Program& prog = *programs_[f.program];
    f.operands = uint32_t(operands_.size());
    operands_.resize(operands_.size() + prog.refs.size(), kBadOperand);
    for (const Instr& i : prog.code) {
      if (i.op != OpCode::kCellValue && i.op != OpCode::kReference) continue;
      std::optional<RangeRef> r = prog.refs[i.a].Resolve(cell_at.sheet, cell_at.row, cell_at.col);
      uint32_t& slot = operands_[f.operands + i.a];
      if (!r) continue;  // #REF!
      if (i.op == OpCode::kCellValue) {
        slot = cells.Ensure(r->sheet_first, r->row1, r->col1);
      } else {
        slot = uint32_t(ranges_.size());
        ranges_.push_back(*r);
        // Referenced single cells get a slot so edits to them are value edits.
        if (r->is_cell()) cells.Ensure(r->sheet_first, r->row1, r->col1);
      }
    }
  }
  // Expand small references into cell lists, now that every referenced cell has its tile.
  range_cells_.assign(ranges_.size(), Span{kNotExpanded, 0});
  cell_pool_.clear();
  for (uint32_t r = 0; r < ranges_.size(); ++r) {
    const RangeRef& rr = ranges_[r];
    int64_t total = int64_t(rr.rows()) * rr.cols() * rr.sheets();
    if (total > (rr.is_3d() ? kExpand3dLimit : kExpandLimit)) continue;
    uint32_t begin = uint32_t(cell_pool_.size());
    for (uint32_t s = rr.sheet_first; s <= rr.sheet_last; ++s)
      cells.ForEachAllocated(s, rr.row1, rr.col1, rr.row2, rr.col2,
                             [&](CellId id, int32_t, int32_t) { cell_pool_.push_back(id); });
    range_cells_[r] = Span{begin, uint32_t(cell_pool_.size()) - begin};
  }
  stats.parse_ms += parse_ms;
  stats.compile_ms +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - compile_start)
          .count() -
      parse_ms;
  formula_of_.assign(cells.capacity(), kNoFormula);
  has_dynamic_ = false;
  for (uint32_t i = 0; i < formulas_.size(); ++i) {
    formula_of_[formulas_[i].cell] = i;
    has_dynamic_ |= programs_[formulas_[i].program]->has_dynamic_dependencies;
  }
  stats.formulas = formulas_.size();
  stats.programs = programs_.size();
  stats.distinct_texts = texts_.size();
}

size_t FormulaStore::MemoryBytes() const {
  size_t bytes = formulas_.capacity() * sizeof(FormulaCell) + formula_of_.capacity() * 4 +
                 operands_.capacity() * 4 + ranges_.capacity() * sizeof(RangeRef) +
                 range_cells_.capacity() * sizeof(Span) + cell_pool_.capacity() * 4 +
                 program_by_hash_.capacity() * (sizeof(uint64_t) + sizeof(uint32_t) + 1) +
                 same_hash_next_.capacity() * 4;
  for (const auto& t : texts_) {
    bytes += sizeof(Text) + t->text.capacity() + 16 * t->program_at.size();
  }
  for (const auto& p : programs_)
    bytes += sizeof(Program) + p->code.capacity() * sizeof(Instr) +
             p->refs.capacity() * sizeof(ProgramRef) + p->numbers.capacity() * 8;
  return bytes;
}

}  // namespace suan
