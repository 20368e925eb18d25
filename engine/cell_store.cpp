#include "engine/cell_store.hpp"

#include "absl/strings/ascii.h"
#include "formulas/absl_compat.hpp"

namespace suan {

namespace {
std::string UpperKey(std::string_view name) {
  return absl::AsciiStrToUpper(ToAbsl(name));
}
}  // namespace

uint32_t CellStore::AddSheet(std::string name) {
  uint32_t id = uint32_t(sheets_.size());
  sheet_by_upper_name_.emplace(UpperKey(name), id);
  sheets_.push_back(Sheet{});
  sheets_.back().name = std::move(name);
  return id;
}

std::optional<uint32_t> CellStore::FindSheet(std::string_view name) const {
  auto it = sheet_by_upper_name_.find(UpperKey(name));
  if (it == sheet_by_upper_name_.end()) return std::nullopt;
  return it->second;
}

CellId CellStore::Ensure(uint32_t sheet, int32_t row, int32_t col) {
  CellId id = Find(sheet, row, col);
  if (id != kNoCell) return id;
  Sheet& s = sheets_[sheet];
  int32_t tr = row >> kTileRowBits, tc = col >> kTileColBits;
  uint32_t t = uint32_t(tiles_.size());
  tiles_.push_back(Tile{sheet, tr * kTileRows, tc * kTileCols});
  number_.resize(size_t(t + 1) * kTileSize, 0.0);
  kind_.resize(size_t(t + 1) * kTileSize, uint8_t(ValueKind::kEmpty));
  if (!s.use_sparse) {
    int32_t need_rows = std::max(s.dir_rows, tr + 1), need_cols = std::max(s.dir_cols, tc + 1);
    if (size_t(need_rows) * size_t(need_cols) > kMaxDenseDirectory) {
      // Too large for a grid: move the directory to a hash map.
      for (int32_t r = 0; r < s.dir_rows; ++r)
        for (int32_t c = 0; c < s.dir_cols; ++c) {
          uint32_t x = s.dense[size_t(r) * size_t(s.dir_cols) + size_t(c)];
          if (x != kNoTile) s.sparse[(uint64_t(uint32_t(r)) << 32) | uint32_t(c)] = x;
        }
      s.dense.clear();
      s.dense.shrink_to_fit();
      s.use_sparse = true;
    } else if (need_rows != s.dir_rows || need_cols != s.dir_cols) {
      // Grow the grid; grow generously in rows so a sheet filled top to bottom regrows rarely.
      if (need_rows > s.dir_rows) need_rows = std::max(need_rows, s.dir_rows * 2);
      if (size_t(need_rows) * size_t(need_cols) > kMaxDenseDirectory) need_rows = tr + 1;
      std::vector<uint32_t> grid(size_t(need_rows) * size_t(need_cols), kNoTile);
      for (int32_t r = 0; r < s.dir_rows; ++r)
        for (int32_t c = 0; c < s.dir_cols; ++c)
          grid[size_t(r) * size_t(need_cols) + size_t(c)] =
              s.dense[size_t(r) * size_t(s.dir_cols) + size_t(c)];
      s.dense = std::move(grid);
      s.dir_rows = need_rows;
      s.dir_cols = need_cols;
    }
  }
  if (s.use_sparse) {
    s.sparse[(uint64_t(uint32_t(tr)) << 32) | uint32_t(tc)] = t;
  } else {
    s.dense[size_t(tr) * size_t(s.dir_cols) + size_t(tc)] = t;
  }
  return Find(sheet, row, col);
}

CellAddress3 CellStore::AddressOf(CellId id) const {
  const Tile& t = tiles_[id / kTileSize];
  uint32_t in = id % kTileSize;
  return CellAddress3{t.sheet, t.row0 + int32_t(in >> kTileColBits),
                      t.col0 + int32_t(in & (kTileCols - 1))};
}

Value CellStore::Get(CellId id) const {
  switch (ValueKind(kind_[id])) {
    case ValueKind::kEmpty:
      return Value();
    case ValueKind::kNumber:
      return Value::Number(number_[id]);
    case ValueKind::kBool:
      return Value::Bool(number_[id] != 0);
    case ValueKind::kError:
      return Value::Error(ErrorCode(uint8_t(number_[id])));
    case ValueKind::kText:
      return Value::Text(texts_[size_t(number_[id])]);
  }
  return Value();
}

void CellStore::ReleaseText(CellId id) {
  uint32_t t = uint32_t(number_[id]);
  texts_[t].reset();
  free_texts_.push_back(t);
}

void CellStore::Set(CellId id, const Value& v) {
  if (kind_[id] == uint8_t(ValueKind::kText)) {
    // Same text again (a formula recalculated to an unchanged label): keep the slot.
    if (v.is_text() && *texts_[size_t(number_[id])] == v.text()) return;
    ReleaseText(id);
  }
  kind_[id] = uint8_t(v.kind());
  switch (v.kind()) {
    case ValueKind::kEmpty:
      number_[id] = 0;
      break;
    case ValueKind::kNumber:
    case ValueKind::kBool:
      number_[id] = v.number();
      break;
    case ValueKind::kError:
      number_[id] = double(uint8_t(v.error()));
      break;
    case ValueKind::kText: {
      uint32_t t;
      if (!free_texts_.empty()) {
        t = free_texts_.back();
        free_texts_.pop_back();
        texts_[t] = v.shared_text();
      } else {
        t = uint32_t(texts_.size());
        texts_.push_back(v.shared_text());
      }
      number_[id] = double(t);
      break;
    }
  }
}

size_t CellStore::MemoryBytes() const {
  size_t bytes = number_.capacity() * sizeof(double) + kind_.capacity() +
                 tiles_.capacity() * sizeof(Tile) + texts_.capacity() * sizeof(texts_[0]);
  for (const auto& t : texts_)
    if (t) bytes += t->capacity() + 32;
  for (const Sheet& s : sheets_) bytes += s.dense.capacity() * 4 + s.sparse.size() * 16;
  return bytes;
}

}  // namespace suan
