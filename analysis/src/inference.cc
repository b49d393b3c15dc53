#include "tunelab/analysis/inference.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "tunelab/analysis/statistics.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// splitmix64: a tiny seeded generator whose sequence is the same with every standard
// library (std::uniform_int_distribution is not), so bootstrap intervals are reproducible.
struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) {  // uniform in [0, n), n small: the bias is < 2^-40
    return static_cast<std::size_t>(next() % n);
  }
};

double medianInPlace(std::vector<double>& v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  if (v.size() % 2 == 1) return v[mid];
  const double upper = v[mid];
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

void resample(std::span<const double> xs, SplitMix& rng, std::vector<double>& out) {
  out.resize(xs.size());
  for (auto& o : out) o = xs[rng.below(xs.size())];
}

Interval percentileInterval(std::vector<double>& stats, double confidence) {
  const double alpha = (1 - confidence) / 2;
  return {percentile(stats, alpha), percentile(stats, 1 - alpha)};
}

double normalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

double percentile(std::span<const double> xs, double q) {
  if (xs.empty() || !(q >= 0 && q <= 1)) return kNaN;
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  const double h = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

double medianAbsoluteDeviation(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  const double m = median(xs);
  std::vector<double> dev;
  dev.reserve(xs.size());
  for (double x : xs) dev.push_back(std::abs(x - m));
  return medianInPlace(dev);
}

std::vector<bool> outlierFlags(std::span<const double> xs) {
  std::vector<bool> flags(xs.size(), false);
  if (xs.size() < 4) return flags;
  const double q1 = percentile(xs, 0.25), q3 = percentile(xs, 0.75);
  const double fence = 1.5 * (q3 - q1);
  for (std::size_t i = 0; i < xs.size(); ++i) flags[i] = xs[i] < q1 - fence || xs[i] > q3 + fence;
  return flags;
}

std::vector<double> bootstrapRatioReplicates(std::span<const double> baseline,
                                             std::span<const double> candidate, int resamples,
                                             std::uint64_t seed) {
  if (baseline.empty() || candidate.empty() || resamples < 1) return {};
  SplitMix rng{seed};
  std::vector<double> b, c, ratios;
  ratios.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    resample(baseline, rng, b);
    resample(candidate, rng, c);
    const double mb = medianInPlace(b);
    if (mb == 0) return {};
    ratios.push_back(medianInPlace(c) / mb);
  }
  return ratios;
}

Interval bootstrapRatioOfMedians(std::span<const double> baseline,
                                 std::span<const double> candidate, double confidence,
                                 int resamples, std::uint64_t seed) {
  auto ratios = bootstrapRatioReplicates(baseline, candidate, resamples, seed);
  if (ratios.empty()) return {kNaN, kNaN};
  return percentileInterval(ratios, confidence);
}

Interval bootstrapDifferenceOfMedians(std::span<const double> baseline,
                                      std::span<const double> candidate, double confidence,
                                      int resamples, std::uint64_t seed) {
  if (baseline.empty() || candidate.empty() || resamples < 1) return {kNaN, kNaN};
  SplitMix rng{seed};
  std::vector<double> b, c, diffs;
  diffs.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    resample(baseline, rng, b);
    resample(candidate, rng, c);
    diffs.push_back(medianInPlace(c) - medianInPlace(b));
  }
  return percentileInterval(diffs, confidence);
}

Interval bootstrapRatioOfDifferences(std::span<const double> base,
                                     std::span<const double> candidate,
                                     std::span<const double> reference, double confidence,
                                     int resamples, std::uint64_t seed) {
  if (base.empty() || candidate.empty() || reference.empty() || resamples < 1) return {kNaN, kNaN};
  SplitMix rng{seed};
  std::vector<double> b, c, f, ratios;
  ratios.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    resample(base, rng, b);
    resample(candidate, rng, c);
    resample(reference, rng, f);
    const double mb = medianInPlace(b);
    const double denominator = medianInPlace(f) - mb;
    if (!(denominator > 0)) return {kNaN, kNaN};
    ratios.push_back((medianInPlace(c) - mb) / denominator);
  }
  return percentileInterval(ratios, confidence);
}

Interval bootstrapMedian(std::span<const double> xs, double confidence, int resamples,
                         std::uint64_t seed) {
  if (xs.empty() || resamples < 1) return {kNaN, kNaN};
  SplitMix rng{seed};
  std::vector<double> r, medians;
  medians.reserve(static_cast<std::size_t>(resamples));
  for (int i = 0; i < resamples; ++i) {
    resample(xs, rng, r);
    medians.push_back(medianInPlace(r));
  }
  return percentileInterval(medians, confidence);
}

namespace {

// P(B ≤ i) for B ~ Binomial(n, ½), for i = 0, 1, … as long as `keepGoing(i, cdf)` says so;
// returns the last i it accepted (or −1). Exact summation of the pmf up to n = 1000 (2⁻¹⁰⁰⁰ is
// still a normal double); above, the normal approximation with continuity correction, whose
// error there is far below the steps between neighbouring order statistics.
template <class Accept>
long lastAcceptedBinomialTail(std::size_t n, Accept accept) {
  long last = -1;
  if (n <= 1000) {
    double pmf = std::ldexp(1.0, -static_cast<int>(n)), cdf = 0;
    for (std::size_t i = 0; i <= n / 2; ++i) {
      cdf += pmf;
      if (!accept(cdf)) break;
      last = static_cast<long>(i);
      pmf = pmf * static_cast<double>(n - i) / static_cast<double>(i + 1);
    }
    return last;
  }
  const double mean = static_cast<double>(n) / 2, sd = std::sqrt(static_cast<double>(n)) / 2;
  for (std::size_t i = 0; i <= n / 2; ++i) {
    const double cdf = 0.5 * std::erfc(-(static_cast<double>(i) + 0.5 - mean) / (sd * std::sqrt(2.0)));
    if (!accept(cdf)) break;
    last = static_cast<long>(i);
  }
  return last;
}

double binomialHalfCdf(std::size_t n, std::size_t upTo) {
  double at = 0;
  std::size_t seen = 0;
  lastAcceptedBinomialTail(n, [&](double cdf) {
    at = cdf;
    return seen++ < upTo;
  });
  return at;
}

}  // namespace

MedianConfidence medianConfidenceInterval(std::span<const double> xs, double confidence) {
  MedianConfidence out;
  out.interval = {kNaN, kNaN};
  const std::size_t n = xs.size();
  if (n == 0 || !(confidence > 0 && confidence < 1)) return out;
  const double tail = (1 - confidence) / 2;
  // j − 1 is the largest i with P(B ≤ i) ≤ tail.
  const long last = lastAcceptedBinomialTail(n, [&](double cdf) { return cdf <= tail; });
  if (last < 0) {
    out.coverage = 1 - 2 * std::ldexp(1.0, -static_cast<int>(std::min<std::size_t>(n, 1100)));
    return out;
  }
  const auto j = static_cast<std::size_t>(last) + 1;
  out.coverage = 1 - 2 * binomialHalfCdf(n, j - 1);
  out.lowRank = j;
  out.highRank = n + 1 - j;
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  out.interval = {v[out.lowRank - 1], v[out.highRank - 1]};
  return out;
}

std::size_t smallestSampleForMedianInterval(double confidence) {
  for (std::size_t n = 1; n < 100; ++n)
    if (1 - 2 * std::ldexp(1.0, -static_cast<int>(n)) >= confidence) return n;
  return 100;
}

double mannWhitneyExactCdf(int n1, int n2, double u) {
  if (n1 < 0 || n2 < 0) return kNaN;
  const int maxU = n1 * n2;
  if (u < 0) return 0;
  if (u >= maxU) return 1;
  // f[m][n][k]: arrangements of m x's and n y's with U = k; f(m,n,k) = f(m-1,n,k-n) + f(m,n-1,k).
  // Rolled over m: row[n] holds the distribution for the current m.
  std::vector<std::vector<double>> prev(static_cast<std::size_t>(n2) + 1),
      cur(static_cast<std::size_t>(n2) + 1);
  for (int n = 0; n <= n2; ++n) prev[static_cast<std::size_t>(n)] = {1.0};  // m = 0: U = 0 only
  for (int m = 1; m <= n1; ++m) {
    cur[0] = {1.0};  // n = 0: U = 0 only
    for (int n = 1; n <= n2; ++n) {
      auto& out = cur[static_cast<std::size_t>(n)];
      out.assign(static_cast<std::size_t>(m * n) + 1, 0.0);
      const auto& a = prev[static_cast<std::size_t>(n)];     // (m-1, n), shifted by n
      const auto& b = cur[static_cast<std::size_t>(n - 1)];  // (m, n-1)
      for (std::size_t k = 0; k < a.size(); ++k) out[k + static_cast<std::size_t>(n)] += a[k];
      for (std::size_t k = 0; k < b.size(); ++k) out[k] += b[k];
    }
    std::swap(prev, cur);
  }
  const auto& dist = prev[static_cast<std::size_t>(n2)];
  const double total = std::accumulate(dist.begin(), dist.end(), 0.0);
  double below = 0;
  for (std::size_t k = 0; k < dist.size() && static_cast<double>(k) <= u; ++k) below += dist[k];
  return below / total;
}

double mannWhitneySmallestP(std::size_t n1, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 1;
  // C(n1 + n2, n1) as a double, built up factor by factor (exact while it fits 2^53).
  double c = 1;
  const std::size_t k = std::min(n1, n2), n = n1 + n2;
  for (std::size_t i = 1; i <= k; ++i)
    c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return std::min(1.0, 2 / c);
}

MannWhitney mannWhitneyU(std::span<const double> x, std::span<const double> y) {
  MannWhitney r;
  const std::size_t n1 = x.size(), n2 = y.size();
  if (n1 == 0 || n2 == 0) return r;
  // Ranks of the pooled sample, ties given their average rank.
  struct Item {
    double v;
    bool first;
  };
  std::vector<Item> all;
  all.reserve(n1 + n2);
  for (double v : x) all.push_back({v, true});
  for (double v : y) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Item& a, const Item& b) { return a.v < b.v; });
  const std::size_t n = all.size();
  double rankSumX = 0, tieTerm = 0;
  bool ties = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && all[j + 1].v == all[i].v) ++j;
    const double avgRank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) {
      ties = true;
      tieTerm += t * t * t - t;
    }
    for (std::size_t k = i; k <= j; ++k)
      if (all[k].first) rankSumX += avgRank;
    i = j + 1;
  }
  const double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2),
               dn = static_cast<double>(n);
  r.u = rankSumX - dn1 * (dn1 + 1) / 2;
  const double mu = dn1 * dn2 / 2;
  if (!ties && n1 * n2 <= 2500) {
    r.exact = true;
    const double lower = mannWhitneyExactCdf(static_cast<int>(n1), static_cast<int>(n2), r.u);
    const double upper =
        1 - mannWhitneyExactCdf(static_cast<int>(n1), static_cast<int>(n2), r.u - 1);
    r.pValue = std::min(1.0, 2 * std::min(lower, upper));
    return r;
  }
  const double variance = dn1 * dn2 / 12 * ((dn + 1) - tieTerm / (dn * (dn - 1)));
  if (variance <= 0) return r;  // every value tied: no evidence either way
  const double z = (std::abs(r.u - mu) - 0.5) / std::sqrt(variance);
  r.pValue = std::min(1.0, 2 * normalUpperTail(std::max(0.0, z)));
  return r;
}

double studentTQuantile(double confidence, int dof) {
  // Two-sided critical values t(1 − α/2, dof) for dof 1..30, then 40, 60, 120, ∞.
  static constexpr std::array<double, 34> k90 = {
      6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782,
      1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711,
      1.708, 1.706, 1.703, 1.701, 1.699, 1.697, 1.684, 1.671, 1.658, 1.645};
  static constexpr std::array<double, 34> k95 = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
      2.160,  2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
      2.060,  2.056, 2.052, 2.048, 2.045, 2.042, 2.021, 2.000, 1.980, 1.960};
  static constexpr std::array<double, 34> k99 = {
      63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169, 3.106, 3.055,
      3.012,  2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845, 2.831, 2.819, 2.807, 2.797,
      2.787,  2.779, 2.771, 2.763, 2.756, 2.750, 2.704, 2.660, 2.617, 2.576};
  const std::array<double, 34>* t = nullptr;
  if (std::abs(confidence - 0.90) < 1e-9)
    t = &k90;
  else if (std::abs(confidence - 0.95) < 1e-9)
    t = &k95;
  else if (std::abs(confidence - 0.99) < 1e-9)
    t = &k99;
  if (!t || dof < 1) return kNaN;
  if (dof <= 30) return (*t)[static_cast<std::size_t>(dof - 1)];
  // Beyond 30, interpolate linearly in 1/dof between the tabulated points (and ∞ ↦ 0).
  static constexpr std::array<double, 5> knots = {30, 40, 60, 120, 1e300};
  const double inv = 1.0 / dof;
  for (std::size_t i = 0; i + 1 < knots.size(); ++i) {
    const double a = 1 / knots[i], b = 1 / knots[i + 1];
    if (inv <= a && inv >= b) {
      const double ta = (*t)[29 + i], tb = (*t)[30 + i];
      return tb + (ta - tb) * (inv - b) / (a - b);
    }
  }
  return t->back();
}

}  // namespace tunelab::analysis
