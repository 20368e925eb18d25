#include "engine/cell_store.hpp"

#include <cmath>

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
  words_.resize(size_t(t + 1) * kTileSize, BoxWord(ValueKind::kEmpty, 0));
  SetTile(s, tr, tc, t);
  return Find(sheet, row, col);
}

void CellStore::SetTile(Sheet& s, int32_t tr, int32_t tc, uint32_t tile) {
  if (!s.use_sparse) {
    const int32_t need_cols = std::max(s.dir_cols, tc + 1);
    const size_t page = size_t(tr >> kPageRowBits);
    const bool new_page = page >= s.page_of.size() || s.page_of[page] == kNoTile;
    const size_t pages = s.dir_cols ? s.pages.size() / (size_t(kPageTileRows) * s.dir_cols) : 0;
    const size_t entries = (pages + new_page) * kPageTileRows * size_t(need_cols) +
                           std::max(s.page_of.size(), page + 1);
    if (entries > kMaxDenseDirectory) {
      // Too large for grids: move the directory to a hash map.
      for (size_t p = 0; p < s.page_of.size(); ++p) {
        if (s.page_of[p] == kNoTile) continue;
        for (int32_t r = 0; r < kPageTileRows; ++r)
          for (int32_t c = 0; c < s.dir_cols; ++c) {
            uint32_t x = s.pages[InPage(s, s.page_of[p], r, c)];
            uint64_t tile_row = (uint64_t(p) << kPageRowBits) + uint64_t(r);
            if (x != kNoTile) s.sparse[(tile_row << 32) | uint32_t(c)] = x;
          }
      }
      s.page_of = {};
      s.pages = {};
      s.use_sparse = true;
    } else {
      if (need_cols != s.dir_cols) {
        // Wider pages: every page's rows move to the new width.
        std::vector<uint32_t> wider(pages * kPageTileRows * size_t(need_cols), kNoTile);
        for (uint32_t& start : s.page_of) {
          if (start == kNoTile) continue;
          size_t k = start / (size_t(kPageTileRows) * s.dir_cols);  // the page's place in pages
          uint32_t moved = uint32_t(k * kPageTileRows * size_t(need_cols));
          for (int32_t r = 0; r < kPageTileRows; ++r)
            for (int32_t c = 0; c < s.dir_cols; ++c)
              wider[moved + size_t(r) * size_t(need_cols) + size_t(c)] =
                  s.pages[start + size_t(r) * size_t(s.dir_cols) + size_t(c)];
          start = moved;
        }
        s.pages = std::move(wider);
        s.dir_cols = need_cols;
      }
      if (page >= s.page_of.size()) s.page_of.resize(page + 1, kNoTile);
      if (s.page_of[page] == kNoTile) {
        s.page_of[page] = uint32_t(s.pages.size());
        s.pages.resize(s.pages.size() + size_t(kPageTileRows) * size_t(s.dir_cols), kNoTile);
      }
      s.pages[InPage(s, s.page_of[page], tr, tc)] = tile;
      return;
    }
  }
  s.sparse[(uint64_t(uint32_t(tr)) << 32) | uint32_t(tc)] = tile;
}

CellAddress3 CellStore::AddressOf(CellId id) const {
  const Tile& t = tiles_[id / kTileSize];
  uint32_t in = id % kTileSize;
  return CellAddress3{t.sheet, t.row0 + int32_t(in >> kTileColBits),
                      t.col0 + int32_t(in & (kTileCols - 1))};
}

Value CellStore::Get(CellId id) const {
  double w = words_[id];
  if (WordIsNumber(w)) return Value::Number(w);
  uint32_t payload = WordPayload(w);
  switch (WordKind(w)) {
    case ValueKind::kEmpty:
      return Value();
    case ValueKind::kBool:
      return Value::Bool(payload != 0);
    case ValueKind::kError:
      return Value::Error(ErrorCode(payload));
    case ValueKind::kText:
      return Value::Text(texts_[payload]);
    case ValueKind::kNumber:
      break;
  }
  return Value();
}

void CellStore::ReleaseText(CellId id) {
  uint32_t t = WordPayload(words_[id]);
  texts_[t].reset();
  free_texts_.push_back(t);
}

void CellStore::Set(CellId id, const Value& v) {
  double w = words_[id];
  if (!WordIsNumber(w) && WordKind(w) == ValueKind::kText) {
    // Same text again (a formula recalculated to an unchanged label): keep the slot.
    if (v.is_text() && *texts_[WordPayload(w)] == v.text()) return;
    ReleaseText(id);
  }
  switch (v.kind()) {
    case ValueKind::kEmpty:
      words_[id] = BoxWord(ValueKind::kEmpty, 0);
      break;
    case ValueKind::kNumber:
      // Non-finite numbers are #NUM! in Excel; they never reach a cell as numbers.
      words_[id] = std::isfinite(v.number())
                       ? v.number()
                       : BoxWord(ValueKind::kError, uint32_t(ErrorCode::kNum));
      break;
    case ValueKind::kBool:
      words_[id] = BoxWord(ValueKind::kBool, v.boolean() ? 1 : 0);
      break;
    case ValueKind::kError:
      words_[id] = BoxWord(ValueKind::kError, uint32_t(v.error()));
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
      words_[id] = BoxWord(ValueKind::kText, t);
      break;
    }
  }
}

size_t CellStore::MemoryBytes() const {
  size_t bytes = words_.capacity() * sizeof(double) + tiles_.capacity() * sizeof(Tile) +
                 texts_.capacity() * sizeof(texts_[0]);
  for (const auto& t : texts_)
    if (t) bytes += t->capacity() + 32;
  for (const Sheet& s : sheets_)
    bytes += (s.page_of.capacity() + s.pages.capacity()) * 4 + s.sparse.size() * 16;
  return bytes;
}

}  // namespace suan
