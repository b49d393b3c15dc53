// The AVX2 fast-scan kernel, compiled with -mavx2 (workloads/CMakeLists.txt) and called only
// where the CPU runs it (scan4HasSimd).
#include <immintrin.h>

#include "fastscan.h"

namespace tunelab::workloads::ann::detail {

void blockSumsAvx2(const std::uint8_t* block, const std::uint8_t* table, std::size_t pairs,
                   std::uint16_t* sums) {
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
  auto fold = [](__m256i even, __m256i odd, std::uint16_t* out) {
    // the two lanes are the two sub-quantizers of each pair: add them
    const __m128i e = _mm_add_epi16(_mm256_castsi256_si128(even), _mm256_extracti128_si256(even, 1));
    const __m128i o = _mm_add_epi16(_mm256_castsi256_si128(odd), _mm256_extracti128_si256(odd, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi16(e, o));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 8), _mm_unpackhi_epi16(e, o));
  };
  fold(loEven, loOdd, sums);
  fold(hiEven, hiOdd, sums + 16);
}

}  // namespace tunelab::workloads::ann::detail
