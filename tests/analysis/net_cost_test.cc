#include "tunelab/analysis/net_cost.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_runs.h"
#include "tunelab/analysis/session_report.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

// A run of the alloc workload whose repetitions took `ns` nanoseconds per operation
// (ops_per_s = 1e9 / ns); a floor run carries loop_floor.
model::Run allocRun(const std::string& variant, const std::string& pattern, int threads,
                    const std::vector<double>& ns, bool floor = false) {
  auto r = makeRun("alloc", variant, {{"pattern", pattern}}, threads,
                   std::vector<double>(ns.size(), 0.001));
  for (std::size_t i = 0; i < ns.size(); ++i) {
    r.samples[i].metrics = {{"ops_per_s", 1e9 / ns[i], "op/s"}, {"operations", 1e6, ""}};
    if (floor) r.samples[i].metrics.push_back({"loop_floor", 1, ""});
  }
  return r;
}

std::vector<double> around(double ns, std::size_t n) {
  // n values spread ±2 % around ns, symmetric: their median is ns.
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(ns * (1 + 0.04 * (static_cast<double>(i) / static_cast<double>(n - 1) - 0.5)));
  return out;
}

const NetCost* find(const NetCostGroup& g, const std::string& variant) {
  for (const auto& c : g.costs)
    if (c.variant == variant) return &c;
  return nullptr;
}

TEST(NetCost, IsTheRawCostLessTheFloorOfTheSamePatternAndThreads) {
  const std::vector<model::Run> runs = {
      allocRun("null", "churn", 1, around(1.0, 7), true),
      allocRun("glibc", "churn", 1, around(6.0, 7)),
      allocRun("object-pool", "churn", 1, around(1.5, 7)),
      allocRun("null", "churn", 2, around(0.6, 7), true),
      allocRun("glibc", "churn", 2, around(3.6, 7)),
      // No floor for this pattern: not reported, and never compared with another's floor.
      allocRun("glibc", "phase", 1, around(20.0, 7)),
  };
  const auto groups = netCosts(runs);
  ASSERT_EQ(groups.size(), 2u);
  const auto& one = groups[0];
  EXPECT_EQ(one.params, "pattern:churn");
  EXPECT_EQ(one.workers, 1);
  EXPECT_EQ(one.floorVariant, "null");
  EXPECT_NEAR(one.floorNsPerOp, 1.0, 1e-12);
  EXPECT_NEAR(one.floorOpsPerSecond, 1e9, 1e-3);
  ASSERT_EQ(one.costs.size(), 2u);
  // Cheapest first.
  EXPECT_EQ(one.costs[0].variant, "object-pool");
  EXPECT_NEAR(one.costs[0].nsPerOp, 1.5, 1e-12);
  EXPECT_NEAR(one.costs[0].netNsPerOp, 0.5, 1e-12);
  EXPECT_NEAR(one.costs[1].netNsPerOp, 5.0, 1e-12);
  EXPECT_NEAR(one.costs[1].opsPerSecond, 1e9 / 6.0, 1);
  EXPECT_EQ(one.fastest, "object-pool");
  EXPECT_FALSE(one.tooFewRepetitions);
  // Raw rates say 4× apart; net of the loop glibc costs 10× the pool.
  EXPECT_NEAR(one.costs[1].perFastest, 10.0, 1e-9);
  EXPECT_DOUBLE_EQ(one.costs[0].perFastest, 1.0);
  EXPECT_EQ(one.costs[0].perFastestInterval.low, 1.0);
  EXPECT_EQ(one.costs[0].perFastestInterval.high, 1.0);
  const auto& two = groups[1];
  EXPECT_EQ(two.workers, 2);
  ASSERT_EQ(two.costs.size(), 1u);
  EXPECT_NEAR(two.costs[0].netNsPerOp, 3.0, 1e-12);
}

TEST(NetCost, IntervalsHoldTheEstimateAndNeedSixRepetitionsOnEachSide) {
  for (std::size_t n : {5u, 6u, 11u}) {
    const auto groups = netCosts({allocRun("null", "churn", 1, around(1.0, n), true),
                                  allocRun("glibc", "churn", 1, around(6.0, n)),
                                  allocRun("object-pool", "churn", 1, around(1.5, n))});
    ASSERT_EQ(groups.size(), 1u);
    const auto* glibc = find(groups[0], "glibc");
    ASSERT_NE(glibc, nullptr);
    if (n < kNetIntervalMinRepetitions) {
      EXPECT_TRUE(groups[0].tooFewRepetitions);
      EXPECT_FALSE(glibc->netInterval.defined()) << n;
      EXPECT_FALSE(glibc->perFastestInterval.defined()) << n;
      EXPECT_NEAR(glibc->netNsPerOp, 5.0, 1e-12);  // the point estimate stays
      continue;
    }
    EXPECT_FALSE(groups[0].tooFewRepetitions);
    ASSERT_TRUE(glibc->netInterval.defined()) << n;
    EXPECT_LE(glibc->netInterval.low, 5.0);
    EXPECT_GE(glibc->netInterval.high, 5.0);
    // ±2 % around 6 less ±2 % around 1: the difference cannot leave [4.86, 5.14].
    EXPECT_GE(glibc->netInterval.low, 6 * 0.98 - 1 * 1.02 - 1e-12);
    EXPECT_LE(glibc->netInterval.high, 6 * 1.02 - 1 * 0.98 + 1e-12);
    ASSERT_TRUE(glibc->perFastestInterval.defined());
    EXPECT_LE(glibc->perFastestInterval.low, 10.0);
    EXPECT_GE(glibc->perFastestInterval.high, 10.0);
  }
}

TEST(NetCost, AtTheFloorIsSaidNotRanked) {
  // An arena that skips the teardown walk runs below the floor: net < 0. It is listed first,
  // at the floor, with no ratio, and the fastest is the cheapest allocator above the floor.
  const auto groups = netCosts({allocRun("null", "trees", 1, around(2.0, 7), true),
                                allocRun("glibc", "trees", 1, around(12.0, 7)),
                                allocRun("arena", "trees", 1, around(1.6, 7)),
                                allocRun("size-class-pool", "trees", 1, around(4.0, 7))});
  ASSERT_EQ(groups.size(), 1u);
  const auto& g = groups[0];
  ASSERT_EQ(g.costs.size(), 3u);
  EXPECT_EQ(g.costs[0].variant, "arena");
  EXPECT_TRUE(g.costs[0].atFloor());
  EXPECT_TRUE(std::isnan(g.costs[0].perFastest));
  EXPECT_FALSE(g.costs[0].perFastestInterval.defined());
  EXPECT_TRUE(g.costs[0].netInterval.defined());  // the interval of its net cost is still there
  EXPECT_EQ(g.fastest, "size-class-pool");
  EXPECT_NEAR(find(g, "glibc")->perFastest, 5.0, 1e-9);
  // Nothing above the floor: no fastest, no ratios.
  const auto none = netCosts({allocRun("null", "trees", 1, around(2.0, 7), true),
                              allocRun("arena", "trees", 1, around(1.6, 7))});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(none[0].fastest.empty());
}

TEST(NetCost, FailedRunsAndRunsWithoutARateAreLeftOut) {
  auto failed = allocRun("glibc", "churn", 1, around(6.0, 7));
  failed.status = model::RunStatus::Failed;
  auto noRate = allocRun("jemalloc", "churn", 1, around(5.0, 7));
  noRate.samples[3].metrics.clear();
  auto failedFloor = allocRun("null", "phase", 1, around(1.0, 7), true);
  failedFloor.status = model::RunStatus::Failed;
  const auto groups = netCosts({allocRun("null", "churn", 1, around(1.0, 7), true), failed, noRate,
                                allocRun("tcmalloc", "churn", 1, around(3.0, 7)), failedFloor,
                                allocRun("glibc", "phase", 1, around(9.0, 7))});
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].costs.size(), 1u);
  EXPECT_EQ(groups[0].costs[0].variant, "tcmalloc");
}

TEST(NetCost, TheSessionReportCarriesIt) {
  const auto report =
      analyzeSession(model::Session{}, {allocRun("null", "churn", 1, around(1.0, 7), true),
                                        allocRun("glibc", "churn", 1, around(6.0, 7))});
  ASSERT_EQ(report.netCost.size(), 1u);
  EXPECT_EQ(report.netCost[0].costs.size(), 1u);
  EXPECT_TRUE(analyzeSession(model::Session{}, {allocRun("glibc", "churn", 1, around(6.0, 7))})
                  .netCost.empty());
}

}  // namespace
}  // namespace tunelab::analysis
