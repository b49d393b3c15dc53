// The AVX2 fast-scan kernel, compiled with -mavx2 (workloads/CMakeLists.txt) and called only
// where the CPU runs it (scan4HasSimd).
#include <immintrin.h>

#include "fastscan.h"

namespace tunelab::workloads::ann::detail {

std::uint32_t blockSumsAvx2(const std::uint8_t* block, const std::uint8_t* table,
                            std::size_t pairs, std::uint16_t bar, std::uint16_t* sums) {
  const __m256i low4 = _mm256_set1_epi8(0x0f);
  const __m256i lowByte = _mm256_set1_epi16(0x00ff);
  // Per 16-bit word: the even vector's byte and the odd vector's byte kept apart, so the
  // uint8 lookups add up in uint16 without widening (FAISS's trick).
  __m256i loEven = _mm256_setzero_si256(), loOdd = loEven, hiEven = loEven, hiOdd = loEven;
  for (std::size_t p = 0; p < pairs; ++p) {
    const __m256i codes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + p * 32));
    const __m256i lut = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(table + p * 32));
    const __m256i lo = _mm256_and_si256(codes, low4);
    const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(codes, 4), low4);
    const __m256i dLo = _mm256_shuffle_epi8(lut, lo);  // vectors 0–15 (lane 0: 2p, lane 1: 2p+1)
    const __m256i dHi = _mm256_shuffle_epi8(lut, hi);  // vectors 16–31
    loEven = _mm256_add_epi16(loEven, _mm256_and_si256(dLo, lowByte));
    loOdd = _mm256_add_epi16(loOdd, _mm256_srli_epi16(dLo, 8));
    hiEven = _mm256_add_epi16(hiEven, _mm256_and_si256(dHi, lowByte));
    hiOdd = _mm256_add_epi16(hiOdd, _mm256_srli_epi16(dHi, 8));
  }
  auto fold = [](__m256i even, __m256i odd) {
    // the two lanes are the two sub-quantizers of each pair: add them, then interleave the
    // even and odd vectors back into order
    const __m128i e = _mm_add_epi16(_mm256_castsi256_si128(even), _mm256_extracti128_si256(even, 1));
    const __m128i o = _mm_add_epi16(_mm256_castsi256_si128(odd), _mm256_extracti128_si256(odd, 1));
    return _mm256_set_m128i(_mm_unpackhi_epi16(e, o), _mm_unpacklo_epi16(e, o));
  };
  const __m256i lo = fold(loEven, loOdd);  // vectors 0–15
  const __m256i hi = fold(hiEven, hiOdd);  // vectors 16–31
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums), lo);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + 16), hi);
  // sum ≤ bar ⇔ min(sum, bar) = sum (unsigned); the two compares packed to bytes in order
  const __m256i barv = _mm256_set1_epi16(static_cast<short>(bar));
  const __m256i okLo = _mm256_cmpeq_epi16(_mm256_min_epu16(lo, barv), lo);
  const __m256i okHi = _mm256_cmpeq_epi16(_mm256_min_epu16(hi, barv), hi);
  const __m256i packed = _mm256_permute4x64_epi64(_mm256_packs_epi16(okLo, okHi), 0xD8);
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(packed));
}

}  // namespace tunelab::workloads::ann::detail

// Re-ranking distances (refine.h), in this file for its -mavx2 -mfma.
#include "refine.h"

namespace tunelab::workloads::ann::detail {

namespace {
float horizontal(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 h = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(h, _mm_movehdup_ps(h)));
}
}  // namespace

float l2Avx2(const float* a, const float* b, std::size_t d) {
  __m256 s0 = _mm256_setzero_ps(), s1 = s0;
  std::size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    const __m256 t0 = _mm256_sub_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j));
    const __m256 t1 = _mm256_sub_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8));
    s0 = _mm256_fmadd_ps(t0, t0, s0);
    s1 = _mm256_fmadd_ps(t1, t1, s1);
  }
  float s = horizontal(_mm256_add_ps(s0, s1));
  for (; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

float l2Sq8Avx2(const float* q, const std::uint8_t* code, const float* min, const float* step,
                std::size_t d) {
  __m256 s0 = _mm256_setzero_ps();
  std::size_t j = 0;
  for (; j + 8 <= d; j += 8) {
    const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(code + j));
    const __m256 c = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
    const __m256 x = _mm256_fmadd_ps(c, _mm256_loadu_ps(step + j), _mm256_loadu_ps(min + j));
    const __m256 t = _mm256_sub_ps(_mm256_loadu_ps(q + j), x);
    s0 = _mm256_fmadd_ps(t, t, s0);
  }
  float s = horizontal(s0);
  for (; j < d; ++j) {
    const float t = q[j] - (min[j] + static_cast<float>(code[j]) * step[j]);
    s += t * t;
  }
  return s;
}

}  // namespace tunelab::workloads::ann::detail
