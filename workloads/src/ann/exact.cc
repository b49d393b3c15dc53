// Exact search: the ground truth, recall, and the two exact variants (naive, gemm).
#include "exact.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <unordered_set>

#include "tunelab/probe/region.h"
#include "tunelab/workloads/worker_pool.h"

namespace tunelab::workloads::ann {

double exactDistance(const float* a, const float* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += t * t;
  }
  return s;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<float> rowNorms(const Matrix& m) {
  std::vector<float> out(m.n);
  for (std::size_t i = 0; i < m.n; ++i) {
    const float* r = m.row(i);
    float s = 0;
    for (std::size_t j = 0; j < m.d; ++j) s += r[j] * r[j];
    out[i] = s;
  }
  return out;
}

void forEachShare(WorkerPool* pool, std::size_t begin, std::size_t end,
                  const std::function<void(std::size_t, std::size_t)>& body) {
  if (!pool || pool->size() <= 1 || end - begin < 2) {
    body(begin, end);
    return;
  }
  const auto workers = static_cast<std::size_t>(pool->size());
  pool->run([&](int w) {
    const std::size_t n = end - begin, i = static_cast<std::size_t>(w);
    body(begin + n * i / workers, begin + n * (i + 1) / workers);
  });
}

void store(Neighbors& out, std::size_t q, const std::vector<std::pair<float, std::uint32_t>>& list) {
  const std::size_t m = std::min(out.k, list.size());
  for (std::size_t j = 0; j < out.k; ++j) {
    out.ids[q * out.k + j] = j < m ? list[j].second : UINT32_MAX;
    out.dist[q * out.k + j] = j < m ? list[j].first : INFINITY;
  }
}

void gemmSearch(const Matrix& base, const std::vector<float>& baseNorms, const Matrix& queries,
                std::size_t begin, std::size_t end, std::size_t keep, std::size_t batch,
                const std::function<void(std::size_t q,
                                         std::vector<std::pair<float, std::uint32_t>>&)>& found) {
  constexpr std::size_t kBlock = 1024;  // base rows per tile: batch × 1024 floats stay in L2
  const std::size_t d = base.d;
  batch = std::max<std::size_t>(1, batch);
  std::vector<float> tile(batch * kBlock);
  std::vector<TopK<float>> tops(batch);
  for (std::size_t q0 = begin; q0 < end; q0 += batch) {
    const std::size_t b = std::min(batch, end - q0);
    for (std::size_t i = 0; i < b; ++i) tops[i].reset(keep);
    for (std::size_t x0 = 0; x0 < base.n; x0 += kBlock) {
      const std::size_t nb = std::min(kBlock, base.n - x0);
      // tile = −2 · Q · Xᵀ; ‖x‖² is added while the tile is scanned, ‖q‖² (which orders
      // nothing) at the end.
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(b),
                  static_cast<int>(nb), static_cast<int>(d), -2.0f, queries.row(q0),
                  static_cast<int>(d), base.row(x0), static_cast<int>(d), 0.0f, tile.data(),
                  static_cast<int>(nb));
      for (std::size_t i = 0; i < b; ++i) {
        const float* t = tile.data() + i * nb;
        auto& top = tops[i];
        float bar = top.threshold();
        for (std::size_t j = 0; j < nb; ++j) {
          const float dist = t[j] + baseNorms[x0 + j];
          if (dist <= bar) {
            top.push(dist, static_cast<std::uint32_t>(x0 + j));
            bar = top.threshold();
          }
        }
      }
    }
    for (std::size_t i = 0; i < b; ++i) {
      const float* r = queries.row(q0 + i);
      float qn = 0;
      for (std::size_t j = 0; j < d; ++j) qn += r[j] * r[j];
      auto& list = tops[i].sorted();
      for (auto& entry : list) entry.first = std::max(0.0f, entry.first + qn);
      found(q0 + i, list);
    }
  }
}

Neighbors groundTruth(const Dataset& data, std::size_t k, WorkerPool* pool) {
  // Candidates by the float32 expanded form, then ranked by exactDistance: the float form's
  // error (a few ulps of ‖q‖² + ‖x‖²) is far below the gap between the k-th and the
  // (k + 32 + k)-th neighbour on any data set whose ties are not exact; exact ties rank by id.
  const std::size_t keep = std::min(data.base.n, 2 * k + 32);
  const auto norms = rowNorms(data.base);
  Neighbors out;
  out.resize(data.queries.n, k);
  forEachShare(pool, 0, data.queries.n, [&](std::size_t b, std::size_t e) {
    std::vector<std::pair<double, std::uint32_t>> exact;
    std::vector<std::pair<float, std::uint32_t>> list;
    gemmSearch(data.base, norms, data.queries, b, e, keep, 64,
               [&](std::size_t q, std::vector<std::pair<float, std::uint32_t>>& candidates) {
                 exact.clear();
                 for (const auto& c : candidates)
                   exact.emplace_back(
                       exactDistance(data.queries.row(q), data.base.row(c.second), data.base.d),
                       c.second);
                 std::sort(exact.begin(), exact.end());
                 list.clear();
                 for (const auto& e2 : exact) list.emplace_back(static_cast<float>(e2.first), e2.second);
                 store(out, q, list);
               });
  });
  return out;
}

double recall(const Neighbors& found, const Neighbors& truth, std::size_t at) {
  if (truth.nq == 0 || at == 0) return 0;
  double hits = 0;
  std::unordered_set<std::uint32_t> want;
  for (std::size_t q = 0; q < truth.nq; ++q) {
    want.clear();
    for (std::size_t j = 0; j < at; ++j) want.insert(truth.ids[q * truth.k + j]);
    for (std::size_t j = 0; j < at; ++j) hits += want.count(found.ids[q * found.k + j]);
  }
  return hits / static_cast<double>(truth.nq * at);
}

namespace {

// naive: what a first program does — scalar L2 of every base row, a partial sort.
class NaiveIndex final : public CountingIndex {
 public:
  explicit NaiveIndex(const Knobs& knobs) : m_k(knobs.k) {}
  void build(const Matrix& base, WorkerPool*) override {
    m_base = &base;  // nothing to train or encode
    m_stats.bytesPerVector = static_cast<double>(base.d * sizeof(float));
  }
  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    const Matrix& base = *m_base;
    std::vector<std::pair<float, std::uint32_t>> all(base.n);
    for (std::size_t q = begin; q < end; ++q) {
      const float* x = queries.row(q);
      for (std::size_t i = 0; i < base.n; ++i) {
        const float* y = base.row(i);
        float s = 0;
        for (std::size_t j = 0; j < base.d; ++j) {
          const float t = x[j] - y[j];
          s += t * t;
        }
        all[i] = {s, static_cast<std::uint32_t>(i)};
      }
      const auto kk = std::min(m_k, all.size());
      std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kk), all.end());
      std::vector<std::pair<float, std::uint32_t>> head(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kk));
      store(out, q, head);
    }
    count(static_cast<double>((end - begin) * base.n));
  }
 private:
  std::size_t m_k;
  const Matrix* m_base = nullptr;
};

// gemm: exact search as ‖q‖² − 2QXᵀ + ‖x‖² over query batches with the top-k fused into the
// scan of each tile (the k-means assignment kernel's idea).
class GemmIndex final : public CountingIndex {
 public:
  explicit GemmIndex(const Knobs& knobs) : m_k(knobs.k), m_batch(knobs.batch) {}
  void build(const Matrix& base, WorkerPool*) override {
    Phase encoding("encode", m_stats.encodeSeconds);
    m_base = &base;
    m_norms = rowNorms(base);
    encoding.end();
    m_stats.bytesPerVector = static_cast<double>(base.d * sizeof(float) + sizeof(float));
  }
  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    gemmSearch(*m_base, m_norms, queries, begin, end, m_k, m_batch,
               [&](std::size_t q, std::vector<std::pair<float, std::uint32_t>>& list) {
                 store(out, q, list);
               });
    count(static_cast<double>((end - begin) * m_base->n));
  }
 private:
  std::size_t m_k, m_batch;
  const Matrix* m_base = nullptr;
  std::vector<float> m_norms;
};

}  // namespace

std::unique_ptr<Index> makeNaive(const Knobs& knobs) { return std::make_unique<NaiveIndex>(knobs); }
std::unique_ptr<Index> makeGemm(const Knobs& knobs) { return std::make_unique<GemmIndex>(knobs); }

}  // namespace tunelab::workloads::ann
