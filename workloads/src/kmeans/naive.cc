// The textbook k-means, kept deliberately plain: this is the baseline the tuned variants are
// measured against, so it must be an honest version of the usual first implementation, not a
// strawman. A point is an object with its own coordinate array and its cluster; distances are
// Euclidean (with the square root) in double; each pass visits every point and every centroid.
#include <chrono>
#include <cmath>
#include <limits>

#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

std::vector<TextbookPoint> toTextbook(const Points& points) {
  std::vector<TextbookPoint> data(points.n);
  for (std::size_t i = 0; i < points.n; ++i)
    data[i].coords.assign(points.row(i), points.row(i) + points.d);
  return data;
}

LloydResult lloydNaive(const Points& points, std::vector<float> init, std::size_t k,
                       int maxIterations) {
  auto data = toTextbook(points);
  return lloydNaive(data, std::move(init), k, maxIterations);
}

LloydResult lloydNaive(std::vector<TextbookPoint>& data, std::vector<float> init, std::size_t k,
                       int maxIterations) {
  const std::size_t n = data.size(), d = n > 0 ? data[0].coords.size() : 0;
  for (auto& p : data) p.cluster = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::vector<float>> centroids(k);
  for (std::size_t c = 0; c < k; ++c)
    centroids[c].assign(init.begin() + c * d, init.begin() + (c + 1) * d);

  LloydResult result;
  for (int iter = 0; iter < maxIterations; ++iter) {
    std::size_t changed = 0;
    double inertia = 0;
    {
      TUNELAB_REGION("assign");
      const auto start = std::chrono::steady_clock::now();
      for (auto& p : data) {
        double best = std::numeric_limits<double>::infinity(), bestSquared = best;
        std::uint32_t bestCluster = 0;
        for (std::size_t c = 0; c < k; ++c) {
          const double squared = referenceSquaredDistance(p.coords.data(), centroids[c].data(), d);
          const double dist = std::sqrt(squared);
          if (dist < best) {
            best = dist;
            bestSquared = squared;
            bestCluster = static_cast<std::uint32_t>(c);
          }
        }
        if (p.cluster != bestCluster) ++changed;
        p.cluster = bestCluster;
        inertia += bestSquared;
      }
      result.assignSeconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    result.distanceEvaluations += n * k;
    result.inertia = inertia;
    result.inertiaPerIteration.push_back(inertia);
    result.iterations = iter + 1;
    if (changed == 0) break;

    TUNELAB_REGION("update");
    std::vector<std::vector<double>> sums(k, std::vector<double>(d, 0.0));
    std::vector<std::size_t> counts(k, 0);
    for (const auto& p : data) {
      for (std::size_t j = 0; j < d; ++j) sums[p.cluster][j] += p.coords[j];
      ++counts[p.cluster];
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (counts[c] == 0) continue;  // an empty cluster keeps its centroid
      for (std::size_t j = 0; j < d; ++j)
        centroids[c][j] = static_cast<float>(sums[c][j] / static_cast<double>(counts[c]));
    }
  }
  for (const auto& c : centroids)
    result.centroids.insert(result.centroids.end(), c.begin(), c.end());
  for (const auto& p : data) result.labels.push_back(p.cluster);
  return result;
}

}  // namespace tunelab::workloads::kmeans
