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

std::string describeThreshold(const VerdictOptions& o, std::string_view measure) {
  const std::string m(measure), a = number(o.alpha);
  return "slower means candidate " + m + " > baseline × " + number(1 + o.threshold) + " with p < " +
         a + "; faster means candidate " + m + " < baseline × " + number(1 - o.threshold) +
         " with p < " + a +
         " (Mann–Whitney U, two-sided; counts that repeat exactly on both sides need no test); "
         "unchanged means a significant change within those bounds, or a " +
         number(o.confidence * 100) +
         " % interval of the ratio inside them; noisy means the repetitions cannot tell.";
}

MeasureComparison compareSamples(std::span<const double> baseline,
                                 std::span<const double> candidate, const VerdictOptions& o) {
  MeasureComparison c;
  c.baselineCount = baseline.size();
  c.candidateCount = candidate.size();
  c.ratioInterval = {kNaN, kNaN};
  if (baseline.empty() || candidate.empty()) {
    c.baselineMedian = c.candidateMedian = c.ratio = kNaN;
    return c;
  }
  c.baselineMedian = median(baseline);
  c.candidateMedian = median(candidate);
  c.ratio = c.baselineMedian != 0
                ? c.candidateMedian / c.baselineMedian
                : (c.candidateMedian == 0 ? 1.0 : std::numeric_limits<double>::infinity());
  const double upper = 1 + o.threshold, lower = 1 - o.threshold;

  if (exactMajority(baseline) && exactMajority(candidate)) {
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
