#pragma once

// Product quantization (Jégou, Douze, Schmid, TPAMI 2011): a vector cut into m sub-vectors,
// each replaced by the index of its nearest of ksub centroids learned by k-means in that
// sub-space (tunelab's own k-means). Distances to a query are sums of m table lookups
// (asymmetric distance computation, ADC).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ann.h"
#include "topk.h"

namespace tunelab::workloads::ann {

struct ProductQuantizer {
  std::size_t d = 0, m = 0, ksub = 0, dsub = 0;
  std::vector<float> centroids;  // m × ksub × dsub

  // Learns the codebooks from (a strided sample of at most 256·ksub rows of) `data`: 25
  // Lloyd iterations in each sub-space from k-means++ seeds drawn from ≤ 32·ksub of those
  // rows, over the pool. Throws
  // std::invalid_argument when m does not divide d or there are fewer rows than ksub.
  void train(const Matrix& data, std::size_t subspaces, std::size_t centroidsPerSpace,
             std::uint64_t seed, WorkerPool* pool);
  // n × m codes (< ksub), each sub-vector's nearest centroid.
  std::vector<std::uint8_t> encode(const Matrix& data, WorkerPool* pool) const;
  // The query's table: m × ksub squared distances of its sub-vectors to the centroids.
  void table(const float* query, float* out) const;
  // The vector a code stands for.
  void decode(const std::uint8_t* code, float* out) const;
  double bytes() const { return 4.0 * static_cast<double>(centroids.size()); }
};

// Throws std::invalid_argument with `what` when the condition fails (the workload turns it
// into a user error).
void require(bool condition, const std::string& what);

}  // namespace tunelab::workloads::ann
