#include "peak_kernels.h"

#include <immintrin.h>

namespace tunelab::workloads::machine {
namespace {

// kChains independent accumulators: enough to cover the FMA latency (4–5 cycles) times the
// number of FMA pipes (2 on current x86 cores), so the pipes never wait for a result.
constexpr int kChains = 12;
constexpr int kUnroll = 8;  // FMAs per chain per round

// One round: kUnroll dependent multiply-adds on each of kChains independent accumulators.
// Written with intrinsics: ISO C++ mode (-std=c++20) forbids the compiler to fuse a*b+c on
// its own (-ffp-contract=off), and a peak-rate kernel must say exactly what it executes.
// MUL/FMA/SET/ADD name the ISA's operations; the SSE2 kernel has no FMA (multiply, add).
#define TUNELAB_FMA_KERNEL(NAME, TARGET, T, V, LANES, SET1, FMA, ADD, STORE)             \
  TARGET std::uint64_t NAME(std::uint64_t rounds, T* sink) {                             \
    V acc[kChains];                                                                      \
    V mul = SET1(static_cast<T>(0.999999));                                              \
    const V add = SET1(static_cast<T>(1e-7));                                            \
    for (int c = 0; c < kChains; ++c) acc[c] = SET1(static_cast<T>(c));                  \
    for (std::uint64_t r = 0; r < rounds; ++r) {                                         \
      for (int u = 0; u < kUnroll; ++u)                                                  \
        for (int c = 0; c < kChains; ++c) acc[c] = FMA(acc[c], mul, add);                \
      /* opaque once per round, so the compiler cannot fold rounds together */           \
      __asm__ volatile("" : "+x"(mul));                                                  \
    }                                                                                    \
    V sum = acc[0];                                                                      \
    for (int c = 1; c < kChains; ++c) sum = ADD(sum, acc[c]);                            \
    alignas(64) T lanes[LANES];                                                          \
    STORE(lanes, sum);                                                                   \
    T s = 0;                                                                             \
    for (int l = 0; l < LANES; ++l) s += lanes[l];                                       \
    *sink = s;                                                                           \
    return rounds * kUnroll * kChains * static_cast<std::uint64_t>(LANES) * 2;           \
  }

#define TUNELAB_SSE_FMA_PS(a, b, c) _mm_add_ps(_mm_mul_ps(a, b), c)
#define TUNELAB_SSE_FMA_PD(a, b, c) _mm_add_pd(_mm_mul_pd(a, b), c)
#define TUNELAB_AVX2 __attribute__((target("avx2,fma")))
#define TUNELAB_AVX512 __attribute__((target("avx512f")))

TUNELAB_FMA_KERNEL(fmaFloatSse2, , float, __m128, 4, _mm_set1_ps, TUNELAB_SSE_FMA_PS, _mm_add_ps, _mm_store_ps)
TUNELAB_FMA_KERNEL(fmaDoubleSse2, , double, __m128d, 2, _mm_set1_pd, TUNELAB_SSE_FMA_PD, _mm_add_pd, _mm_store_pd)
TUNELAB_FMA_KERNEL(fmaFloatAvx2, TUNELAB_AVX2, float, __m256, 8, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_store_ps)
TUNELAB_FMA_KERNEL(fmaDoubleAvx2, TUNELAB_AVX2, double, __m256d, 4, _mm256_set1_pd, _mm256_fmadd_pd, _mm256_add_pd, _mm256_store_pd)
TUNELAB_FMA_KERNEL(fmaFloatAvx512, TUNELAB_AVX512, float, __m512, 16, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_store_ps)
TUNELAB_FMA_KERNEL(fmaDoubleAvx512, TUNELAB_AVX512, double, __m512d, 8, _mm512_set1_pd, _mm512_fmadd_pd, _mm512_add_pd, _mm512_store_pd)

#undef TUNELAB_SSE_FMA_PS
#undef TUNELAB_SSE_FMA_PD
#undef TUNELAB_AVX2
#undef TUNELAB_AVX512
#undef TUNELAB_FMA_KERNEL

}  // namespace

std::string_view isaName(Isa isa) {
  switch (isa) {
    case Isa::Sse2: return "sse2";
    case Isa::Avx2Fma: return "avx2+fma";
    case Isa::Avx512: return "avx512f";
  }
  return "";
}

int vectorBits(Isa isa) {
  switch (isa) {
    case Isa::Sse2: return 128;
    case Isa::Avx2Fma: return 256;
    case Isa::Avx512: return 512;
  }
  return 0;
}

bool supported(Isa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case Isa::Sse2: return true;
    case Isa::Avx2Fma: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512: return __builtin_cpu_supports("avx512f");
  }
  return false;
}

Isa bestIsa() {
  if (supported(Isa::Avx512)) return Isa::Avx512;
  if (supported(Isa::Avx2Fma)) return Isa::Avx2Fma;
  return Isa::Sse2;
}

std::uint64_t fmaFloat(Isa isa, std::uint64_t rounds, float* sink) {
  switch (isa) {
    case Isa::Avx512: return fmaFloatAvx512(rounds, sink);
    case Isa::Avx2Fma: return fmaFloatAvx2(rounds, sink);
    case Isa::Sse2: break;
  }
  return fmaFloatSse2(rounds, sink);
}

std::uint64_t fmaDouble(Isa isa, std::uint64_t rounds, double* sink) {
  switch (isa) {
    case Isa::Avx512: return fmaDoubleAvx512(rounds, sink);
    case Isa::Avx2Fma: return fmaDoubleAvx2(rounds, sink);
    case Isa::Sse2: break;
  }
  return fmaDoubleSse2(rounds, sink);
}

}  // namespace tunelab::workloads::machine
