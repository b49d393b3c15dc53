// Randomized truncated SVD (Halko, Martinsson & Tropp, SIAM Review 2011): Alg. 4.4 (randomized
// subspace iteration, each product re-orthonormalized so that rounding does not drown the
// small directions) then Alg. 5.1 (direct SVD of the projection). The variants differ only in
// the kernels: products with A (textbook loops, blocked gemm, gemm split over the threads,
// or OpenBLAS dgemm), the QRs, and the small SVD.
#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/factor/generators.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;

void multiply(const Options& o, Op ta, Op tb, ConstView a, ConstView b, View c) {
  switch (o.variant) {
    case Variant::Naive:
      gemmNaive(ta, tb, 1.0, a, b, 0.0, c);
      return;
    case Variant::Blocked:
      gemm(ta, tb, 1.0, a, b, 0.0, c);
      return;
    case Variant::Parallel:
      gemmParallel(o.pool, ta, tb, 1.0, a, b, 0.0, c);
      return;
    case Variant::Lapack:
      lapack::gemm(ta, tb, 1.0, a, b, 0.0, c);
      return;
  }
}

// An orthonormal basis of y's columns (the thin Q of its QR); y is overwritten.
Matrix orthonormalize(Matrix& y, const Options& inner) {
  std::vector<double> tau;
  qr(y.view(), tau, inner);
  Matrix q(y.rows(), y.cols());
  formQ(y.view(), tau, q.view(), inner);
  return q;
}

}  // namespace

SvdResult randomizedSvd(ConstView a, const RsvdParams& p, const Options& o) {
  const std::size_t m = a.rows, n = a.cols;
  const std::size_t l = std::min(p.rank + p.oversample, std::min(m, n));
  const std::size_t k = std::min(p.rank, l);
  Options inner = o;
  inner.regions = false;
  // The QRs are of tall, thin m × l matrices: narrow panels keep their updates in gemm.
  inner.block = std::min<std::size_t>(o.block, 16);
  Matrix q;
  {
    Phase phase(o, "range");
    const Matrix omega = gaussian(n, l, p.seed);
    Matrix y(m, l);
    multiply(o, Op::N, Op::N, a, omega.view(), y.view());
    q = orthonormalize(y, inner);
    for (std::size_t it = 0; it < p.power; ++it) {
      Matrix z(n, l);
      multiply(o, Op::T, Op::N, a, q.view(), z.view());
      const Matrix qz = orthonormalize(z, inner);
      multiply(o, Op::N, Op::N, a, qz.view(), y.view());
      q = orthonormalize(y, inner);
    }
  }
  Matrix b(l, n);
  {
    Phase phase(o, "project");
    multiply(o, Op::T, Op::N, q.view(), a, b.view());
  }
  Phase phase(o, "small-svd");
  SvdResult small = svd(b.view(), inner);
  SvdResult r;
  r.sweeps = small.sweeps;
  r.converged = small.converged;
  r.u = Matrix(m, k);
  multiply(o, Op::N, Op::N, q.view(), small.u.view().block(0, 0, l, k), r.u.view());
  r.s.assign(small.s.begin(), small.s.begin() + static_cast<std::ptrdiff_t>(k));
  r.v = Matrix::copyOf(small.v.view().block(0, 0, n, k));
  return r;
}

}  // namespace tunelab::workloads::factor
