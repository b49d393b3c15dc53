// lsh: random-hyperplane hashing (Charikar, STOC 2002). Each of `bits` hyperplanes through the
// base's mean gives one bit (the side a vector lies on); the angle between two vectors is
// estimated by the Hamming distance of their codes, counted with popcount over 64-bit words.
// The k · rerank nearest codes are re-ranked by the refiner.
#include <cblas.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <random>

#include "exact.h"
#include "refine.h"
#include "tunelab/probe/region.h"
#include "variants.h"

namespace tunelab::workloads::ann {

void require(bool condition, const std::string& what);

namespace {

class LshIndex final : public CountingIndex {
 public:
  explicit LshIndex(const Knobs& knobs) : m_knobs(knobs) {}

  void build(const Matrix& base, WorkerPool*) override {
    require(m_knobs.bits >= 64 && m_knobs.bits % 64 == 0,
            "bits=" + std::to_string(m_knobs.bits) + " must be a multiple of 64 (whole words).");
    require(m_knobs.rerank >= 1, "lsh needs rerank >= 1: Hamming distances only rank codes.");
    Phase training("train", m_stats.trainSeconds);
    const std::size_t d = base.d, bits = m_knobs.bits;
    m_words = bits / 64;
    m_mean.assign(d, 0);
    for (std::size_t i = 0; i < base.n; ++i)
      for (std::size_t j = 0; j < d; ++j) m_mean[j] += base.row(i)[j];
    for (auto& v : m_mean) v /= static_cast<float>(base.n);
    std::mt19937_64 rng(m_knobs.seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    m_planes.resize(bits * d);
    for (auto& v : m_planes) v = normal(rng);
    training.end();
    Phase encoding("encode", m_stats.encodeSeconds);
    m_codes.assign(base.n * m_words, 0);
    encode(base, 0, base.n, m_codes.data());
    m_refine.build(base, m_knobs.rerank, m_knobs.refine);
    encoding.end();
    m_stats.bytesPerVector = static_cast<double>(m_words * 8) + m_refine.bytesPerVector() +
                             4.0 * static_cast<double>(m_planes.size() + d) / static_cast<double>(base.n);
    m_n = base.n;
  }

  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    const std::size_t keep = m_refine.keep(m_knobs.k);
    std::vector<std::uint64_t> code(m_words);
    TopK<float> top(keep);
    for (std::size_t q = begin; q < end; ++q) {
      encode(queries, q, q + 1, code.data());
      top.reset(keep);
      std::uint32_t bar = UINT32_MAX;
      for (std::size_t i = 0; i < m_n; ++i) {
        const std::uint64_t* c = m_codes.data() + i * m_words;
        std::uint32_t h = 0;
        for (std::size_t w = 0; w < m_words; ++w) h += static_cast<std::uint32_t>(std::popcount(c[w] ^ code[w]));
        if (h <= bar) {
          top.push(static_cast<float>(h), static_cast<std::uint32_t>(i));
          const float t = top.threshold();
          bar = t >= 4e9f ? UINT32_MAX : static_cast<std::uint32_t>(t);
        }
      }
      m_refine.finish(queries.row(q), top.sorted(), q, out);
    }
    count(static_cast<double>((end - begin) * m_n));
  }

 private:
  // Codes of rows [begin, end): bit b set where (x − mean) · plane_b > 0.
  void encode(const Matrix& m, std::size_t begin, std::size_t end, std::uint64_t* out) const {
    const std::size_t d = m.d, bits = m_knobs.bits;
    constexpr std::size_t kRows = 256;
    std::vector<float> centred(kRows * d), proj(kRows * bits);
    for (std::size_t r0 = begin; r0 < end; r0 += kRows) {
      const std::size_t rows = std::min(kRows, end - r0);
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < d; ++j) centred[r * d + j] = m.row(r0 + r)[j] - m_mean[j];
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
                  static_cast<int>(bits), static_cast<int>(d), 1.0f, centred.data(),
                  static_cast<int>(d), m_planes.data(), static_cast<int>(d), 0.0f, proj.data(),
                  static_cast<int>(bits));
      for (std::size_t r = 0; r < rows; ++r) {
        std::uint64_t* code = out + (r0 - begin + r) * m_words;
        for (std::size_t w = 0; w < m_words; ++w) code[w] = 0;
        for (std::size_t b = 0; b < bits; ++b)
          if (proj[r * bits + b] > 0) code[b / 64] |= std::uint64_t{1} << (b % 64);
      }
    }
  }

  Knobs m_knobs;
  std::size_t m_words = 0, m_n = 0;
  std::vector<float> m_mean, m_planes;  // planes: bits × d
  std::vector<std::uint64_t> m_codes;   // n × words
  Refiner m_refine;
};

}  // namespace

std::unique_ptr<Index> makeLsh(const Knobs& knobs) { return std::make_unique<LshIndex>(knobs); }

}  // namespace tunelab::workloads::ann
