#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>

#include "tunelab/probe/region.h"
#include "tunelab/workloads/factor/factorizations.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::factor::detail {

// A TUNELAB_REGION that can be switched off: an op called from inside another (the QR inside
// the SVD) must not report its phases as the outer op's.
class Phase {
 public:
  Phase(const Options& o, const char* name) {
    if (o.regions) m_region.emplace(name);
  }

 private:
  std::optional<probe::ScopedRegion> m_region;
};

inline int threadsOf(const Options& o) {
  return o.variant == Variant::Parallel && o.pool ? o.pool->size() : 1;
}

// [lo, hi) of worker w's share of `len` items, cut at multiples of `unit`.
struct Range {
  std::size_t lo = 0;
  std::size_t hi = 0;
  bool empty() const { return lo >= hi; }
  std::size_t size() const { return hi - lo; }
};
inline Range share(std::size_t len, int workers, int w, std::size_t unit = 8) {
  const std::size_t units = (len + unit - 1) / unit;
  const auto p = static_cast<std::size_t>(workers), i = static_cast<std::size_t>(w);
  return {std::min(len, units * i / p * unit), std::min(len, units * (i + 1) / p * unit)};
}

// Runs task(worker, workers) on every thread of the pool, or once on this thread.
template <class F>
void forEachWorker(const Options& o, F&& task) {
  const int p = threadsOf(o);
  if (p == 1) {
    task(0, 1);
    return;
  }
  o.pool->run([&](int w) { task(w, p); });
}

// Columns [lo, hi) handed out in chunks to whichever thread asks next, so the threads of a
// factorization step finish together even when one of them also factors the next panel, and
// whatever else runs on the machine. Guided: a chunk is a share of what is left (1/(2p)),
// between 12 and 192 columns (multiples of the micro-tile's 6 columns), so the chunks get
// smaller as the step nears its end and the threads reach the barrier together.
class ChunkQueue {
 public:
  ChunkQueue(std::size_t lo, std::size_t hi, int threads)
      : m_hi(hi), m_threads(static_cast<std::size_t>(std::max(threads, 1))), m_next(lo) {}
  // The next chunk, or an empty range when none is left.
  Range next() {
    std::size_t lo = m_next.load(std::memory_order_relaxed);
    for (;;) {
      if (lo >= m_hi) return {};
      const std::size_t left = m_hi - lo;
      std::size_t width = std::clamp<std::size_t>(left / (2 * m_threads) / 12 * 12, 12, 192);
      // Never leave a sliver of less than a chunk behind.
      if (left < width + 12) width = left;
      if (m_next.compare_exchange_weak(lo, lo + width, std::memory_order_relaxed))
        return {lo, lo + width};
    }
  }

 private:
  std::size_t m_hi;
  std::size_t m_threads;
  std::atomic<std::size_t> m_next;
};

// Row swaps of LAPACK's dlaswp: for k in [k0, k1), swap rows k and pivots[k] of `a`'s columns.
inline void swapRows(View a, const std::size_t* pivots, std::size_t k0, std::size_t k1) {
  for (std::size_t j = 0; j < a.cols; ++j) {
    double* col = a.col(j);
    for (std::size_t k = k0; k < k1; ++k) std::swap(col[k], col[pivots[k]]);
  }
}

}  // namespace tunelab::workloads::factor::detail
