#include "refine.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "exact.h"
#include "tunelab/probe/region.h"

namespace tunelab::workloads::ann {
namespace detail {
bool hasAvx2Fma() {
#if defined(TUNELAB_ANN_X86_KERNELS)
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
#else
  return false;
#endif
}
}  // namespace detail

float l2(const float* a, const float* b, std::size_t d) {
#if defined(TUNELAB_ANN_X86_KERNELS)
  if (detail::hasAvx2Fma()) return detail::l2Avx2(a, b, d);
#endif
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  std::size_t j = 0;
  for (; j + 4 <= d; j += 4) {
    const float t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1], t2 = a[j + 2] - b[j + 2],
                t3 = a[j + 3] - b[j + 3];
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  for (; j < d; ++j) s0 += (a[j] - b[j]) * (a[j] - b[j]);
  return (s0 + s1) + (s2 + s3);
}

float l2Sq8(const float* q, const std::uint8_t* code, const float* min, const float* step,
            std::size_t d) {
#if defined(TUNELAB_ANN_X86_KERNELS)
  if (detail::hasAvx2Fma()) return detail::l2Sq8Avx2(q, code, min, step, d);
#endif
  float s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const float t = q[j] - (min[j] + static_cast<float>(code[j]) * step[j]);
    s += t * t;
  }
  return s;
}

void Refiner::build(const Matrix& base, std::size_t rerank, const std::string& kind) {
  if (kind != "flat" && kind != "sq8")
    throw std::invalid_argument("refine=" + kind + " is not one of flat, sq8.");
  m_rerank = rerank;
  m_sq8 = kind == "sq8";
  m_base = &base;
  m_d = base.d;
  m_codes.clear();
  if (!m_sq8 || rerank == 0) return;
  const std::size_t n = base.n, d = base.d;
  m_min.assign(d, INFINITY);
  std::vector<float> max(d, -INFINITY);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      m_min[j] = std::min(m_min[j], base.row(i)[j]);
      max[j] = std::max(max[j], base.row(i)[j]);
    }
  m_step.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    const float range = max[j] - m_min[j];
    // A range of at most 255 whole numbers keeps step 1: integers round-trip exactly.
    m_step[j] = range <= 255.0f && std::floor(range) == range ? 1.0f : range / 255.0f;
    if (m_step[j] == 0) m_step[j] = 1.0f;
  }
  m_codes.resize(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const float c = std::nearbyint((base.row(i)[j] - m_min[j]) / m_step[j]);
      m_codes[i * d + j] = static_cast<std::uint8_t>(std::clamp(c, 0.0f, 255.0f));
    }
}

double Refiner::bytesPerVector() const {
  if (m_rerank == 0) return 0;
  return m_sq8 ? static_cast<double>(m_d) : 4.0 * static_cast<double>(m_d);
}

float Refiner::distance(const float* query, std::uint32_t id) const {
  if (m_sq8) return l2Sq8(query, m_codes.data() + std::size_t{id} * m_d, m_min.data(), m_step.data(), m_d);
  return l2(query, m_base->row(id), m_d);
}

void Refiner::finish(const float* query, std::vector<std::pair<float, std::uint32_t>>& candidates,
                     std::size_t q, Neighbors& out) const {
  if (m_rerank > 0) {
    TUNELAB_REGION("rerank");
    for (auto& c : candidates) c.first = distance(query, c.second);
    const std::size_t keep = std::min(out.k, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                      candidates.end());
    candidates.resize(keep);
  }
  store(out, q, candidates);
}

}  // namespace tunelab::workloads::ann
