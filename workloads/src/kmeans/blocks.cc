#include "blocks.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {

double referenceSquaredDistance(const float* a, const float* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const double diff = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += diff * diff;
  }
  return s;
}

double referenceDistance(const float* a, const float* b, std::size_t d) {
  return std::sqrt(referenceSquaredDistance(a, b, d));
}

std::uint32_t referenceNearest(const float* x, const float* centroids, std::size_t k, std::size_t d,
                               double& squaredDistance) {
  // Compares square roots, as the textbook does: the same comparisons as lloydNaive.
  double best = std::numeric_limits<double>::infinity();
  double bestSquared = best;
  std::uint32_t label = 0;
  for (std::size_t c = 0; c < k; ++c) {
    const double sq = referenceSquaredDistance(x, centroids + c * d, d);
    const double dist = std::sqrt(sq);
    if (dist < best) {
      best = dist;
      bestSquared = sq;
      label = static_cast<std::uint32_t>(c);
    }
  }
  squaredDistance = bestSquared;
  return label;
}

BlockLayout blockLayout(std::size_t n, std::size_t k, std::size_t d) {
  // At most 256 blocks (enough to balance any thread count this machine class has), at
  // least 64 points each, and at most 64 MiB of partial sums in all.
  constexpr std::size_t kMaxBlocks = 256, kMinPoints = 64, kMaxPartialBytes = 64u << 20;
  const std::size_t perBlock = k * d * sizeof(double) + k * sizeof(std::int64_t) + 64;
  std::size_t blocks = std::min(kMaxBlocks, (n + kMinPoints - 1) / kMinPoints);
  blocks = std::max<std::size_t>(1, std::min(blocks, kMaxPartialBytes / perBlock));
  BlockLayout layout;
  layout.n = n;
  layout.blockSize = ((n + blocks - 1) / blocks + 63) / 64 * 64;
  layout.blocks = n == 0 ? 0 : (n + layout.blockSize - 1) / layout.blockSize;
  return layout;
}

std::pair<std::size_t, std::size_t> rankBlocks(const BlockLayout& layout, int rank, int ranks) {
  const auto r = static_cast<std::size_t>(rank), R = static_cast<std::size_t>(ranks);
  return {layout.blocks * r / R, layout.blocks * (r + 1) / R};
}

std::pair<std::size_t, std::size_t> shardRange(std::size_t n, std::size_t k, std::size_t d,
                                               int rank, int ranks) {
  const BlockLayout layout = blockLayout(n, k, d);
  const auto [first, last] = rankBlocks(layout, rank, ranks);
  // A rank past the last block starts (and ends) at n: begin(blocks) could lie beyond n,
  // the last block being shorter than the others.
  auto row = [&](std::size_t b) { return b < layout.blocks ? layout.begin(b) : n; };
  return {row(first), row(last)};
}

BlockPartials::BlockPartials(std::size_t blocks, std::size_t k, std::size_t d)
    : m_blocks(blocks),
      m_k(k),
      m_d(d),
      m_stride((kScalarBytes + k * d * sizeof(double) + k * sizeof(std::int64_t) + 63) / 64 * 64),
      m_arena(blocks * m_stride) {
  static_assert(sizeof(BlockScalars) <= kScalarBytes);
}

void BlockPartials::clear(std::size_t b) { std::memset(base(b), 0, m_stride); }

void foldPartials(BlockPartials& partials, std::size_t k, std::size_t d, WorkerPool* pool,
                  Totals& out) {
  out.sums.assign(k * d, 0.0);
  out.counts.assign(k, 0);
  out.scalars = {};
  foldPartialsOnto(partials, k, d, pool, out);
}

void foldPartialsOnto(BlockPartials& partials, std::size_t k, std::size_t d, WorkerPool* pool,
                      Totals& out) {
  const std::size_t elems = k * d, blocks = partials.blocks();
  const int workers = pool ? pool->size() : 1;
  auto work = [&](int w) {
    const auto W = static_cast<std::size_t>(workers), i = static_cast<std::size_t>(w);
    const std::size_t e0 = elems * i / W, e1 = elems * (i + 1) / W;
    for (std::size_t b = 0; b < blocks; ++b) {
      const double* s = partials.sums(b);
      for (std::size_t e = e0; e < e1; ++e) out.sums[e] += s[e];
    }
  };
  // A hand-off to the pool costs tens of microseconds: worth it only for large folds.
  if (pool && blocks * elems >= (std::size_t{1} << 17))
    pool->run(work);
  else {
    const int all = workers;
    for (int w = 0; w < all; ++w) work(w);
  }
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::int64_t* c = partials.counts(b);
    for (std::size_t j = 0; j < k; ++j) out.counts[j] += c[j];
    const BlockScalars& s = partials.scalars(b);
    out.scalars.inertia += s.inertia;
    out.scalars.changed += s.changed;
    out.scalars.fallbacks += s.fallbacks;
    out.scalars.evaluations += s.evaluations;
  }
}

void updateCentroids(const Totals& totals, std::size_t k, std::size_t d,
                     std::vector<float>& centroids) {
  for (std::size_t c = 0; c < k; ++c) {
    if (totals.counts[c] == 0) continue;  // an empty cluster keeps its centroid
    const double count = static_cast<double>(totals.counts[c]);
    for (std::size_t j = 0; j < d; ++j)
      centroids[c * d + j] = static_cast<float>(totals.sums[c * d + j] / count);
  }
}

}  // namespace tunelab::workloads::kmeans
