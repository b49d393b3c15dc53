// Hamerly's k-means (G. Hamerly, "Making k-means even faster", SDM 2010): per point a lower
// bound on the distance to its second-nearest centroid, per centroid half the distance to its
// nearest other centroid. A point whose distance to its own centroid is below both cannot
// have changed cluster, and the other k − 1 distances are skipped.
//
// Exactness: distances are referenceDistance, as in lloydNaive. Every bound is kept
// conservative in floating point: each is shrunk by a relative margin (kSlack = 1e-9) of the
// magnitudes that produced it, far above the rounding error of those operations (~1e-16), so
// a bound never exceeds the true distance even after many drift subtractions cancel. A point
// is skipped only when its own distance, enlarged by the same margin, is strictly below the
// bound: then every other centroid is strictly farther, also in the textbook's arithmetic,
// and the label is the textbook's. Sums use the same blocks and fold as lloyd(): same labels,
// bit-identical centroids.
#include <chrono>
#include <cmath>
#include <limits>

#include "blocks.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {
namespace {

constexpr double kSlack = 1e-9;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNoLabel = std::numeric_limits<std::uint32_t>::max();

struct Drift {
  double largest = 0, second = 0;  // the two largest centroid moves of the last update
  std::size_t argLargest = 0;
  // How far any centroid other than `own` moved: what a lower bound must lose.
  double others(std::uint32_t own) const { return own == argLargest ? second : largest; }
};

}  // namespace

LloydResult hamerly(const Points& pts, std::vector<float> centroids, std::size_t k,
                    int maxIterations, WorkerPool* pool) {
  using Clock = std::chrono::steady_clock;
  const std::size_t n = pts.n, d = pts.d;
  const BlockLayout layout = blockLayout(n, k, d);
  BlockPartials partials(layout.blocks, k, d);
  const int workers = pool ? pool->size() : 1;
  Totals totals;
  std::vector<double> lower(n, 0.0), half(k), dist(k);
  std::vector<float> previous;
  Drift drift;

  LloydResult result;
  result.labels.assign(n, kNoLabel);
  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("update");
      for (std::size_t c = 0; c < k; ++c) {
        double nearest = kInf;
        for (std::size_t o = 0; o < k; ++o)
          if (o != c)
            nearest = std::min(nearest, referenceDistance(&centroids[c * d], &centroids[o * d], d));
        half[c] = 0.5 * nearest * (1 - kSlack);
      }
    }
    {
      TUNELAB_REGION("assign");
      const auto start = Clock::now();
      auto work = [&](int w) {
        const auto [b0, b1] = blockRange(layout.blocks, w, workers);
        for (std::size_t b = b0; b < b1; ++b) {
          partials.clear(b);
          BlockScalars& out = partials.scalars(b);
          double* sums = partials.sums(b);
          std::int64_t* counts = partials.counts(b);
          for (std::size_t i = layout.begin(b); i < layout.end(b); ++i) {
            const float* x = pts.row(i);
            std::uint32_t a = result.labels[i];
            double squared = 0;
            bool settled = false;
            if (a != kNoLabel) {
              squared = referenceSquaredDistance(x, &centroids[a * d], d);
              ++out.evaluations;
              const double moved = drift.others(a);
              if (lower[i] < kInf)  // k = 1 has no second centroid: the bound stays infinite
                lower[i] = lower[i] - moved - kSlack * (std::abs(lower[i]) + moved);
              settled = std::sqrt(squared) * (1 + kSlack) < std::max(half[a], lower[i]);
            }
            if (!settled) {
              // All k distances, compared as lloydNaive compares them.
              double best = kInf, second = kInf, bestSquared = kInf;
              std::uint32_t label = 0;
              for (std::size_t c = 0; c < k; ++c) {
                const double sq =
                    c == a ? squared : referenceSquaredDistance(x, &centroids[c * d], d);
                const double dc = std::sqrt(sq);
                if (dc < best) {
                  second = best;
                  best = dc;
                  bestSquared = sq;
                  label = static_cast<std::uint32_t>(c);
                } else if (dc < second) {
                  second = dc;
                }
              }
              out.evaluations += a == kNoLabel ? k : k - 1;
              lower[i] = second * (1 - kSlack);
              squared = bestSquared;
              if (a != label) ++out.changed;
              a = label;
              result.labels[i] = label;
            }
            out.inertia += squared;
            double* s = sums + a * d;
            for (std::size_t j = 0; j < d; ++j) s[j] += static_cast<double>(x[j]);
            ++counts[a];
          }
        }
      };
      if (pool)
        pool->run(work);
      else
        work(0);
      result.assignSeconds += std::chrono::duration<double>(Clock::now() - start).count();
    }
    {
      TUNELAB_REGION("reduce");
      foldPartials(partials, k, d, pool, totals);
    }
    TUNELAB_REGION("update");
    result.inertia = totals.scalars.inertia;
    result.inertiaPerIteration.push_back(totals.scalars.inertia);
    result.distanceEvaluations += totals.scalars.evaluations;
    result.iterations = iter + 1;
    if (totals.scalars.changed == 0) break;
    previous = centroids;
    updateCentroids(totals, k, d, centroids);
    drift = {};
    for (std::size_t c = 0; c < k; ++c) {
      const double moved = referenceDistance(&previous[c * d], &centroids[c * d], d);
      if (moved > drift.largest) {
        drift.second = drift.largest;
        drift.largest = moved;
        drift.argLargest = c;
      } else if (moved > drift.second) {
        drift.second = moved;
      }
    }
  }
  result.centroids = std::move(centroids);
  return result;
}

}  // namespace tunelab::workloads::kmeans
