#include "engine/scenario/lane_evaluator.hpp"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "engine/dependency_graph.hpp"
#include "engine/evaluation_plan.hpp"
#include "engine/evaluator.hpp"
#include "engine/formula_store.hpp"
#include "engine/workbook.hpp"
#include "formulas/a1.hpp"
#include "formulas/coerce.hpp"
#include "formulas/excel_round.hpp"
#include "formulas/numeric_program.hpp"

namespace suan {

using Lanes = Eigen::ArrayXd;
using Mask = Eigen::Array<bool, Eigen::Dynamic, 1>;

// Per-run scratch: the numeric stack of lane arrays.
struct LaneEvaluator::Scratch {
  std::vector<Lanes> stack;
  Lanes tmp;
};

// Reads cells for one lane: the lane's word where the scenario reached, the base elsewhere.
class LaneEvaluator::LaneReader final : public CellReader {
 public:
  LaneReader(const LaneEvaluator& lanes, int lane) : lanes_(lanes), lane_(lane) {}
  Value ReadCell(CellId id) const override {
    const_cast<LaneEvaluator&>(lanes_).ResolvePending(id, lane_);
    return lanes_.Get(id, lane_);
  }
  Value Get(uint32_t sheet, int32_t row, int32_t col) const override {
    const CellStore& cells = lanes_.base_.cells_;
    if (sheet < cells.sheet_count() && row >= 0 && col >= 0 && row < kMaxRows && col < kMaxCols) {
      CellId id = cells.Find(sheet, row, col);
      if (id != kNoCell) return ReadCell(id);
    }
    return lanes_.Get(sheet, row, col, lane_);
  }
  void ForEachNonEmpty(
      const RangeRef& range,
      absl::FunctionRef<bool(uint32_t sheet, int32_t row, int32_t col, const Value&)> visit)
      const override {
    const CellStore& cells = lanes_.base_.cells_;
    for (uint32_t s = range.sheet_first; s <= range.sheet_last && s < cells.sheet_count(); ++s) {
      bool stop = false;
      cells.ForEachAllocated(s, range.row1, range.col1, range.row2, range.col2,
                             [&](CellId id, int32_t r, int32_t c) {
                               if (stop) return;
                               Value v = ReadCell(id);
                               if (!v.is_empty() && !visit(s, r, c, v)) stop = true;
                             });
      if (stop) return;
    }
  }
  uint32_t SheetCount() const override { return lanes_.base_.cells_.sheet_count(); }
  std::optional<uint32_t> FindSheet(std::string_view name) const override {
    return lanes_.base_.cells_.FindSheet(name);
  }
  std::string SheetName(uint32_t sheet) const override {
    return lanes_.base_.cells_.sheet_name(sheet);
  }

 private:
  const LaneEvaluator& lanes_;
  int lane_;
};

LaneEvaluator::LaneEvaluator(const Workbook& base)
    : base_(base),
      interpreter_(std::make_unique<Interpreter>(*base.formulas_)),
      scratch_(std::make_unique<Scratch>()) {}

LaneEvaluator::~LaneEvaluator() = default;

absl::Status LaneEvaluator::SetInputs(const std::vector<CellAddress3>& inputs,
                                      bool override_formulas) {
  if (base_.structure_dirty_ || base_.values_dirty_ || !base_.evaluator_)
    return absl::FailedPreconditionError("recalculate the workbook before running scenarios on it");
  const CellStore& cells = base_.cells_;
  inputs_.clear();
  for (const CellAddress3& a : inputs) {
    std::string name = a.sheet < cells.sheet_count()
                           ? QualifiedAddress(cells.sheet_name(a.sheet), a.row, a.col)
                           : absl::StrCat("sheet ", a.sheet + 1);
    if (a.sheet >= cells.sheet_count())
      return absl::NotFoundError(absl::StrCat("no such sheet for input ", name));
    CellId id = cells.Find(a.sheet, a.row, a.col);
    if (id == kNoCell)
      return absl::NotFoundError(
          absl::StrCat(name, " is empty and nothing reads it: there is no input there to vary"));
    if (base_.formulas_->FormulaOf(id) != kNoFormula && !override_formulas)
      return absl::InvalidArgumentError(absl::StrCat(
          name, " holds a formula, not an input; override it explicitly if that is meant"));
    inputs_.push_back(id);
  }
  const Evaluator& ev = *base_.evaluator_;
  std::vector<uint32_t> keys;
  // Visit marks, one bit per graph node, clear between uses: kept per thread so a scenario
  // does not allocate and clear a bit per node of the whole workbook.
  thread_local std::vector<uint64_t> visited;
  // Volatile formulas (INDIRECT, OFFSET, RAND …) may read anything: always recompute them.
  std::vector<uint32_t> seeds = inputs_;
  seeds.insert(seeds.end(), base_.volatile_cells_.begin(), base_.volatile_cells_.end());
  base_.graph_->CollectCone(seeds, ev.keys(), keys, visited);
  cone_records_.clear();
  for (uint32_t k : keys) {
    uint32_t record = k - 1;
    uint32_t head = ev.plan().words()[record];
    // Range nodes carry cached aggregates for the base only; lanes read cells instead.
    if ((head & EvaluationPlan::kTagMask) == EvaluationPlan::kRangeNode) continue;
    // An overridden formula keeps the value it was given.
    if ((head & EvaluationPlan::kTagMask) != EvaluationPlan::kGeneral ||
        !(head & EvaluationPlan::kCycleFlag)) {
      CellId cell = base_.formulas_->formulas()[head & ~EvaluationPlan::kTagMask].cell;
      if (override_formulas && std::find(inputs_.begin(), inputs_.end(), cell) != inputs_.end())
        continue;
    }
    cone_records_.push_back(record);
  }
  // Rows: the inputs, then every formula cell of the cone.
  row_of_.clear();
  touched_.clear();
  auto add_row = [&](CellId id) {
    if (row_of_.try_emplace(id, uint32_t(touched_.size()))) touched_.push_back(id);
  };
  for (CellId id : inputs_) add_row(id);
  const FormulaStore& formulas = *base_.formulas_;
  for (uint32_t record : cone_records_) {
    uint32_t head = ev.plan().words()[record];
    uint32_t index = head & ~EvaluationPlan::kTagMask;
    if ((head & EvaluationPlan::kTagMask) == EvaluationPlan::kGeneral &&
        (head & EvaluationPlan::kCycleFlag)) {
      for (uint32_t m : base_.graph_->cycles()[index & ~EvaluationPlan::kCycleFlag].members)
        if (!base_.graph_->is_range_node(m)) add_row(m);
    } else {
      add_row(formulas.formulas()[index].cell);
    }
  }
  lanes_ = 0;
  return absl::OkStatus();
}

Value LaneEvaluator::Decode(double w) const {
  if (!WordIsNumber(w) && WordKind(w) == ValueKind::kText && (WordPayload(w) & kLocalText))
    return Value::Text(texts_[WordPayload(w) & ~kLocalText]);
  return Value();  // not used for base words
}

Value LaneEvaluator::Get(CellId id, int lane) const {
  const uint32_t* row = row_of_.find(id);
  if (!row || lane < 0 || lane >= lanes_) return base_.cells_.Get(id);
  double w = words_(*row, lane);
  if (WordIsNumber(w)) return Value::Number(w);
  switch (WordKind(w)) {
    case ValueKind::kEmpty:
      return Value();
    case ValueKind::kBool:
      return Value::Bool(WordPayload(w) != 0);
    case ValueKind::kError:
      return Value::Error(ErrorCode(WordPayload(w)));
    case ValueKind::kText:
      if (WordPayload(w) & kLocalText) return Decode(w);
      // A base text copied into the lane (an input left as it was).
      return base_.cells_.Get(id);
    default:
      return Value();
  }
}

Value LaneEvaluator::Get(uint32_t sheet, int32_t row, int32_t col, int lane) const {
  const CellStore& cells = base_.cells_;
  if (sheet >= cells.sheet_count() || row < 0 || col < 0 || row >= kMaxRows || col >= kMaxCols)
    return Value::Error(ErrorCode::kRef);
  CellId id = cells.Find(sheet, row, col);
  return id == kNoCell ? Value() : Get(id, lane);
}

void LaneEvaluator::Store(CellId id, int lane, const Value& v) {
  double& w = words_(row_of_.at(id), lane);
  switch (v.kind()) {
    case ValueKind::kEmpty:
      w = BoxWord(ValueKind::kEmpty, 0);
      break;
    case ValueKind::kNumber:
      w = std::isfinite(v.number()) ? v.number()
                                    : BoxWord(ValueKind::kError, uint32_t(ErrorCode::kNum));
      break;
    case ValueKind::kBool:
      w = BoxWord(ValueKind::kBool, v.boolean() ? 1 : 0);
      break;
    case ValueKind::kError:
      w = BoxWord(ValueKind::kError, uint32_t(v.error()));
      break;
    case ValueKind::kText:
      texts_.push_back(v.shared_text());
      w = BoxWord(ValueKind::kText, kLocalText | uint32_t(texts_.size() - 1));
      break;
  }
}

absl::Status LaneEvaluator::Run(const Eigen::ArrayXXd& values) {
  if (values.rows() != Eigen::Index(inputs_.size()))
    return absl::InvalidArgumentError(absl::StrCat("expected one row of values per input (",
                                                   inputs_.size(), "), got ", values.rows()));
  if (values.cols() < 1) return absl::InvalidArgumentError("no lanes to run");
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    for (Eigen::Index k = 0; k < values.cols(); ++k)
      if (!std::isfinite(values(i, k))) {
        CellAddress3 a = base_.cells_.AddressOf(inputs_[size_t(i)]);
        return absl::InvalidArgumentError(
            absl::StrCat("input ", QualifiedAddress(base_.cells_.sheet_name(a.sheet), a.row, a.col),
                         " has no finite value in lane ", k, " (", values(i, k), ")"));
      }
  lanes_ = int(values.cols());
  texts_.clear();
  words_.resize(Eigen::Index(touched_.size()), lanes_);
  // Rows start as the base's words (cone rows are all overwritten in order).
  const double* base_words = base_.cells_.words();
  for (size_t r = 0; r < touched_.size(); ++r)
    words_.row(Eigen::Index(r)).setConstant(base_words[touched_[r]]);
  for (size_t i = 0; i < inputs_.size(); ++i)
    words_.row(Eigen::Index(row_of_.at(inputs_[i]))) = values.row(Eigen::Index(i));
  // The numeric stack as deep as the cone's programs need (at most kMaxNumericStack).
  uint32_t depth = 0;
  for (uint32_t record : cone_records_) {
    const uint32_t* rec = base_.evaluator_->plan().words().data() + record;
    if ((rec[0] & EvaluationPlan::kTagMask) != EvaluationPlan::kNumeric) continue;
    if (const NumericProgram* np = base_.formulas_->numeric(rec[1]))
      depth = std::max(depth, np->max_stack);
  }
  scratch_->stack.assign(std::min(depth, kMaxNumericStack) + 2, Lanes(lanes_));
  scratch_->tmp.resize(lanes_);
  if (!base_.formulas_->has_dynamic_dependencies()) {
    for (uint32_t record : cone_records_) EvaluateRecord(record);
    return absl::OkStatus();
  }
  // Some formula reads cells it does not name (INDIRECT, OFFSET): a cell may be read before its
  // turn, so each lane runs on its own with pending marks and computes such cells on demand,
  // as the base evaluator does.
  for (int k = 0; k < lanes_; ++k) {
    pending_lane_ = k;
    pending_.assign(touched_.size(), kLanePending);
    for (CellId id : inputs_) pending_[row_of_.at(id)] = kLaneClean;
    for (uint32_t record : cone_records_) {
      uint32_t head = base_.evaluator_->plan().words()[record];
      uint32_t index = head & ~EvaluationPlan::kTagMask;
      if ((head & EvaluationPlan::kTagMask) == EvaluationPlan::kGeneral &&
          (head & EvaluationPlan::kCycleFlag)) {
        continue;  // cycles keep the base's #CYCLE! without iterative calculation
      }
      ResolvePending(base_.formulas_->formulas()[index].cell, k);
    }
  }
  pending_.clear();
  pending_lane_ = -1;
  return absl::OkStatus();
}

void LaneEvaluator::ResolvePending(CellId id, int lane) {
  if (pending_.empty() || lane != pending_lane_) return;
  const uint32_t* row = row_of_.find(id);
  if (!row) return;
  uint8_t& state = pending_[*row];
  if (state == kLaneClean) return;
  if (state == kLaneEvaluating || ++depth_ > 2000) {
    // Read while being computed: a cycle through INDIRECT/OFFSET, as the base reports it.
    Store(id, lane, Value::Error(ErrorCode::kCycle));
    if (state != kLaneEvaluating) --depth_;
    return;
  }
  state = kLaneEvaluating;
  uint32_t formula = base_.formulas_->FormulaOf(id);
  const FormulaCell& f = base_.formulas_->formulas()[formula];
  LaneReader reader(*this, lane);
  Value v = interpreter_->Run(f, base_.cells_.AddressOf(f.cell), reader, *base_.env_);
  Store(id, lane, v);
  pending_[*row] = kLaneClean;
  --depth_;
}

void LaneEvaluator::EvaluateGeneral(uint32_t formula, const Mask& lanes) {
  const FormulaCell& f = base_.formulas_->formulas()[formula];
  CellAddress3 at = base_.cells_.AddressOf(f.cell);
  for (int k = 0; k < lanes_; ++k) {
    if (!lanes(k)) continue;
    LaneReader reader(*this, k);
    Store(f.cell, k, interpreter_->Run(f, at, reader, *base_.env_));
  }
}

void LaneEvaluator::EvaluateCycle(uint32_t cycle) {
  const Evaluator& ev = *base_.evaluator_;
  if (!ev.iterating()) return;  // members keep #CYCLE! (copied from the base)
  const auto& members = base_.graph_->cycles()[cycle].members;
  Mask all = Mask::Constant(lanes_, true);
  for (int it = 0; it < ev.max_iterations(); ++it) {
    double change = 0;
    for (uint32_t m : members) {
      if (base_.graph_->is_range_node(m)) continue;
      uint32_t row = row_of_.at(m);
      Lanes before = words_.row(row).transpose();
      EvaluateGeneral(base_.formulas_->FormulaOf(m), all);
      for (int k = 0; k < lanes_; ++k) {
        double a = before(k), b = words_(row, k);
        if (WordIsNumber(a) && WordIsNumber(b)) {
          change = std::max(change, std::fabs(b - a));
        } else if (WordBits(a) != WordBits(b)) {
          change = std::numeric_limits<double>::infinity();
        }
      }
    }
    if (change < ev.max_change()) break;
  }
}

void LaneEvaluator::EvaluateRecord(uint32_t record) {
  const uint32_t* rec = base_.evaluator_->plan().words().data() + record;
  uint32_t head = rec[0];
  uint32_t index = head & ~EvaluationPlan::kTagMask;
  switch (head & EvaluationPlan::kTagMask) {
    case EvaluationPlan::kSumCells:
      EvaluateSumOfCells(rec);
      return;
    case EvaluationPlan::kNumeric: {
      Mask bad = Mask::Constant(lanes_, false);
      if (!RunNumeric(rec, bad)) bad.setConstant(true);
      if (bad.any()) EvaluateGeneral(index, bad);
      return;
    }
    case EvaluationPlan::kGeneral:
      if (head & EvaluationPlan::kCycleFlag) {
        EvaluateCycle(index & ~EvaluationPlan::kCycleFlag);
      } else {
        EvaluateGeneral(index, Mask::Constant(lanes_, true));
      }
      return;
    default:
      return;  // range nodes: not used by lanes
  }
}

namespace {

// Adds the cell `id` to per-lane sums under SUM's reference rules: numbers count, empty, text
// and booleans are skipped, an error marks the lane for the general path.
template <typename Take>
void ForCellLanes(const LaneEvaluator::LaneWords& words, const LaneEvaluator::RowIndex& row_of,
                  const double* base_words, CellId id, int lanes, Mask& bad, Take take) {
  const uint32_t* at = row_of.find(id);
  if (!at) {
    double w = base_words[id];
    if (WordIsNumber(w)) {
      take(Lanes::Constant(lanes, w), Mask::Constant(lanes, true));
    } else if (WordKind(w) == ValueKind::kError) {
      bad.setConstant(true);
    }
    return;
  }
  auto row = words.row(*at).transpose();
  Mask number = row.isFinite();
  if (number.all()) {
    take(row, number);
    return;
  }
  for (int k = 0; k < lanes; ++k)
    if (!number(k) && WordKind(row(k)) == ValueKind::kError) bad(k) = true;
  take(number.select(row, 0.0), number);
}

}  // namespace

void LaneEvaluator::EvaluateSumOfCells(const uint32_t* rec) {
  const double* base_words = base_.cells_.words();
  const uint32_t count = rec[2];
  Lanes& total = scratch_->tmp;
  total.setZero();
  Mask bad = Mask::Constant(lanes_, false);
  for (uint32_t k = 0; k < count; ++k)
    ForCellLanes(words_, row_of_, base_words, rec[3 + k], lanes_, bad,
                 [&](const auto& x, const Mask&) { total += x; });
  bad = bad || !total.isFinite();
  CellId cell = rec[1];
  uint32_t row = row_of_.at(cell);
  for (int k = 0; k < lanes_; ++k)
    if (!bad(k)) words_(row, k) = total(k);
  if (bad.any()) EvaluateGeneral(rec[0] & ~EvaluationPlan::kTagMask, bad);
}

// The numeric program over all lanes. Lanes that meet a case the general interpreter must
// settle (a non-number operand, division by zero, an error in a range, a non-finite result)
// are marked in `bad` and recomputed lane by lane afterwards. IF runs both branches over the
// lanes that take them and selects per lane.
bool LaneEvaluator::RunNumeric(const uint32_t* rec, Mask& bad) {
  const FormulaStore& formulas = *base_.formulas_;
  const NumericProgram& np = *formulas.numeric(rec[1]);
  const double* base_words = base_.cells_.words();
  std::vector<Lanes>& st = scratch_->stack;
  const uint32_t* cur = rec + 4;
  int sp = 0;
  const int K = lanes_;

  auto load = [&](CellId id, Lanes& out, const Mask& active) {
    if (id == kBadOperand) {
      bad = bad || active;
      out.setZero();
      return;
    }
    const uint32_t* at = row_of_.find(id);
    if (!at) {
      double w = base_words[id];
      if (WordIsNumber(w)) {
        out.setConstant(w);
      } else {
        out.setZero();
        if (WordKind(w) != ValueKind::kEmpty) bad = bad || active;
      }
      return;
    }
    auto row = words_.row(*at).transpose();
    Mask number = row.isFinite();
    if (number.all()) {
      out = row;
      return;
    }
    for (int k = 0; k < K; ++k) {
      if (number(k)) {
        out(k) = row(k);
      } else {
        out(k) = 0;
        if (WordKind(row(k)) != ValueKind::kEmpty && active(k)) bad(k) = true;
      }
    }
  };

  // Runs instructions [begin, end) for the lanes in `active`.
  std::function<void(size_t, size_t, const Mask&)> exec = [&](size_t begin, size_t end,
                                                              const Mask& active) {
    for (size_t pc = begin; pc < end; ++pc) {
      const NumInstr& i = np.code[pc];
      switch (i.op) {
        case NumOp::kConst:
          st[sp++].setConstant(np.consts[i.a]);
          break;
        case NumOp::kLoad:
        case NumOp::kLoadReference:
          load(*cur++, st[sp++], active);
          break;
        case NumOp::kAggregate: {
          NumAggregate fn = NumAggregate(i.fn);
          Lanes total = Lanes::Zero(K), count = Lanes::Zero(K);
          Lanes lo = Lanes::Constant(K, std::numeric_limits<double>::infinity());
          Lanes hi = Lanes::Constant(K, -std::numeric_limits<double>::infinity());
          auto take = [&](const auto& x, const Mask& present) {
            total += x;
            count += present.cast<double>();
            lo = present.select(lo.min(x), lo);
            hi = present.select(hi.max(x), hi);
          };
          int first_value = sp - i.popped;
          int value_index = 0;
          Mask lane_bad = Mask::Constant(K, false);
          for (uint32_t k = 0; k < i.n; ++k) {
            const NumArg& arg = np.args[i.a + k];
            if (!arg.is_reference) {
              take(st[first_value + value_index++], Mask::Constant(K, true));
              continue;
            }
            if (arg.on_stack) ++value_index;
            uint32_t w = *cur++;
            if (w == kBadOperand) {
              lane_bad.setConstant(true);
              continue;
            }
            if (w != EvaluationPlan::kLargeRange) {
              for (uint32_t c = 0; c < w; ++c)
                ForCellLanes(words_, row_of_, base_words, cur[c], K, lane_bad, take);
              cur += w;
              continue;
            }
            const RangeRef& rr = formulas.ranges()[*cur++];
            for (uint32_t s = rr.sheet_first; s <= rr.sheet_last; ++s)
              base_.cells_.ForEachAllocated(
                  s, rr.row1, rr.col1, rr.row2, rr.col2, [&](CellId id, int32_t, int32_t) {
                    ForCellLanes(words_, row_of_, base_words, id, K, lane_bad, take);
                  });
          }
          sp = first_value;
          Lanes& out = st[sp++];
          switch (fn) {
            case NumAggregate::kSum:
              out = total;
              break;
            case NumAggregate::kMin:
              out = (count > 0).select(lo, 0.0);
              break;
            case NumAggregate::kMax:
              out = (count > 0).select(hi, 0.0);
              break;
            case NumAggregate::kAverage:
              lane_bad = lane_bad || (count == 0);
              out = total / count.max(1.0);
              break;
          }
          bad = bad || (lane_bad && active);
          break;
        }
        case NumOp::kNeg:
          st[sp - 1] = -st[sp - 1];
          break;
        case NumOp::kPercent:
          st[sp - 1] /= 100;
          break;
        case NumOp::kAdd:
          --sp;
          st[sp - 1] += st[sp];
          break;
        case NumOp::kSub:
          --sp;
          st[sp - 1] -= st[sp];
          break;
        case NumOp::kMul:
          --sp;
          st[sp - 1] *= st[sp];
          break;
        case NumOp::kDiv:
          --sp;
          bad = bad || (active && st[sp] == 0);
          st[sp - 1] /= st[sp];
          break;
        case NumOp::kPow:
          --sp;
          bad = bad || (active && st[sp - 1] == 0 && st[sp] <= 0);
          st[sp - 1] = st[sp - 1].pow(st[sp]);
          break;
        case NumOp::kEq:
        case NumOp::kNe:
        case NumOp::kLt:
        case NumOp::kLe:
        case NumOp::kGt:
        case NumOp::kGe: {
          --sp;
          for (int k = 0; k < K; ++k) {
            int c = CompareNumbers15(st[sp - 1](k), st[sp](k));
            bool b = i.op == NumOp::kEq   ? c == 0
                     : i.op == NumOp::kNe ? c != 0
                     : i.op == NumOp::kLt ? c < 0
                     : i.op == NumOp::kLe ? c <= 0
                     : i.op == NumOp::kGt ? c > 0
                                          : c >= 0;
            st[sp - 1](k) = b ? 1 : 0;
          }
          break;
        }
        case NumOp::kRound:
          --sp;
          for (int k = 0; k < K; ++k) {
            double d = std::clamp(std::trunc(st[sp](k)), -400.0, 400.0);
            st[sp - 1](k) = ExcelRound(st[sp - 1](k), int(d));
          }
          break;
        case NumOp::kAbs:
          st[sp - 1] = st[sp - 1].abs();
          break;
        case NumOp::kJumpIfZero: {
          // Structured IF: [pc] JumpIfZero -> T; then-branch up to the Jump at T-1 -> E;
          // else-branch T..E. Both run, each for its lanes; the results are selected per lane.
          ++cur;  // branch length: not needed, both branches are walked
          Mask cond = st[--sp] != 0;
          size_t t = i.a, e = np.code[t - 1].a;
          exec(pc + 1, t - 1, active && cond);
          Lanes then_value = st[sp - 1];
          --sp;
          ++cur;  // the Jump's branch length
          exec(t, e, active && !cond);
          st[sp - 1] = cond.select(then_value, st[sp - 1]);
          pc = e - 1;
          break;
        }
        case NumOp::kJump:
          break;  // only reached through kJumpIfZero above
      }
    }
  };
  exec(0, np.code.size(), Mask::Constant(K, true));
  bad = bad || !st[0].isFinite();
  CellId cell = rec[2];
  uint32_t row = row_of_.at(cell);
  bool as_bool = np.result_is_bool;
  for (int k = 0; k < K; ++k) {
    if (bad(k)) continue;
    words_(row, k) = as_bool ? BoxWord(ValueKind::kBool, st[0](k) != 0 ? 1 : 0) : st[0](k);
  }
  return true;
}

}  // namespace suan
