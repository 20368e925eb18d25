// Rounding balance (舍位平衡): a unit in 元 converted to 万元 keeps every equality that held in
// 元, moving as few figures as possible by 0.01, each towards its exact value, each recorded.
#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "tests/model/model_test_util.hpp"

#include "engine/model/rounding_balance.hpp"
#include "engine/model/unit_export.hpp"

namespace suan::model {
namespace {

using namespace testing;

// The seed's tables in 元, exact: its leaf figures × 10,000 plus a few 元 each (so rounding to
// 万元 loses something), totals calculated by compute mode.
UnitData SeedInYuan(unsigned seed) {
  const Template& t = BudgetModel();
  UnitData leaves = Import(t, SeedText(), "seed.txt");
  leaves.paragraphs.clear();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> noise(-49, 49);
  for (UnitTable& table : leaves.tables) {
    for (UnitPart& part : table.parts) {
      for (UnitRow& row : part.rows) {
        for (auto& v : row.values) {
          if (v && *v != 0) v = *v * 10000 + noise(rng);
        }
      }
    }
  }
  Checked computed = Check(t, leaves, Mode::kCompute);
  return ExportUnit(t, leaves, computed.unit, *computed.book);
}

TEST(RoundingBalance, EveryEqualityHoldsAfterConversion) {
  const Template& t = BudgetModel();
  for (unsigned seed : {1u, 2u, 3u}) {
    UnitData yuan = SeedInYuan(seed);
    absl::StatusOr<BalancedUnit> balanced = BalanceRounding(t, yuan, "元");
    ASSERT_TRUE(balanced.ok()) << balanced.status();
    EXPECT_GT(balanced->equalities, 500);
    // Plain rounding breaks some equalities (the seed's own 22 舍位差 show it does).
    EXPECT_GT(balanced->unbalanced_before, 0);
    EXPECT_EQ(balanced->unbalanced_after, 0) << "seed " << seed;
    ASSERT_FALSE(balanced->adjustments.empty());
    // Few figures move, each by one cent, towards its exact value.
    EXPECT_LE(balanced->adjustments.size(), size_t(2 * balanced->unbalanced_before));
    for (const RoundingAdjustment& a : balanced->adjustments) {
      EXPECT_NEAR(std::fabs(a.balanced - a.rounded), 0.01, 1e-9) << a.table << " " << a.row;
      EXPECT_LT(std::fabs(a.balanced - a.exact), 0.01) << a.table << " " << a.row;
    }
    // Audited, every rule that holds in 元 holds to the cent in 万元: no 舍位差 remain. (A few
    // relations between tables do not hold in 元 at all: the seed's leaves disagree there.)
    Checked exact = Check(t, yuan, Mode::kAudit);
    Checked audit = Check(t, balanced->unit, Mode::kAudit);
    int kept = 0;
    for (const CheckResult& r : audit.results) {
      const CheckResult* before = exact.Find(r.check->id);
      if (r.check->kind != "rule" || !before || before->status != "exact") continue;
      ++kept;
      EXPECT_EQ(r.status, "exact") << r.message;
    }
    EXPECT_GT(kept, 500);
  }
}

TEST(RoundingBalance, PlainRoundingWouldLeaveRoundingDifferences) {
  const Template& t = BudgetModel();
  UnitData yuan = SeedInYuan(1);
  // Round each figure on its own: the audit finds 舍位差.
  UnitData plain = yuan;
  for (UnitTable& table : plain.tables) {
    for (UnitPart& part : table.parts) {
      for (UnitRow& row : part.rows) {
        for (auto& v : row.values) {
          if (v) v = std::round(*v / 100) / 100;
        }
      }
    }
  }
  Checked audit = Check(t, plain, Mode::kAudit);
  EXPECT_GT(audit.summary.rounding, 0);
}

TEST(RoundingBalance, UnknownUnitsAreRefused) {
  EXPECT_FALSE(BalanceRounding(BudgetModel(), UnitData::For(BudgetModel()), "美元").ok());
}

}  // namespace
}  // namespace suan::model
