// Many what-ifs at once: K lanes per cell.
//
// A LaneEvaluator takes a recalculated base workbook and a set of input cells to vary. It
// collects the cells those inputs reach (the dirty cone, once) and evaluates that cone for K
// scenarios together: every cone cell holds K values (Eigen arrays), each numeric formula of
// the cone runs once over all lanes, and only formulas outside the numeric subset (text,
// lookups …) or lanes that hit a special case run lane by lane through the general
// interpreter. Cells outside the cone are read from the base.
//
// Contract: the base is never written; several LaneEvaluators may run on different threads at
// once while the base is only read (not edited or recalculated). Lane results equal applying
// the lane's input values to the base and recalculating (tests check it).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "engine/cell_store.hpp"
#include "engine/interpreter.hpp"
#include "formulas/value.hpp"

namespace suan {

class Workbook;

class LaneEvaluator {
 public:
  using LaneWords = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // Cell -> row of words_. Most cells a formula reads lie outside the cone (499 of the 500
  // terms of a 3-D sum): one bit per (id mod 8192) answers "not here" for nearly all of them
  // before the hash map is asked.
  class RowIndex {
   public:
    void clear() {
      map_.clear();
      bits_.fill(0);
    }
    bool try_emplace(CellId id, uint32_t row) {
      bits_[(id >> 6) & 127] |= uint64_t{1} << (id & 63);
      return map_.try_emplace(id, row).second;
    }
    const uint32_t* find(CellId id) const {
      if (!((bits_[(id >> 6) & 127] >> (id & 63)) & 1)) return nullptr;
      auto it = map_.find(id);
      return it == map_.end() ? nullptr : &it->second;
    }
    uint32_t at(CellId id) const { return map_.at(id); }

   private:
    absl::flat_hash_map<CellId, uint32_t> map_;
    std::array<uint64_t, 128> bits_{};
  };

  // `base` must outlive this object and have been recalculated.
  explicit LaneEvaluator(const Workbook& base);
  ~LaneEvaluator();

  // The cells to vary; each must hold a constant (an input), not a formula — unless
  // `override_formulas`, when a formula cell may be given a value of its own (its formula is
  // then not computed in the lanes). Collects the cone.
  absl::Status SetInputs(const std::vector<CellAddress3>& inputs, bool override_formulas = false);
  size_t input_count() const { return inputs_.size(); }
  // Cells (formula cells) recomputed per lane.
  size_t cone_size() const { return cone_records_.size(); }

  // Evaluates K = values.cols() lanes: values(i, k) is input i's number in lane k. A NaN or
  // infinite input is refused (the message names the input and lane).
  absl::Status Run(const Eigen::ArrayXXd& values);
  // The same, with each input's value given as a Value per lane (text, booleans allowed).
  int lanes() const { return lanes_; }

  // A cell's value in lane k: the lane's own where the inputs reached it, else the base's.
  Value Get(CellId id, int lane) const;
  Value Get(uint32_t sheet, int32_t row, int32_t col, int lane) const;
  // The cells whose value a lane may differ from the base in (inputs and cone), in order.
  const std::vector<CellId>& touched() const { return touched_; }

 private:
  class LaneReader;
  void EvaluateRecord(uint32_t record);
  void EvaluateGeneral(uint32_t formula, const Eigen::Array<bool, Eigen::Dynamic, 1>& lanes);
  bool RunNumeric(const uint32_t* record, Eigen::Array<bool, Eigen::Dynamic, 1>& bad);
  void EvaluateSumOfCells(const uint32_t* record);
  void EvaluateCycle(uint32_t cycle);
  void Store(CellId id, int lane, const Value& v);
  // With dynamic dependencies: computes a cone cell for the current lane if it has not been yet.
  void ResolvePending(CellId id, int lane);
  enum : uint8_t { kLaneClean = 0, kLanePending = 1, kLaneEvaluating = 2 };
  std::vector<uint8_t> pending_;  // by row, for pending_lane_; empty without dynamic dependencies
  int pending_lane_ = -1;
  int depth_ = 0;
  Value Decode(double word) const;

  const Workbook& base_;
  std::vector<CellId> inputs_;
  std::vector<uint32_t> cone_records_;  // plan records, in evaluation order
  std::vector<CellId> touched_;
  RowIndex row_of_;
  LaneWords words_;  // rows x lanes
  int lanes_ = 0;
  // Text produced in lanes: a lane word for text carries kLocalText | index into texts_.
  static constexpr uint32_t kLocalText = 0x80000000u;
  std::vector<std::shared_ptr<const std::string>> texts_;
  std::unique_ptr<Interpreter> interpreter_;
  struct Scratch;
  std::unique_ptr<Scratch> scratch_;
};

}  // namespace suan
