#include <algorithm>
#include <limits>
#include <random>

#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

Points generateBlobs(const BlobSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> box(-spec.box, spec.box);
  std::normal_distribution<double> noise(0.0, spec.spread);
  const std::size_t centers = std::max<std::size_t>(spec.centers, 1);
  std::vector<double> centre(centers * spec.d);
  for (auto& c : centre) c = box(rng);

  Points p{spec.n, spec.d, std::vector<float>(spec.n * spec.d)};
  for (std::size_t i = 0; i < spec.n; ++i) {
    // Round-robin over blobs keeps them equally sized whatever n is.
    const double* c = centre.data() + (i % centers) * spec.d;
    for (std::size_t j = 0; j < spec.d; ++j)
      p.values[i * spec.d + j] = static_cast<float>(c[j] + noise(rng));
  }
  return p;
}

namespace {
double squaredDistance(const float* a, const float* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    double diff = static_cast<double>(a[j]) - b[j];
    s += diff * diff;
  }
  return s;
}
}  // namespace

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
      nearest[i] = std::min(nearest[i], squaredDistance(points.row(i), last, d));
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

}  // namespace tunelab::workloads::kmeans
