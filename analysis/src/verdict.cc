#include "tunelab/analysis/verdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "tunelab/analysis/statistics.h"

namespace tunelab::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool constant(std::span<const double> xs) {
  return std::all_of(xs.begin(), xs.end(), [&](double x) { return x == xs.front(); });
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
}  // namespace

std::string_view verdictName(Verdict v) {
  switch (v) {
    case Verdict::Faster: return "faster";
    case Verdict::Slower: return "slower";
    case Verdict::Unchanged: return "unchanged";
    case Verdict::Noisy: return "noisy";
  }
  return "?";
}

std::string describeThreshold(const VerdictOptions& o, std::string_view measure) {
  const std::string m(measure);
  return "slower means candidate " + m + " > baseline × " + number(1 + o.threshold) + ", faster means < baseline × " +
         number(1 - o.threshold) + ", each with p < " + number(o.alpha) +
         " (Mann–Whitney U, two-sided; constant counts need no test); unchanged means the " +
         number(o.confidence * 100) + " % interval of the ratio lies within those bounds; noisy means neither can be said.";
}

MeasureComparison compareSamples(std::span<const double> baseline, std::span<const double> candidate,
                                 const VerdictOptions& o) {
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
  c.ratio = c.baselineMedian != 0 ? c.candidateMedian / c.baselineMedian
                                  : (c.candidateMedian == 0 ? 1.0 : std::numeric_limits<double>::infinity());
  const double upper = 1 + o.threshold, lower = 1 - o.threshold;

  if (constant(baseline) && constant(candidate)) {
    c.deterministic = true;
    c.ratioInterval = {c.ratio, c.ratio};
    c.pValue = c.ratio == 1 ? 1 : 0;
    c.verdict = c.ratio > upper ? Verdict::Slower : c.ratio < lower ? Verdict::Faster : Verdict::Unchanged;
    return c;
  }
  const auto u = mannWhitneyU(candidate, baseline);
  c.pValue = u.pValue;
  c.exactTest = u.exact;
  c.ratioInterval = bootstrapRatioOfMedians(baseline, candidate, o.confidence, o.resamples, o.seed);
  const bool significant = c.pValue < o.alpha;
  if (significant && c.ratio > upper) c.verdict = Verdict::Slower;
  else if (significant && c.ratio < lower) c.verdict = Verdict::Faster;
  else if (c.ratioInterval.defined() && c.ratioInterval.low >= lower && c.ratioInterval.high <= upper)
    c.verdict = Verdict::Unchanged;
  else if (significant)  // a real but small change: within the threshold by its point estimate
    c.verdict = c.ratio <= upper && c.ratio >= lower ? Verdict::Unchanged : Verdict::Noisy;
  else
    c.verdict = Verdict::Noisy;
  return c;
}

}  // namespace tunelab::analysis
