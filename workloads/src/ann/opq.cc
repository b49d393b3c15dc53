#include "opq.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <stdexcept>

#include "pq.h"

namespace tunelab::workloads::ann {

void Rotation::apply(const float* in, std::size_t n, float* out) const {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(n), static_cast<int>(d),
              static_cast<int>(d), 1.0f, in, static_cast<int>(d), r.data(), static_cast<int>(d),
              0.0f, out, static_cast<int>(d));
}

Matrix Rotation::apply(const Matrix& in) const {
  Matrix out{in.n, in.d, std::vector<float>(in.values.size())};
  if (in.n > 0) apply(in.values.data(), in.n, out.values.data());
  return out;
}

Rotation learnRotation(const Matrix& data, std::size_t m, std::size_t ksub, int iterations,
                       std::size_t sample, std::uint64_t seed, WorkerPool* pool) {
  const std::size_t d = data.d;
  const std::size_t stride = std::max<std::size_t>(1, data.n / sample);
  Matrix x{(data.n + stride - 1) / stride, d, {}};
  x.values.resize(x.n * d);
  for (std::size_t i = 0; i < x.n; ++i) std::copy_n(data.row(i * stride), d, x.values.data() + i * d);

  Rotation rot{d, std::vector<float>(d * d, 0.0f)};
  for (std::size_t j = 0; j < d; ++j) rot.r[j * d + j] = 1.0f;
  std::vector<float> xty(d * d), s(d), u(d * d), vt(d * d), superb(d);
  Matrix y{x.n, d, std::vector<float>(x.n * d)};
  for (int it = 0; it < iterations; ++it) {
    const Matrix rotated = rot.apply(x);
    ProductQuantizer pq;
    pq.train(rotated, m, ksub, seed + static_cast<std::uint64_t>(it), pool);
    const auto codes = pq.encode(rotated, pool);
    for (std::size_t i = 0; i < x.n; ++i) pq.decode(codes.data() + i * m, y.values.data() + i * d);
    // Xᵀ·Y (d × d), then R = U·Vᵀ.
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, static_cast<int>(d), static_cast<int>(d),
                static_cast<int>(x.n), 1.0f, x.values.data(), static_cast<int>(d), y.values.data(),
                static_cast<int>(d), 0.0f, xty.data(), static_cast<int>(d));
    const int info = LAPACKE_sgesvd(LAPACK_ROW_MAJOR, 'A', 'A', static_cast<int>(d),
                                    static_cast<int>(d), xty.data(), static_cast<int>(d), s.data(),
                                    u.data(), static_cast<int>(d), vt.data(), static_cast<int>(d),
                                    superb.data());
    if (info != 0) throw std::invalid_argument("opq: LAPACK sgesvd did not converge (info " +
                                               std::to_string(info) + ").");
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(d), static_cast<int>(d),
                static_cast<int>(d), 1.0f, u.data(), static_cast<int>(d), vt.data(),
                static_cast<int>(d), 0.0f, rot.r.data(), static_cast<int>(d));
  }
  return rot;
}

}  // namespace tunelab::workloads::ann
