#pragma once

// Optimized product quantization (Ge, He, Ke, Sun, CVPR 2013, the non-parametric solution):
// an orthogonal rotation R learned so that PQ of x·R loses less. Alternating least squares:
// with R fixed, train PQ on X·R and reconstruct Y; with Y fixed, the R minimizing ‖X·R − Y‖
// over orthogonal matrices is U·Vᵀ from the SVD Xᵀ·Y = U·S·Vᵀ (orthogonal Procrustes, LAPACK's
// sgesvd).
#include <vector>

#include "ann.h"

namespace tunelab::workloads::ann {

// A d × d row-major orthogonal matrix; rows x (1 × d) rotate as x·R.
struct Rotation {
  std::size_t d = 0;
  std::vector<float> r;
  // out (n × d) = in (n × d) · R
  void apply(const float* in, std::size_t n, float* out) const;
  Matrix apply(const Matrix& in) const;
};

// `iterations` ALS rounds on a strided sample of at most `sample` rows, PQ with m sub-spaces of
// ksub centroids (a few Lloyd iterations per round, from the previous round's codebooks).
Rotation learnRotation(const Matrix& data, std::size_t m, std::size_t ksub, int iterations,
                       std::size_t sample, std::uint64_t seed, WorkerPool* pool);

}  // namespace tunelab::workloads::ann
