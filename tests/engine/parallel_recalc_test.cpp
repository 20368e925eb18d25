// Full recalculation by topological level on a thread pool (Workbook::SetCalcThreads) gives
// exactly the serial values: bit for bit for numbers, the same texts, errors and #CYCLE!.
//
// Random workbooks (tests/support/random_workbook.hpp, without INDIRECT/OFFSET so they can run
// in parallel) with errors and texts are calculated serially and with 2 and 4 threads, with the
// level and chunk thresholds at 1 so even their small levels are split over the threads.
// Workbooks that must run serially (dynamic dependencies, volatile formulas, cycles) are checked
// to fall back, with the same values. No timings are asserted here; bench/engine_bench.cpp and
// bench/city_bench.cpp measure.
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/evaluator.hpp"
#include "engine/thread_pool.hpp"
#include "engine/workbook.hpp"
#include "gtest/gtest.h"
#include "tests/support/random_workbook.hpp"

namespace suan {
namespace {

using testing::Content;
using testing::Generator;
using testing::kCols;
using testing::kRows;
using testing::kSheets;

// Every non-empty cell as text, numbers by their bits (so -0.0, 0.1+0.2 … must match exactly).
std::vector<std::string> Dump(const Workbook& book) {
  std::vector<std::string> out;
  for (uint32_t s = 0; s < book.sheet_count(); ++s)
    book.ForEachValue(s, [&](int32_t r, int32_t c, const Value& v) {
      std::string what;
      switch (v.kind()) {
        case ValueKind::kNumber: {
          uint64_t bits;
          double d = v.number();
          std::memcpy(&bits, &d, sizeof bits);
          what = absl::StrCat("n", bits);
          break;
        }
        case ValueKind::kText:
          what = absl::StrCat("t", v.text());
          break;
        case ValueKind::kBool:
          what = v.boolean() ? "TRUE" : "FALSE";
          break;
        case ValueKind::kError:
          what = absl::StrCat("e", int(v.error()));
          break;
        case ValueKind::kEmpty:
          break;
      }
      out.push_back(absl::StrCat(s, "!", r, ",", c, "=", what));
    });
  return out;
}

void Load(Workbook& book, const Content& content) {
  ASSERT_TRUE(testing::LoadContent(book, content).ok());
}

Content RandomContent(uint64_t seed, bool dynamic, bool cycle) {
  Generator gen(seed, dynamic);
  Content content;
  for (int s = 0; s < kSheets; ++s)
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c)
        if (gen.Uniform(3) != 0) content.input[s][r][c] = gen.Input();
  // An error read by another formula, and with `cycle` a cycle (the generator makes some by
  // chance) read by a formula outside it.
  content.input[1][kRows - 2][1] = "=1/0";
  content.input[1][kRows - 2][2] = "=B39&\"!\"";
  if (cycle) {
    content.input[1][kRows - 1][0] = "=B40+1";
    content.input[1][kRows - 1][1] = "=A40*2";
    content.input[1][kRows - 2][0] = "=A40+C39";
    return content;
  }
  // The generator's references are dense enough that nearly every workbook has a cycle by
  // chance, and a workbook with a cycle recalculates serially: turn the cells of its cycles
  // into constants until none is left.
  for (int round = 0; round < 100; ++round) {
    Workbook book;
    Load(book, content);
    book.Recalculate();
    bool found = false;
    for (const Diagnostic& d : book.diagnostics()) {
      if (d.kind != Diagnostic::Kind::kCycle) continue;
      absl::StatusOr<CellAddress3> at = book.ParseAddress(d.cell);
      if (!at.ok()) continue;
      content.input[at->sheet][at->row][at->col] = absl::StrCat(at->row * 7 % 13, ".5");
      found = true;
    }
    if (!found) break;
  }
  return content;
}

void Parallel(Workbook& book, int threads, ParallelSchedule schedule = ParallelSchedule::kRecords) {
  book.SetCalcThreads(threads);
  book.options().parallel_min_level = 1;
  book.options().parallel_min_chunk = 1;
  book.options().parallel_schedule = schedule;
  book.options().parallel_block_cap = 5;  // many small blocks, some on both sheets
}

// Threads, and the schedule: by formula, by blocks (runs of a sheet in evaluation order).
bool HasCycle(const Workbook& book) {
  for (const Diagnostic& d : book.diagnostics())
    if (d.kind == Diagnostic::Kind::kCycle) return true;
  return false;
}

class ParallelRecalc : public ::testing::TestWithParam<std::tuple<int, ParallelSchedule>> {};

TEST_P(ParallelRecalc, RandomWorkbooksGiveTheSerialValues) {
  const auto [threads, schedule] = GetParam();
  int ran_parallel = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Content content = RandomContent(seed, /*dynamic=*/false, /*cycle=*/false);
    Workbook serial, parallel;
    Load(serial, content);
    Load(parallel, content);
    Parallel(parallel, threads, schedule);
    serial.Recalculate();
    parallel.Recalculate();  // structural: a full recalculation
    ASSERT_EQ(Dump(parallel), Dump(serial)) << "seed " << seed;
    // Workbooks with a cycle (the generator makes some) recalculate serially.
    if (HasCycle(serial)) {
      EXPECT_EQ(parallel.stats().parallel_records, 0u) << "seed " << seed;
    } else {
      EXPECT_GT(parallel.stats().parallel_records, 0u) << "seed " << seed;
      ++ran_parallel;
    }

    // Value edits, then full recalculations again (text cells may turn into numbers and back).
    Generator edits(seed * 7919);
    for (int round = 0; round < 4; ++round) {
      for (int k = 0; k < 6; ++k) {
        int s = int(edits.Uniform(kSheets)), r = int(edits.Uniform(kRows)),
            c = int(edits.Uniform(kCols));
        if (content.input[s][r][c].rfind("=", 0) == 0) continue;
        std::string input =
            edits.Uniform(4) == 0 ? "\"t\"" : absl::StrCat(edits.Uniform(300), ".", k);
        content.input[s][r][c] = input;
        ASSERT_TRUE(serial.SetInput(uint32_t(s), r, c, input).ok());
        ASSERT_TRUE(parallel.SetInput(uint32_t(s), r, c, input).ok());
      }
      serial.RecalculateAll();
      parallel.RecalculateAll();
      ASSERT_EQ(Dump(parallel), Dump(serial)) << "seed " << seed << " round " << round;
    }
    EXPECT_EQ(parallel.diagnostics().size(), serial.diagnostics().size()) << "seed " << seed;
  }
  // Most random workbooks have no cycle: the property is about the parallel path.
  EXPECT_GE(ran_parallel, 20);
}

TEST_P(ParallelRecalc, InterpreterOnlyGivesTheSerialValues) {
  for (uint64_t seed = 100; seed < 110; ++seed) {
    Content content = RandomContent(seed, /*dynamic=*/false, /*cycle=*/false);
    Workbook serial, parallel;
    serial.options().numeric_fast_path = false;
    parallel.options().numeric_fast_path = false;
    Load(serial, content);
    Load(parallel, content);
    Parallel(parallel, std::get<0>(GetParam()), std::get<1>(GetParam()));
    serial.Recalculate();
    parallel.Recalculate();
    ASSERT_EQ(Dump(parallel), Dump(serial)) << "seed " << seed;
    EXPECT_EQ(parallel.stats().parallel_records > 0, !HasCycle(serial)) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Threads, ParallelRecalc,
                         ::testing::Combine(::testing::Values(2, 4),
                                            ::testing::Values(ParallelSchedule::kRecords,
                                                              ParallelSchedule::kBlocks)));

// Workbooks with levels larger than the default threshold: the default settings split them.
// `sheets` sheets of `rows` rows: inputs, formulas on them (texts where an input is large), row
// sums, and a sheet of totals over every sheet.
void LoadBig(Workbook& b, int sheets, int rows) {
  for (int s = 0; s < sheets; ++s) (void)b.AddSheet(absl::StrCat("D", s));
  (void)b.AddSheet("Sum");
  for (uint32_t s = 0; s < uint32_t(sheets); ++s) {
    for (int r = 0; r < rows; ++r) {
      ASSERT_TRUE(b.SetValue(s, r, 0, Value::Number((r + int(s)) % 97 - 3.25)).ok());
      std::string row = std::to_string(r + 1);
      ASSERT_TRUE(b.SetFormula(s, r, 1, "A" + row + "*1.1").ok());
      ASSERT_TRUE(
          b.SetFormula(s, r, 2, "IF(A" + row + ">40,\"big\",B" + row + "/A" + row + ")").ok());
      ASSERT_TRUE(b.SetFormula(s, r, 3, "ROUND(B" + row + "+A" + row + ",2)").ok());
      ASSERT_TRUE(b.SetFormula(s, r, 4, "SUM(B" + row + ":D" + row + ")").ok());
    }
    ASSERT_TRUE(
        b.SetFormula(uint32_t(sheets), int32_t(s), 0, absl::StrCat("SUM(D", s, "!E:E)")).ok());
  }
  ASSERT_TRUE(b.SetFormula(uint32_t(sheets), 0, 1,
                           absl::StrCat("AVERAGE(D0:D", sheets - 1, "!B1:B", rows, ")"))
                  .ok());
}

void CheckBig(int sheets, int rows, ParallelSchedule schedule, bool expect_pool) {
  SCOPED_TRACE(::testing::Message() << sheets << " sheets, schedule " << int(schedule));
  Workbook serial, parallel;
  LoadBig(serial, sheets, rows);
  LoadBig(parallel, sheets, rows);
  parallel.SetCalcThreads(2);
  parallel.options().parallel_schedule = schedule;
  serial.Recalculate();
  parallel.Recalculate();
  ASSERT_EQ(Dump(parallel), Dump(serial));
  if (expect_pool) {
    EXPECT_GT(parallel.stats().parallel_records, uint64_t(sheets * rows));
  }
  // Texts become numbers and numbers texts: the deferred text writes (and blocks that stop at
  // one, since the row sum reads the text cell in the same block).
  for (uint32_t s = 0; s < uint32_t(sheets); ++s)
    for (int r = 0; r < rows; r += 3) {
      double x = r % 2 ? 50.5 : -7.0;
      ASSERT_TRUE(serial.SetValue(s, r, 0, Value::Number(x)).ok());
      ASSERT_TRUE(parallel.SetValue(s, r, 0, Value::Number(x)).ok());
    }
  serial.RecalculateAll();
  parallel.RecalculateAll();
  ASSERT_EQ(Dump(parallel), Dump(serial));
  // Incremental recalculation after a parallel full one agrees too.
  ASSERT_TRUE(serial.SetValue(0, 5, 0, Value::Number(1234)).ok());
  ASSERT_TRUE(parallel.SetValue(0, 5, 0, Value::Number(1234)).ok());
  serial.Recalculate();
  parallel.Recalculate();
  ASSERT_EQ(Dump(parallel), Dump(serial));
}

TEST(ParallelRecalcLarge, OneBigSheet) {
  CheckBig(1, 12000, ParallelSchedule::kRecords, true);
  CheckBig(1, 12000, ParallelSchedule::kBlocks, false);
  CheckBig(1, 12000, ParallelSchedule::kAuto, true);  // blocks would be a chain
}

TEST(ParallelRecalcLarge, ManySheets) {
  CheckBig(40, 300, ParallelSchedule::kRecords, true);
  CheckBig(40, 300, ParallelSchedule::kBlocks, true);
  CheckBig(40, 300, ParallelSchedule::kAuto, true);
}

// What cannot run in parallel runs serially, with the same values.
TEST(ParallelRecalcFallback, DynamicDependenciesRunSerially) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    Content content = RandomContent(seed, /*dynamic=*/true, /*cycle=*/false);
    content.input[0][kRows - 1][kCols - 1] = "=SUM(INDIRECT(\"A1:A5\"))";
    Workbook serial, parallel;
    Load(serial, content);
    Load(parallel, content);
    Parallel(parallel, 2);
    serial.Recalculate();
    parallel.Recalculate();
    ASSERT_EQ(Dump(parallel), Dump(serial)) << "seed " << seed;
    EXPECT_EQ(parallel.stats().parallel_records, 0u);
  }
}

TEST(ParallelRecalcFallback, CyclesRunSerially) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    Content content = RandomContent(seed, /*dynamic=*/false, /*cycle=*/true);
    Workbook serial, parallel;
    Load(serial, content);
    Load(parallel, content);
    Parallel(parallel, 2);
    serial.Recalculate();
    parallel.Recalculate();
    ASSERT_EQ(Dump(parallel), Dump(serial)) << "seed " << seed;
    EXPECT_EQ(parallel.Get(1, kRows - 1, 0), Value::Error(ErrorCode::kCycle));
    EXPECT_EQ(parallel.stats().parallel_records, 0u);
    EXPECT_EQ(parallel.diagnostics().size(), serial.diagnostics().size());
  }
}

TEST(ParallelRecalcFallback, VolatileAndIteratedCyclesRunSerially) {
  Workbook book;
  (void)book.AddSheet("S");
  Parallel(book, 2);
  ASSERT_TRUE(book.SetFormula(0, 0, 0, "B1+1").ok());
  ASSERT_TRUE(book.SetFormula(0, 0, 1, "C1*2").ok());
  ASSERT_TRUE(book.SetValue(0, 0, 2, Value::Number(3)).ok());
  ASSERT_TRUE(book.SetFormula(0, 0, 3, "C1+5").ok());
  book.Recalculate();
  EXPECT_GT(book.stats().parallel_records, 0u);
  EXPECT_EQ(book.Get(0, 0, 0), Value::Number(7));

  ASSERT_TRUE(book.SetFormula(0, 1, 0, "RAND()").ok());
  book.Recalculate();
  EXPECT_EQ(book.stats().parallel_records, 0u);
  ASSERT_TRUE(book.Clear(0, 1, 0).ok());

  // A converging cycle under iterative calculation.
  ASSERT_TRUE(book.SetFormula(0, 2, 0, "B3/2+1").ok());
  ASSERT_TRUE(book.SetFormula(0, 2, 1, "A3").ok());
  book.SetIterativeCalculation(true, 100, 1e-9);
  book.Recalculate();
  EXPECT_EQ(book.stats().parallel_records, 0u);
  EXPECT_NEAR(book.Get(0, 2, 0).number(), 2.0, 1e-6);
  EXPECT_EQ(book.Get(0, 0, 0), Value::Number(7));
}

TEST(ParallelRecalcLevels, LevelIsOnePlusTheDeepestComputedPrecedent) {
  Workbook book;
  (void)book.AddSheet("S");
  ASSERT_TRUE(book.SetValue(0, 0, 0, Value::Number(1)).ok());  // A1 input
  ASSERT_TRUE(book.SetFormula(0, 0, 1, "A1+1").ok());          // B1: level 0
  ASSERT_TRUE(book.SetFormula(0, 0, 2, "A1*3").ok());          // C1: level 0
  ASSERT_TRUE(book.SetFormula(0, 0, 3, "B1+C1").ok());         // D1: level 1
  ASSERT_TRUE(book.SetFormula(0, 0, 4, "D1+A1+B1").ok());      // E1: level 2
  ASSERT_TRUE(book.SetFormula(0, 1, 0, "A1").ok());            // A2: level 0
  Parallel(book, 2);
  book.Recalculate();
  EXPECT_EQ(book.stats().levels, 3u);
  EXPECT_EQ(book.stats().parallel_records, 3u);  // levels of one formula run on this thread
  EXPECT_EQ(book.Get(0, 0, 4), Value::Number(8));
  // A running total is a chain: one level per row, each below the threshold.
  Workbook chain;
  (void)chain.AddSheet("S");
  ASSERT_TRUE(chain.SetValue(0, 0, 0, Value::Number(1)).ok());
  for (int r = 1; r < 50; ++r)
    ASSERT_TRUE(chain.SetFormula(0, r, 0, absl::StrCat("A", r, "+1")).ok());
  chain.SetCalcThreads(2);
  chain.options().parallel_schedule = ParallelSchedule::kRecords;
  chain.Recalculate();
  EXPECT_EQ(chain.stats().levels, 49u);
  EXPECT_EQ(chain.stats().parallel_records, 0u);
  EXPECT_EQ(chain.Get(0, 49, 0), Value::Number(50));
  // By blocks it is one block (one sheet), and one level.
  chain.options().parallel_schedule = ParallelSchedule::kBlocks;
  chain.RecalculateAll();
  EXPECT_EQ(chain.stats().levels, 1u);
  EXPECT_EQ(chain.stats().blocks, 1u);
  EXPECT_EQ(chain.Get(0, 49, 0), Value::Number(50));
}

TEST(ThreadPool, RunsEveryTaskOnceOnDistinctWorkers) {
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (size_t n : {size_t(0), size_t(1), size_t(3), size_t(1000)}) {
      std::vector<std::atomic<int>> hits(n);
      std::vector<std::atomic<int>> busy(static_cast<size_t>(threads));
      std::atomic<bool> overlap{false};
      pool.Run(n, [&](size_t task, int worker) {
        ASSERT_GE(worker, 0);
        ASSERT_LT(worker, threads);
        if (busy[size_t(worker)].fetch_add(1) != 0) overlap = true;
        hits[task].fetch_add(1);
        busy[size_t(worker)].fetch_sub(1);
      });
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << i;
      EXPECT_FALSE(overlap.load());
    }
  }
}

}  // namespace
}  // namespace suan
