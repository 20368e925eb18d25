// The cell store: where every cell's value lives, addressed by dense 32-bit ids.
//
// Sheets are cut into tiles of kTileRows x kTileCols cells, allocated when a cell in them is
// first written or referenced. A cell's id is its tile's base plus its place in the tile, so
// a row segment inside a tile has consecutive ids and a sheet of budget tables is a few
// contiguous blocks. Every cell's value is one 64-bit word in a flat array indexed by id: a
// finite double is a number; anything else is a NaN whose payload holds the kind and a datum
// (a text's index in a side table, an error code, a boolean). Reading a number, the common
// case, is one load.
//
// Ids are stable: tiles are only ever added. Empty cells inside a tile have kind kEmpty.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/huge_page_allocator.hpp"
#include "formulas/operand.hpp"
#include "formulas/value.hpp"

namespace suan {

using CellId = uint32_t;
inline constexpr CellId kNoCell = 0xFFFFFFFFu;

// 16 x 8: a budget table is a few dozen rows of under a dozen columns, and a city's workbook
// is thousands of them. Tiles of 64 x 16 left 61 % of the slots of the city-500 workbook empty
// (7.8 M slots for 3.0 M cells), and every array indexed by CellId (values, formula of a cell,
// dependency offsets, plan keys) paid for the empty ones: peak RSS went 398 -> 291 MB with 16 x 8.
inline constexpr int32_t kTileRowBits = 4;  // 16 rows
inline constexpr int32_t kTileColBits = 3;  // 8 columns
inline constexpr int32_t kTileRows = 1 << kTileRowBits;
inline constexpr int32_t kTileCols = 1 << kTileColBits;
inline constexpr uint32_t kTileSize = uint32_t(kTileRows * kTileCols);

// The word encoding. Boxed words live in the signalling-NaN space, which arithmetic never
// produces; numbers are always finite (a non-finite result is stored as #NUM!).
inline constexpr uint64_t kBoxBase = 0x7FF4'0000'0000'0000ull;
inline constexpr uint64_t kExponentMask = 0x7FF0'0000'0000'0000ull;
inline uint64_t WordBits(double w) {
  uint64_t b;
  std::memcpy(&b, &w, sizeof b);
  return b;
}
inline double BoxWord(ValueKind kind, uint32_t payload) {
  uint64_t b = kBoxBase | (uint64_t(kind) << 32) | payload;
  double w;
  std::memcpy(&w, &b, sizeof w);
  return w;
}
inline bool WordIsNumber(double w) {
  return (WordBits(w) & kExponentMask) != kExponentMask;
}
inline ValueKind WordKind(double w) {
  return WordIsNumber(w) ? ValueKind::kNumber : ValueKind((WordBits(w) >> 32) & 0xF);
}
inline uint32_t WordPayload(double w) {
  return uint32_t(WordBits(w));
}

struct CellAddress3 {
  uint32_t sheet;
  int32_t row;
  int32_t col;
};

class CellStore {
 public:
  // --- sheets ---
  uint32_t AddSheet(std::string name);  // the caller checks names are unique
  uint32_t sheet_count() const { return uint32_t(sheets_.size()); }
  const std::string& sheet_name(uint32_t s) const { return sheets_[s].name; }
  // Case-insensitive, as Excel matches sheet names.
  std::optional<uint32_t> FindSheet(std::string_view name) const;

  // --- addressing ---
  // The id of a cell, or kNoCell when its tile was never allocated (the cell is empty).
  CellId Find(uint32_t sheet, int32_t row, int32_t col) const;
  // The id of a cell, allocating its tile if needed. Row/col must be within sheet limits.
  CellId Ensure(uint32_t sheet, int32_t row, int32_t col);
  CellAddress3 AddressOf(CellId id) const;
  // One past the largest id in use: arrays indexed by CellId have this size.
  uint32_t capacity() const { return uint32_t(words_.size()); }
  // Tiles in allocation order: (sheet, first row, first col) of each.
  struct Tile {
    uint32_t sheet;
    int32_t row0;
    int32_t col0;
  };
  const std::vector<Tile>& tiles() const { return tiles_; }
  // Calls f(id, row, col) for each allocated cell of the rectangle, in Excel's order (row by row);
  // cells in unallocated tiles are skipped (they are empty).
  template <typename F>
  void ForEachAllocated(uint32_t sheet, int32_t row1, int32_t col1, int32_t row2, int32_t col2,
                        F&& f) const;

  // --- values ---
  ValueKind kind(CellId id) const { return WordKind(words_[id]); }
  Value Get(CellId id) const;
  void Set(CellId id, const Value& v);
  // A finite number (the caller guarantees it; non-finite results are errors, not numbers).
  void SetNumber(CellId id, double n) {
    if (!WordIsNumber(words_[id]) && WordKind(words_[id]) == ValueKind::kText) ReleaseText(id);
    words_[id] = n;
  }
  // The raw words, for the hot paths of evaluation (see WordIsNumber/WordKind).
  const double* words() const { return words_.data(); }

  size_t MemoryBytes() const;

 private:
  struct Sheet {
    std::string name;
    // Tile directory: grids of tile indexes while the sheet's used area is small, a hash map
    // once it is not (a cell at XFD1048576 must not cost a 16M-entry grid). The grid comes in
    // pages of kPageTileRows tile rows, each page dir_cols tiles wide and allocated when a tile
    // in it is: a sheet whose cells sit in bands far apart (a city's member sheets have figures
    // from rows 0, 4096 and 8192) pays for its bands only. One grid from row 0 took 93 MB in
    // the city-5000 workbook to hold 154,000 tiles.
    int32_t dir_cols = 0;
    std::vector<uint32_t> page_of;  // by page (tile row >> kPageRowBits): its start in pages
    std::vector<uint32_t> pages;    // the pages' grids, row-major, kPageTileRows x dir_cols each
    absl::flat_hash_map<uint64_t, uint32_t> sparse;
    bool use_sparse = false;
  };
  static constexpr uint32_t kNoTile = 0xFFFFFFFFu;
  static constexpr int32_t kPageRowBits = 4;  // 16 tile rows, 256 cell rows
  static constexpr int32_t kPageTileRows = 1 << kPageRowBits;
  // A sheet's grids hold at most this many entries (2 MB) before they move to a hash map.
  static constexpr size_t kMaxDenseDirectory = 1 << 19;

  // Where a tile's entry is in s.pages, given the start of its page there.
  static size_t InPage(const Sheet& s, uint32_t page_start, int32_t tile_row, int32_t tile_col) {
    return page_start + size_t(tile_row & (kPageTileRows - 1)) * size_t(s.dir_cols) +
           size_t(tile_col);
  }
  uint32_t FindTile(const Sheet& s, int32_t tile_row, int32_t tile_col) const {
    if (!s.use_sparse) {
      if (uint32_t(tile_col) >= uint32_t(s.dir_cols)) return kNoTile;
      uint32_t page = uint32_t(tile_row) >> kPageRowBits;
      if (page >= s.page_of.size() || s.page_of[page] == kNoTile) return kNoTile;
      return s.pages[InPage(s, s.page_of[page], tile_row, tile_col)];
    }
    auto it = s.sparse.find((uint64_t(uint32_t(tile_row)) << 32) | uint32_t(tile_col));
    return it == s.sparse.end() ? kNoTile : it->second;
  }
  // Sets the directory entry of a tile (Ensure).
  void SetTile(Sheet& s, int32_t tile_row, int32_t tile_col, uint32_t tile);
  void ReleaseText(CellId id);
  template <typename F>
  void ForEachAllocatedSparse(const Sheet& s, int32_t row1, int32_t col1, int32_t row2,
                              int32_t col2, F& f) const;

  std::vector<Sheet> sheets_;
  absl::flat_hash_map<std::string, uint32_t> sheet_by_upper_name_;
  std::vector<Tile> tiles_;
  HugeVector<double> words_;
  // Text values: the word holds an index into texts_; freed indexes are reused.
  std::vector<std::shared_ptr<const std::string>> texts_;
  std::vector<uint32_t> free_texts_;
};

inline CellId CellStore::Find(uint32_t sheet, int32_t row, int32_t col) const {
  const Sheet& s = sheets_[sheet];
  uint32_t t = FindTile(s, row >> kTileRowBits, col >> kTileColBits);
  if (t == kNoTile) return kNoCell;
  return t * kTileSize + uint32_t((row & (kTileRows - 1)) << kTileColBits) +
         uint32_t(col & (kTileCols - 1));
}

template <typename F>
void CellStore::ForEachAllocated(uint32_t sheet, int32_t row1, int32_t col1, int32_t row2,
                                 int32_t col2, F&& f) const {
  const Sheet& s = sheets_[sheet];
  if (s.use_sparse) {
    ForEachAllocatedSparse(s, row1, col1, row2, col2, f);
    return;
  }
  // Nothing exists beyond the directory.
  constexpr int32_t kPageCellRows = kPageTileRows * kTileRows;
  row2 = std::min(row2, int32_t(s.page_of.size()) * kPageCellRows - 1);
  col2 = std::min(col2, s.dir_cols * kTileCols - 1);
  for (int32_t r = row1; r <= row2; ++r) {
    int32_t tr = r >> kTileRowBits;
    uint32_t page = s.page_of[size_t(tr >> kPageRowBits)];
    if (page == kNoTile) {  // no tile in this page's rows: on to the next page
      r = ((tr >> kPageRowBits) + 1) * kPageCellRows - 1;
      continue;
    }
    const uint32_t* grid = s.pages.data() + InPage(s, page, tr, 0);
    uint32_t in_row = uint32_t((r & (kTileRows - 1)) << kTileColBits);
    for (int32_t c = col1; c <= col2;) {
      int32_t tc = c >> kTileColBits;
      int32_t seg_end = std::min(col2, (tc + 1) * kTileCols - 1);
      uint32_t t = grid[tc];
      if (t != kNoTile) {
        CellId base = t * kTileSize + in_row;
        for (int32_t cc = c; cc <= seg_end; ++cc) f(base + uint32_t(cc & (kTileCols - 1)), r, cc);
      }
      c = seg_end + 1;
    }
  }
}

template <typename F>
void CellStore::ForEachAllocatedSparse(const Sheet& s, int32_t row1, int32_t col1, int32_t row2,
                                       int32_t col2, F& f) const {
  // Only the sheet's allocated tiles can hold anything: visit those that meet the rectangle,
  // grouped by tile row so cells still come row by row.
  std::vector<std::pair<uint64_t, uint32_t>> hit;
  for (const auto& [key, t] : s.sparse) {
    int32_t tr = int32_t(key >> 32), tc = int32_t(key & 0xFFFFFFFFu);
    if (tr < (row1 >> kTileRowBits) || tr > (row2 >> kTileRowBits)) continue;
    if (tc < (col1 >> kTileColBits) || tc > (col2 >> kTileColBits)) continue;
    hit.emplace_back(key, t);
  }
  std::sort(hit.begin(), hit.end());
  for (size_t g = 0; g < hit.size();) {
    size_t g_end = g;
    int32_t tr = int32_t(hit[g].first >> 32);
    while (g_end < hit.size() && int32_t(hit[g_end].first >> 32) == tr) ++g_end;
    int32_t r_lo = std::max(row1, tr * kTileRows),
            r_hi = std::min(row2, tr * kTileRows + kTileRows - 1);
    for (int32_t r = r_lo; r <= r_hi; ++r) {
      uint32_t in_row = uint32_t((r & (kTileRows - 1)) << kTileColBits);
      for (size_t k = g; k < g_end; ++k) {
        int32_t tc = int32_t(hit[k].first & 0xFFFFFFFFu);
        int32_t c_lo = std::max(col1, tc * kTileCols),
                c_hi = std::min(col2, tc * kTileCols + kTileCols - 1);
        CellId base = hit[k].second * kTileSize + in_row;
        for (int32_t c = c_lo; c <= c_hi; ++c) f(base + uint32_t(c & (kTileCols - 1)), r, c);
      }
    }
    g = g_end;
  }
}

}  // namespace suan
