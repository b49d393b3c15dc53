// ivfpq: a coarse k-means quantizer (nlist lists), 4-bit PQ of the residuals scanned by the
// fast-scan kernel in the nprobe nearest lists, the best k · rerank re-ranked exactly.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "exact.h"
#include "fastscan.h"
#include "pq.h"
#include "refine.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/kmeans.h"
#include "variants.h"

namespace tunelab::workloads::ann {
namespace {

class IvfpqIndex final : public CountingIndex {
 public:
  explicit IvfpqIndex(const Knobs& knobs) : m_knobs(knobs) {}

  void build(const Matrix& base, WorkerPool* pool) override {
    require(m_knobs.nlist >= 1 && m_knobs.nlist <= base.n,
            "nlist=" + std::to_string(m_knobs.nlist) + " lists need at least as many base vectors; n=" +
                std::to_string(base.n) + ".");
    require(m_knobs.nprobe >= 1, "nprobe must be at least 1.");
    m_base = &base;
    const std::size_t d = base.d, nlist = m_knobs.nlist;
    Phase training("train", m_stats.trainSeconds);
    // Coarse quantizer: 20 Lloyd iterations from random seeds (FAISS's choice too: k-means++
    // seeding costs nlist passes over the sample) on a strided sample of ≤ 256 rows per list.
    const std::size_t stride = std::max<std::size_t>(1, base.n / (256 * nlist));
    kmeans::Points sample{(base.n + stride - 1) / stride, d, {}};
    sample.values.resize(sample.n * d);
    for (std::size_t r = 0; r < sample.n; ++r)
      std::copy_n(base.row(r * stride), d, sample.values.data() + r * d);
    auto init = kmeans::initialCentroids(sample, nlist, kmeans::Init::Random, m_knobs.seed);
    m_coarse = Matrix{nlist, d, kmeans::lloyd(sample, std::move(init), nlist, 20, pool, kmeans::Simd::Auto,
                                            kmeans::Ties::Float32)
                                  .centroids};
    m_coarseNorms = rowNorms(m_coarse);
    // Every base vector to its nearest list (one Lloyd pass from the centroids), residuals.
    kmeans::Points all{base.n, d, base.values};
    const auto labels = kmeans::lloyd(all, m_coarse.values, nlist, 1, pool, kmeans::Simd::Auto,
                                      kmeans::Ties::Float32)
                            .labels;
    Matrix residual{base.n, d, std::vector<float>(base.n * d)};
    for (std::size_t i = 0; i < base.n; ++i)
      for (std::size_t j = 0; j < d; ++j)
        residual.values[i * d + j] = base.row(i)[j] - m_coarse.row(labels[i])[j];
    m_pq.train(residual, m_knobs.m, 16, m_knobs.seed + 1, pool);
    // Per list and code: 2 c·p + ‖p‖², the part of a residual table no query changes.
    const std::size_t m = m_pq.m, dsub = m_pq.dsub;
    m_precomputed.assign(nlist * m * 16, 0);
    for (std::size_t l = 0; l < nlist; ++l)
      for (std::size_t s = 0; s < m; ++s)
        for (std::size_t j = 0; j < 16; ++j) {
          const float* p = m_pq.centroids.data() + (s * 16 + j) * dsub;
          const float* c = m_coarse.row(l) + s * dsub;
          float v = 0;
          for (std::size_t t = 0; t < dsub; ++t) v += 2 * c[t] * p[t] + p[t] * p[t];
          m_precomputed[(l * m + s) * 16 + j] = v;
        }
    training.end();
    Phase encoding("encode", m_stats.encodeSeconds);
    const auto codes = m_pq.encode(residual, pool);
    std::vector<std::vector<std::uint8_t>> listCodes(nlist);
    m_ids.assign(nlist, {});
    for (std::size_t i = 0; i < base.n; ++i) {
      m_ids[labels[i]].push_back(static_cast<std::uint32_t>(i));
      listCodes[labels[i]].insert(listCodes[labels[i]].end(), codes.begin() + static_cast<std::ptrdiff_t>(i * m),
                                  codes.begin() + static_cast<std::ptrdiff_t>((i + 1) * m));
    }
    m_lists.clear();
    std::size_t bytes = 0;
    for (std::size_t l = 0; l < nlist; ++l) {
      m_lists.push_back(pack4(listCodes[l].data(), m_ids[l].size(), m));
      bytes += m_lists.back().bytes.size() + m_ids[l].size() * sizeof(std::uint32_t);
    }
    encoding.end();
    // Everything the index keeps: codes and ids, and shared by all vectors the coarse
    // centroids, the codebooks and the precomputed tables.
    m_refine.build(base, m_knobs.rerank, m_knobs.refine);
    const double shared = 4.0 * static_cast<double>(m_coarse.values.size() + m_coarseNorms.size() +
                                                    m_precomputed.size()) +
                          m_pq.bytes();
    m_stats.bytesPerVector = (static_cast<double>(bytes) + shared) / static_cast<double>(base.n) +
                             m_refine.bytesPerVector();
  }

  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    const std::size_t m = m_pq.m, dsub = m_pq.dsub;
    const std::size_t nprobe = std::min(m_knobs.nprobe, m_knobs.nlist);
    const std::size_t keep = m_refine.keep(m_knobs.k);
    std::vector<float> qterm(m * 16), tables(nprobe * m * 16);
    std::vector<QuantizedTable> quantized(nprobe);
    TopK<float> top(keep);
    double scanned = 0;
    gemmSearch(m_coarse, m_coarseNorms, queries, begin, end, nprobe, 64,
               [&](std::size_t q, std::vector<std::pair<float, std::uint32_t>>& probes) {
                 const float* x = queries.row(q);
                 // −2 q·p for every code: shared by the probes
                 for (std::size_t s = 0; s < m; ++s)
                   for (std::size_t j = 0; j < 16; ++j) {
                     const float* p = m_pq.centroids.data() + (s * 16 + j) * dsub;
                     float v = 0;
                     for (std::size_t t = 0; t < dsub; ++t) v += x[s * dsub + t] * p[t];
                     qterm[s * 16 + j] = -2 * v;
                   }
                 // ‖q − c‖² − 2 q·p + 2 c·p + ‖p‖² = ‖q − c − p‖² summed over sub-spaces
                 float range = 0;
                 for (std::size_t i = 0; i < probes.size(); ++i) {
                   float* t = tables.data() + i * m * 16;
                   const float* pre = m_precomputed.data() + probes[i].second * m * 16;
                   for (std::size_t e = 0; e < m * 16; ++e) t[e] = qterm[e] + pre[e];
                   range = std::max(range, tableRange(t, m));
                 }
                 const float scale = range > 0 ? 255.0f / range : 1.0f;
                 top.reset(keep);
                 for (std::size_t i = 0; i < probes.size(); ++i) {
                   quantizeTable(tables.data() + i * m * 16, m, scale, quantized[i]);
                   quantized[i].bias += probes[i].first;  // the coarse distance ‖q − c‖²
                   const auto l = probes[i].second;
                   scanned += static_cast<double>(scan4(m_lists[l], quantized[i], m_ids[l].data(), top));
                 }
                 m_refine.finish(x, top.sorted(), q, out);
               });
    count(scanned);
  }

 private:
  Knobs m_knobs;
  const Matrix* m_base = nullptr;
  Matrix m_coarse;
  std::vector<float> m_coarseNorms;
  ProductQuantizer m_pq;
  Refiner m_refine;
  std::vector<float> m_precomputed;  // nlist × m × 16
  std::vector<std::vector<std::uint32_t>> m_ids;
  std::vector<PackedCodes> m_lists;
};

}  // namespace

std::unique_ptr<Index> makeIvfpq(const Knobs& knobs) { return std::make_unique<IvfpqIndex>(knobs); }

}  // namespace tunelab::workloads::ann
