// The cell store's addressing against a plain map: cells written at random places (bands of rows
// far apart, columns arriving after rows, a corner cell that moves a sheet's directory to a hash
// map) keep their ids, give their addresses back, and a rectangle visits exactly the allocated
// cells inside it, row by row.
#include "engine/cell_store.hpp"

#include <map>
#include <random>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace suan {
namespace {

using Key = std::tuple<uint32_t, int32_t, int32_t>;  // sheet, row, col

void ExpectSameAsMap(const CellStore& cells, const std::map<Key, CellId>& ids, std::mt19937& rng) {
  for (const auto& [key, id] : ids) {
    auto [sheet, row, col] = key;
    ASSERT_EQ(cells.Find(sheet, row, col), id);
    CellAddress3 a = cells.AddressOf(id);
    ASSERT_EQ(std::make_tuple(a.sheet, a.row, a.col), key);
  }
  // Rectangles: what ForEachAllocated visits is every cell of an allocated tile inside them.
  for (int k = 0; k < 200; ++k) {
    uint32_t sheet = rng() % cells.sheet_count();
    int32_t r1 = int32_t(rng() % 9000), c1 = int32_t(rng() % 60);
    int32_t r2 = r1 + int32_t(rng() % 5000), c2 = c1 + int32_t(rng() % 40);
    std::vector<Key> seen;
    cells.ForEachAllocated(sheet, r1, c1, r2, c2, [&](CellId id, int32_t r, int32_t c) {
      CellAddress3 a = cells.AddressOf(id);
      EXPECT_EQ(std::make_tuple(a.sheet, a.row, a.col), std::make_tuple(sheet, r, c));
      seen.emplace_back(sheet, r, c);
    });
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "row by row, left to right";
    for (const auto& [key, id] : ids) {
      auto [s, r, c] = key;
      if (s != sheet || r < r1 || r > r2 || c < c1 || c > c2) continue;
      EXPECT_TRUE(std::binary_search(seen.begin(), seen.end(), key)) << "missed " << r << "," << c;
    }
    for (const Key& key : seen) {
      auto [s, r, c] = key;
      EXPECT_NE(cells.Find(s, r, c), kNoCell);
    }
  }
}

TEST(CellStore, IdsAddressesAndRectanglesAgreeWithAMap) {
  std::mt19937 rng(11);
  CellStore cells;
  std::map<Key, CellId> ids;
  for (int s = 0; s < 3; ++s) cells.AddSheet("S" + std::to_string(s));
  auto put = [&](uint32_t sheet, int32_t row, int32_t col) {
    CellId id = cells.Ensure(sheet, row, col);
    auto [it, added] = ids.emplace(Key{sheet, row, col}, id);
    ASSERT_EQ(it->second, id) << "an id changed";
  };
  // Bands far apart, as a city's member sheet has them, then wider columns afterwards.
  for (int k = 0; k < 3000; ++k) {
    static const int32_t kBands[] = {0, 4096, 8192};
    put(uint32_t(rng() % 3), kBands[rng() % 3] + int32_t(rng() % 300), int32_t(rng() % 12));
  }
  ExpectSameAsMap(cells, ids, rng);
  for (int k = 0; k < 1000; ++k) {
    put(uint32_t(rng() % 3), int32_t(rng() % 9000), 12 + int32_t(rng() % 50));
  }
  ExpectSameAsMap(cells, ids, rng);
  // A corner cell: sheet 0's directory becomes a hash map; everything stays where it was.
  put(0, 1048575, 16383);
  for (int k = 0; k < 500; ++k) put(0, int32_t(rng() % 9000), int32_t(rng() % 60));
  ExpectSameAsMap(cells, ids, rng);
  EXPECT_EQ(cells.Find(1, 1048575, 16383), kNoCell);
  EXPECT_EQ(cells.Find(1, 200000, 3), kNoCell);
}

}  // namespace
}  // namespace suan
