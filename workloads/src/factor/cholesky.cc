// Cholesky A = L·Lᵀ (lower). naive: the textbook inner-product form (Cholesky–Crout): column
// by column, every entry is its defining formula l_ij = (a_ij − Σ_{k<j} l_ik·l_jk) / l_jj, a
// dot product along rows of L. blocked: per panel of nb columns, the recursive factorization
// of the nb × nb diagonal block, L21 = A21·L11⁻ᵀ by recursive trsm, and the trailing update
// A22 −= L21·L21ᵀ, lower triangle only, with L21 packed once per step. parallel: the same with
// the trailing columns handed out in chunks (tallest first) to the threads, and a lookahead
// of one panel: the thread that updates the next panel's columns first factors that panel
// (diagonal block and trsm) while the others update the rest; one barrier per step. blocked
// is this code on one thread (the same arithmetic, the same bits).
#include <cmath>

#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;
using detail::Range;

// Unblocked right-looking Cholesky of a small block.
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

// Recursive Cholesky of the diagonal block (the part of a panel no other thread can help
// with): halves coupled by trsm and gemmLower, so it too runs mostly in the micro-kernel.
std::optional<Breakdown> potrfRecursive(View a) {
  const std::size_t n = a.rows;
  if (n <= 16) return potf2(a);
  const std::size_t h = n / 2;
  if (auto b = potrfRecursive(a.block(0, 0, h, h))) return b;
  View a21 = a.block(h, 0, n - h, h);
  trsmLowerTransRight(a.block(0, 0, h, h), a21);
  gemmLower(Op::N, Op::T, -1.0, a21, a21, 1.0, a.block(h, h, n - h, n - h));
  if (auto b = potrfRecursive(a.block(h, h, n - h, n - h)))
    return Breakdown{b->column + h, b->pivot};
  return std::nullopt;
}

std::optional<Breakdown> naive(View a, const Options& o) {
  const std::size_t n = a.rows;
  for (std::size_t j = 0; j < n; ++j) {
    double ljj = 0;
    {
      Phase phase(o, "panel");
      double s = a(j, j);
      for (std::size_t k = 0; k < j; ++k) s -= a(j, k) * a(j, k);
      if (!(s > 0.0)) return Breakdown{j, s};
      ljj = std::sqrt(s);
      a(j, j) = ljj;
    }
    Phase phase(o, "update");
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a(i, j);
      for (std::size_t k = 0; k < j; ++k) s -= a(i, k) * a(j, k);
      a(i, j) = s / ljj;
    }
  }
  return std::nullopt;
}

// Factors panel [j, j + jb): the diagonal block, L21 below it, and packs L21 (alpha = −1).
std::optional<Breakdown> factorPanel(View a, std::size_t j, std::size_t jb, PackedA& l21) {
  const std::size_t n = a.rows, below = n - j - jb;
  View l11 = a.block(j, j, jb, jb);
  if (auto b = potrfRecursive(l11)) return Breakdown{j + b->column, b->pivot};
  if (below == 0) return std::nullopt;
  View a21 = a.block(j + jb, j, below, jb);
  trsmLowerTransRight(l11, a21);
  l21.pack(Op::N, -1.0, a21);
  return std::nullopt;
}

// A22(c0:, c0:c1) −= L21(c0:, :)·L21(c0:c1, :)ᵀ, lower part; rows and columns relative to the
// trailing matrix, which starts at `top`. The packed L21 is read from a sliver boundary: the
// rows above c0 that this adds are above the diagonal, so gemmPacked leaves them alone.
void updateSlab(View a, std::size_t top, std::size_t j, std::size_t jb, const PackedA& l21,
                Range cols) {
  const std::size_t n = a.rows, trail = n - top;
  const std::size_t row0 = cols.lo / packedRowUnit() * packedRowUnit();
  View a22 = a.block(top, top, trail, trail);
  ConstView lCols = a.block(top + cols.lo, j, cols.size(), jb);
  gemmPacked(l21, row0, Op::T, lCols, a22.block(row0, cols.lo, trail - row0, cols.size()), true,
             static_cast<std::ptrdiff_t>(row0) - static_cast<std::ptrdiff_t>(cols.lo));
}

std::optional<Breakdown> blocked(View a, const Options& o) {
  const std::size_t n = a.rows;
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  PackedA packed[2];  // this step's L21 and the next one's (lookahead)
  {
    Phase phase(o, "panel");
    if (auto b = factorPanel(a, 0, std::min(nb, n), packed[0])) return b;
  }
  std::size_t step = 0;
  for (std::size_t j = 0; j < n; j += nb, ++step) {
    const std::size_t jb = std::min(nb, n - j), top = j + jb;
    if (top >= n) break;
    const std::size_t jbNext = std::min(nb, n - top), trail = n - top;
    const PackedA& l21 = packed[step % 2];
    PackedA& l21Next = packed[(step + 1) % 2];
    detail::ChunkQueue rest(jbNext, trail, detail::threadsOf(o));
    std::optional<Breakdown> failed;
    detail::forEachWorker(o, [&](int w, int) {
      if (w == 0) {
        {
          Phase phase(o, "update");
          updateSlab(a, top, j, jb, l21, {0, jbNext});
        }
        Phase phase(o, "panel");
        failed = factorPanel(a, top, jbNext, l21Next);
      }
      Phase phase(o, "update");
      for (auto r = rest.next(); !r.empty(); r = rest.next()) updateSlab(a, top, j, jb, l21, r);
    });
    if (failed) return failed;
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
