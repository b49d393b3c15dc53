// Dispatch of the tuned assignment kernel, and the centroid layout it reads.
//
// One source, three instruction sets: the kernel (assign_kernel_impl.h) is a template over
// the SIMD width, compiled into assign_avx512.cc, assign_avx2.cc and assign_baseline.cc with
// their own flags and picked here at run time from what the CPU reports. The binary stays
// portable (the build uses no -march) and still runs 512-bit code where the CPU has it.
#include "assign_kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunelab::workloads::kmeans {

void PackedCentroids::pack(const std::vector<float>& centroids, std::size_t k, std::size_t d) {
  constexpr std::size_t G = kCentroidGroup;
  if (k != m_k || d != m_d) {
    m_k = k;
    m_d = d;
    m_kPadded = (k + G - 1) / G * G;
    m_scaled = AlignedBuffer<float>(m_kPadded * d);
    m_norms = AlignedBuffer<float>(m_kPadded);
  }
  m_original = centroids.data();
  m_maxNorm = 0;
  for (std::size_t c = 0; c < m_kPadded; ++c) {
    const std::size_t g = c / G * G, r = c % G;
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const float v = c < k ? centroids[c * d + j] : 0.0f;
      m_scaled[g * d + j * G + r] = -2.0f * v;
      norm += static_cast<double>(v) * v;
    }
    m_norms[c] = c < k ? static_cast<float>(norm) : std::numeric_limits<float>::infinity();
    if (c < k) m_maxNorm = std::max(m_maxNorm, m_norms[c]);
  }
}

AssignKernel::AssignKernel(Simd simd) {
  switch (simd) {
#if defined(TUNELAB_KMEANS_X86_KERNELS)
    case Simd::Avx512:
      m_set = &kKernelsAvx512;
      m_lanes = 16;
      m_tilePoints = kTileAvx512;
      return;
    case Simd::Avx2:
      m_set = &kKernelsAvx2;
      m_lanes = 8;
      m_tilePoints = kTileAvx2;
      return;
#endif
    default:
      m_set = &kKernelsBaseline;
      m_lanes = 4;
      m_tilePoints = kTileBaseline;
      return;
  }
}

std::optional<Simd> parseSimd(std::string_view name) {
  if (name == "auto") return Simd::Auto;
  if (name == "avx512") return Simd::Avx512;
  if (name == "avx2") return Simd::Avx2;
  if (name == "sse2") return Simd::Sse2;
  return std::nullopt;
}

std::string_view toString(Simd simd) {
  switch (simd) {
    case Simd::Auto:
      return "auto";
    case Simd::Avx512:
      return "avx512";
    case Simd::Avx2:
      return "avx2";
    case Simd::Sse2:
      return "sse2";
  }
  return "?";
}

bool simdSupported(Simd simd) {
#if defined(TUNELAB_KMEANS_X86_KERNELS)
  switch (simd) {
    case Simd::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    case Simd::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default:
      return true;
  }
#else
  return simd == Simd::Auto || simd == Simd::Sse2;
#endif
}

Simd resolveSimd(Simd simd) {
  if (simd != Simd::Auto) return simd;
  if (simdSupported(Simd::Avx512)) return Simd::Avx512;
  if (simdSupported(Simd::Avx2)) return Simd::Avx2;
  return Simd::Sse2;
}

int simdLanes(Simd simd) { return AssignKernel(resolveSimd(simd)).lanes(); }

}  // namespace tunelab::workloads::kmeans
