// Householder QR. naive: the textbook loops (LAPACK's dgeqr2): per column a reflector, applied
// to the rest of the matrix one column at a time. blocked: per panel of nb columns, dgeqr2 on
// the panel, the compact-WY factor T (H_0⋯H_{nb−1} = I − V·T·Vᵀ, Schreiber & Van Loan) and
// the trailing update C −= V·(Tᵀ·(Vᵀ·C)) as three gemms, Vᵀ and V packed once per panel.
// parallel: the update's columns handed out in chunks to the threads. formQ accumulates Q
// backwards with the same blocks.
#include <cmath>

#include "common.h"
#include "lapack.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor {
namespace {

using detail::Phase;

// LAPACK's dlarfg on x = a(k:m, k): H·x = (beta, 0, …, 0) with H = I − tau·v·vᵀ, v(0) = 1;
// v(1:) overwrites x(1:), beta overwrites x(0). tau = 0 (H = I) when x(1:) is already zero.
double householder(double* x, std::size_t len) {
  if (len <= 1) return 0.0;
  const double xnorm = frobeniusNorm(ConstView(x + 1, len - 1, 1, len - 1));
  if (xnorm == 0.0) return 0.0;
  const double alpha = x[0];
  const double beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  const double tau = (beta - alpha) / beta;
  const double scale = 1.0 / (alpha - beta);
  for (std::size_t i = 1; i < len; ++i) x[i] *= scale;
  x[0] = beta;
  return tau;
}

// dgeqr2 on a (m × n): reflectors in place, tau[k] for k < min(m, n). `o` only for regions
// (the naive variant marks each column; a panel inside the blocked variant does not).
void geqr2(View a, double* tau, const Options& o) {
  const std::size_t m = a.rows, n = a.cols, kmax = std::min(m, n);
  for (std::size_t k = 0; k < kmax; ++k) {
    double* v = a.col(k) + k;
    {
      Phase phase(o, "panel");
      tau[k] = householder(v, m - k);
    }
    if (tau[k] == 0.0) continue;
    Phase phase(o, "update");
    const double t = tau[k];
    for (std::size_t j = k + 1; j < n; ++j) {
      double* c = a.col(j) + k;
      double w = c[0];
      for (std::size_t i = 1; i < m - k; ++i) w += v[i] * c[i];
      w *= t;
      c[0] -= w;
      for (std::size_t i = 1; i < m - k; ++i) c[i] -= v[i] * w;
    }
  }
}

// V (len × jb) with the unit diagonal and zeros above it made explicit, so gemm can use it.
void explicitV(ConstView reflectors, View v) {
  for (std::size_t j = 0; j < v.cols; ++j) {
    double* col = v.col(j);
    for (std::size_t i = 0; i < j; ++i) col[i] = 0.0;
    col[j] = 1.0;
    for (std::size_t i = j + 1; i < v.rows; ++i) col[i] = reflectors(i, j);
  }
}

// dlarft (forward, columnwise): the upper triangular T with H_0⋯H_{jb−1} = I − V·T·Vᵀ, from
// S = VᵀV: T(0:i, i) = −tau_i·T(0:i, 0:i)·S(0:i, i), T(i, i) = tau_i.
void larft(ConstView v, const double* tau, View t) {
  const std::size_t jb = v.cols;
  Matrix s(jb, jb);
  gemm(Op::T, Op::N, 1.0, v, v, 0.0, s.view());
  for (std::size_t j = 0; j < jb; ++j)
    for (std::size_t i = 0; i < jb; ++i) t(i, j) = 0.0;
  for (std::size_t i = 0; i < jb; ++i) {
    t(i, i) = tau[i];
    for (std::size_t r = 0; r < i; ++r) {
      double sum = 0;
      for (std::size_t c = r; c < i; ++c) sum += t(r, c) * s(c, i);
      t(r, i) = -tau[i] * sum;
    }
  }
}

// A block reflector I − V·T·Vᵀ prepared for many column slabs: Vᵀ and −V packed once, so
// that each thread only packs its own slab of C.
struct BlockReflector {
  Matrix t;
  PackedA vt;    // Vᵀ
  PackedA vneg;  // −V
};

void prepareReflector(ConstView v, const double* tau, BlockReflector& h) {
  h.t = Matrix(v.cols, v.cols);
  larft(v, tau, h.t.view());
  h.vt.pack(Op::T, 1.0, v);
  h.vneg.pack(Op::N, -1.0, v);
}

// C ← (I − V·op(T)·Vᵀ)·C: op(T) = Tᵀ applies Hᵀ (the factorization's update), op(T) = T
// applies H (forming Q).
void applyReflector(const BlockReflector& h, Op opT, View c) {
  if (c.cols == 0) return;
  Matrix w(h.t.rows(), c.cols), w2(h.t.rows(), c.cols);
  gemmPacked(h.vt, 0, Op::N, c, w.view(), false);  // W = Vᵀ·C
  gemm(opT, Op::N, 1.0, h.t.view(), w.view(), 0.0, w2.view());
  gemmPacked(h.vneg, 0, Op::N, w2.view(), c, false);  // C −= V·W2
}

// Applies `h` to the columns [lo, hi) of `c`, in chunks over the threads of `o`.
void applyToColumns(const Options& o, const BlockReflector& h, Op opT, View c, std::size_t lo,
                    std::size_t hi) {
  detail::ChunkQueue chunks(lo, hi, detail::threadsOf(o));
  detail::forEachWorker(o, [&](int, int) {
    for (auto r = chunks.next(); !r.empty(); r = chunks.next())
      applyReflector(h, opT, c.block(0, r.lo, c.rows, r.size()));
  });
}

void blocked(View a, double* tau, const Options& o) {
  const std::size_t m = a.rows, n = a.cols, kmax = std::min(m, n);
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  Options quiet = o;
  quiet.regions = false;
  BlockReflector h;
  for (std::size_t j = 0; j < kmax; j += nb) {
    const std::size_t jb = std::min(nb, kmax - j);
    Matrix v(m - j, jb);
    {
      Phase phase(o, "panel");
      geqr2(a.block(j, j, m - j, jb), tau + j, quiet);
      if (j + jb >= n) continue;
      explicitV(a.block(j, j, m - j, jb), v.view());
      prepareReflector(v.view(), tau + j, h);
    }
    Phase phase(o, "update");
    applyToColumns(o, h, Op::T, a.block(j, 0, m - j, n), j + jb, n);
  }
}

// dorg2r: Q from the reflectors, one at a time from the last (naive).
void org2r(ConstView refl, const std::vector<double>& tau, View q) {
  const std::size_t m = q.rows, nq = q.cols, k = std::min(tau.size(), nq);
  for (std::size_t j = 0; j < nq; ++j)
    for (std::size_t i = 0; i < m; ++i) q(i, j) = i == j ? 1.0 : 0.0;
  for (std::size_t kk = k; kk-- > 0;) {
    if (tau[kk] == 0.0) continue;
    for (std::size_t j = kk; j < nq; ++j) {
      double* c = q.col(j) + kk;
      double w = c[0];
      for (std::size_t i = 1; i < m - kk; ++i) w += refl(kk + i, kk) * c[i];
      w *= tau[kk];
      c[0] -= w;
      for (std::size_t i = 1; i < m - kk; ++i) c[i] -= refl(kk + i, kk) * w;
    }
  }
}

}  // namespace

void qr(View a, std::vector<double>& tau, const Options& o) {
  tau.assign(std::min(a.rows, a.cols), 0.0);
  switch (o.variant) {
    case Variant::Naive:
      geqr2(a, tau.data(), o);
      return;
    case Variant::Blocked:
    case Variant::Parallel:
      blocked(a, tau.data(), o);
      return;
    case Variant::Lapack:
      lapack::geqrf(a, tau);
      return;
  }
}

void formQ(ConstView refl, const std::vector<double>& tau, View q, const Options& o) {
  const std::size_t m = q.rows, nq = q.cols, k = std::min(tau.size(), nq);
  if (o.variant == Variant::Naive) {
    org2r(refl, tau, q);
    return;
  }
  if (o.variant == Variant::Lapack) {
    copy(refl.block(0, 0, m, k), q.block(0, 0, m, k));
    lapack::orgqr(q, tau);
    return;
  }
  for (std::size_t j = 0; j < nq; ++j)
    for (std::size_t i = 0; i < m; ++i) q(i, j) = i == j ? 1.0 : 0.0;
  const std::size_t nb = std::max<std::size_t>(1, o.block);
  // Blocks from the last: block j only touches rows and columns >= j of Q.
  BlockReflector h;
  for (std::size_t b = (k + nb - 1) / nb; b-- > 0;) {
    const std::size_t j = b * nb;
    const std::size_t jb = std::min(nb, k - j);
    Matrix v(m - j, jb);
    explicitV(refl.block(j, j, m - j, jb), v.view());
    prepareReflector(v.view(), tau.data() + j, h);
    applyToColumns(o, h, Op::N, q.block(j, 0, m - j, nq), j, nq);
  }
}

}  // namespace tunelab::workloads::factor
