#include "tunelab/analysis/verdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "tunelab/analysis/statistics.h"

namespace tunelab::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Most repetitions give exactly the same value: the median absolute deviation is 0. Simulated
// instruction counts and allocation counts repeat exactly, except for the odd repetition that
// pays a one-time cost (the first one, which resolves lazily bound symbols): the median is that
// majority value, exactly.
bool exactMajority(std::span<const double> xs) {
  return !xs.empty() && medianAbsoluteDeviation(xs) == 0;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
}  // namespace

std::string_view verdictName(Verdict v) {
  switch (v) {
    case Verdict::Faster:
      return "faster";
    case Verdict::Slower:
      return "slower";
    case Verdict::Unchanged:
      return "unchanged";
    case Verdict::Noisy:
      return "noisy";
    case Verdict::Undecided:
      return "undecided";
  }
  return "?";
}

std::string_view noiseModelName(NoiseModel m) {
  switch (m) {
    case NoiseModel::Timing:
      return "timing";
    case NoiseModel::Deterministic:
      return "deterministic";
    case NoiseModel::Counter:
      return "counter";
  }
  return "?";
}

int repetitionsToDecide(double alpha) {
  for (int n = 2; n < 1000; ++n)
    if (2 * mannWhitneyExactCdf(n, n, 1) < alpha) return n;
  return 1000;
}

std::string undecidedReason(std::size_t nb, std::size_t nc, double alpha) {
  auto reps = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " repetition" : " repetitions"); };
  const std::string who = nb == nc ? reps(nb) + " a side"
                                   : reps(nb) + " in the baseline and " + std::to_string(nc) +
                                         " in the candidate";
  return who + " can never reach p < " + number(alpha) + "; use ≥ " +
         std::to_string(repetitionsToDecide(alpha));
}

std::string describeThreshold(const VerdictOptions& o, std::string_view measure) {
  const std::string m(measure), a = number(o.alpha);
  return "slower means candidate " + m + " > baseline × " + number(1 + o.threshold) + " with p < " +
         a + "; faster means candidate " + m + " < baseline × " + number(1 - o.threshold) +
         " with p < " + a +
         " (Mann–Whitney U, two-sided; counts that repeat exactly on both sides need no test); "
         "unchanged means a significant change within those bounds, or a " +
         number(o.confidence * 100) +
         " % interval of the ratio inside them; noisy means the repetitions cannot tell; undecided "
         "means too few repetitions for the test to reach p < " +
         a + " at all (≥ " + std::to_string(repetitionsToDecide(o.alpha)) + " a side needed).";
}

MeasureComparison compareSamples(std::span<const double> baseline,
                                 std::span<const double> candidate, const VerdictOptions& o) {
  MeasureComparison c;
  c.baselineCount = baseline.size();
  c.candidateCount = candidate.size();
  c.ratioInterval = {kNaN, kNaN};
  if (baseline.empty() || candidate.empty()) {
    c.baselineMedian = c.candidateMedian = c.ratio = kNaN;
    c.verdict = Verdict::Undecided;
    return c;
  }
  c.baselineMedian = median(baseline);
  c.candidateMedian = median(candidate);
  c.ratio = c.baselineMedian != 0
                ? c.candidateMedian / c.baselineMedian
                : (c.candidateMedian == 0 ? 1.0 : std::numeric_limits<double>::infinity());
  const double upper = 1 + o.threshold, lower = 1 - o.threshold;

  if (o.noise == NoiseModel::Deterministic && exactMajority(baseline) && exactMajority(candidate)) {
    c.deterministic = true;
    c.ratioInterval = {c.ratio, c.ratio};
    c.pValue = c.ratio == 1 ? 1 : 0;
    c.verdict = c.ratio > upper   ? Verdict::Slower
                : c.ratio < lower ? Verdict::Faster
                                  : Verdict::Unchanged;
    return c;
  }
  const auto u = mannWhitneyU(candidate, baseline);
  c.pValue = u.pValue;
  c.exactTest = u.exact;
  c.smallestPossibleP = mannWhitneySmallestP(baseline.size(), candidate.size());
  if (c.smallestPossibleP >= o.alpha) {
    c.verdict = Verdict::Undecided;
    return c;
  }
  c.ratioInterval = bootstrapRatioOfMedians(baseline, candidate, o.confidence, o.resamples, o.seed);
  const bool significant = c.pValue < o.alpha;
  const bool withinBounds = c.ratio >= lower && c.ratio <= upper;
  if (significant && c.ratio > upper)
    c.verdict = Verdict::Slower;
  else if (significant && c.ratio < lower)
    c.verdict = Verdict::Faster;
  // A significant change within the threshold is real but too small to matter: unchanged.
  else if (significant)
    c.verdict = Verdict::Unchanged;
  // No evidence of a change, and the interval rules out one of the threshold's size.
  else if (withinBounds && c.ratioInterval.defined() && c.ratioInterval.low >= lower &&
           c.ratioInterval.high <= upper)
    c.verdict = Verdict::Unchanged;
  // No evidence, but a change of the threshold's size cannot be ruled out either.
  else
    c.verdict = Verdict::Noisy;
  return c;
}

}  // namespace tunelab::analysis
