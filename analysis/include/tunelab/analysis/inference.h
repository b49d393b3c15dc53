#pragma once

// Robust statistics and tests over samples of timings (or any measurement): the pieces a
// verdict such as "candidate slower by 7 % [4 %, 11 %], p = 0.003" is made of. Pure
// functions; each states what it returns when the input is too small to say anything.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tunelab::analysis {

// Percentile q ∈ [0, 1] with linear interpolation between order statistics (the "type 7"
// definition of R and NumPy's default). NaN for an empty sample or q outside [0, 1].
double percentile(std::span<const double> xs, double q);

// Median absolute deviation from the median, unscaled (multiply by 1.4826 for a consistent
// estimate of σ under normality). NaN for an empty sample, 0 for one value.
double medianAbsoluteDeviation(std::span<const double> xs);

// Tukey's fences: x is an outlier when it lies more than 1.5 IQR below the first or above
// the third quartile. One flag per value, in input order; no flags for fewer than 4 values
// (quartiles of 3 points say nothing).
std::vector<bool> outlierFlags(std::span<const double> xs);

// A two-sided interval [low, high]; both NaN where it is not defined.
struct Interval {
  double low = 0;
  double high = 0;
  bool defined() const { return low == low && high == high; }  // neither is NaN
};

// Percentile-bootstrap interval of the ratio median(candidate) / median(baseline): each of
// `resamples` rounds draws both samples with replacement (seeded, so the interval is
// reproducible) and takes the ratio of medians. NaN interval when either side is empty or
// a resampled baseline median is 0.
Interval bootstrapRatioOfMedians(std::span<const double> baseline,
                                 std::span<const double> candidate, double confidence = 0.95,
                                 int resamples = 2000, std::uint64_t seed = 0x7e1ab);

// The bootstrap replicates behind that interval: `resamples` ratios of medians, in the order
// drawn (round r uses the same random draws for every pair of samples of the same sizes,
// so replicates of several benchmarks can be combined round by round — the geometric mean
// of a comparison gets its interval that way). Empty where the interval would be NaN.
std::vector<double> bootstrapRatioReplicates(std::span<const double> baseline,
                                             std::span<const double> candidate,
                                             int resamples = 2000, std::uint64_t seed = 0x7e1ab);

// Percentile-bootstrap interval of median(candidate) − median(baseline): each round draws
// both samples with replacement. NaN interval when either side is empty.
Interval bootstrapDifferenceOfMedians(std::span<const double> baseline,
                                      std::span<const double> candidate, double confidence = 0.95,
                                      int resamples = 2000, std::uint64_t seed = 0x7e1ab);

// Percentile-bootstrap interval of (median(candidate) − median(base)) /
// (median(reference) − median(base)): how many times the reference's excess over a common
// base the candidate's is. Each round draws the base once for both differences (they share
// it). NaN interval when any sample is empty or a round's denominator is not positive (the
// reference reaches the base in a resample: the ratio is unbounded).
Interval bootstrapRatioOfDifferences(std::span<const double> base,
                                     std::span<const double> candidate,
                                     std::span<const double> reference, double confidence = 0.95,
                                     int resamples = 2000, std::uint64_t seed = 0x7e1ab);

// Percentile-bootstrap interval of the median of one sample. Its coverage falls short at
// small n (at n = 5 it returns [min, max] often, whose true coverage is 93.75 %; at n = 3,
// 75 %): reports use medianConfidenceInterval(); the trend only derives a standard error
// from it.
Interval bootstrapMedian(std::span<const double> xs, double confidence = 0.95, int resamples = 2000,
                         std::uint64_t seed = 0x7e1ab);

// A distribution-free confidence interval of the median from order statistics:
// [x₍ⱼ₎, x₍ₙ₊₁₋ⱼ₎] for the largest j whose coverage 1 − 2·P(B ≤ j − 1), B ~ Binomial(n, ½),
// is at least `confidence`. The coverage holds for any continuous distribution, skewed or
// heavy-tailed (with ties it is at least that); `coverage` is the exact figure, which is
// ≥ confidence (96.9 % at n = 6, 97.9 % at n = 10, 95.9 % at n = 50). Where no such j exists —
// n < 6 at 95 %, n < 8 at 99 %, since even [min, max] covers only 1 − 2⁻⁽ⁿ⁻¹⁾ — the interval is
// undefined (NaN) and `coverage` is that of [min, max] (93.75 % at n = 5), so a report can say
// why. Binomial tail exact up to n = 1000, normal approximation (continuity-corrected) above.
struct MedianConfidence {
  Interval interval;
  double coverage = 0;  // the interval's exact coverage; [min, max]'s where none qualifies
  std::size_t lowRank = 0, highRank = 0;  // 1-based order statistics, 0 when undefined
  bool defined() const { return interval.defined(); }
};
MedianConfidence medianConfidenceInterval(std::span<const double> xs, double confidence = 0.95);

// The smallest sample size whose median has an order-statistic interval at `confidence`
// (6 at 95 %, 8 at 99 %).
std::size_t smallestSampleForMedianInterval(double confidence = 0.95);

// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided, as Google Benchmark's compare.py
// uses it. u is the statistic of the first sample: the number of pairs (x, y) with x > y,
// ties counting one half. Exact p-value (the permutation distribution of U) when there are
// no ties and n1·n2 ≤ 2500; otherwise the normal approximation with tie correction and
// continuity correction. p = 1 when either sample is empty or every value is tied.
struct MannWhitney {
  double u = 0;
  double pValue = 1;
  bool exact = false;
};
MannWhitney mannWhitneyU(std::span<const double> x, std::span<const double> y);

// The smallest two-sided p-value the exact U test can give for sample sizes n1 and n2: both
// samples completely separated, 2 / C(n1 + n2, n1) (capped at 1). 1 when either is empty.
double mannWhitneySmallestP(std::size_t n1, std::size_t n2);

// P(U ≤ u) under H0 for sample sizes n1, n2 without ties: the exact distribution counted by
// the recurrence of Mann and Whitney (1947). Exposed for tests against published tables.
double mannWhitneyExactCdf(int n1, int n2, double u);

// Student's t quantile for a two-sided interval of the given confidence (0.90, 0.95 or 0.99)
// with `dof` degrees of freedom; the normal quantile for large dof. NaN for dof < 1 or an
// unsupported confidence.
double studentTQuantile(double confidence, int dof);

}  // namespace tunelab::analysis
