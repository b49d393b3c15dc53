// Cholesky A = L·Lᵀ (lower). naive: the right-looking textbook loops (a square root, a column
// scaling and a rank-1 update per column). blocked: per panel of nb columns, the unblocked
// factorization of the nb × nb diagonal block, L21 = A21·L11⁻ᵀ by recursive trsm, and the
// trailing update A22 −= L21·L21ᵀ by gemmLower (lower triangle only). parallel: trsm split by
// rows and the update split by columns into shares of equal area of the lower triangle.
#include <cmath>

#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;

// Unblocked right-looking Cholesky of a small block (no regions: it is part of a panel).
std::optional<Breakdown> potf2(View a) {
  const std::size_t n = a.rows;
  for (std::size_t k = 0; k < n; ++k) {
    const double d = a(k, k);
    // `!(d > 0)` also catches a NaN.
    if (!(d > 0.0)) return Breakdown{k, d};
    const double l = std::sqrt(d);
    a(k, k) = l;
    double* ck = a.col(k);
    const double inv = 1.0 / l;
    for (std::size_t i = k + 1; i < n; ++i) ck[i] *= inv;
    for (std::size_t j = k + 1; j < n; ++j) {
      const double ljk = ck[j];
      double* cj = a.col(j);
      for (std::size_t i = j; i < n; ++i) cj[i] -= ck[i] * ljk;
    }
  }
  return std::nullopt;
}

std::optional<Breakdown> naive(View a, const Options& o) {
  const std::size_t n = a.rows;
  for (std::size_t k = 0; k < n; ++k) {
    {
      Phase phase(o, "panel");
      const double d = a(k, k);
      if (!(d > 0.0)) return Breakdown{k, d};
      const double l = std::sqrt(d);
      a(k, k) = l;
      for (std::size_t i = k + 1; i < n; ++i) a(i, k) /= l;
    }
    Phase phase(o, "update");
    for (std::size_t j = k + 1; j < n; ++j)
      for (std::size_t i = j; i < n; ++i) a(i, j) -= a(i, k) * a(j, k);
  }
  return std::nullopt;
}

// Column boundary t of p shares of equal area of the lower triangle of an n × n matrix: the
// area left of column c is n·c − c²/2, so c_t = n·(1 − √(1 − t/p)).
std::size_t triangleCut(std::size_t n, int t, int p) {
  if (t >= p) return n;
  const double c = static_cast<double>(n) * (1.0 - std::sqrt(1.0 - static_cast<double>(t) / p));
  return std::min(n, static_cast<std::size_t>(c) / 8 * 8);
}

std::optional<Breakdown> blocked(View a, const Options& o) {
  const std::size_t n = a.rows;
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  for (std::size_t j = 0; j < n; j += nb) {
    const std::size_t jb = std::min(nb, n - j), rest = n - j - jb;
    View l11 = a.block(j, j, jb, jb);
    View a21 = a.block(j + jb, j, rest, jb);
    {
      Phase phase(o, "panel");
      if (auto b = potf2(l11)) return Breakdown{j + b->column, b->pivot};
      detail::forEachWorker(o, [&](int w, int p) {
        const auto r = detail::share(rest, p, w);
        if (!r.empty()) trsmLowerTransRight(l11, a21.block(r.lo, 0, r.size(), jb));
      });
    }
    if (rest == 0) continue;
    Phase phase(o, "update");
    View a22 = a.block(j + jb, j + jb, rest, rest);
    detail::forEachWorker(o, [&](int w, int p) {
      const std::size_t c0 = triangleCut(rest, w, p), c1 = triangleCut(rest, w + 1, p);
      if (c0 >= c1) return;
      gemmLower(Op::N, Op::T, -1.0, a21.block(c0, 0, rest - c0, jb), a21.block(c0, 0, c1 - c0, jb),
                1.0, a22.block(c0, c0, rest - c0, c1 - c0));
    });
  }
  return std::nullopt;
}

}  // namespace

std::optional<Breakdown> cholesky(View a, const Options& o) {
  switch (o.variant) {
    case Variant::Naive:
      return naive(a, o);
    case Variant::Blocked:
    case Variant::Parallel:
      return blocked(a, o);
    case Variant::Lapack:
      if (int info = lapack::potrf(a); info > 0)
        return Breakdown{static_cast<std::size_t>(info - 1), std::nullopt};
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tunelab::workloads::factor
