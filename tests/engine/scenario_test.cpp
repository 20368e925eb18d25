// Scenarios, sweeps, Monte Carlo, goal seek and sensitivity against plain recalculation.
#include <thread>

#include "engine/scenario/goal_seek.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/sweep.hpp"
#include "engine/workbook.hpp"
#include "gtest/gtest.h"

namespace suan {
namespace {

// A small budget: two departments' wages and goods, their totals, a city total, a balance
// check against a transfer, and a text verdict.
void Budget(Workbook& b) {
  (void)b.AddSheet("Dept1");
  (void)b.AddSheet("Dept2");
  (void)b.AddSheet("City");
  for (uint32_t s = 0; s < 2; ++s) {
    ASSERT_TRUE(b.SetInput(s, 0, 0, s == 0 ? "100" : "250").ok());  // A1 wages
    ASSERT_TRUE(b.SetInput(s, 1, 0, s == 0 ? "40" : "60").ok());    // A2 goods
    ASSERT_TRUE(b.SetInput(s, 2, 0, "=A1+A2").ok());                // A3 total
  }
  ASSERT_TRUE(b.SetInput(2, 0, 0, "=SUM(Dept1:Dept2!A3)").ok());          // City!A1
  ASSERT_TRUE(b.SetInput(2, 1, 0, "500").ok());                           // City!A2 transfer
  ASSERT_TRUE(b.SetInput(2, 2, 0, "=A2-A1").ok());                        // City!A3 balance
  ASSERT_TRUE(b.SetInput(2, 3, 0, "=IF(A3>=0,\"平衡\",\"赤字\")").ok());  // City!A4
  ASSERT_TRUE(b.SetInput(2, 4, 0, "=ROUND(A1*A1/1000,2)").ok());          // City!A5 (not linear)
  b.Recalculate();
}

TEST(Scenario, EqualsEditingACopyAndLeavesTheBaseAlone) {
  Workbook base, copy;
  Budget(base);
  Budget(copy);
  Scenario wages(base, "wages +5%");
  ASSERT_TRUE(wages.Scale({0, 0, 0}, 1.05).ok());
  ASSERT_TRUE(wages.Scale({1, 0, 0}, 1.05).ok());
  ASSERT_TRUE(wages.Evaluate().ok());
  ASSERT_TRUE(copy.SetValue(0, 0, 0, Value::Number(100 * 1.05)).ok());
  ASSERT_TRUE(copy.SetValue(1, 0, 0, Value::Number(250 * 1.05)).ok());
  copy.Recalculate();
  for (uint32_t s = 0; s < 3; ++s)
    for (int r = 0; r < 5; ++r) EXPECT_EQ(wages.Get(s, r, 0), copy.Get(s, r, 0)) << s << "," << r;
  EXPECT_EQ(base.Get(2, 0, 0), Value::Number(450));  // untouched
  auto diff = wages.Diff();
  ASSERT_FALSE(diff.empty());
  bool city_seen = false;
  for (const auto& d : diff)
    if (d.cell.sheet == 2 && d.cell.row == 0) {
      city_seen = true;
      EXPECT_DOUBLE_EQ(d.delta, 17.5);
    }
  EXPECT_TRUE(city_seen);
}

TEST(Scenario, StacksOnAParent) {
  Workbook base;
  Budget(base);
  Scenario cut(base, "transfer cut 10%");
  ASSERT_TRUE(cut.Scale({2, 1, 0}, 0.9).ok());
  Scenario more(base, "and goods +100", &cut);
  ASSERT_TRUE(more.Add({0, 1, 0}, 100).ok());
  ASSERT_TRUE(cut.Evaluate().ok());
  ASSERT_TRUE(more.Evaluate().ok());
  EXPECT_EQ(cut.Get(2, 2, 0), Value::Number(0));  // 450 - 450
  EXPECT_EQ(cut.Get(2, 3, 0), Value::Text("平衡"));
  EXPECT_EQ(more.Get(2, 2, 0), Value::Number(-100));
  EXPECT_EQ(more.Get(2, 3, 0), Value::Text("赤字"));  // the check flipped
  EXPECT_EQ(base.Get(2, 3, 0), Value::Text("平衡"));
}

TEST(Scenario, RefusesFormulasNonFiniteAndNonNumbers) {
  Workbook base;
  Budget(base);
  Scenario s(base, "bad");
  EXPECT_NE(s.Set({2, 0, 0}, 1).message().find("City!A1 holds a formula, not an input (Override"),
            std::string::npos);
  EXPECT_NE(s.Set({0, 0, 0}, std::nan("")).message().find("only finite numbers"),
            std::string::npos);
  ASSERT_TRUE(base.SetInput(0, 5, 0, "\"note\"").ok());
  base.Recalculate();
  ASSERT_TRUE(s.Add({0, 5, 0}, 1).ok());
  EXPECT_NE(s.Evaluate().message().find("cannot add to Dept1!A6, which holds note"),
            std::string::npos);
}

TEST(Scenario, RunsFromSeveralThreadsAtOnce) {
  Workbook base;
  Budget(base);
  std::vector<double> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      Scenario s(base, "t");
      (void)s.Set({0, 0, 0}, 100 + t);
      (void)s.Evaluate();
      got[size_t(t)] = s.Get(2, 0, 0).number();
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(got[size_t(t)], 450 + t);
}

TEST(Sweep, EqualsSeparateScenariosAndChunks) {
  Workbook base;
  Budget(base);
  std::vector<CellAddress3> inputs{{0, 0, 0}, {1, 1, 0}, {2, 1, 0}};
  std::vector<CellAddress3> outputs{{2, 0, 0}, {2, 2, 0}, {2, 4, 0}};
  Eigen::ArrayXXd values(3, 10);
  for (int k = 0; k < 10; ++k) {
    values(0, k) = 90 + k;
    values(1, k) = 50 + 3 * k;
    values(2, k) = 480 + 7 * k;
  }
  SweepOptions small;
  small.chunk = 3;  // several chunks
  auto out = RunSweep(base, inputs, values, outputs, small);
  ASSERT_TRUE(out.ok()) << out.status();
  for (int k = 0; k < 10; ++k) {
    Scenario s(base, "k");
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(s.Set(inputs[size_t(i)], values(i, k)).ok());
    ASSERT_TRUE(s.Evaluate().ok());
    for (int j = 0; j < 3; ++j) {
      const CellAddress3& o = outputs[size_t(j)];
      EXPECT_EQ((*out)(j, k), s.Get(o.sheet, o.row, o.col).number()) << j << " " << k;
    }
  }
}

TEST(MonteCarlo, IsReproducibleBySeed) {
  Workbook base;
  Budget(base);
  std::vector<CellAddress3> inputs{{0, 0, 0}, {1, 0, 0}};
  std::vector<Distribution> d{Distribution::Normal(100, 10),
                              Distribution::Triangular(200, 250, 320)};
  auto a = RunMonteCarlo(base, inputs, d, {{2, 0, 0}}, 2000, 42);
  auto b = RunMonteCarlo(base, inputs, d, {{2, 0, 0}}, 2000, 42);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE((a->samples == b->samples).all());
  // City!A1 = wages1 + 40 + wages2 + 60: mean about 100 + 40 + 256.7 + 60.
  EXPECT_NEAR(a->mean(0), 456.7, 3.0);
  EXPECT_LT(a->p05(0), a->p50(0));
  EXPECT_LT(a->p50(0), a->p95(0));
}

TEST(GoalSeek, LinearTargetsAreExactInOneStep) {
  Workbook base;
  Budget(base);
  // Which transfer balances the city exactly? City!A3 = A2 - A1 = 0 -> A2 = 450.
  auto r = GoalSeek(base, {2, 2, 0}, 0, {2, 1, 0});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->linear);
  EXPECT_DOUBLE_EQ(r->input, 450);
  EXPECT_DOUBLE_EQ(r->achieved, 0);
}

TEST(GoalSeek, NonlinearTargetsUseABracket) {
  Workbook base;
  Budget(base);
  // City!A5 = ROUND(City!A1^2/1000, 2); make it 250 by changing Dept1 wages.
  GoalSeekOptions o;
  o.bracket = std::make_pair(0.0, 1000.0);
  o.tolerance = 0.006 / 250;
  auto r = GoalSeek(base, {2, 4, 0}, 250, {0, 0, 0}, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->linear);
  EXPECT_NEAR(r->achieved, 250, 0.01);
  EXPECT_NEAR(r->input, std::sqrt(250000.0) - 350, 0.05);
}

TEST(GoalSeek, NoSolutionIsAClearError) {
  Workbook base;
  Budget(base);
  GoalSeekOptions o;
  o.bracket = std::make_pair(0.0, 10.0);
  auto r = GoalSeek(base, {2, 4, 0}, -5, {0, 0, 0}, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(
      r.status().message().find("no value of Dept1!A1 between 0 and 10 makes City!A5 equal -5"),
      std::string::npos)
      << r.status();
}

TEST(Sensitivity, IsTheSlopeOfTheTarget) {
  Workbook base;
  Budget(base);
  auto s = Sensitivity(base, {2, 2, 0}, {{0, 0, 0}, {2, 1, 0}});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_DOUBLE_EQ((*s)[0], -1);
  EXPECT_DOUBLE_EQ((*s)[1], 1);
}

}  // namespace
}  // namespace suan

namespace suan {
namespace {

TEST(Scenario, OverridesAFormulaOnlyWhenAskedTo) {
  Workbook base, copy;
  Budget(base);
  Budget(copy);
  Scenario s(base, "fixed total");
  EXPECT_FALSE(s.Set({0, 2, 0}, 500).ok());  // Dept1!A3 is =A1+A2
  ASSERT_TRUE(s.Override({0, 2, 0}, 500).ok());
  ASSERT_TRUE(s.Add({0, 0, 0}, 1000).ok());  // Dept1's wages no longer reach its total
  ASSERT_TRUE(s.Evaluate().ok());
  ASSERT_TRUE(copy.SetValue(0, 2, 0, Value::Number(500)).ok());
  ASSERT_TRUE(copy.SetValue(0, 0, 0, Value::Number(1100)).ok());
  copy.Recalculate();
  for (uint32_t sh = 0; sh < 3; ++sh)
    for (int r = 0; r < 5; ++r) EXPECT_EQ(s.Get(sh, r, 0), copy.Get(sh, r, 0)) << sh << "," << r;
  EXPECT_EQ(s.Get(2, 0, 0), Value::Number(500 + 310));
  EXPECT_TRUE(base.IsFormula(0, 2, 0));
}

}  // namespace
}  // namespace suan
