#include <algorithm>
#include <limits>

#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::kmeans {
namespace {

// The reduction is over a fixed number of blocks whatever the thread count: each block's
// partial sums are kept and folded in block order, so floating-point rounding — and with it
// every centroid and the inertia — is identical for 1, 2 … p threads.
constexpr std::size_t kMaxBlocks = 256;

struct BlockSums {
  std::vector<double> sums;           // k * d
  std::vector<std::int64_t> counts;   // k
  double inertia = 0;
  std::size_t changed = 0;
};

void assignBlock(const Points& pts, const std::vector<float>& centroids, std::size_t k,
                 std::size_t begin, std::size_t end, std::vector<std::uint32_t>& labels,
                 BlockSums& out) {
  const std::size_t d = pts.d;
  std::fill(out.sums.begin(), out.sums.end(), 0.0);
  std::fill(out.counts.begin(), out.counts.end(), 0);
  out.inertia = 0;
  out.changed = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const float* x = pts.row(i);
    float best = std::numeric_limits<float>::max();
    std::uint32_t bestC = 0;
    for (std::size_t c = 0; c < k; ++c) {
      const float* m = centroids.data() + c * d;
      float dist = 0;
      for (std::size_t j = 0; j < d; ++j) {
        float diff = x[j] - m[j];
        dist += diff * diff;
      }
      if (dist < best) {
        best = dist;
        bestC = static_cast<std::uint32_t>(c);
      }
    }
    if (labels[i] != bestC) {
      labels[i] = bestC;
      ++out.changed;
    }
    out.inertia += best;
    double* s = out.sums.data() + bestC * d;
    for (std::size_t j = 0; j < d; ++j) s[j] += x[j];
    ++out.counts[bestC];
  }
}

}  // namespace

LloydResult lloyd(const Points& pts, std::vector<float> centroids, std::size_t k,
                  int maxIterations, WorkerPool* pool) {
  const std::size_t n = pts.n, d = pts.d;
  const std::size_t blockSize = std::max<std::size_t>(1, (n + kMaxBlocks - 1) / kMaxBlocks);
  const std::size_t blocks = (n + blockSize - 1) / blockSize;
  std::vector<BlockSums> partial(blocks, BlockSums{std::vector<double>(k * d),
                                                   std::vector<std::int64_t>(k), 0, 0});
  LloydResult result;
  // No point starts with a valid label, so the first pass counts every point as changed.
  result.labels.assign(n, std::numeric_limits<std::uint32_t>::max());
  const int workers = pool ? pool->size() : 1;

  for (int iter = 0; iter < maxIterations; ++iter) {
    {
      TUNELAB_REGION("assign");
      auto work = [&](int w) {
        // Contiguous ranges of whole blocks per worker: no two workers share a BlockSums.
        std::size_t b0 = blocks * static_cast<std::size_t>(w) / static_cast<std::size_t>(workers);
        std::size_t b1 = blocks * static_cast<std::size_t>(w + 1) / static_cast<std::size_t>(workers);
        for (std::size_t b = b0; b < b1; ++b)
          assignBlock(pts, centroids, k, b * blockSize, std::min(n, (b + 1) * blockSize),
                      result.labels, partial[b]);
      };
      if (pool) pool->run(work); else work(0);
    }
    TUNELAB_REGION("update");
    std::vector<double> sums(k * d, 0.0);
    std::vector<std::int64_t> counts(k, 0);
    double inertia = 0;
    std::size_t changed = 0;
    for (const auto& p : partial) {
      for (std::size_t i = 0; i < k * d; ++i) sums[i] += p.sums[i];
      for (std::size_t c = 0; c < k; ++c) counts[c] += p.counts[c];
      inertia += p.inertia;
      changed += p.changed;
    }
    result.inertia = inertia;  // of the assignment to the centroids this pass used
    result.iterations = iter + 1;
    if (changed == 0) break;  // converged: the centroids would not move
    for (std::size_t c = 0; c < k; ++c) {
      if (counts[c] == 0) continue;  // an empty cluster keeps its centroid
      for (std::size_t j = 0; j < d; ++j)
        centroids[c * d + j] = static_cast<float>(sums[c * d + j] / static_cast<double>(counts[c]));
    }
  }
  result.centroids = std::move(centroids);
  return result;
}

}  // namespace tunelab::workloads::kmeans
