// The SVD. naive: one-sided Jacobi on A itself (m >= n), V accumulated, U = A·V·Σ⁻¹.
// blocked / parallel: A = Q·R by the blocked QR, one-sided Jacobi on X = Rᵀ (square, and
// closer to diagonal, so fewer sweeps: Drmač & Veselić 2008), then R = V_X·Σ·U_Xᵀ gives
// A = (Q·V_X)·Σ·U_Xᵀ: U = Q·V_X by gemm, V = X·V_X·Σ⁻¹. A wide A is done as Aᵀ.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common.h"
#include "jacobi.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;

// Columns of `w` scaled to unit length: w_i / σ_i. A column whose σ_i is negligible (below
// σ_max·ε², or so small that its squared norm underflows and Jacobi could not rotate it) has
// no reliable direction; it is replaced by a unit vector orthogonal to all the others, so the
// factor stays orthonormal and nothing is divided by (nearly) zero. Such a σ_i contributes
// less than σ_max·ε² to A either way.
void normalizeColumns(View w, const std::vector<double>& sigma) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const double sigmaMax = sigma.empty() ? 0.0 : *std::max_element(sigma.begin(), sigma.end());
  const double floor = std::sqrt(std::numeric_limits<double>::min()) / eps;
  const double negligible = std::max(sigmaMax * eps * eps, floor);
  std::vector<std::size_t> missing;
  for (std::size_t j = 0; j < w.cols; ++j) {
    if (sigma[j] > negligible) {
      const double inv = 1.0 / sigma[j];
      for (std::size_t i = 0; i < w.rows; ++i) w(i, j) *= inv;
    } else {
      missing.push_back(j);
    }
  }
  std::vector<bool> valid(w.cols, true);
  for (auto j : missing) valid[j] = false;
  std::size_t candidate = 0;
  for (auto j : missing) {
    for (; candidate < w.rows; ++candidate) {
      double* col = w.col(j);
      std::fill(col, col + w.rows, 0.0);
      col[candidate] = 1.0;
      // Gram-Schmidt twice ("twice is enough") against every column already orthonormal.
      for (int pass = 0; pass < 2; ++pass)
        for (std::size_t c = 0; c < w.cols; ++c) {
          if (!valid[c]) continue;
          double dot = 0;
          for (std::size_t i = 0; i < w.rows; ++i) dot += w(i, c) * col[i];
          for (std::size_t i = 0; i < w.rows; ++i) col[i] -= dot * w(i, c);
        }
      const double norm = frobeniusNorm(ConstView(col, w.rows, 1, w.rows));
      if (norm > 0.5) {
        for (std::size_t i = 0; i < w.rows; ++i) col[i] /= norm;
        valid[j] = true;
        ++candidate;
        break;
      }
    }
  }
}

std::vector<double> columnNorms(ConstView x) {
  std::vector<double> s(x.cols);
  for (std::size_t j = 0; j < x.cols; ++j) s[j] = frobeniusNorm(x.block(0, j, x.rows, 1));
  return s;
}

// Orders the triplets by descending singular value (ties keep their order).
void sortDescending(SvdResult& r) {
  std::vector<std::size_t> idx(r.s.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return r.s[a] > r.s[b]; });
  bool sorted = true;
  for (std::size_t i = 0; i < idx.size(); ++i) sorted = sorted && idx[i] == i;
  if (sorted) return;
  Matrix u(r.u.rows(), r.u.cols()), v(r.v.rows(), r.v.cols());
  std::vector<double> s(r.s.size());
  for (std::size_t j = 0; j < idx.size(); ++j) {
    s[j] = r.s[idx[j]];
    std::copy_n(r.u.data() + idx[j] * r.u.ld(), r.u.rows(), u.data() + j * u.ld());
    std::copy_n(r.v.data() + idx[j] * r.v.ld(), r.v.rows(), v.data() + j * v.ld());
  }
  r.u = std::move(u);
  r.v = std::move(v);
  r.s = std::move(s);
}

SvdResult naive(ConstView a, const Options& o) {
  SvdResult r;
  r.u = Matrix::copyOf(a);
  r.v = Matrix::identity(a.cols, a.cols);
  {
    Phase phase(o, "rotations");
    const auto stats = detail::jacobiNaive(r.u.view(), r.v.view());
    r.sweeps = stats.sweeps;
    r.converged = stats.converged;
  }
  Phase phase(o, "vectors");
  r.s = columnNorms(r.u.view());
  normalizeColumns(r.u.view(), r.s);
  sortDescending(r);
  return r;
}

SvdResult preconditioned(ConstView a, const Options& o) {
  const std::size_t m = a.rows, n = a.cols;
  Options inner = o;
  inner.regions = false;
  Matrix q(m, n), x(n, n);
  {
    // The QR marks its own panel and update phases; forming Q counts as update.
    Matrix w = Matrix::copyOf(a);
    std::vector<double> tau;
    qr(w.view(), tau, o);
    Phase phase(o, "update");
    formQ(w.view(), tau, q.view(), inner);
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i <= j; ++i) x(j, i) = w(i, j);  // X = Rᵀ
  }
  SvdResult r;
  Matrix vx = Matrix::identity(n, n);
  {
    Phase phase(o, "rotations");
    const auto stats = detail::jacobiBlocked(x.view(), vx.view(), detail::jacobiTile(n, n, n), o);
    r.sweeps = stats.sweeps;
    r.converged = stats.converged;
  }
  Phase phase(o, "vectors");
  r.s = columnNorms(x.view());
  normalizeColumns(x.view(), r.s);
  r.v = std::move(x);
  r.u = Matrix(m, n);
  if (o.variant == Variant::Parallel)
    gemmParallel(o.pool, Op::N, Op::N, 1.0, q.view(), vx.view(), 0.0, r.u.view());
  else
    gemm(Op::N, Op::N, 1.0, q.view(), vx.view(), 0.0, r.u.view());
  sortDescending(r);
  return r;
}

}  // namespace

SvdResult svd(ConstView a, const Options& o) {
  if (a.rows < a.cols) {
    Matrix at(a.cols, a.rows);
    transpose(a, at.view());
    SvdResult r = svd(at.view(), o);
    std::swap(r.u, r.v);
    return r;
  }
  if (o.variant == Variant::Lapack) {
    SvdResult r;
    lapack::gesdd(a, r);
    return r;
  }
  // Jacobi compares squared column norms: scaled to max |a_ij| = 1 they can neither overflow
  // nor underflow for any representable A (LAPACK's routines scale the same way).
  const double scale = maxAbs(a);
  Matrix scaled = Matrix::copyOf(a);
  if (scale > 0 && scale != 1.0)
    for (std::size_t j = 0; j < a.cols; ++j)
      for (std::size_t i = 0; i < a.rows; ++i) scaled(i, j) /= scale;
  SvdResult r =
      o.variant == Variant::Naive ? naive(scaled.view(), o) : preconditioned(scaled.view(), o);
  for (auto& s : r.s) s *= scale;
  return r;
}

}  // namespace tunelab::workloads::factor
