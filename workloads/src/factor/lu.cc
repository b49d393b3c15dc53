// LU with partial pivoting. naive: the textbook inner-product form (Crout's method with
// partial pivoting, as in Numerical Recipes' ludcmp): column by column, every entry of U and
// every pivot candidate is its defining dot product a_ij − Σ_k l_ik·u_kj, then the largest
// candidate is swapped up and the column below it scaled. blocked: per panel of nb columns, a
// recursive panel factorization (Toledo 1997: halves coupled by trsm and gemm, so even the tall
// panel runs in the micro-kernel), the panel's row swaps applied to the trailing columns, U12 =
// L11⁻¹·A12 by recursive trsm, and A22 −= L21·U12 by gemm with L21 packed once per step. parallel:
// the same with the trailing columns handed out in chunks to the threads, and a lookahead of one
// panel: the thread that updates the next panel's columns first factors that panel while the
// others update the rest, so the panel is off the critical path and each step ends in one
// barrier. blocked is this code on one thread (the same arithmetic, the same bits). The row
// swaps of later panels reach L's earlier columns at the end, all at once.
#include <cmath>

#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;
using detail::Range;

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
  for (std::size_t j = 0; j < n; ++j) {
    {
      Phase phase(o, "update");
      // Column j of U above the diagonal, then the candidates on and below it.
      for (std::size_t i = 0; i < m; ++i) {
        double s = a(i, j);
        const std::size_t kk = std::min({i, j, kmax});
        for (std::size_t k = 0; k < kk; ++k) s -= a(i, k) * a(k, j);
        a(i, j) = s;
      }
    }
    if (j >= kmax) continue;
    Phase phase(o, "panel");
    const std::size_t p = pivotRow(a, j);
    pivots[j] = p;
    if (a(p, j) == 0.0) {
      noteSingular(singular, j);
      continue;
    }
    if (p != j)
      for (std::size_t c = 0; c < n; ++c) std::swap(a(j, c), a(p, c));
    for (std::size_t i = j + 1; i < m; ++i) a(i, j) /= a(j, j);
  }
  return singular;
}

// One step's update of the column slab `cols` of the trailing matrix: the panel's row
// swaps, U12 = L11⁻¹·A12, A22 −= L21·U12 (L21 packed with alpha = −1).
void updateSlab(View a, const std::size_t* pivots, std::size_t j, std::size_t jb,
                const PackedA& l21, Range cols) {
  const std::size_t m = a.rows;
  View slab = a.block(0, cols.lo, m, cols.size());
  detail::swapRows(slab, pivots, j, j + jb);
  View u12 = slab.block(j, 0, jb, cols.size());
  trsmLowerUnitLeft(a.block(j, j, jb, jb), u12);
  if (j + jb < m)
    gemmPacked(l21, 0, Op::N, u12, slab.block(j + jb, 0, m - j - jb, cols.size()), false);
}

// Factors the panel of columns [j, j + jb) (rows j..m) and packs its L21.
std::optional<Breakdown> factorPanel(View a, std::size_t* pivots, std::size_t j, std::size_t jb,
                                     PackedA& l21) {
  const std::size_t m = a.rows;
  auto s = recursivePanel(a.block(j, j, m - j, jb), pivots + j);
  for (std::size_t k = j; k < j + jb; ++k) pivots[k] += j;
  if (j + jb < m) l21.pack(Op::N, -1.0, a.block(j + jb, j, m - j - jb, jb));
  if (s) return Breakdown{s->column + j, 0.0};
  return std::nullopt;
}

std::optional<Breakdown> blocked(View a, std::size_t* pivots, const Options& o) {
  std::optional<Breakdown> singular;
  const std::size_t m = a.rows, n = a.cols, kmax = std::min(m, n);
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  auto note = [&](const std::optional<Breakdown>& b) {
    if (b && (!singular || b->column < singular->column)) singular = b;
  };
  PackedA packed[2];  // this step's L21 and the next one's (lookahead)
  {
    Phase phase(o, "panel");
    note(factorPanel(a, pivots, 0, std::min(nb, kmax), packed[0]));
  }
  std::size_t step = 0;
  for (std::size_t j = 0; j < kmax; j += nb, ++step) {
    const std::size_t jb = std::min(nb, kmax - j);
    const std::size_t next = j + jb, jbNext = next < kmax ? std::min(nb, kmax - next) : 0;
    const PackedA& l21 = packed[step % 2];
    PackedA& l21Next = packed[(step + 1) % 2];
    // The columns right of the panel: the next panel's, then the rest in chunks.
    const std::size_t restLo = next + jbNext;
    detail::ChunkQueue rest(restLo, n, detail::threadsOf(o));
    std::optional<Breakdown> nextSingular;
    detail::forEachWorker(o, [&](int w, int) {
      if (w == 0 && jbNext > 0) {
        {
          Phase phase(o, "update");
          updateSlab(a, pivots, j, jb, l21, {next, next + jbNext});
        }
        Phase phase(o, "panel");
        nextSingular = factorPanel(a, pivots, next, jbNext, l21Next);
      }
      Phase phase(o, "update");
      for (auto r = rest.next(); !r.empty(); r = rest.next()) updateSlab(a, pivots, j, jb, l21, r);
    });
    note(nextSingular);
  }
  // Each panel's interchanges, applied to the columns left of it (L's earlier columns), in
  // panel order; nothing read them since.
  Phase phase(o, "update");
  detail::forEachWorker(o, [&](int w, int p) {
    const auto cols = detail::share(kmax, p, w);
    for (std::size_t j = nb; j < kmax; j += nb) {
      if (j <= cols.lo) continue;
      const std::size_t hi = std::min(cols.hi, j);
      detail::swapRows(a.block(0, cols.lo, m, hi - cols.lo), pivots, j, std::min(j + nb, kmax));
    }
  });
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
