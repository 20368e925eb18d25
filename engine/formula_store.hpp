// Which cells hold formulas, their compiled programs, and each cell's resolved operands.
//
// Formula text is kept once per distinct text and parsed when needed; a program is compiled once
// per distinct (text, relative position) and shared by every cell with the same fingerprint, so a
// workbook of 500 identical department sheets holds a few hundred programs, not 200,000.
// Each formula cell stores only where its operands start in one flat array: for a single-cell
// operand the CellId to read, for a reference operand the index of its resolved RangeRef.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/calc_stats.hpp"
#include "engine/cell_store.hpp"
#include "engine/diagnostic.hpp"
#include "formulas/expr.hpp"
#include "formulas/numeric_program.hpp"
#include "formulas/program.hpp"

namespace suan {

inline constexpr uint32_t kNoFormula = 0xFFFFFFFFu;
inline constexpr uint32_t kBadOperand = 0xFFFFFFFFu;  // a reference that fell off the sheet

struct FormulaCell {
  CellId cell;
  uint32_t text;      // index of the formula text
  uint32_t program;   // index into programs()
  uint32_t operands;  // first operand in operands(); one per program ref
  // A shared formula: the text is written as at (cell row - anchor_drow, cell col - anchor_dcol)
  // and copied here (Excel's shared formulas). 0, 0 for a formula written in its own cell.
  int32_t anchor_drow = 0;
  int32_t anchor_dcol = 0;
};

class FormulaStore {
 public:
  // Records `text` as the formula of `cell` (replacing any earlier one). Takes effect at the
  // next Compile().
  void Set(CellId cell, std::string_view text);
  // The formula `text` as written at the cell (drow, dcol) above-left of `cell`, copied to it:
  // its relative references move with it. Cells sharing one (text, anchor) compile once.
  void SetShared(CellId cell, std::string_view text, int32_t drow, int32_t dcol);
  // The text of formula f as it reads in its own cell (shared formulas are shifted).
  std::string DisplayText(uint32_t formula) const;
  void Remove(CellId cell);
  uint32_t FormulaOf(CellId cell) const {
    return cell < formula_of_.size() ? formula_of_[cell] : kNoFormula;
  }
  const std::string& TextOf(uint32_t formula) const {
    return texts_[formulas_[formula].text]->text;
  }

  // Parses new texts, compiles every formula and resolves operands. Cells whose formula does
  // not parse or compile get an error program and a Diagnostic. May allocate tiles in `cells`
  // for referenced cells. A text already compiled at an anchor reuses that program unless
  // `change` says it may mean something else now: a workbook emptied and refilled with formulas
  // of the same shapes (a checker reused unit after unit) compiles them once, and a sheet added
  // (a city's new unit) recompiles only the texts that named a missing sheet.
  // A text is parsed only when a program must be compiled from it; its tree is let go after
  // its last use in this call unless `keep_trees`.
  void Compile(CellStore& cells, const CompileEnv& env, CompileEnvChange change, bool keep_trees,
               std::vector<Diagnostic>& diagnostics, CalcStats& stats);

  const std::vector<FormulaCell>& formulas() const { return formulas_; }
  const Program& program(uint32_t p) const { return *programs_[p]; }
  // The numeric fast path of a program, or nullptr when it has none.
  const NumericProgram* numeric(uint32_t p) const { return numeric_[p].get(); }
  size_t program_count() const { return programs_.size(); }
  const uint32_t* operands(const FormulaCell& f) const { return operands_.data() + f.operands; }
  const std::vector<RangeRef>& ranges() const { return ranges_; }
  // The allocated cells of a reference operand in Excel's order, when the reference is small
  // (at most kExpandLimit cells, or a 3-D reference of at most kExpand3dLimit): evaluation then
  // reads ids instead of walking tiles. Empty span with expanded(r) false otherwise.
  static constexpr int64_t kExpandLimit = 64;
  static constexpr int64_t kExpand3dLimit = 16384;
  bool expanded(uint32_t range) const { return range_cells_[range].begin != kNotExpanded; }
  std::span<const CellId> range_cells(uint32_t range) const {
    const Span& s = range_cells_[range];
    return {cell_pool_.data() + s.begin, s.count};
  }
  size_t live_count() const { return live_; }
  // Whether any formula reads cells it does not name (INDIRECT, OFFSET, A1:INDEX(...)).
  bool has_dynamic_dependencies() const { return has_dynamic_; }
  size_t MemoryBytes() const;

 private:
  // A distinct formula text. A city's workbook holds some 100,000, so it is kept small: the
  // parsed tree only while a compile needs it, the program of the first anchor inline.
  struct Text {
    std::string text;
    std::unique_ptr<absl::StatusOr<Expr>> expr;  // nullptr: not parsed (or let go)
    // Programs compiled from this text, by anchor position: most texts occur at one position
    // (first_*), the others are in program_at.
    uint64_t first_key = 0;
    uint32_t first_program = 0xFFFFFFFFu;
    absl::flat_hash_map<uint64_t, uint32_t> program_at;
    bool position_independent = false;  // no relative references: one program everywhere
    bool named_missing_sheet = false;   // a program of it names a sheet that did not exist
    uint32_t any_program = 0xFFFFFFFFu;

    // The program compiled at anchor `key`, or 0xFFFFFFFF.
    uint32_t ProgramAt(uint64_t key) const {
      if (first_program != 0xFFFFFFFFu && first_key == key) return first_program;
      auto it = program_at.find(key);
      return it == program_at.end() ? 0xFFFFFFFFu : it->second;
    }
    void AddProgram(uint64_t key, uint32_t program) {
      if (first_program == 0xFFFFFFFFu) {
        first_key = key;
        first_program = program;
      } else {
        program_at.emplace(key, program);
      }
    }
    void ForgetPrograms() {
      first_program = any_program = 0xFFFFFFFFu;
      program_at.clear();
      position_independent = false;
      named_missing_sheet = false;
    }
  };
  uint32_t InternText(std::string_view text);
  uint32_t InternProgram(Program p);
  uint32_t ErrorProgram(ErrorCode code);

  std::vector<std::unique_ptr<Text>> texts_;
  absl::flat_hash_map<std::string_view, uint32_t> text_ids_;
  std::vector<std::unique_ptr<Program>> programs_;
  // Programs by the hash of their fingerprint (Program::Fingerprint): the first program with
  // that hash, the others chained through same_hash_next_ (by program id). Keeping the
  // fingerprints themselves took ~15 MB in a city's workbook of 60,000 programs.
  absl::flat_hash_map<uint64_t, uint32_t> program_by_hash_;
  std::vector<uint32_t> same_hash_next_;
  std::vector<FormulaCell> formulas_;
  std::vector<uint32_t> formula_of_;  // by CellId
  size_t live_ = 0;
  bool has_dynamic_ = false;
  std::vector<uint32_t> operands_;
  std::vector<RangeRef> ranges_;
  std::vector<std::unique_ptr<NumericProgram>> numeric_;  // by program
  struct Span {
    uint32_t begin;
    uint32_t count;
  };
  static constexpr uint32_t kNotExpanded = 0xFFFFFFFFu;
  std::vector<Span> range_cells_;  // by range index
  std::vector<CellId> cell_pool_;
};

}  // namespace suan
