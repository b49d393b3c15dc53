#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "kernel_abi.h"

namespace tunelab::workloads {
class WorkerPool;
}

namespace tunelab::workloads::kmeans {

// Memory aligned to a cache line, zero-initialized: SIMD rows and per-block partials that
// never share a line with a neighbour written by another thread.
template <class T>
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(std::size_t count) : m_count(count) {
    const std::size_t bytes = (count * sizeof(T) + 63) / 64 * 64;
    m_data.reset(static_cast<T*>(std::aligned_alloc(64, bytes > 0 ? bytes : 64)));
    std::fill_n(reinterpret_cast<unsigned char*>(m_data.get()), bytes, 0);
  }
  T* data() { return m_data.get(); }
  const T* data() const { return m_data.get(); }
  std::size_t size() const { return m_count; }
  T& operator[](std::size_t i) { return m_data.get()[i]; }
  const T& operator[](std::size_t i) const { return m_data.get()[i]; }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> m_data;
  std::size_t m_count = 0;
};

// The points are cut into a fixed number of blocks that depends on n, k and d only — never
// on the thread or rank count. Each block's partial sums are kept apart and folded in block
// order, so floating-point rounding, and with it every centroid, is the same for 1, 2 … p
// workers. Blocks hold a multiple of 64 points, so SIMD tiles of any width fill them.
struct BlockLayout {
  std::size_t n = 0;
  std::size_t blockSize = 0;
  std::size_t blocks = 0;
  std::size_t begin(std::size_t b) const { return b * blockSize; }
  std::size_t end(std::size_t b) const { return b + 1 < blocks ? (b + 1) * blockSize : n; }
};
BlockLayout blockLayout(std::size_t n, std::size_t k, std::size_t d);

// The blocks [first, last) that MPI rank `rank` of `ranks` owns: contiguous, counts differing
// by at most one, in rank order (the order the ranks fold them in). shardRange() is their rows.
std::pair<std::size_t, std::size_t> rankBlocks(const BlockLayout& layout, int rank, int ranks);

// Hands the blocks of one pass out one at a time, in order. A fixed split (half the blocks
// each) made the pass wait for the slower worker: on a 2-vCPU VM one core also serves the
// OS, and k-means at p = 2 reached E = 0.82 against serial where OpenBLAS's sgemm reaches
// 0.96. Taking blocks as they come lets the faster worker do more of them. Which worker runs
// a block never changes the result: every block's partials are kept apart and folded in
// block order.
class BlockQueue {
 public:
  explicit BlockQueue(std::size_t blocks) : m_blocks(blocks) {}
  // The next block to run, or false when none is left.
  bool next(std::size_t& block) {
    block = m_next.fetch_add(1, std::memory_order_relaxed);
    return block < m_blocks;
  }

 private:
  std::size_t m_blocks;
  alignas(64) std::atomic<std::size_t> m_next{0};  // its own cache line: every worker writes it
};

// Per-block partial results in one arena, each block starting on its own cache line.
class BlockPartials {
 public:
  BlockPartials(std::size_t blocks, std::size_t k, std::size_t d);
  BlockScalars& scalars(std::size_t b) { return *reinterpret_cast<BlockScalars*>(base(b)); }
  double* sums(std::size_t b) { return reinterpret_cast<double*>(base(b) + kScalarBytes); }
  std::int64_t* counts(std::size_t b) {
    return reinterpret_cast<std::int64_t*>(base(b) + kScalarBytes + m_k * m_d * sizeof(double));
  }
  // Zeroes block b's sums, counts and scalars (its worker does, before filling them).
  void clear(std::size_t b);
  std::size_t blocks() const { return m_blocks; }

 private:
  static constexpr std::size_t kScalarBytes = 64;
  unsigned char* base(std::size_t b) { return m_arena.data() + b * m_stride; }
  std::size_t m_blocks, m_k, m_d, m_stride;
  AlignedBuffer<unsigned char> m_arena;
};

// The fold of every block, in block order.
struct Totals {
  std::vector<double> sums;          // k * d
  std::vector<std::int64_t> counts;  // k
  BlockScalars scalars;
};

// Folds the partials in block order onto zero totals. With a pool, workers fold disjoint
// slices of the k·d sums (each slice still in block order): every element is the same left
// fold ((0 + p₀) + p₁) + … whatever the worker count.
void foldPartials(BlockPartials& partials, std::size_t k, std::size_t d, WorkerPool* pool,
                  Totals& out);
// The same fold continued: adds the blocks, in order, onto totals that already hold the
// fold of the blocks before them (the MPI ranks' chain: a rank continues the fold of the
// ranks before it, so the ranks together fold exactly as foldPartials does on one node).
void foldPartialsOnto(BlockPartials& partials, std::size_t k, std::size_t d, WorkerPool* pool,
                      Totals& running);

// New centroids from the totals: the mean of each cluster, rounded to float; an empty
// cluster keeps its centroid.
void updateCentroids(const Totals& totals, std::size_t k, std::size_t d,
                     std::vector<float>& centroids);

}  // namespace tunelab::workloads::kmeans
