#pragma once

// Re-ranking: the best k · rerank candidates of a compressed scan ranked again by a finer
// distance, from the raw float rows (`flat`, 4·d bytes per vector: exact) or from 8-bit
// scalar-quantized rows (`sq8`, d bytes: each dimension's [min, max] in 255 steps — exact for
// data that are integers spanning at most 255, as Fashion-MNIST's pixels are).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ann.h"

namespace tunelab::workloads::ann {

class Refiner {
 public:
  // rerank 0: no re-ranking (the scan's order is the answer). Throws std::invalid_argument
  // for a kind other than flat or sq8.
  void build(const Matrix& base, std::size_t rerank, const std::string& kind);
  // How many candidates the scan keeps for k neighbours.
  std::size_t keep(std::size_t k) const { return m_rerank > 0 ? k * m_rerank : k; }
  double bytesPerVector() const;
  // Ranks the scan's candidates (nearest first by the scan's estimate) and writes the k
  // nearest into row q of out.
  void finish(const float* query, std::vector<std::pair<float, std::uint32_t>>& candidates,
              std::size_t q, Neighbors& out) const;

 private:
  float distance(const float* query, std::uint32_t id) const;
  std::size_t m_rerank = 0;
  bool m_sq8 = false;
  const Matrix* m_base = nullptr;
  std::size_t m_d = 0;
  std::vector<std::uint8_t> m_codes;  // sq8: n × d
  std::vector<float> m_min, m_step;   // sq8: per dimension
};

// Squared L2 in float (AVX2 + FMA where the CPU runs them).
float l2(const float* a, const float* b, std::size_t d);
// Squared L2 from a query to a sq8 row: Σ (q_j − (min_j + code_j · step_j))².
float l2Sq8(const float* q, const std::uint8_t* code, const float* min, const float* step,
            std::size_t d);

namespace detail {
float l2Avx2(const float* a, const float* b, std::size_t d);
float l2Sq8Avx2(const float* q, const std::uint8_t* code, const float* min, const float* step,
                std::size_t d);
bool hasAvx2Fma();
}  // namespace detail

}  // namespace tunelab::workloads::ann
