#include "jacobi.h"

#include <immintrin.h>

#include <cmath>
#include <limits>

#include "common.h"
#include "tunelab/workloads/factor/blas.h"

namespace tunelab::workloads::factor::detail {
namespace {

constexpr int kMaxSweeps = 40;

struct Rotation {
  double c = 1;
  double s = 0;
  double t = 0;
};

// The rotation that makes columns with Gram matrix [[a, g], [g, b]] orthogonal (Rutishauser's
// formulas: t is the smaller root of t² + 2ζt − 1 = 0, so |angle| <= π/4 and the update is
// stable). Returns false when the pair is already orthogonal to the tolerance.
bool rotationFor(double a, double b, double g, double tol, Rotation& r) {
  if (a == 0.0 || b == 0.0 || std::abs(g) <= tol * std::sqrt(a) * std::sqrt(b)) return false;
  const double zeta = (b - a) / (2.0 * g);
  // For huge ζ, √(1 + ζ²) would overflow; then t ≈ 1/(2ζ).
  const double t = std::abs(zeta) > 1e150
                       ? 0.5 / zeta
                       : std::copysign(1.0, zeta) / (std::abs(zeta) + std::sqrt(1.0 + zeta * zeta));
  r.t = t;
  r.c = 1.0 / std::sqrt(1.0 + t * t);
  r.s = r.c * t;
  return true;
}

// ---- fused pair kernels: ‖x‖², ‖y‖², xᵀy in one pass; the rotation in one pass ----

struct Dots {
  double xx = 0;
  double yy = 0;
  double xy = 0;
};

Dots dotsGeneric(const double* x, const double* y, std::size_t n) {
  double xx[4] = {}, yy[4] = {}, xy[4] = {};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (std::size_t u = 0; u < 4; ++u) {
      xx[u] += x[i + u] * x[i + u];
      yy[u] += y[i + u] * y[i + u];
      xy[u] += x[i + u] * y[i + u];
    }
  Dots d{(xx[0] + xx[1]) + (xx[2] + xx[3]), (yy[0] + yy[1]) + (yy[2] + yy[3]),
         (xy[0] + xy[1]) + (xy[2] + xy[3])};
  for (; i < n; ++i) {
    d.xx += x[i] * x[i];
    d.yy += y[i] * y[i];
    d.xy += x[i] * y[i];
  }
  return d;
}

void rotateGeneric(double* x, double* y, std::size_t n, double c, double s) {
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = x[i], yi = y[i];
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

__attribute__((target("avx2,fma"))) double hsum(__m256d v) {
  const __m128d lo = _mm256_castpd256_pd128(v), hi = _mm256_extractf128_pd(v, 1);
  const __m128d s = _mm_add_pd(lo, hi);
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}

__attribute__((target("avx2,fma"))) Dots dotsAvx2(const double* x, const double* y, std::size_t n) {
  __m256d xx0 = _mm256_setzero_pd(), yy0 = _mm256_setzero_pd(), xy0 = _mm256_setzero_pd();
  __m256d xx1 = _mm256_setzero_pd(), yy1 = _mm256_setzero_pd(), xy1 = _mm256_setzero_pd();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256d x0 = _mm256_loadu_pd(x + i), y0 = _mm256_loadu_pd(y + i);
    const __m256d x1 = _mm256_loadu_pd(x + i + 4), y1 = _mm256_loadu_pd(y + i + 4);
    xx0 = _mm256_fmadd_pd(x0, x0, xx0);
    yy0 = _mm256_fmadd_pd(y0, y0, yy0);
    xy0 = _mm256_fmadd_pd(x0, y0, xy0);
    xx1 = _mm256_fmadd_pd(x1, x1, xx1);
    yy1 = _mm256_fmadd_pd(y1, y1, yy1);
    xy1 = _mm256_fmadd_pd(x1, y1, xy1);
  }
  Dots d{hsum(_mm256_add_pd(xx0, xx1)), hsum(_mm256_add_pd(yy0, yy1)),
         hsum(_mm256_add_pd(xy0, xy1))};
  for (; i < n; ++i) {
    d.xx += x[i] * x[i];
    d.yy += y[i] * y[i];
    d.xy += x[i] * y[i];
  }
  return d;
}

__attribute__((target("avx2,fma"))) void rotateAvx2(double* x, double* y, std::size_t n, double c,
                                                    double s) {
  const __m256d vc = _mm256_set1_pd(c), vs = _mm256_set1_pd(s);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d xi = _mm256_loadu_pd(x + i), yi = _mm256_loadu_pd(y + i);
    _mm256_storeu_pd(x + i, _mm256_fmsub_pd(vc, xi, _mm256_mul_pd(vs, yi)));
    _mm256_storeu_pd(y + i, _mm256_fmadd_pd(vs, xi, _mm256_mul_pd(vc, yi)));
  }
  for (; i < n; ++i) {
    const double xi = x[i], yi = y[i];
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

struct PairKernels {
  Dots (*dots)(const double*, const double*, std::size_t);
  void (*rotate)(double*, double*, std::size_t, double, double);
};

PairKernels pairKernels() {
  if (activeIsa() == Isa::Avx2Fma) return {dotsAvx2, rotateAvx2};
  return {dotsGeneric, rotateGeneric};
}

double tolerance(std::size_t rows) {
  return std::sqrt(static_cast<double>(std::max<std::size_t>(rows, 1))) *
         std::numeric_limits<double>::epsilon();
}

// Rotates every pair (i, j), i in [i0, i1), j in [j0, j1), i < j; returns the rotations made.
std::size_t sweepPairs(View x, View v, std::size_t i0, std::size_t i1, std::size_t j0,
                       std::size_t j1, double tol, const PairKernels& k) {
  std::size_t rotations = 0;
  for (std::size_t i = i0; i < i1; ++i)
    for (std::size_t j = std::max(j0, i + 1); j < j1; ++j) {
      const Dots d = k.dots(x.col(i), x.col(j), x.rows);
      Rotation r;
      if (!rotationFor(d.xx, d.yy, d.xy, tol, r)) continue;
      k.rotate(x.col(i), x.col(j), x.rows, r.c, r.s);
      k.rotate(v.col(i), v.col(j), v.rows, r.c, r.s);
      ++rotations;
    }
  return rotations;
}

}  // namespace

JacobiStats jacobiNaive(View x, View v) {
  const std::size_t m = x.rows, n = x.cols;
  const double tol = tolerance(m);
  JacobiStats stats;
  while (stats.sweeps < kMaxSweeps) {
    ++stats.sweeps;
    std::size_t rotations = 0;
    for (std::size_t i = 0; i + 1 < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        double a = 0, b = 0, g = 0;
        for (std::size_t r = 0; r < m; ++r) a += x(r, i) * x(r, i);
        for (std::size_t r = 0; r < m; ++r) b += x(r, j) * x(r, j);
        for (std::size_t r = 0; r < m; ++r) g += x(r, i) * x(r, j);
        Rotation rot;
        if (!rotationFor(a, b, g, tol, rot)) continue;
        ++rotations;
        for (std::size_t r = 0; r < m; ++r) {
          const double xi = x(r, i), xj = x(r, j);
          x(r, i) = rot.c * xi - rot.s * xj;
          x(r, j) = rot.s * xi + rot.c * xj;
        }
        for (std::size_t r = 0; r < v.rows; ++r) {
          const double vi = v(r, i), vj = v(r, j);
          v(r, i) = rot.c * vi - rot.s * vj;
          v(r, j) = rot.s * vi + rot.c * vj;
        }
      }
    if (rotations == 0) {
      stats.converged = true;
      break;
    }
  }
  return stats;
}

std::size_t jacobiTile(std::size_t rows, std::size_t vrows, std::size_t cols) {
  // A block pair touches 2·tile columns of X and of V: keep that within ~512 KiB of L2.
  constexpr std::size_t kL2Doubles = 512 * 1024 / 8;
  std::size_t tile = kL2Doubles / (2 * std::max<std::size_t>(1, rows + vrows));
  tile = std::clamp<std::size_t>(tile, 4, 64);
  // At least 8 blocks, so that each round has 4 block pairs to share among threads.
  return std::max<std::size_t>(1, std::min(tile, cols / 8));
}

JacobiStats jacobiBlocked(View x, View v, std::size_t tile, const Options& o) {
  const std::size_t n = x.cols;
  const double tol = tolerance(x.rows);
  const PairKernels k = pairKernels();
  tile = std::max<std::size_t>(tile, 1);
  const std::size_t blocks = (n + tile - 1) / tile;
  // The circle method needs an even count; the extra block (if any) is empty: a bye.
  const std::size_t slots = blocks + (blocks % 2);
  auto range = [&](std::size_t b) {
    return Range{std::min(n, b * tile), std::min(n, (b + 1) * tile)};
  };
  const int threads = threadsOf(o);
  std::vector<std::size_t> perWorker(static_cast<std::size_t>(threads));
  JacobiStats stats;
  std::vector<std::size_t> order(slots);
  while (stats.sweeps < kMaxSweeps) {
    ++stats.sweeps;
    std::fill(perWorker.begin(), perWorker.end(), 0);
    // Pairs inside each block: the blocks are disjoint, so they run at once.
    forEachWorker(o, [&](int w, int p) {
      for (std::size_t b = static_cast<std::size_t>(w); b < blocks;
           b += static_cast<std::size_t>(p)) {
        const Range r = range(b);
        perWorker[static_cast<std::size_t>(w)] += sweepPairs(x, v, r.lo, r.hi, r.lo, r.hi, tol, k);
      }
    });
    // Pairs across blocks, slots − 1 rounds of slots / 2 disjoint block pairs: slot 0 stays,
    // the others rotate one place per round.
    for (std::size_t s = 0; s < slots; ++s) order[s] = s;
    for (std::size_t round = 0; round + 1 < slots; ++round) {
      forEachWorker(o, [&](int w, int p) {
        for (std::size_t q = static_cast<std::size_t>(w); q < slots / 2;
             q += static_cast<std::size_t>(p)) {
          std::size_t bi = order[q], bj = order[slots - 1 - q];
          if (bi >= blocks || bj >= blocks) continue;
          if (bi > bj) std::swap(bi, bj);
          const Range ri = range(bi), rj = range(bj);
          perWorker[static_cast<std::size_t>(w)] +=
              sweepPairs(x, v, ri.lo, ri.hi, rj.lo, rj.hi, tol, k);
        }
      });
      std::rotate(order.begin() + 1, order.end() - 1, order.end());
    }
    std::size_t rotations = 0;
    for (auto c : perWorker) rotations += c;
    if (rotations == 0) {
      stats.converged = true;
      break;
    }
  }
  return stats;
}

}  // namespace tunelab::workloads::factor::detail
