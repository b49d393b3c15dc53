// k-means over MPI ranks, bit-identical to the serial variant. The ranks split the serial
// variant's block layout (blockLayout of the whole n, k, d): each owns a contiguous run of
// whole blocks and runs the tuned kernel on them, keeping every block's partials apart.
// The partials are then folded in block order along a chain: rank 0 folds its blocks onto
// zeros and sends the running totals to rank 1, which folds its blocks onto them, and so on;
// the last rank holds the fold of every block — the very additions foldPartials makes on one
// node — and broadcasts it. An MPI_Allreduce (what this file did before) adds the ranks'
// totals in an order of the library's choosing, so the answer changed with the rank count.
//
// The price is that the ranks fold one after another: per pass, the fold of all blocks
// (B·k·d additions, ~0.3 M at the reference size) is on the critical path instead of 1/R of
// it, plus R − 1 point-to-point messages and a broadcast of k·d + k doubles. At the
// reference size that is well under 1 % of a pass (docs/ARCHITECTURE.md).
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "assign_kernel.h"
#include "blocks.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {
namespace {

// The running totals as they travel between ranks: k·d sums, k counts, the scalars, byte
// for byte (MPI_BYTE: nothing converted, so nothing rounded; the ranks of one run share
// one binary and one architecture).
class TotalsMessage {
 public:
  TotalsMessage(std::size_t k, std::size_t d)
      : m_kd(k * d),
        m_k(k),
        m_bytes(m_kd * sizeof(double) + k * sizeof(std::int64_t) + sizeof(BlockScalars)) {
    m_buffer.resize(m_bytes);
  }
  void pack(const Totals& t) {
    unsigned char* p = m_buffer.data();
    std::memcpy(p, t.sums.data(), m_kd * sizeof(double));
    std::memcpy(p + m_kd * sizeof(double), t.counts.data(), m_k * sizeof(std::int64_t));
    std::memcpy(p + m_kd * sizeof(double) + m_k * sizeof(std::int64_t), &t.scalars,
                sizeof(BlockScalars));
  }
  void unpack(Totals& t) const {
    const unsigned char* p = m_buffer.data();
    t.sums.resize(m_kd);
    t.counts.resize(m_k);
    std::memcpy(t.sums.data(), p, m_kd * sizeof(double));
    std::memcpy(t.counts.data(), p + m_kd * sizeof(double), m_k * sizeof(std::int64_t));
    std::memcpy(&t.scalars, p + m_kd * sizeof(double) + m_k * sizeof(std::int64_t),
                sizeof(BlockScalars));
  }
  void* data() { return m_buffer.data(); }
  int size() const { return static_cast<int>(m_bytes); }

 private:
  std::size_t m_kd, m_k, m_bytes;
  std::vector<unsigned char> m_buffer;
};

}  // namespace

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

LloydResult lloydDistributed(const Points& shard, std::size_t n, std::vector<float> centroids,
                             std::size_t k, int maxIterations, Simd simd) {
  using Clock = std::chrono::steady_clock;
  const std::size_t d = shard.d;
  const MpiWorld world = mpiWorld();
  const auto [begin, end] = shardRange(n, k, d, world.rank, world.size);
  if (shard.n != end - begin) {
    std::fprintf(stderr, "lloydDistributed: rank %d holds %zu rows, not the %zu of its shard\n",
                 world.rank, shard.n, end - begin);
    std::abort();  // a programmer error: the caller cut the shard with another layout
  }
  const AssignKernel kernel(resolveSimd(simd));
  const BlockLayout layout = blockLayout(n, k, d);
  // This rank's blocks of the whole layout; the shard's rows start at the first one's.
  const auto [first, firstAfter] = rankBlocks(layout, world.rank, world.size);
  const std::size_t blocks = firstAfter - first;
  BlockPartials partials(blocks, k, d);
  AlignedBuffer<float> scratch(kernel.scratchFloats(d));
  PackedCentroids packed;
  Totals totals;
  TotalsMessage message(k, d);
  const int previous = world.rank - 1, next = world.rank + 1, last = world.size - 1;

  LloydResult result;
  result.labels.assign(shard.n, std::numeric_limits<std::uint32_t>::max());
  {
    TUNELAB_REGION("update");
    packed.pack(centroids, k, d);
  }
  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("assign");
      const auto start = Clock::now();
      const KernelCentroids view = packed.view();
      for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t from = layout.begin(first + b) - begin,
                          to = layout.end(first + b) - begin;
        partials.clear(b);
        kernel.run(view, KernelBlock{shard.values.data(), from, to - from, result.labels.data(),
                                     partials.sums(b), partials.counts(b), &partials.scalars(b),
                                     scratch.data()});
      }
      result.assignSeconds += std::chrono::duration<double>(Clock::now() - start).count();
    }
    // "exchange" is time inside MPI: waiting for the previous rank's totals (which includes
    // waiting for it to finish its pass), handing them on, and the broadcast. "reduce" is
    // this rank's own share of the fold. The two were one Allreduce before; they are apart
    // so that a report shows how long the chain makes a rank wait.
    if (world.rank > 0) {
      TUNELAB_REGION("exchange");
      MPI_Recv(message.data(), message.size(), MPI_BYTE, previous, 0, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      message.unpack(totals);
    }
    {
      TUNELAB_REGION("reduce");
      if (world.rank == 0) {
        foldPartials(partials, k, d, nullptr, totals);
      } else {
        foldPartialsOnto(partials, k, d, nullptr, totals);
      }
      message.pack(totals);
    }
    {
      TUNELAB_REGION("exchange");
      if (world.rank < last)
        MPI_Send(message.data(), message.size(), MPI_BYTE, next, 0, MPI_COMM_WORLD);
      MPI_Bcast(message.data(), message.size(), MPI_BYTE, last, MPI_COMM_WORLD);
      if (world.rank != last) message.unpack(totals);
    }
    TUNELAB_REGION("update");
    result.inertia = totals.scalars.inertia;
    result.inertiaPerIteration.push_back(totals.scalars.inertia);
    result.exactFallbacks += totals.scalars.fallbacks;
    result.distanceEvaluations += totals.scalars.evaluations;
    result.iterations = iter + 1;
    if (totals.scalars.changed == 0) break;  // the same decision on every rank: the same bits
    updateCentroids(totals, k, d, centroids);
    packed.pack(centroids, k, d);
  }
  result.centroids = std::move(centroids);
  return result;
}

}  // namespace tunelab::workloads::kmeans
