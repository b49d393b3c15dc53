#include "fastscan.h"

#include <algorithm>
#include <cmath>

namespace tunelab::workloads::ann {

PackedCodes pack4(const std::uint8_t* codes, std::size_t n, std::size_t m) {
  PackedCodes out;
  out.n = n;
  out.pairs = (m + 1) / 2;
  const std::size_t blocks = (n + 31) / 32;
  out.bytes.assign(blocks * out.blockBytes(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t* block = out.bytes.data() + (i / 32) * out.blockBytes();
    const std::size_t j = i % 32;
    for (std::size_t s = 0; s < m; ++s) {
      std::uint8_t& byte = block[(s / 2) * 32 + (s % 2) * 16 + (j % 16)];
      const std::uint8_t c = codes[i * m + s] & 0x0f;
      byte |= j < 16 ? c : static_cast<std::uint8_t>(c << 4);
    }
  }
  return out;
}

std::uint8_t unpack4(const PackedCodes& packed, std::size_t i, std::size_t s) {
  const std::uint8_t* block = packed.bytes.data() + (i / 32) * packed.blockBytes();
  const std::size_t j = i % 32;
  const std::uint8_t byte = block[(s / 2) * 32 + (s % 2) * 16 + (j % 16)];
  return j < 16 ? byte & 0x0f : byte >> 4;
}

float tableRange(const float* table, std::size_t m) {
  float range = 0;
  for (std::size_t s = 0; s < m; ++s) {
    const float* row = table + s * 16;
    float lo = row[0], hi = row[0];
    for (std::size_t j = 1; j < 16; ++j) {
      lo = std::min(lo, row[j]);
      hi = std::max(hi, row[j]);
    }
    range = std::max(range, hi - lo);
  }
  return range;
}

void quantizeTable(const float* table, std::size_t m, float scale, QuantizedTable& out) {
  const std::size_t pairs = (m + 1) / 2;
  out.bytes.assign(pairs * 32, 0);
  out.scale = scale;
  out.bias = 0;
  for (std::size_t s = 0; s < m; ++s) {
    const float* row = table + s * 16;
    float lo = row[0];
    for (std::size_t j = 1; j < 16; ++j) lo = std::min(lo, row[j]);
    out.bias += lo;
    // Rounded half up (x ≥ 0) and capped: a loop the compiler turns into SIMD, where
    // nearbyint and clamp per entry were a third of a 1 M-vector ivfpq query's time.
    std::uint8_t* dst = out.bytes.data() + (s / 2) * 32 + (s % 2) * 16;
    for (std::size_t j = 0; j < 16; ++j) {
      const float q = std::min((row[j] - lo) * scale + 0.5f, 255.0f);
      dst[j] = static_cast<std::uint8_t>(static_cast<int>(q));
    }
  }
}

namespace detail {
std::uint32_t blockSumsScalar(const std::uint8_t* block, const std::uint8_t* table,
                              std::size_t pairs, std::uint16_t bar, std::uint16_t* sums) {
  std::fill(sums, sums + 32, 0);
  for (std::size_t p = 0; p < pairs; ++p)
    for (std::size_t half = 0; half < 2; ++half) {
      const std::uint8_t* codes = block + p * 32 + half * 16;
      const std::uint8_t* lut = table + p * 32 + half * 16;
      for (std::size_t j = 0; j < 16; ++j) {
        sums[j] = static_cast<std::uint16_t>(sums[j] + lut[codes[j] & 0x0f]);
        sums[j + 16] = static_cast<std::uint16_t>(sums[j + 16] + lut[codes[j] >> 4]);
      }
    }
  std::uint32_t mask = 0;
  for (std::uint32_t j = 0; j < 32; ++j) mask |= sums[j] <= bar ? 1u << j : 0u;
  return mask;
}
}  // namespace detail

bool scan4HasSimd() {
#if defined(TUNELAB_ANN_X86_KERNELS)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool scan4HasAvx512() {
#if defined(TUNELAB_ANN_X86_KERNELS)
  return __builtin_cpu_supports("avx512bw");
#else
  return false;
#endif
}

std::size_t scan4(const PackedCodes& packed, const QuantizedTable& table, const std::uint32_t* ids,
                  TopK<float>& top, ScanKernel kernel) {
  if (kernel == ScanKernel::Auto)
    kernel = scan4HasAvx512() ? ScanKernel::Avx512 : scan4HasSimd() ? ScanKernel::Avx2 : ScanKernel::Scalar;
  auto sumsOf = detail::blockSumsScalar;
#if defined(TUNELAB_ANN_X86_KERNELS)
  if (kernel == ScanKernel::Avx512) sumsOf = detail::blockSumsAvx512;
  if (kernel == ScanKernel::Avx2) sumsOf = detail::blockSumsAvx2;
#endif
  alignas(32) std::uint16_t sums[32];
  const std::size_t blocks = (packed.n + 31) / 32;
  const float inv = 1.0f / table.scale;
  for (std::size_t b = 0; b < blocks; ++b) {
    // The largest integer sum whose estimate can still enter: the float threshold mapped
    // back, one above for rounding (push decides exactly).
    const float bar = (top.threshold() - table.bias) * table.scale + 1.0f;
    if (bar < 0) continue;
    const auto barInt = static_cast<std::uint16_t>(std::min(bar, 65535.0f));
    std::uint32_t mask = sumsOf(packed.bytes.data() + b * packed.blockBytes(), table.bytes.data(),
                                packed.pairs, barInt, sums);
    const std::size_t count = std::min<std::size_t>(32, packed.n - b * 32);
    if (count < 32) mask &= (1u << count) - 1;
    // Only the vectors the kernel let through: a scalar look at all 32 was a third of the scan.
    for (; mask != 0; mask &= mask - 1) {
      const auto j = static_cast<std::size_t>(__builtin_ctz(mask));
      const std::size_t i = b * 32 + j;
      top.push(static_cast<float>(sums[j]) * inv + table.bias,
               ids ? ids[i] : static_cast<std::uint32_t>(i));
    }
  }
  return packed.n;
}

}  // namespace tunelab::workloads::ann
