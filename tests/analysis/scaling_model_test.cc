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
  std::vector<int> p = {1, 2, 4};
  std::vector<double> t = {amdahlTime(1, 0.25, 1), amdahlTime(1, 0.25, 2), amdahlTime(1, 0.25, 4)};
  auto fit = fitAmdahl(p, t);
  ASSERT_TRUE(fit.defined);
  EXPECT_NEAR(fit.serialFraction, 0.25, 1e-12);
  EXPECT_NEAR(fit.ceiling, 4, 1e-9);
  EXPECT_TRUE(fit.serialFractionInterval.defined());  // three points: one degree of freedom
  std::vector<int> one = {2, 2, 2};
  EXPECT_FALSE(fitAmdahl(one, t).defined);
}

// Two worker counts fit any two times exactly: many repetitions at p = 1 and p = 2 gave
// "f = −0.94 (95 % interval …), R² = 0.99" — a statement about the scatter, not about Amdahl.
// Below three distinct worker counts there is no fit at all (Karp–Flatt speaks for them).
TEST(Amdahl, TwoWorkerCountsGiveNoFitHoweverManyRepetitions) {
  std::vector<int> p;
  std::vector<double> t;
  for (int rep = 0; rep < 10; ++rep) {
    p.push_back(1);
    t.push_back(1.0 + 0.001 * rep);
    p.push_back(2);
    t.push_back(0.26 + 0.001 * rep);  // super-linear: f would come out negative
  }
  EXPECT_FALSE(fitAmdahl(p, t).defined);
  EXPECT_EQ(kMinAmdahlWorkerCounts, 3u);
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
  auto series = scalingSeries({makeRun("w", "threads", {}, 1, {1e6}),
                               makeRun("w", "threads", {}, 2, {5e5}),
                               makeRun("w", "threads", {}, 4, {2.5e5})});
  ASSERT_EQ(series.size(), 1u);
  const auto& p4 = series[0].points[2];
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
  TraitsByWorkload traits;
  traits["w"].workExponents = {{"n", 1}};  // d is not a size of this workload's work
  auto weak = weakScalingSeries(runs, traits);
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
  TraitsByWorkload traits;
  traits["w"].workExponents = {{"n", 1}};
  auto weak = weakScalingSeries({makeRun("w", "threads", {{"n", "1000"}}, 1, {2}),
                                 makeRun("w", "threads", {{"n", "1000"}}, 2, {1})},
                                traits);
  EXPECT_TRUE(weak.empty());
}

// factor's work is n³: doubling n at p = 2 is 8× the work, not weak scaling; n = 192 → 242 is
// (242/192)³ = 2.002× the work, the diagonal. The scaled speedup counts the work done.
TEST(WeakScaling, TheDeclaredWorkFunctionDecidesTheDiagonal) {
  std::vector<model::Run> runs = {makeRun("factor", "parallel", {{"n", "192"}}, 1, {1.0}),
                                  makeRun("factor", "parallel", {{"n", "384"}}, 2, {4.0}),
                                  makeRun("factor", "parallel", {{"n", "242"}}, 2, {1.05})};
  TraitsByWorkload cubic;
  cubic["factor"].workExponents = {{"n", 3}};
  auto weak = weakScalingSeries(runs, cubic);
  ASSERT_EQ(weak.size(), 1u);
  ASSERT_EQ(weak[0].points.size(), 2u);
  EXPECT_DOUBLE_EQ(weak[0].points[1].size, 242);
  const double work = std::pow(242.0 / 192.0, 3);
  EXPECT_NEAR(weak[0].points[1].workRatio, work, 1e-12);
  EXPECT_NEAR(weak[0].points[1].scaledSpeedup, work * 1.0 / 1.05, 1e-12);
  EXPECT_DOUBLE_EQ(weak[0].workExponent, 3);
  // Taken as linear (what the analysis assumed before), n = 384 at p = 2 would be the diagonal.
  TraitsByWorkload linear;
  linear["factor"].workExponents = {{"n", 1}};
  auto wrong = weakScalingSeries(runs, linear);
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_DOUBLE_EQ(wrong[0].points[1].size, 384);
  // Without a declared work function there is no weak-scaling analysis at all.
  EXPECT_TRUE(weakScalingSeries(runs, {}).empty());
}

TEST(WorkloadTraits, FactsRoundTrip) {
  WorkloadTraits t;
  t.variantsAreOneOperation = false;
  t.workExponents = {{"n", 3}, {"k", 1}};
  const auto facts = workloadTraitFacts("factor", t);
  auto back = workloadTraits(facts);
  ASSERT_EQ(back.count("factor"), 1u);
  EXPECT_FALSE(back["factor"].variantsAreOneOperation);
  EXPECT_EQ(back["factor"].workExponents, t.workExponents);
  // Facts of other kinds are ignored; a workload name may contain dots? No: the last dot splits.
  EXPECT_TRUE(workloadTraits({{"governor", "performance"}}).empty());
}

// machine's variants are different kernels: triad is not a faster way to do fma-f32.
TEST(Scaling, BestSerialVariantComparesVariantsOfOneOperationOnly) {
  std::vector<model::Run> runs = {makeRun("machine", "triad", {}, 1, {1.0}),
                                  makeRun("machine", "triad", {}, 2, {0.6}),
                                  makeRun("machine", "fma-f32", {}, 1, {5.0}),
                                  makeRun("machine", "fma-f32", {}, 2, {2.6})};
  TraitsByWorkload traits;
  traits["machine"].variantsAreOneOperation = false;
  for (const auto& s : scalingSeries(runs, traits)) {
    EXPECT_EQ(s.bestSerialVariant, s.variant);
    EXPECT_DOUBLE_EQ(s.points[1].absoluteSpeedup, s.points[1].speedup);
  }
  // As implementations of one operation (the default), triad would be fma-f32's "best".
  for (const auto& s : scalingSeries(runs)) EXPECT_EQ(s.bestSerialVariant, "triad");
}

// Efficiency above 110 % is flagged with its likely cause; here the p = 2 run did a thirtieth
// of the operations (what the default sweep's alloc/pmr-unsync large-buffers showed).
TEST(Scaling, SuperLinearEfficiencyIsFlaggedWithItsCause) {
  auto withOps = [](int threads, double seconds, double ops) {
    auto r = makeRun("alloc", "pmr-unsync", {{"pattern", "large-buffers"}}, threads,
                     {seconds, seconds * 1.01, seconds * 0.99});
    for (auto& smp : r.samples) smp.metrics = {{"operations", ops, ""}, {"rate", 1e6, "ops/s"}};
    return r;
  };
  auto series = scalingSeries({withOps(1, 1.0, 1e6), withOps(2, 0.03, 3.2e4)});
  ASSERT_EQ(series.size(), 1u);
  const auto& p2 = series[0].points[1];
  ASSERT_EQ(p2.caveats.size(), 1u);
  EXPECT_EQ(p2.caveats[0].kind, ScalingCaveat::Kind::SuperLinear);
  EXPECT_NE(p2.caveats[0].text.find("different work (operations"), std::string::npos)
      << p2.caveats[0].text;
  // The same work, 2.4× faster on 2 workers: flagged, cause unknown to the data.
  auto same = scalingSeries({withOps(1, 1.0, 1e6), withOps(2, 0.41, 1e6)});
  ASSERT_EQ(same[0].points[1].caveats.size(), 1u);
  EXPECT_NE(same[0].points[1].caveats[0].text.find("fit a cache"), std::string::npos);
  // The same work, but p = 1 faulted its heap back in every execution (glibc's trim of the
  // main arena; the second thread's arena is not trimmed): the page faults say so.
  auto faulted = [&](int threads, double seconds, double faults) {
    auto r = withOps(threads, seconds, 1e6);
    for (auto& smp : r.samples) smp.counters = {{"page-faults", faults, 100, 100, false, ""}};
    return r;
  };
  auto trim = scalingSeries({faulted(1, 1.0, 1580), faulted(2, 0.04, 0)});
  ASSERT_EQ(trim[0].points[1].caveats.size(), 1u);
  EXPECT_NE(trim[0].points[1].caveats[0].text.find("1.58 k page faults per execution"),
            std::string::npos)
      << trim[0].points[1].caveats[0].text;
  // E = 1.05 is within the allowance: no caveat.
  auto fine = scalingSeries({withOps(1, 1.0, 1e6), withOps(2, 0.476, 1e6)});
  EXPECT_TRUE(fine[0].points[1].caveats.empty());
}

TEST(Scaling, ABusyBaselineIsFlagged) {
  auto r1 = makeRun("alloc", "glibc", {}, 1, {1.0, 1.0, 1.0});
  for (auto& smp : r1.samples) smp.cpuSeconds = 2.0;  // two cores busy with one worker
  auto series = scalingSeries({r1, makeRun("alloc", "glibc", {}, 2, {0.6, 0.6, 0.6})});
  const auto& p1 = series[0].points[0];
  EXPECT_DOUBLE_EQ(p1.cpuPerWall, 2.0);
  ASSERT_EQ(p1.caveats.size(), 1u);
  EXPECT_EQ(p1.caveats[0].kind, ScalingCaveat::Kind::BusyAtOneWorker);
  // A case that keeps two threads busy by design at p = 1 (a producer and a consumer) says so
  // in threads_used: its CPU/wall of 2 is then no caveat.
  for (auto& smp : r1.samples) smp.metrics = {{kThreadsUsedMetric, 2, "threads"}};
  EXPECT_DOUBLE_EQ(expectedCpuPerWall(r1), 2.0);
  auto pairs = scalingSeries({r1, makeRun("alloc", "glibc", {}, 2, {0.6, 0.6, 0.6})});
  EXPECT_TRUE(pairs[0].points[0].caveats.empty());
}

// A slow spell of the machine during a series: the later half of the samples 8 % slower than
// the earlier, for every thread count alike. Interleaved, it is seen and the speedups stand;
// run one case after the other, the same drift would sit inside the p = 2 case.
TEST(Scaling, DriftOverTheExecutionOrderIsFlagged) {
  auto series = [](bool interleaved, double slowdown) {
    std::vector<model::Run> runs = {makeRun("w", "threads", {}, 1, {}), makeRun("w", "threads", {}, 2, {})};
    for (int rep = 0; rep < 6; ++rep)
      for (int k = 0; k < 2; ++k) {
        model::Sample smp;
        smp.repetition = rep;
        smp.position = interleaved ? rep * 2 + k : k * 6 + rep;
        const bool late = smp.position >= 6;
        smp.wallSeconds = (k == 0 ? 1.0 : 0.55) * (late ? 1 + slowdown : 1.0) * (1 + 0.001 * rep);
        smp.cpuSeconds = smp.wallSeconds * (k + 1);
        runs[static_cast<std::size_t>(k)].samples.push_back(smp);
      }
    return scalingSeries(runs);
  };
  const auto drifted = series(true, 0.08);
  ASSERT_TRUE(drifted[0].drift.measured);
  EXPECT_TRUE(drifted[0].drift.interleaved);
  EXPECT_NEAR(drifted[0].drift.change, 0.08, 0.01);
  EXPECT_TRUE(drifted[0].drift.flagged);
  ASSERT_EQ(drifted[0].caveats.size(), 1u);
  EXPECT_NE(drifted[0].caveats[0].text.find("took turns"), std::string::npos);
  EXPECT_NEAR(drifted[0].points[1].speedup, 1 / 0.55, 0.02) << "the drift fell on both alike";
  const auto steady = series(true, 0.0);
  EXPECT_FALSE(steady[0].drift.flagged);
  EXPECT_TRUE(steady[0].caveats.empty());
  // Run one after the other, the whole p = 2 case is in the slow half: its own samples do not
  // move, so the drift is invisible to the test and sits in the speedup (what interleaving
  // prevents).
  const auto sequential = series(false, 0.08);
  EXPECT_FALSE(sequential[0].drift.interleaved);
  EXPECT_NEAR(sequential[0].points[1].speedup, 1 / (0.55 * 1.08), 0.02);
  // Samples without positions (older sessions, imports): not measured.
  EXPECT_FALSE(scalingSeries({makeRun("w", "threads", {}, 1, {1, 1, 1, 1}),
                              makeRun("w", "threads", {}, 2, {1, 1, 1, 1})})[0]
                   .drift.measured);
}

// The speedup's interval is distribution-free: from 7 repetitions a side (each median's
// 97.5 % interval exists from n = 7 on), and it contains the point estimate.
TEST(Scaling, SpeedupIntervalFromOrderStatistics) {
  std::vector<double> t1 = {10, 10.2, 9.9, 10.4, 10.1, 9.8, 10.3}, t2 = {5.1, 5.0, 5.3, 4.9, 5.2, 5.05, 5.15};
  auto series = scalingSeries({makeRun("w", "threads", {}, 1, t1), makeRun("w", "threads", {}, 2, t2)});
  const auto& p2 = series[0].points[1];
  ASSERT_TRUE(p2.speedupInterval.defined());
  EXPECT_DOUBLE_EQ(p2.speedupInterval.low, 9.8 / 5.3);   // [min, max] at n = 7
  EXPECT_DOUBLE_EQ(p2.speedupInterval.high, 10.4 / 4.9);
  EXPECT_LE(p2.speedupInterval.low, p2.speedup);
  EXPECT_GE(p2.speedupInterval.high, p2.speedup);
  EXPECT_EQ(series[0].points[0].speedupInterval.low, 1);  // p = 1: S(1) = 1 by definition
  EXPECT_EQ(series[0].points[0].speedupInterval.high, 1);
  // Six repetitions: no 97.5 % interval of a median, so none of the speedup.
  t1.pop_back();
  t2.pop_back();
  auto six = scalingSeries({makeRun("w", "threads", {}, 1, t1), makeRun("w", "threads", {}, 2, t2)});
  EXPECT_FALSE(six[0].points[1].speedupInterval.defined());
}

}  // namespace
}  // namespace tunelab::analysis
