// LU with partial pivoting. naive: the textbook right-looking loops (pivot search, row swap,
// scaling, rank-1 update per column). blocked: per panel of nb columns, a recursive panel
// factorization (Toledo 1997: halves coupled by trsm and gemm, so even the tall panel runs in
// the micro-kernel), the panel's row swaps applied left and right, U12 = L11⁻¹·A12 by
// recursive trsm, and A22 −= L21·U12 by gemm. parallel: swaps, trsm and gemm of the trailing
// columns split over the threads (each thread owns a slab of columns for the whole step).
#include <cmath>

#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;

constexpr std::size_t kPanelBase = 8;

std::size_t pivotRow(ConstView a, std::size_t k) {
  // The first entry of largest magnitude, as LAPACK's idamax.
  std::size_t p = k;
  double best = std::abs(a(k, k));
  const double* col = a.col(k);
  for (std::size_t i = k + 1; i < a.rows; ++i)
    if (std::abs(col[i]) > best) {
      best = std::abs(col[i]);
      p = i;
    }
  return p;
}

void noteSingular(std::optional<Breakdown>& first, std::size_t column) {
  if (!first) first = Breakdown{column, 0.0};
}

// Unblocked LU of an m × w panel; pivots relative to the panel's first row.
std::optional<Breakdown> getf2(View a, std::size_t* pivots) {
  std::optional<Breakdown> singular;
  const std::size_t kmax = std::min(a.rows, a.cols);
  for (std::size_t k = 0; k < kmax; ++k) {
    const std::size_t p = pivotRow(a, k);
    pivots[k] = p;
    if (a(p, k) == 0.0) {
      noteSingular(singular, k);
      continue;
    }
    if (p != k)
      for (std::size_t j = 0; j < a.cols; ++j) std::swap(a(k, j), a(p, j));
    double* ck = a.col(k);
    const double inv = 1.0 / ck[k];
    for (std::size_t i = k + 1; i < a.rows; ++i) ck[i] *= inv;
    for (std::size_t j = k + 1; j < a.cols; ++j) {
      double* cj = a.col(j);
      const double ukj = cj[k];
      for (std::size_t i = k + 1; i < a.rows; ++i) cj[i] -= ck[i] * ukj;
    }
  }
  return singular;
}

// Recursive LU of a tall m × w panel (m >= w); pivots relative to the panel's first row.
std::optional<Breakdown> recursivePanel(View a, std::size_t* pivots) {
  const std::size_t w = a.cols;
  if (w <= kPanelBase) return getf2(a, pivots);
  const std::size_t h = w / 2;
  auto singular = recursivePanel(a.block(0, 0, a.rows, h), pivots);
  View right = a.block(0, h, a.rows, w - h);
  detail::swapRows(right, pivots, 0, h);
  trsmLowerUnitLeft(a.block(0, 0, h, h), right.block(0, 0, h, w - h));
  gemm(Op::N, Op::N, -1.0, a.block(h, 0, a.rows - h, h), right.block(0, 0, h, w - h), 1.0,
       right.block(h, 0, a.rows - h, w - h));
  auto second = recursivePanel(a.block(h, h, a.rows - h, w - h), pivots + h);
  for (std::size_t k = h; k < w; ++k) pivots[k] += h;
  detail::swapRows(a.block(0, 0, a.rows, h), pivots, h, w);
  if (!singular && second) singular = Breakdown{second->column + h, 0.0};
  return singular;
}

std::optional<Breakdown> naive(View a, std::size_t* pivots, const Options& o) {
  std::optional<Breakdown> singular;
  const std::size_t m = a.rows, n = a.cols, kmax = std::min(m, n);
  for (std::size_t k = 0; k < kmax; ++k) {
    {
      Phase phase(o, "panel");
      const std::size_t p = pivotRow(a, k);
      pivots[k] = p;
      if (a(p, k) == 0.0) {
        noteSingular(singular, k);
        continue;
      }
      if (p != k)
        for (std::size_t j = 0; j < n; ++j) std::swap(a(k, j), a(p, j));
      for (std::size_t i = k + 1; i < m; ++i) a(i, k) /= a(k, k);
    }
    Phase phase(o, "update");
    for (std::size_t j = k + 1; j < n; ++j)
      for (std::size_t i = k + 1; i < m; ++i) a(i, j) -= a(i, k) * a(k, j);
  }
  return singular;
}

std::optional<Breakdown> blocked(View a, std::size_t* pivots, const Options& o) {
  std::optional<Breakdown> singular;
  const std::size_t m = a.rows, n = a.cols, kmax = std::min(m, n);
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  for (std::size_t j = 0; j < kmax; j += nb) {
    const std::size_t jb = std::min(nb, kmax - j);
    {
      Phase phase(o, "panel");
      auto s = recursivePanel(a.block(j, j, m - j, jb), pivots + j);
      if (s && !singular) singular = Breakdown{s->column + j, 0.0};
      for (std::size_t k = j; k < j + jb; ++k) pivots[k] += j;
    }
    Phase phase(o, "update");
    const std::size_t right = n - j - jb;
    View rows = a.block(0, 0, m, n);
    detail::forEachWorker(o, [&](int w, int p) {
      // The interchanges also reach the columns left of the panel (L's earlier columns).
      const auto left = detail::share(j, p, w);
      if (!left.empty())
        detail::swapRows(rows.block(0, left.lo, m, left.size()), pivots, j, j + jb);
      const auto r = detail::share(right, p, w, 6);
      if (r.empty()) return;
      View slab = a.block(0, j + jb + r.lo, m, r.size());
      detail::swapRows(slab, pivots, j, j + jb);
      View u12 = slab.block(j, 0, jb, r.size());
      trsmLowerUnitLeft(a.block(j, j, jb, jb), u12);
      if (j + jb < m)
        gemm(Op::N, Op::N, -1.0, a.block(j + jb, j, m - j - jb, jb), u12, 1.0,
             slab.block(j + jb, 0, m - j - jb, r.size()));
    });
  }
  return singular;
}

}  // namespace

std::optional<Breakdown> lu(View a, std::vector<std::size_t>& pivots, const Options& o) {
  pivots.assign(std::min(a.rows, a.cols), 0);
  switch (o.variant) {
    case Variant::Naive:
      return naive(a, pivots.data(), o);
    case Variant::Blocked:
    case Variant::Parallel:
      return blocked(a, pivots.data(), o);
    case Variant::Lapack:
      if (int info = lapack::getrf(a, pivots); info > 0)
        return Breakdown{static_cast<std::size_t>(info - 1), 0.0};
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tunelab::workloads::factor
