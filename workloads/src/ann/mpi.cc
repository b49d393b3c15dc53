// mpi: the base set sharded across the ranks of MPI_COMM_WORLD (rank r holds rows
// [n·r/R, n·(r+1)/R)), each rank searching its shard exactly (the gemm variant), the k nearest
// of every shard gathered at rank 0 and merged there, and the answer broadcast back so every
// rank reports the same recall. The gather, merge and broadcast are timed as merge_seconds
// (after a barrier: the wait for the slowest shard is the region `wait`).
#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

#include "exact.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "variants.h"

namespace tunelab::workloads::ann {
namespace {

class MpiIndex final : public Index {
 public:
  explicit MpiIndex(const Knobs& knobs) : m_knobs(knobs) {}

  void build(const Matrix& base, WorkerPool* pool) override {
    const auto world = kmeans::mpiWorld();  // initializes MPI on first use
    m_rank = world.rank;
    m_ranks = world.size;
    m_first = base.n * static_cast<std::size_t>(m_rank) / static_cast<std::size_t>(m_ranks);
    const std::size_t last =
        base.n * static_cast<std::size_t>(m_rank + 1) / static_cast<std::size_t>(m_ranks);
    m_shard = Matrix{last - m_first, base.d,
                     std::vector<float>(base.row(m_first), base.row(m_first) + (last - m_first) * base.d)};
    m_inner = makeGemm(m_knobs);
    m_inner->build(m_shard, pool);
    m_stats = m_inner->stats();
  }

  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    const std::size_t k = out.k, count = end - begin;
    Neighbors local;
    local.resize(queries.n, k);
    {
      TUNELAB_REGION("search");
      if (m_shard.n > 0) m_inner->search(queries, begin, end, local);
    }
    {
      // The ranks wait for the slowest shard here, so merge_seconds is the merge's own cost
      // and not the shards' imbalance.
      TUNELAB_REGION("wait");
      MPI_Barrier(MPI_COMM_WORLD);
    }
    const auto t0 = std::chrono::steady_clock::now();
    TUNELAB_REGION("merge");
    // Each rank's k nearest per query: (distance, global id), padded with +inf where the
    // shard holds fewer than k rows.
    std::vector<float> dist(count * k);
    std::vector<std::uint32_t> ids(count * k);
    for (std::size_t q = 0; q < count; ++q)
      for (std::size_t j = 0; j < k; ++j) {
        const std::size_t at = (begin + q) * k + j;
        const bool real = m_shard.n > 0 && local.ids[at] != UINT32_MAX;
        dist[q * k + j] = real ? local.dist[at] : INFINITY;
        ids[q * k + j] = real ? static_cast<std::uint32_t>(local.ids[at] + m_first) : UINT32_MAX;
      }
    const int n = static_cast<int>(count * k);
    std::vector<float> allDist(m_rank == 0 ? count * k * static_cast<std::size_t>(m_ranks) : 0);
    std::vector<std::uint32_t> allIds(allDist.size());
    MPI_Gather(dist.data(), n, MPI_FLOAT, allDist.data(), n, MPI_FLOAT, 0, MPI_COMM_WORLD);
    MPI_Gather(ids.data(), n, MPI_UINT32_T, allIds.data(), n, MPI_UINT32_T, 0, MPI_COMM_WORLD);
    if (m_rank == 0) {
      std::vector<std::pair<float, std::uint32_t>> merged;
      for (std::size_t q = 0; q < count; ++q) {
        merged.clear();
        for (int r = 0; r < m_ranks; ++r)
          for (std::size_t j = 0; j < k; ++j) {
            const std::size_t at = (static_cast<std::size_t>(r) * count + q) * k + j;
            if (allIds[at] != UINT32_MAX) merged.emplace_back(allDist[at], allIds[at]);
          }
        const std::size_t keep = std::min(k, merged.size());
        std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end());
        merged.resize(keep);
        store(out, begin + q, merged);
      }
    }
    MPI_Bcast(out.ids.data() + begin * k, n, MPI_UINT32_T, 0, MPI_COMM_WORLD);
    MPI_Bcast(out.dist.data() + begin * k, n, MPI_FLOAT, 0, MPI_COMM_WORLD);
    m_merge.store(secondsSince(t0));
  }

  IndexStats stats() const override {
    IndexStats s = m_stats;
    s.distanceEvaluations = m_inner->stats().distanceEvaluations;
    s.mergeSeconds = m_merge.load();
    return s;
  }

 private:
  Knobs m_knobs;
  int m_rank = 0, m_ranks = 1;
  std::size_t m_first = 0;
  Matrix m_shard;
  std::unique_ptr<Index> m_inner;
  IndexStats m_stats;
  mutable std::atomic<double> m_merge{0};
};

}  // namespace

std::unique_ptr<Index> makeMpi(const Knobs& knobs) { return std::make_unique<MpiIndex>(knobs); }

}  // namespace tunelab::workloads::ann
