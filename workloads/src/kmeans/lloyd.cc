#include <chrono>
#include <limits>

#include "assign_kernel.h"
#include "blocks.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {

LloydResult lloyd(const Points& pts, std::vector<float> centroids, std::size_t k, int maxIterations,
                  WorkerPool* pool, Simd simd, Ties ties) {
  using Clock = std::chrono::steady_clock;
  const std::size_t n = pts.n, d = pts.d;
  const AssignKernel kernel(resolveSimd(simd));
  const BlockLayout layout = blockLayout(n, k, d);
  BlockPartials partials(layout.blocks, k, d);
  const int workers = pool ? pool->size() : 1;
  // One scratch tile per worker, each on its own cache lines.
  const std::size_t scratchStride = (kernel.scratchFloats(d) + 15) / 16 * 16;
  AlignedBuffer<float> scratch(scratchStride * static_cast<std::size_t>(workers));
  PackedCentroids packed;
  Totals totals;

  LloydResult result;
  // No point starts with a valid label, so the first pass counts every point as changed.
  result.labels.assign(n, std::numeric_limits<std::uint32_t>::max());
  {
    TUNELAB_REGION("update");
    packed.pack(centroids, k, d);
  }
  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("assign");
      const auto start = Clock::now();
      const KernelCentroids view = packed.view(ties == Ties::Exact ? 1.0f : 0.0f);
      BlockQueue queue(layout.blocks);
      auto work = [&](int w) {
        for (std::size_t b = 0; queue.next(b);) {
          partials.clear(b);
          const KernelBlock block{pts.values.data(),
                                  layout.begin(b),
                                  layout.end(b) - layout.begin(b),
                                  result.labels.data(),
                                  partials.sums(b),
                                  partials.counts(b),
                                  &partials.scalars(b),
                                  scratch.data() + scratchStride * static_cast<std::size_t>(w)};
          kernel.run(view, block);
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
    result.inertia = totals.scalars.inertia;  // of the assignment to the centroids this pass used
    result.inertiaPerIteration.push_back(totals.scalars.inertia);
    result.distanceEvaluations += totals.scalars.evaluations;
    result.exactFallbacks += totals.scalars.fallbacks;
    result.iterations = iter + 1;
    if (totals.scalars.changed == 0) break;  // converged: the centroids would not move
    updateCentroids(totals, k, d, centroids);
    packed.pack(centroids, k, d);
  }
  result.centroids = std::move(centroids);
  return result;
}

}  // namespace tunelab::workloads::kmeans
