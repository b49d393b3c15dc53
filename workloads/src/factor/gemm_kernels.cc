// The micro-kernels. The AVX2+FMA one is compiled for that target alone (a function
// attribute, not -march for the whole build), and gemm.cc picks it at run time only when the
// CPU reports both features; the generic one is plain C++ that any x86-64 (SSE2) runs.
// AVX-512 is left out on purpose: valgrind, which tunelab uses for instruction counts where
// no PMU exists, does not decode it.
#include "gemm_kernels.h"

#include <immintrin.h>

namespace tunelab::workloads::factor::detail {

void kernelGeneric(std::size_t kc, const double* a, const double* b, double* c, std::size_t ldc) {
  double acc[kNr][kMr] = {};
  for (std::size_t p = 0; p < kc; ++p) {
    const double* ap = a + p * kMr;
    const double* bp = b + p * kNr;
    for (std::size_t j = 0; j < kNr; ++j)
      for (std::size_t i = 0; i < kMr; ++i) acc[j][i] += ap[i] * bp[j];
  }
  for (std::size_t j = 0; j < kNr; ++j)
    for (std::size_t i = 0; i < kMr; ++i) c[i + j * ldc] += acc[j][i];
}

namespace {
__attribute__((target("avx2,fma"))) inline void add(double* col, __m256d lo, __m256d hi) {
  _mm256_storeu_pd(col, _mm256_add_pd(_mm256_loadu_pd(col), lo));
  _mm256_storeu_pd(col + 4, _mm256_add_pd(_mm256_loadu_pd(col + 4), hi));
}
}  // namespace

__attribute__((target("avx2,fma"))) void kernelAvx2Fma(std::size_t kc, const double* a,
                                                       const double* b, double* c,
                                                       std::size_t ldc) {
  __m256d c0l = _mm256_setzero_pd(), c0h = _mm256_setzero_pd();
  __m256d c1l = _mm256_setzero_pd(), c1h = _mm256_setzero_pd();
  __m256d c2l = _mm256_setzero_pd(), c2h = _mm256_setzero_pd();
  __m256d c3l = _mm256_setzero_pd(), c3h = _mm256_setzero_pd();
  __m256d c4l = _mm256_setzero_pd(), c4h = _mm256_setzero_pd();
  __m256d c5l = _mm256_setzero_pd(), c5h = _mm256_setzero_pd();
  // The C tile is touched only after the k loop; asking for its lines now hides the miss.
  for (std::size_t j = 0; j < kNr; ++j) {
    _mm_prefetch(reinterpret_cast<const char*>(c + j * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + j * ldc + kMr - 1), _MM_HINT_T0);
  }
#pragma GCC unroll 4
  for (std::size_t p = 0; p < kc; ++p) {
    const __m256d al = _mm256_load_pd(a);
    const __m256d ah = _mm256_load_pd(a + 4);
    _mm_prefetch(reinterpret_cast<const char*>(a + 8 * kMr), _MM_HINT_T0);
    __m256d bb = _mm256_broadcast_sd(b);
    c0l = _mm256_fmadd_pd(al, bb, c0l);
    c0h = _mm256_fmadd_pd(ah, bb, c0h);
    bb = _mm256_broadcast_sd(b + 1);
    c1l = _mm256_fmadd_pd(al, bb, c1l);
    c1h = _mm256_fmadd_pd(ah, bb, c1h);
    bb = _mm256_broadcast_sd(b + 2);
    c2l = _mm256_fmadd_pd(al, bb, c2l);
    c2h = _mm256_fmadd_pd(ah, bb, c2h);
    bb = _mm256_broadcast_sd(b + 3);
    c3l = _mm256_fmadd_pd(al, bb, c3l);
    c3h = _mm256_fmadd_pd(ah, bb, c3h);
    bb = _mm256_broadcast_sd(b + 4);
    c4l = _mm256_fmadd_pd(al, bb, c4l);
    c4h = _mm256_fmadd_pd(ah, bb, c4h);
    bb = _mm256_broadcast_sd(b + 5);
    c5l = _mm256_fmadd_pd(al, bb, c5l);
    c5h = _mm256_fmadd_pd(ah, bb, c5h);
    a += kMr;
    b += kNr;
  }
  add(c, c0l, c0h);
  add(c + ldc, c1l, c1h);
  add(c + 2 * ldc, c2l, c2h);
  add(c + 3 * ldc, c3l, c3h);
  add(c + 4 * ldc, c4l, c4h);
  add(c + 5 * ldc, c5l, c5h);
}

}  // namespace tunelab::workloads::factor::detail
