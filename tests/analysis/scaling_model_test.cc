#include "tunelab/analysis/scaling_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_runs.h"
#include "tunelab/analysis/scaling.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

double amdahlTime(double t1, double f, int p) { return t1 * (f + (1 - f) / p); }

TEST(Amdahl, RecoversTheSerialFractionWithinOnePercentFromNoisyData) {
  for (double f : {0.02, 0.1, 0.3}) {
    testing::Noise noise(static_cast<std::uint64_t>(f * 1000));
    std::vector<int> p;
    std::vector<double> t;
    for (int workers : {1, 2, 4, 8, 16})
      for (int rep = 0; rep < 10; ++rep) {
        p.push_back(workers);
        t.push_back(amdahlTime(2.0, f, workers) * (1 + 0.002 * noise.normal()));  // 0.2 % noise
      }
    auto fit = fitAmdahl(p, t);
    ASSERT_TRUE(fit.defined);
    EXPECT_NEAR(fit.serialFraction, f, 0.01 * f) << "f = " << f;
    EXPECT_NEAR(fit.t1, 2.0, 0.01);
    EXPECT_GT(fit.rSquared, 0.999);
    EXPECT_NEAR(fit.ceiling, 1 / fit.serialFraction, 1e-12);
    ASSERT_TRUE(fit.serialFractionInterval.defined());
    EXPECT_LT(fit.serialFractionInterval.low, f);
    EXPECT_GT(fit.serialFractionInterval.high, f);
    EXPECT_EQ(fit.points, 50u);
  }
}

TEST(Amdahl, ExactDataGiveTheExactFractionAndTooFewPointsNoInterval) {
  std::vector<int> p = {1, 4};
  std::vector<double> t = {amdahlTime(1, 0.25, 1), amdahlTime(1, 0.25, 4)};
  auto fit = fitAmdahl(p, t);
  ASSERT_TRUE(fit.defined);
  EXPECT_NEAR(fit.serialFraction, 0.25, 1e-12);
  EXPECT_NEAR(fit.ceiling, 4, 1e-9);
  EXPECT_FALSE(fit.serialFractionInterval.defined());  // two points: no degrees of freedom
  std::vector<int> one = {2, 2};
  EXPECT_FALSE(fitAmdahl(one, t).defined);
}

TEST(Amdahl, PerfectScalingHasNoCeiling) {
  std::vector<int> p = {1, 2, 4};
  std::vector<double> t = {8, 4, 2};
  auto fit = fitAmdahl(p, t);
  EXPECT_NEAR(fit.serialFraction, 0, 1e-12);
  EXPECT_TRUE(std::isinf(fit.ceiling));
}

TEST(KarpFlatt, KnownValues) {
  // S = 4 on p = 4: no serial fraction. S = 2 on p = 4: e = (1/2 − 1/4)/(3/4) = 1/3.
  EXPECT_NEAR(karpFlatt(4, 4), 0, 1e-15);
  EXPECT_NEAR(karpFlatt(2, 4), 1.0 / 3.0, 1e-15);
  // Amdahl's speedup at f = 0.1 gives back e = 0.1 at every p: Karp–Flatt inverts Amdahl.
  for (int p : {2, 3, 8, 64}) EXPECT_NEAR(karpFlatt(amdahlSpeedup(0.1, p), p), 0.1, 1e-12);
  EXPECT_TRUE(std::isnan(karpFlatt(1, 1)));
  EXPECT_TRUE(std::isnan(karpFlatt(0, 4)));
}

TEST(Gustafson, ScaledSpeedup) {
  EXPECT_DOUBLE_EQ(gustafsonSpeedup(0.1, 8), 8 - 0.1 * 7);
  EXPECT_DOUBLE_EQ(scaledSpeedup(1.0, 1.25, 4), 3.2);
}

// The seed's example: T_s = 10⁶, T_p = 2.5·10⁵ on p = 4: S = 4, E = 1, and Karp–Flatt 0.
// Its "25 %" is T_p/T_s — the share of the serial time the parallel run takes — not E.
TEST(Scaling, SeedExampleWithKarpFlattAndAmdahl) {
  auto series = scalingSeries(
      {makeRun("w", "threads", {}, 1, {1e6}), makeRun("w", "threads", {}, 4, {2.5e5})});
  ASSERT_EQ(series.size(), 1u);
  const auto& p4 = series[0].points[1];
  EXPECT_DOUBLE_EQ(p4.speedup, 4);
  EXPECT_DOUBLE_EQ(p4.efficiency, 1);
  EXPECT_DOUBLE_EQ(p4.medianSeconds / series[0].points[0].medianSeconds, 0.25);
  EXPECT_NEAR(p4.karpFlatt, 0, 1e-15);
  EXPECT_TRUE(std::isnan(series[0].points[0].karpFlatt));
  EXPECT_TRUE(series[0].amdahl.defined);
  EXPECT_NEAR(series[0].amdahl.serialFraction, 0, 1e-12);
}

TEST(Scaling, AbsoluteSpeedupIsAgainstTheBestSerialVariant) {
  const std::vector<model::Param> n = {{"n", "100"}};
  auto series =
      scalingSeries({makeRun("w", "naive", n, 1, {30}), makeRun("w", "serial", n, 1, {10}),
                     makeRun("w", "threads", n, 1, {12}), makeRun("w", "threads", n, 2, {6}),
                     makeRun("w", "threads", {{"n", "200"}}, 2, {1})});
  const ScalingSeries* threads = nullptr;
  for (const auto& s : series)
    if (s.variant == "threads" && s.params == "n:100") threads = &s;
  ASSERT_NE(threads, nullptr);
  EXPECT_EQ(threads->bestSerialVariant, "serial");
  EXPECT_DOUBLE_EQ(threads->bestSerialSeconds, 10);
  EXPECT_DOUBLE_EQ(threads->points[1].speedup, 2);                 // 12/6 against itself
  EXPECT_DOUBLE_EQ(threads->points[1].absoluteSpeedup, 10.0 / 6);  // against serial
  EXPECT_DOUBLE_EQ(threads->points[1].absoluteEfficiency, 10.0 / 12);
  for (const auto& s : series)
    if (s.params == "n:200") {  // no variant ran n = 200 on one worker
      EXPECT_TRUE(s.bestSerialVariant.empty());
      EXPECT_TRUE(std::isnan(s.points[0].absoluteSpeedup));
    }
}

TEST(WeakScaling, FindsTheDiagonalOfASizeByThreadsSweep) {
  // n grows with p: (1000, 1), (2000, 2), (4000, 4); the off-diagonal runs are not in it.
  std::vector<model::Run> runs;
  const double t1 = 1.0, f = 0.1;
  for (int p : {1, 2, 4})
    for (int n : {1000, 2000, 4000}) {
      // Gustafson: T(p, p·n₁) = T1·(f + (1 − f)) with the parallel part's work growing by p on p
      // workers, plus a serial part that grows too: scaled speedup p − f(p − 1) exactly when
      // T(p, p·n₁) = T1 · p / (p − f(p − 1)).
      const double t = n == 1000 * p ? t1 * p / (p - f * (p - 1)) : 99.0;
      runs.push_back(makeRun("w", "threads", {{"n", std::to_string(n)}, {"d", "8"}}, p, {t}));
    }
  // Two diagonals: from (1000, 1) to (2000, 2) and (4000, 4); and from (2000, 1) to (4000, 2).
  auto weak = weakScalingSeries(runs);
  ASSERT_EQ(weak.size(), 2u);
  EXPECT_EQ(weak[1].points.size(), 2u);
  const auto& s = weak[0];
  EXPECT_EQ(s.sizeParam, "n");
  EXPECT_EQ(s.fixedParams, "d:8");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[2].workers, 4);
  EXPECT_DOUBLE_EQ(s.points[2].size, 4000);
  EXPECT_NEAR(s.points[2].scaledSpeedup, gustafsonSpeedup(f, 4), 1e-12);
  EXPECT_NEAR(s.points[1].serialFraction, f, 1e-12);
  EXPECT_NEAR(s.serialFraction, f, 1e-12);
  EXPECT_TRUE(std::isnan(s.points[0].serialFraction));
}

TEST(WeakScaling, AStrongScalingSessionHasNone) {
  auto weak = weakScalingSeries({makeRun("w", "threads", {{"n", "1000"}}, 1, {2}),
                                 makeRun("w", "threads", {{"n", "1000"}}, 2, {1})});
  EXPECT_TRUE(weak.empty());
}

}  // namespace
}  // namespace tunelab::analysis
