#pragma once

#include <cstddef>
#include <vector>

#include "blocks.h"
#include "kernel_abi.h"
#include "tunelab/workloads/kmeans.h"

namespace tunelab::workloads::kmeans {

// The centroids in the kernels' layout (kernel_abi.h), rebuilt after every update (k·d work).
class PackedCentroids {
 public:
  void pack(const std::vector<float>& centroids, std::size_t k, std::size_t d);
  KernelCentroids view(float tieBound = 1.0f) const {
    return {m_scaled.data(), m_norms.data(), m_original, m_k, m_kPadded, m_d, m_maxNorm, tieBound};
  }

 private:
  std::size_t m_k = 0, m_kPadded = 0, m_d = 0;
  AlignedBuffer<float> m_scaled, m_norms;
  const float* m_original = nullptr;
  float m_maxNorm = 0;
};

// The kernels of one SIMD width (kernel_abi.h): assign a block's points to their nearest
// centroids (exactly as referenceNearest does) and add them to the block's sums, counts,
// inertia and change count; find the two nearest centroids of some rows (Hamerly); and the
// distance of rows to their own centroid.
class AssignKernel {
 public:
  explicit AssignKernel(Simd simd);  // a resolved, supported width
  void run(const KernelCentroids& c, const KernelBlock& block) const { m_set->assign(c, block); }
  void nearest(const KernelCentroids& c, const KernelNearest& q) const { m_set->nearest(c, q); }
  void assigned(const KernelCentroids& c, const KernelAssigned& q) const { m_set->assigned(c, q); }
  std::size_t scratchFloats(std::size_t d) const { return d * m_tilePoints; }
  int lanes() const { return m_lanes; }

 private:
  const KernelSet* m_set = nullptr;
  int m_lanes = 0;
  std::size_t m_tilePoints = 0;
};

}  // namespace tunelab::workloads::kmeans
