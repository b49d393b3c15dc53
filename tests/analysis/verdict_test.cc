#include "tunelab/analysis/verdict.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "test_runs.h"

namespace tunelab::analysis {
namespace {

std::vector<double> noisy(double center, double relative, int n, std::uint64_t seed) {
  testing::Noise noise(seed);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(center * (1 + relative * noise.uniform()));
  return out;
}

TEST(Verdict, ConstantCountsAreDeterministicAndNeedNoTest) {
  std::vector<double> base(10, 1000000), cand(10, 1010000);  // +1.0 % exactly
  VerdictOptions o;
  o.noise = NoiseModel::Deterministic;
  o.threshold = 0.005;
  auto c = compareSamples(base, cand, o);
  EXPECT_TRUE(c.deterministic);
  EXPECT_DOUBLE_EQ(c.ratio, 1.01);
  EXPECT_EQ(c.ratioInterval.low, c.ratio);
  EXPECT_EQ(c.verdict, Verdict::Slower);
  auto same = compareSamples(base, base, o);
  EXPECT_EQ(same.verdict, Verdict::Unchanged);
  EXPECT_EQ(same.pValue, 1);
  o.threshold = 0.05;  // the same +1 % under a 5 % threshold does not matter
  EXPECT_EQ(compareSamples(base, cand, o).verdict, Verdict::Unchanged);
}

TEST(Verdict, CountsThatMostlyRepeatAreExactDespiteAOneTimeCost) {
  // What callgrind gives for three repetitions: the first pays a one-time cost (lazy symbol
  // binding), the others agree exactly. With three repetitions the U test could never be
  // significant (the first candidate is below the first baseline); the majority values are
  // exact, and they differ by 1 %.
  std::vector<double> base = {196331, 190857, 190857}, cand = {198231, 192757, 192757};
  VerdictOptions o;
  o.noise = NoiseModel::Deterministic;
  o.threshold = 0.005;
  auto c = compareSamples(base, cand, o);
  EXPECT_TRUE(c.deterministic);
  EXPECT_DOUBLE_EQ(c.ratio, 192757.0 / 190857.0);
  EXPECT_EQ(c.verdict, Verdict::Slower);
  EXPECT_EQ(compareSamples(base, base, o).verdict, Verdict::Unchanged);
  // Without an exact majority the test decides: two values apart is not "mostly repeating".
  std::vector<double> spread = {1000, 1001, 1002};
  EXPECT_FALSE(compareSamples(spread, cand, o).deterministic);
}

TEST(Verdict, ClearSlowdownIsSlowerWithAnIntervalAroundTheRatio) {
  auto base = noisy(10e-3, 0.02, 10, 1), cand = noisy(11e-3, 0.02, 10, 2);
  auto c = compareSamples(base, cand, {});
  EXPECT_EQ(c.verdict, Verdict::Slower);
  EXPECT_TRUE(c.exactTest);  // 10 + 10 distinct values: the exact distribution
  EXPECT_LT(c.pValue, 1e-4);
  EXPECT_GT(c.ratio, 1.05);
  EXPECT_LT(c.ratioInterval.low, c.ratio);
  EXPECT_GT(c.ratioInterval.high, c.ratio);
  EXPECT_GT(c.ratioInterval.low, 1.0);
  EXPECT_EQ(compareSamples(cand, base, {}).verdict, Verdict::Faster);
}

TEST(Verdict, TightSamplesWithoutChangeAreUnchanged) {
  auto base = noisy(10e-3, 0.005, 10, 3), cand = noisy(10e-3, 0.005, 10, 4);
  auto c = compareSamples(base, cand, {});
  EXPECT_EQ(c.verdict, Verdict::Unchanged);
  EXPECT_GT(c.ratioInterval.low, 0.95);
  EXPECT_LT(c.ratioInterval.high, 1.05);
}

TEST(Verdict, WideSamplesCannotTellAndAreNoisy) {
  // ±40 %: neither a 5 % change nor its absence can be shown with 5 repetitions.
  auto base = noisy(10e-3, 0.4, 5, 5), cand = noisy(10.3e-3, 0.4, 5, 6);
  auto c = compareSamples(base, cand, {});
  EXPECT_EQ(c.verdict, Verdict::Noisy);
  EXPECT_GT(c.pValue, 0.05);
}

TEST(Verdict, SignificantButSmallChangeIsUnchanged) {
  // +2 % with 0.2 % noise: certainly real, and certainly below the 5 % that matters.
  auto base = noisy(10e-3, 0.002, 10, 7), cand = noisy(10.2e-3, 0.002, 10, 8);
  auto c = compareSamples(base, cand, {});
  EXPECT_LT(c.pValue, 0.001);
  EXPECT_EQ(c.verdict, Verdict::Unchanged);
}

TEST(Verdict, EmptySideIsUndecidedWithUndefinedRatio) {
  std::vector<double> base = {1, 2}, none;
  auto c = compareSamples(base, none, {});
  EXPECT_EQ(c.verdict, Verdict::Undecided);
  EXPECT_TRUE(std::isnan(c.ratio));
  EXPECT_FALSE(c.ratioInterval.defined());
}

// One repetition a side has a MAD of 0, as a deterministic count has; a timing is still noise.
// Judged exact it read p = 0, a zero-width interval and "slower" for any ratio past 5 %.
TEST(Verdict, OneTimingASideIsUndecidedNeverExact) {
  std::vector<double> base = {10e-3}, cand = {11e-3};
  auto c = compareSamples(base, cand, {});
  EXPECT_EQ(c.verdict, Verdict::Undecided);
  EXPECT_FALSE(c.deterministic);
  EXPECT_DOUBLE_EQ(c.ratio, 1.1);
  EXPECT_FALSE(c.ratioInterval.defined()) << "no interval from one value a side";
  EXPECT_DOUBLE_EQ(c.smallestPossibleP, 1.0);
  // Counters (PMU counts) are no more exact than times.
  VerdictOptions counter;
  counter.noise = NoiseModel::Counter;
  EXPECT_EQ(compareSamples(base, cand, counter).verdict, Verdict::Undecided);
  // A deterministic count from one repetition is exact: the rule applies.
  VerdictOptions count;
  count.noise = NoiseModel::Deterministic;
  EXPECT_EQ(compareSamples(base, cand, count).verdict, Verdict::Slower);
}

// Three against three can never reach p < 0.05 (the smallest two-sided p is 2/20 = 0.1), so an
// 82 % slowdown measured so came out "noisy" and passed the gate.
TEST(Verdict, ThreeASideCannotDecideEvenAnEightyPercentSlowdown) {
  std::vector<double> base = {10.0e-3, 10.2e-3, 10.4e-3}, cand = {18.2e-3, 18.5e-3, 21.0e-3};
  auto c = compareSamples(base, cand, {});
  EXPECT_EQ(c.verdict, Verdict::Undecided);
  EXPECT_NEAR(c.ratio, 1.81, 0.01);
  EXPECT_DOUBLE_EQ(c.smallestPossibleP, 0.1);
  EXPECT_NEAR(c.pValue, 0.1, 1e-12);  // as separated as three a side can be
  // Four a side can reach 2/70 = 0.029: the test decides there.
  std::vector<double> base4 = {10.0e-3, 10.2e-3, 10.4e-3, 10.1e-3},
                      cand4 = {18.2e-3, 18.5e-3, 21.0e-3, 19.0e-3};
  EXPECT_EQ(compareSamples(base4, cand4, {}).verdict, Verdict::Slower);
  // At alpha = 0.01 four a side cannot (0.029 ≥ 0.01).
  VerdictOptions strict;
  strict.alpha = 0.01;
  EXPECT_EQ(compareSamples(base4, cand4, strict).verdict, Verdict::Undecided);
}

TEST(Verdict, SmallestPossiblePAndTheRepetitionsToAskFor) {
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(3, 3), 0.1);
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(4, 4), 2.0 / 70);
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(5, 5), 2.0 / 252);
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(1, 10), 2.0 / 11);
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(1, 1), 1.0);
  EXPECT_DOUBLE_EQ(mannWhitneySmallestP(0, 5), 1.0);
  // Matches the exact distribution's own tail for complete separation.
  for (int n = 2; n <= 8; ++n)
    EXPECT_NEAR(mannWhitneySmallestP(n, n), 2 * mannWhitneyExactCdf(n, n, 0), 1e-12) << n;
  // Five a side still reach p < 0.05 with one pair out of order (2·2/252); four do not.
  EXPECT_EQ(repetitionsToDecide(0.05), 5);
  EXPECT_EQ(repetitionsToDecide(0.01), 6);
  EXPECT_EQ(undecidedReason(3, 3, 0.05), "3 repetitions a side can never reach p < 0.05; use ≥ 5");
  EXPECT_EQ(undecidedReason(1, 10, 0.05),
            "1 repetition in the baseline and 10 in the candidate can never reach p < 0.05; use ≥ 5");
}

TEST(Verdict, ThresholdInWords) {
  VerdictOptions o;
  const auto text = describeThreshold(o, "time");
  EXPECT_NE(text.find("slower means candidate time > baseline × 1.05 with p < 0.05"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("faster means candidate time < baseline × 0.95"), std::string::npos) << text;
  EXPECT_EQ(verdictName(Verdict::Noisy), "noisy");
  EXPECT_EQ(verdictName(Verdict::Undecided), "undecided");
  EXPECT_NE(text.find("undecided means too few repetitions"), std::string::npos) << text;
  EXPECT_EQ(noiseModelName(NoiseModel::Deterministic), "deterministic");
}

}  // namespace
}  // namespace tunelab::analysis
