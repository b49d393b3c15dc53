// Hamerly's k-means (G. Hamerly, "Making k-means even faster", SDM 2010): per point a lower
// bound on the distance to its second-nearest centroid, per centroid half the distance to its
// nearest other centroid. A point whose distance to its own centroid is below both cannot
// have changed cluster, and the other k − 1 distances are skipped.
//
// Built from the tuned kernels: each pass measures every point's distance to its own
// centroid (a SIMD direct Σ(x − c)², which also gives the inertia), and the points the
// bounds cannot settle go, gathered, through the same register-blocked kernel as `serial`,
// which returns the two nearest centroids.
//
// Exactness: every bound is kept conservative in floating point. Float32 distances enter
// with their proven error bounds (kernel_abi.h); bounds in double are shrunk by a relative
// margin (kSlack = 1e-9) of the magnitudes that produced them, far above the rounding of those
// operations (~1e-16), so a bound never exceeds the true distance even after many drift
// subtractions cancel. A point is settled only when its distance, enlarged by its error and
// the same margin, is strictly below the bound: every other centroid is then strictly farther,
// also in the textbook's arithmetic. Near ties go to referenceNearest. Labels are the
// textbook's; sums use the same blocks and order as lloyd(), so centroids are bit-identical.
#include <chrono>
#include <cmath>
#include <limits>

#include "assign_kernel.h"
#include "blocks.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {
namespace {

constexpr double kSlack = 1e-9;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNoLabel = std::numeric_limits<std::uint32_t>::max();
// Points handled together: the distances to their own centroids, then the unsettled ones
// gathered for the kernel. Small enough to stay in L1/L2 with their rows.
constexpr std::size_t kChunk = 256;

struct Drift {
  double largest = 0, second = 0;  // the two largest centroid moves of the last update
  std::size_t argLargest = 0;
  // How far any centroid other than `own` moved: what a lower bound must lose.
  double others(std::uint32_t own) const { return own == argLargest ? second : largest; }
};

// One worker's buffers.
struct Scratch {
  explicit Scratch(std::size_t d, std::size_t kernelFloats)
      : kernel(kernelFloats),
        gathered(kChunk * d),
        own(kChunk),
        best(kChunk),
        secondLower(kChunk),
        label(kChunk),
        decided(kChunk),
        unsettled(kChunk) {}
  AlignedBuffer<float> kernel, gathered;
  std::vector<float> own, best, secondLower;
  std::vector<std::int32_t> label;
  std::vector<std::uint8_t> decided;
  std::vector<std::uint32_t> unsettled;
};

}  // namespace

LloydResult hamerly(const Points& pts, std::vector<float> centroids, std::size_t k,
                    int maxIterations, WorkerPool* pool, Simd simd) {
  using Clock = std::chrono::steady_clock;
  const std::size_t n = pts.n, d = pts.d;
  const AssignKernel kernel(resolveSimd(simd));
  const BlockLayout layout = blockLayout(n, k, d);
  BlockPartials partials(layout.blocks, k, d);
  const int workers = pool ? pool->size() : 1;
  std::vector<Scratch> scratch;
  for (int w = 0; w < workers; ++w) scratch.emplace_back(d, kernel.scratchFloats(d));
  // Relative error of a float32 direct squared distance, with a factor 2 to spare.
  const double ownError = 2.0 * static_cast<double>(d + 3) * 0x1p-24;
  PackedCentroids packed;
  Totals totals;
  std::vector<double> lower(n, 0.0), half(k);
  std::vector<float> previous;
  Drift drift;

  LloydResult result;
  result.labels.assign(n, kNoLabel);
  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("update");
      packed.pack(centroids, k, d);
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
      const KernelCentroids view = packed.view();
      BlockQueue queue(layout.blocks);
      auto work = [&](int w) {
        Scratch& s = scratch[static_cast<std::size_t>(w)];
        for (std::size_t b = 0; queue.next(b);) {
          partials.clear(b);
          BlockScalars& out = partials.scalars(b);
          double* sums = partials.sums(b);
          std::int64_t* counts = partials.counts(b);
          for (std::size_t first = layout.begin(b); first < layout.end(b); first += kChunk) {
            const std::size_t count = std::min(kChunk, layout.end(b) - first);
            std::uint32_t* labels = result.labels.data() + first;
            const float* rows = pts.row(first);
            // 1. Every point's distance to its own centroid, and the bounds that settle it.
            std::size_t open = 0;
            if (iter > 0) {
              kernel.assigned(view, KernelAssigned{rows, count, labels, s.own.data()});
              out.evaluations += count;
            }
            for (std::size_t i = 0; i < count; ++i) {
              if (iter == 0) {
                s.unsettled[open++] = static_cast<std::uint32_t>(i);
                continue;
              }
              const std::uint32_t a = labels[i];
              double& low = lower[first + i];
              if (low < kInf) {  // k = 1 has no second centroid: the bound stays infinite
                const double moved = drift.others(a);
                low = low - moved - kSlack * (std::abs(low) + moved);
              }
              const double upper = std::sqrt(static_cast<double>(s.own[i]) * (1 + ownError));
              if (!(upper * (1 + kSlack) < std::max(half[a], low)))
                s.unsettled[open++] = static_cast<std::uint32_t>(i);
            }
            // 2. The unsettled points, gathered, through the kernel: their two nearest.
            for (std::size_t u = 0; u < open; ++u)
              std::copy(rows + s.unsettled[u] * d, rows + (s.unsettled[u] + 1) * d,
                        s.gathered.data() + u * d);
            kernel.nearest(view,
                           KernelNearest{s.gathered.data(), open, s.label.data(), s.best.data(),
                                         s.secondLower.data(), s.decided.data(), s.kernel.data()});
            out.evaluations += open * k;
            for (std::size_t u = 0; u < open; ++u) {
              const std::size_t i = s.unsettled[u];
              std::uint32_t label;
              if (s.decided[u]) {
                label = static_cast<std::uint32_t>(s.label[u]);
                lower[first + i] = std::sqrt(static_cast<double>(s.secondLower[u])) * (1 - kSlack);
                s.own[i] = s.best[u];
              } else {
                double sq;
                label = referenceNearest(rows + i * d, centroids.data(), k, d, sq);
                lower[first + i] = 0;  // unknown: the next pass recomputes unless half[] settles it
                s.own[i] = static_cast<float>(sq);
                ++out.fallbacks;
              }
              if (labels[i] != label) {
                labels[i] = label;
                ++out.changed;
              }
            }
            // 3. Sums in point order, as lloyd() adds them.
            for (std::size_t i = 0; i < count; ++i) {
              const float* x = rows + i * d;
              double* sum = sums + labels[i] * d;
              for (std::size_t j = 0; j < d; ++j) sum[j] += static_cast<double>(x[j]);
              ++counts[labels[i]];
              out.inertia += static_cast<double>(s.own[i]);
            }
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
    result.exactFallbacks += totals.scalars.fallbacks;
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
