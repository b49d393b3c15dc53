// The AVX-512 fast-scan kernel (AVX512BW's 512-bit vpshufb: two pairs of sub-quantizers per
// instruction), compiled with -mavx512bw (workloads/CMakeLists.txt) and called only where the
// CPU runs it (scan4HasAvx512). Same sums and mask as the AVX2 and scalar kernels.
#include <immintrin.h>

#include "fastscan.h"

namespace tunelab::workloads::ann::detail {

std::uint32_t blockSumsAvx512(const std::uint8_t* block, const std::uint8_t* table,
                              std::size_t pairs, std::uint16_t bar, std::uint16_t* sums) {
  const __m512i low4 = _mm512_set1_epi8(0x0f);
  const __m512i lowByte = _mm512_set1_epi16(0x00ff);
  __m512i loEven = _mm512_setzero_si512(), loOdd = loEven, hiEven = loEven, hiOdd = loEven;
  std::size_t p = 0;
  auto step = [&](__m512i codes, __m512i lut) {
    const __m512i lo = _mm512_and_si512(codes, low4);
    const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(codes, 4), low4);
    const __m512i dLo = _mm512_shuffle_epi8(lut, lo);
    const __m512i dHi = _mm512_shuffle_epi8(lut, hi);
    loEven = _mm512_add_epi16(loEven, _mm512_and_si512(dLo, lowByte));
    loOdd = _mm512_add_epi16(loOdd, _mm512_srli_epi16(dLo, 8));
    hiEven = _mm512_add_epi16(hiEven, _mm512_and_si512(dHi, lowByte));
    hiOdd = _mm512_add_epi16(hiOdd, _mm512_srli_epi16(dHi, 8));
  };
  for (; p + 2 <= pairs; p += 2)
    step(_mm512_loadu_si512(block + p * 32), _mm512_loadu_si512(table + p * 32));
  if (p < pairs) {  // an odd pair count: the upper half's table is zero, it adds nothing
    const __mmask64 half = 0xffffffffull;
    step(_mm512_maskz_loadu_epi8(half, block + p * 32), _mm512_maskz_loadu_epi8(half, table + p * 32));
  }
  // Four 128-bit lanes, one sub-quantizer each: add them up. Halves go through memory: GCC 12
  // warns "used uninitialized" inside every 512 → 256-bit extract and shuffle intrinsic.
  alignas(64) std::uint16_t spill[4][32];
  _mm512_store_si512(spill[0], loEven);
  _mm512_store_si512(spill[1], loOdd);
  _mm512_store_si512(spill[2], hiEven);
  _mm512_store_si512(spill[3], hiOdd);
  auto fold = [&](int even, int odd) {
    auto half = [&](int v, int h) {
      return _mm256_load_si256(reinterpret_cast<const __m256i*>(spill[v] + 16 * h));
    };
    const __m256i e2 = _mm256_add_epi16(half(even, 0), half(even, 1));
    const __m256i o2 = _mm256_add_epi16(half(odd, 0), half(odd, 1));
    const __m128i e = _mm_add_epi16(_mm256_castsi256_si128(e2), _mm256_extracti128_si256(e2, 1));
    const __m128i o = _mm_add_epi16(_mm256_castsi256_si128(o2), _mm256_extracti128_si256(o2, 1));
    return _mm256_set_m128i(_mm_unpackhi_epi16(e, o), _mm_unpacklo_epi16(e, o));
  };
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums), fold(0, 1));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + 16), fold(2, 3));
  const __m512i all = _mm512_loadu_si512(sums);
  return static_cast<std::uint32_t>(_mm512_cmple_epu16_mask(all, _mm512_set1_epi16(static_cast<short>(bar))));
}

}  // namespace tunelab::workloads::ann::detail
