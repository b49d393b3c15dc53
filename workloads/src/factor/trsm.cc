// Triangular solves for the blocked factorizations, recursive so that the flops go through
// gemm: with L = [L11 0; L21 L22], a solve with L is a solve with L11, a gemm with L21 and a
// solve with L22. Below kBase columns the plain column-oriented loops take over.
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {
constexpr std::size_t kBase = 16;
}

void trsmLowerUnitLeft(ConstView l, View b) {
  const std::size_t n = l.rows;
  if (n == 0 || b.cols == 0) return;
  if (n <= kBase) {
    for (std::size_t j = 0; j < b.cols; ++j) {
      double* bj = b.col(j);
      for (std::size_t k = 0; k < n; ++k) {
        const double x = bj[k];
        const double* lk = l.col(k);
        for (std::size_t i = k + 1; i < n; ++i) bj[i] -= lk[i] * x;
      }
    }
    return;
  }
  const std::size_t h = n / 2;
  trsmLowerUnitLeft(l.block(0, 0, h, h), b.block(0, 0, h, b.cols));
  gemm(Op::N, Op::N, -1.0, l.block(h, 0, n - h, h), b.block(0, 0, h, b.cols), 1.0,
       b.block(h, 0, n - h, b.cols));
  trsmLowerUnitLeft(l.block(h, h, n - h, n - h), b.block(h, 0, n - h, b.cols));
}

void trsmLowerTransRight(ConstView l, View b) {
  const std::size_t n = l.rows;
  if (n == 0 || b.rows == 0) return;
  if (n <= kBase) {
    // X·Lᵀ = B column by column: x_j = (b_j − Σ_{k<j} x_k·L(j, k)) / L(j, j).
    for (std::size_t j = 0; j < n; ++j) {
      double* bj = b.col(j);
      for (std::size_t k = 0; k < j; ++k) {
        const double ljk = l(j, k);
        const double* bk = b.col(k);
        for (std::size_t i = 0; i < b.rows; ++i) bj[i] -= bk[i] * ljk;
      }
      const double inv = 1.0 / l(j, j);
      for (std::size_t i = 0; i < b.rows; ++i) bj[i] *= inv;
    }
    return;
  }
  const std::size_t h = n / 2;
  trsmLowerTransRight(l.block(0, 0, h, h), b.block(0, 0, b.rows, h));
  gemm(Op::N, Op::T, -1.0, b.block(0, 0, b.rows, h), l.block(h, 0, n - h, h), 1.0,
       b.block(0, h, b.rows, n - h));
  trsmLowerTransRight(l.block(h, h, n - h, n - h), b.block(0, h, b.rows, n - h));
}

}  // namespace tunelab::workloads::factor
