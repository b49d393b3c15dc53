#include "tunelab/workloads/factor/checks.h"

#include <cmath>

#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

double relative(double error, ConstView a) {
  const double norm = frobeniusNorm(a);
  return norm > 0 ? error / norm : error;
}

}  // namespace

double choleskyResidual(ConstView a, ConstView l) {
  const std::size_t n = a.rows;
  Matrix sym(n, n), lower(n, n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = j; i < n; ++i) {
      sym(i, j) = sym(j, i) = a(i, j);
      lower(i, j) = l(i, j);
    }
  Matrix diff = sym;
  gemm(Op::N, Op::T, -1.0, lower.view(), lower.view(), 1.0, diff.view());
  return relative(frobeniusNorm(diff.view()), sym.view());
}

double luResidual(ConstView a, ConstView lu, const std::vector<std::size_t>& pivots) {
  const std::size_t m = a.rows, n = a.cols, k = std::min(m, n);
  Matrix pa = Matrix::copyOf(a);
  for (std::size_t step = 0; step < pivots.size(); ++step)
    if (pivots[step] != step)
      for (std::size_t j = 0; j < n; ++j) std::swap(pa(step, j), pa(pivots[step], j));
  Matrix l(m, k), u(k, n);
  for (std::size_t j = 0; j < k; ++j) {
    l(j, j) = 1.0;
    for (std::size_t i = j + 1; i < m; ++i) l(i, j) = lu(i, j);
  }
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i <= std::min(j, k - 1); ++i) u(i, j) = lu(i, j);
  gemm(Op::N, Op::N, -1.0, l.view(), u.view(), 1.0, pa.view());
  return relative(frobeniusNorm(pa.view()), a);
}

double qrResidual(ConstView a, ConstView q, ConstView r) {
  const std::size_t k = q.cols, n = a.cols;
  Matrix upper(k, n);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i <= std::min(j, k - 1); ++i) upper(i, j) = r(i, j);
  Matrix diff = Matrix::copyOf(a);
  gemm(Op::N, Op::N, -1.0, q, upper.view(), 1.0, diff.view());
  return relative(frobeniusNorm(diff.view()), a);
}

double orthogonality(ConstView q) {
  Matrix g = Matrix::identity(q.cols, q.cols);
  gemm(Op::T, Op::N, 1.0, q, q, -1.0, g.view());
  return frobeniusNorm(g.view());
}

double truncationError(ConstView a, const SvdResult& svd, std::size_t k) {
  k = std::min(k, svd.s.size());
  Matrix us(svd.u.rows(), k);
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t i = 0; i < us.rows(); ++i) us(i, j) = svd.u(i, j) * svd.s[j];
  Matrix diff = Matrix::copyOf(a);
  gemm(Op::N, Op::T, -1.0, us.view(), svd.v.view().block(0, 0, svd.v.rows(), k), 1.0, diff.view());
  return frobeniusNorm(diff.view());
}

double svdResidual(ConstView a, const SvdResult& svd) {
  return relative(truncationError(a, svd, svd.s.size()), a);
}

double optimalTruncationError(const std::vector<double>& sigma, std::size_t k) {
  double sum = 0;
  // Smallest first, so the many small terms are not lost against the large ones.
  for (std::size_t i = sigma.size(); i-- > k;) sum += sigma[i] * sigma[i];
  return std::sqrt(sum);
}

}  // namespace tunelab::workloads::factor
