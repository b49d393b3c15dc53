#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

std::optional<Init> parseInit(std::string_view name) {
  if (name == "kmeans++") return Init::KmeansPlusPlus;
  if (name == "first") return Init::First;
  if (name == "random") return Init::Random;
  return std::nullopt;
}

std::string_view toString(Init init) {
  switch (init) {
    case Init::KmeansPlusPlus:
      return "kmeans++";
    case Init::First:
      return "first";
    case Init::Random:
      return "random";
  }
  return "?";
}

std::vector<float> kmeansPlusPlus(const Points& points, std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::size_t n = points.n, d = points.d;
  std::vector<float> centroids;
  centroids.reserve(k * d);
  std::uniform_int_distribution<std::size_t> first(0, n - 1);
  const float* c0 = points.row(first(rng));
  centroids.insert(centroids.end(), c0, c0 + d);

  // nearest[i]: squared distance from point i to its closest chosen centroid.
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  for (std::size_t c = 1; c < k; ++c) {
    const float* last = centroids.data() + (c - 1) * d;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      nearest[i] = std::min(nearest[i], referenceSquaredDistance(points.row(i), last, d));
      total += nearest[i];
    }
    std::size_t pick = 0;
    if (total > 0) {
      // Sample a point with probability proportional to nearest[i] (D² weighting).
      double target = std::uniform_real_distribution<double>(0.0, total)(rng);
      for (pick = 0; pick + 1 < n; ++pick) {
        target -= nearest[pick];
        if (target < 0) break;
      }
    } else {
      pick = c % n;  // every point coincides with a centroid already: any choice is optimal
    }
    const float* row = points.row(pick);
    centroids.insert(centroids.end(), row, row + d);
  }
  return centroids;
}

std::vector<float> initialCentroids(const Points& points, std::size_t k, Init init,
                                    std::uint64_t seed) {
  const std::size_t d = points.d;
  switch (init) {
    case Init::KmeansPlusPlus:
      return kmeansPlusPlus(points, k, seed);
    case Init::First:
      return {points.values.begin(), points.values.begin() + static_cast<std::ptrdiff_t>(k * d)};
    case Init::Random: {
      // A partial Fisher–Yates shuffle: k distinct indices, uniformly, in draw order.
      std::mt19937_64 rng(seed);
      std::vector<std::uint32_t> index(points.n);
      std::iota(index.begin(), index.end(), 0u);
      std::vector<float> out;
      out.reserve(k * d);
      for (std::size_t i = 0; i < k; ++i) {
        const std::size_t j = std::uniform_int_distribution<std::size_t>(i, points.n - 1)(rng);
        std::swap(index[i], index[j]);
        const float* row = points.row(index[i]);
        out.insert(out.end(), row, row + d);
      }
      return out;
    }
  }
  return {};
}

}  // namespace tunelab::workloads::kmeans
