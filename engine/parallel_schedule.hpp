// How a parallel full recalculation groups formulas (Workbook::SetCalcThreads, RecalcOptions).
//
// Formulas (and range nodes) are grouped into blocks, each run in evaluation order by one thread;
// a block's level is 1 + the largest level of the blocks it reads (0 when it reads only inputs
// and itself). Levels run one after another, the blocks of a level at once. Two ways to cut
// blocks:
//  - kRecords: every formula is a block, so its level is 1 + that of its deepest computed
//    precedent: the most parallelism, but a level then visits every sheet once, and operands
//    computed a level earlier have left the cache (on the 2,000-department city workbook a
//    serial run in level order takes 1.5 times as long as one in evaluation order).
//  - kBlocks: runs of consecutive formulas of the evaluation order on one sheet (at most
//    RecalcOptions::parallel_block_cap), so a thread computes a sheet the way a serial run
//    does; the city's departments are independent blocks of one level.
//  - kAuto: kBlocks unless its critical path (the sum over levels of the larger of a level's
//    largest block and its share per thread) is more than 1.5 times that of kRecords.
#pragma once

#include <cstdint>

namespace suan {

enum class ParallelSchedule : uint8_t { kAuto, kRecords, kBlocks };

}  // namespace suan
