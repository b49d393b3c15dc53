// Product quantization: training, encoding, tables; the `pq` (8-bit, float tables) and `pq4fs`
// (4-bit, fast-scan) indexes.
#include "pq.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "exact.h"
#include "fastscan.h"
#include "opq.h"
#include "refine.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "variants.h"

namespace tunelab::workloads::ann {

void require(bool condition, const std::string& what) {
  if (!condition) throw std::invalid_argument(what);
}

namespace {

kmeans::Points subspace(const Matrix& data, std::size_t s, std::size_t dsub, std::size_t stride) {
  const std::size_t rows = (data.n + stride - 1) / stride;
  kmeans::Points p{rows, dsub, std::vector<float>(rows * dsub)};
  for (std::size_t r = 0; r < rows; ++r)
    std::copy_n(data.row(r * stride) + s * dsub, dsub, p.values.data() + r * dsub);
  return p;
}

}  // namespace

void ProductQuantizer::train(const Matrix& data, std::size_t subspaces, std::size_t centroidsPerSpace,
                             std::uint64_t seed, WorkerPool* pool) {
  require(subspaces > 0 && data.d % subspaces == 0,
          "m=" + std::to_string(subspaces) + " sub-spaces do not divide d=" +
              std::to_string(data.d) + "; choose m among the divisors of d.");
  require(data.n >= centroidsPerSpace,
          "product quantization learns " + std::to_string(centroidsPerSpace) +
              " centroids per sub-space; the base has only n=" + std::to_string(data.n) +
              " vectors.");
  // Fast-scan adds m uint8 lookups in uint16 lanes: 256 · 255 still fits.
  require(centroidsPerSpace != 16 || subspaces <= 256,
          "m=" + std::to_string(subspaces) +
              " sub-spaces of 4-bit codes overflow the fast-scan kernel's 16-bit sums; choose m "
              "<= 256.");
  d = data.d;
  m = subspaces;
  ksub = centroidsPerSpace;
  dsub = d / m;
  centroids.assign(m * ksub * dsub, 0);
  const std::size_t sample = 256 * ksub;
  const std::size_t stride = std::max<std::size_t>(1, data.n / sample);
  for (std::size_t s = 0; s < m; ++s) {
    auto points = subspace(data, s, dsub, stride);
    // k-means++ seeds from a strided subsample of ≤ 32 rows per centroid: its D² passes (one
    // per centroid, in double) were half of the training on all 60 000 Fashion-MNIST rows.
    const std::size_t seedStride = std::max<std::size_t>(1, points.n / (32 * ksub));
    auto seeds = seedStride == 1 ? points : subspace(data, s, dsub, stride * seedStride);
    auto init = kmeans::initialCentroids(seeds, ksub, kmeans::Init::KmeansPlusPlus, seed + s);
    auto result = kmeans::lloyd(points, std::move(init), ksub, 25, pool, kmeans::Simd::Auto,
                                kmeans::Ties::Float32);
    std::copy(result.centroids.begin(), result.centroids.end(),
              centroids.begin() + static_cast<std::ptrdiff_t>(s * ksub * dsub));
  }
}

std::vector<std::uint8_t> ProductQuantizer::encode(const Matrix& data, WorkerPool* pool) const {
  std::vector<std::uint8_t> codes(data.n * m);
  for (std::size_t s = 0; s < m; ++s) {
    auto points = subspace(data, s, dsub, 1);
    // One Lloyd pass from the codebook: its labels are the nearest centroids.
    std::vector<float> book(centroids.begin() + static_cast<std::ptrdiff_t>(s * ksub * dsub),
                            centroids.begin() + static_cast<std::ptrdiff_t>((s + 1) * ksub * dsub));
    auto result = kmeans::lloyd(points, std::move(book), ksub, 1, pool, kmeans::Simd::Auto,
                                kmeans::Ties::Float32);
    for (std::size_t i = 0; i < data.n; ++i)
      codes[i * m + s] = static_cast<std::uint8_t>(result.labels[i]);
  }
  return codes;
}

void ProductQuantizer::table(const float* query, float* out) const {
  for (std::size_t s = 0; s < m; ++s)
    for (std::size_t j = 0; j < ksub; ++j)
      out[s * ksub + j] = l2(query + s * dsub, centroids.data() + (s * ksub + j) * dsub, dsub);
}

void ProductQuantizer::decode(const std::uint8_t* code, float* out) const {
  for (std::size_t s = 0; s < m; ++s)
    std::copy_n(centroids.data() + (s * ksub + code[s]) * dsub, dsub, out + s * dsub);
}

namespace {

// pq: m × 8-bit codes, float tables, every code scanned; the best k · rerank re-ranked
// exactly (rerank 0: the table's order is the answer).
class PqIndex final : public CountingIndex {
 public:
  explicit PqIndex(const Knobs& knobs) : m_knobs(knobs) {}
  void build(const Matrix& base, WorkerPool* pool) override {
    m_base = &base;
    Phase training("train", m_stats.trainSeconds);
    m_pq.train(base, m_knobs.m, 256, m_knobs.seed, pool);
    training.end();
    Phase encoding("encode", m_stats.encodeSeconds);
    m_codes = m_pq.encode(base, pool);
    m_refine.build(base, m_knobs.rerank, m_knobs.refine);
    encoding.end();
    m_stats.bytesPerVector = static_cast<double>(m_pq.m) + m_refine.bytesPerVector() +
                             m_pq.bytes() / static_cast<double>(base.n);
  }
  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    const std::size_t m = m_pq.m, n = m_base->n;
    std::vector<float> table(m * 256);
    const std::size_t keep = m_refine.keep(m_knobs.k);
    TopK<float> top(keep);
    for (std::size_t q = begin; q < end; ++q) {
      m_pq.table(queries.row(q), table.data());
      top.reset(keep);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* c = m_codes.data() + i * m;
        // Four chains of additions: one chain waited on each add's latency (116 q/s at m=56
        // on Fashion-MNIST, 4× below the loads' rate).
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        std::size_t j = 0;
        for (; j + 4 <= m; j += 4) {
          s0 += table[j * 256 + c[j]];
          s1 += table[(j + 1) * 256 + c[j + 1]];
          s2 += table[(j + 2) * 256 + c[j + 2]];
          s3 += table[(j + 3) * 256 + c[j + 3]];
        }
        for (; j < m; ++j) s0 += table[j * 256 + c[j]];
        const float s = (s0 + s1) + (s2 + s3);
        if (s <= top.threshold()) top.push(s, static_cast<std::uint32_t>(i));
      }
      m_refine.finish(queries.row(q), top.sorted(), q, out);
    }
    count(static_cast<double>((end - begin) * n));
  }
 private:
  Knobs m_knobs;
  const Matrix* m_base = nullptr;
  ProductQuantizer m_pq;
  Refiner m_refine;
  std::vector<std::uint8_t> m_codes;
};

// pq4fs: m × 4-bit codes packed for fast-scan, uint8 tables in registers; the best
// k · rerank re-ranked exactly.
// opq: the same after a learned rotation (opq.h): the codes are of x·R, each query is rotated
// before its table is made, and re-ranking uses the unrotated vectors.
class Pq4fsIndex final : public CountingIndex {
 public:
  Pq4fsIndex(const Knobs& knobs, bool rotate) : m_knobs(knobs), m_rotate(rotate) {}
  void build(const Matrix& base, WorkerPool* pool) override {
    m_base = &base;
    Phase training("train", m_stats.trainSeconds);
    Matrix rotated;
    if (m_rotate) {
      m_rotation = learnRotation(base, m_knobs.m, 16, 8, 16384, m_knobs.seed, pool);
      rotated = m_rotation.apply(base);
    }
    const Matrix& coded = m_rotate ? rotated : base;
    m_pq.train(coded, m_knobs.m, 16, m_knobs.seed, pool);
    training.end();
    Phase encoding("encode", m_stats.encodeSeconds);
    const auto codes = m_pq.encode(coded, pool);
    m_packed = pack4(codes.data(), base.n, m_pq.m);
    m_refine.build(base, m_knobs.rerank, m_knobs.refine);
    encoding.end();
    m_stats.bytesPerVector = (static_cast<double>(m_packed.bytes.size()) + m_pq.bytes() +
                              4.0 * static_cast<double>(m_rotation.r.size())) /
                                 static_cast<double>(base.n) +
                             m_refine.bytesPerVector();
  }
  const Rotation& rotation() const { return m_rotation; }
  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    // opq rotates the range's queries in one product (one query at a time was half its time)
    std::vector<float> table(m_pq.m * 16), rotated(m_rotate ? (end - begin) * queries.d : 0);
    if (m_rotate && end > begin) m_rotation.apply(queries.row(begin), end - begin, rotated.data());
    QuantizedTable quantized;
    const std::size_t keep = m_refine.keep(m_knobs.k);
    TopK<float> top(keep);
    for (std::size_t q = begin; q < end; ++q) {
      const float* x = m_rotate ? rotated.data() + (q - begin) * queries.d : queries.row(q);
      m_pq.table(x, table.data());
      const float range = tableRange(table.data(), m_pq.m);
      quantizeTable(table.data(), m_pq.m, range > 0 ? 255.0f / range : 1.0f, quantized);
      top.reset(keep);
      scan4(m_packed, quantized, nullptr, top);
      m_refine.finish(queries.row(q), top.sorted(), q, out);
    }
    count(static_cast<double>((end - begin) * m_base->n));
  }
 private:
  Knobs m_knobs;
  bool m_rotate;
  Rotation m_rotation;
  const Matrix* m_base = nullptr;
  ProductQuantizer m_pq;
  Refiner m_refine;
  PackedCodes m_packed;
};

}  // namespace

std::unique_ptr<Index> makePq(const Knobs& knobs) { return std::make_unique<PqIndex>(knobs); }
std::unique_ptr<Index> makePq4fs(const Knobs& knobs) {
  return std::make_unique<Pq4fsIndex>(knobs, false);
}
std::unique_ptr<Index> makeOpq(const Knobs& knobs) { return std::make_unique<Pq4fsIndex>(knobs, true); }

}  // namespace tunelab::workloads::ann
