// k-means over MPI ranks: every rank owns a contiguous shard of the points, assigns it with
// the tuned kernel and folds its blocks, then one MPI_Allreduce adds the sums, counts and
// scalars of all ranks, and every rank computes the same new centroids from them. The
// collective pairs additions commutatively (OpenMPI's recursive-doubling and ring
// algorithms), so every rank receives the same bits and the ranks never drift apart.
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "assign_kernel.h"
#include "blocks.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

MpiWorld mpiWorld() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    // Only the main thread calls MPI; MPI_Finalize runs at exit, once, after every case.
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    std::atexit([] {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (!finalized) MPI_Finalize();
    });
  }
  MpiWorld world;
  MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world.size);
  return world;
}

LloydResult lloydDistributed(const Points& shard, std::vector<float> centroids, std::size_t k,
                             int maxIterations, Simd simd) {
  using Clock = std::chrono::steady_clock;
  const std::size_t n = shard.n, d = shard.d;
  const AssignKernel kernel(resolveSimd(simd));
  const BlockLayout layout = blockLayout(n, k, d);
  BlockPartials partials(layout.blocks, k, d);
  AlignedBuffer<float> scratch(kernel.scratchFloats(d));
  PackedCentroids packed;
  Totals totals;
  // One buffer for the collective: k·d sums, k counts, then inertia, changed, fallbacks
  // and evaluations. Counts travel as doubles: exact up to 2^53 points.
  const std::size_t kd = k * d, size = kd + k + 4;
  std::vector<double> local(size), global(size);

  LloydResult result;
  result.labels.assign(n, std::numeric_limits<std::uint32_t>::max());
  {
    TUNELAB_REGION("update");
    packed.pack(centroids, k, d);
  }
  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("assign");
      const auto start = Clock::now();
      const KernelCentroids view = packed.view();
      for (std::size_t b = 0; b < layout.blocks; ++b) {
        partials.clear(b);
        kernel.run(
            view, KernelBlock{shard.values.data(), layout.begin(b), layout.end(b) - layout.begin(b),
                              result.labels.data(), partials.sums(b), partials.counts(b),
                              &partials.scalars(b), scratch.data()});
      }
      result.assignSeconds += std::chrono::duration<double>(Clock::now() - start).count();
    }
    {
      TUNELAB_REGION("reduce");
      foldPartials(partials, k, d, nullptr, totals);
      std::copy(totals.sums.begin(), totals.sums.end(), local.begin());
      for (std::size_t c = 0; c < k; ++c) local[kd + c] = static_cast<double>(totals.counts[c]);
      local[kd + k] = totals.scalars.inertia;
      local[kd + k + 1] = static_cast<double>(totals.scalars.changed);
      local[kd + k + 2] = static_cast<double>(totals.scalars.fallbacks);
      local[kd + k + 3] = static_cast<double>(totals.scalars.evaluations);
    }
    {
      TUNELAB_REGION("allreduce");
      MPI_Allreduce(local.data(), global.data(), static_cast<int>(size), MPI_DOUBLE, MPI_SUM,
                    MPI_COMM_WORLD);
    }
    TUNELAB_REGION("update");
    std::copy(global.begin(), global.begin() + static_cast<std::ptrdiff_t>(kd),
              totals.sums.begin());
    for (std::size_t c = 0; c < k; ++c)
      totals.counts[c] = static_cast<std::int64_t>(global[kd + c]);
    const double inertia = global[kd + k];
    const auto changed = static_cast<std::uint64_t>(global[kd + k + 1]);
    result.inertia = inertia;
    result.inertiaPerIteration.push_back(inertia);
    result.exactFallbacks += static_cast<std::uint64_t>(global[kd + k + 2]);
    result.distanceEvaluations += static_cast<std::uint64_t>(global[kd + k + 3]);
    result.iterations = iter + 1;
    if (changed == 0) break;  // the same decision on every rank: the sums are the same
    updateCentroids(totals, k, d, centroids);
    packed.pack(centroids, k, d);
  }
  result.centroids = std::move(centroids);
  return result;
}

}  // namespace tunelab::workloads::kmeans
