#include "tunelab/analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace tunelab::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double mean(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double median(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  std::vector<double> v(xs.begin(), xs.end());
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  if (v.size() % 2 == 1) return v[mid];
  const double upper = v[mid];
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

double minimum(std::span<const double> xs) {
  return xs.empty() ? kNaN : *std::min_element(xs.begin(), xs.end());
}

double maximum(std::span<const double> xs) {
  return xs.empty() ? kNaN : *std::max_element(xs.begin(), xs.end());
}

double stddev(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  if (xs.size() == 1) return 0;
  const double m = mean(xs);
  double sq = 0;
  for (double x : xs) sq += (x - m) * (x - m);
  return std::sqrt(sq / static_cast<double>(xs.size() - 1));
}

double coefficientOfVariation(std::span<const double> xs) {
  const double m = mean(xs);
  if (xs.empty() || m == 0) return kNaN;
  return stddev(xs) / m;
}

Summary summarize(std::span<const double> xs) {
  return Summary{xs.size(),
                 minimum(xs),
                 maximum(xs),
                 mean(xs),
                 median(xs),
                 stddev(xs),
                 coefficientOfVariation(xs)};
}

}  // namespace tunelab::analysis
