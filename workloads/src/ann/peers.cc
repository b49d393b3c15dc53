// The peers: Debian's builds of FAISS (libfaiss-dev 1.7.3, a static libfaiss.a) and hnswlib
// (libhnswlib-dev 0.6.2, header-only) behind the same Index interface as tunelab's own
// variants, so the workload times and scores them alike.
//
// Bad knobs: build() checks what the libraries would otherwise abort on, assert on or silently
// mis-handle (m not dividing d, nlist above the number of base vectors, too few vectors to
// train a codebook, hnsw M below 2, k == 0 …) and throws std::invalid_argument with a message
// that names the knob and its value; the workload turns it into a user error. Anything FAISS
// itself throws (faiss::FaissException, a std::exception) passes through unchanged.
//
// Threads: FAISS parallelizes with OpenMP. search() runs with one OpenMP thread on the calling
// thread (the workload splits queries over its own workers); build() with pool->size()
// threads (1 without a pool). Both set only the calling thread's OpenMP team size (libgomp
// keeps nthreads-var per thread) and restore it afterwards. FAISS also calls BLAS (OpenBLAS,
// through the libblas.so.3 the faiss target links): IndexFlatL2 for batches of >= 20 queries
// (faiss-flat, and the IVF's coarse quantizer), k-means, and PQ tables of sub-vectors of 16
// floats or more; OpenBLAS's own threads are not OpenMP's and are left as the workload sets
// them, as for the gemm variant.
//
// faiss::get_compile_options() of Debian's build says "OPTIMIZE GENERIC": no AVX2 kernels, so
// the fast-scan indexes run FAISS's generic (emulated-SIMD) code path, not the one FAISS's
// published fast-scan numbers come from.
//
// bytesPerVector is everything the index keeps, per base vector (as tunelab's own variants
// count it): what each vector costs, measured from the index's containers after add() (so
// fast-scan's padding to blocks of 32 rows and to an even number of sub-quantizers counts),
// plus the tables all vectors share, divided by n. PQ(tables) is 4 bytes for each float of
// the product quantizer's centroids, transposed_centroids, centroids_sq_lengths, sdc_table.
//   faiss-flat      codes.size() / n                                    = 4·d
//   faiss-pq        (codes.size() + PQ(tables)) / n                     ≈ m + 4·256·d / n
//   faiss-pqfs      (codes.nbytes() + PQ(tables)) / n                   ≈ ⌈m/2⌉ + 4·16·d / n
//   faiss-ivfpqfs   (Σ lists (codes.nbytes() + 8·ids) + the coarse quantizer's 4·nlist·d +
//                   PQ(tables) + precomputed_table) / n + RFlat's raw floats 4·d
//   hnsw            size_data_per_element_ (level-0 links 4·2M + 4, the vector 4·d, the
//                   8-byte label) + 8 (linkLists_ slot) + 4 (element_levels_) +
//                   sizeof(std::mutex) (link_list_locks_), plus per n: the upper levels'
//                   links ((4·M + 4)·level + 1 bytes for each element above level 0),
//                   label_lookup_ (libstdc++: a 24-byte node per element, 8 per bucket) and
//                   the 65536 link_list_update_locks_ (2.6 MB in all). Not counted: the
//                   visited lists hnswlib pools for searches (2·n bytes per concurrent search),
//                   scratch like every variant's search buffers.
//
// distanceEvaluations: faiss-flat, faiss-pq and faiss-pqfs are exhaustive (every query
// against every base vector, exactly or through its lookup table): queries · n. FAISS tells how
// many codes an IVF search scanned only through its process-wide indexIVF_stats, which is
// neither per index nor per call (concurrent searches add into it together), so
// faiss-ivfpqfs reports 0. hnswlib 0.6.2 always counts
// (not only in a stats build) metric_distance_computations in searchKnn: the adjacency
// entries examined at each hop, which bounds from above the distances computed (visited
// nodes are skipped); that is what hnsw reports.
#include <faiss/IndexFlat.h>
#include <faiss/IndexIVFPQFastScan.h>
#include <faiss/IndexPQ.h>
#include <faiss/IndexPQFastScan.h>
#include <faiss/IndexRefine.h>
#include <faiss/invlists/BlockInvertedLists.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// hnswlib's header defines non-inline functions (cpuid, xgetbv, AVXCapable): only this file
// may include it. It is not warning-clean under this project's flags (-Wold-style-cast,
// -Wshadow, -Wtype-limits, -Wunused-parameter), but from /usr/include it is a system header,
// whose warnings GCC does not report, so it needs no pragmas.
#include <hnswlib/hnswlib.h>

#include "exact.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/worker_pool.h"
#include "variants.h"

namespace tunelab::workloads::ann {
namespace {

using Clock = std::chrono::steady_clock;
using Idx = faiss::Index::idx_t;  // FAISS 1.7.3 has it inside Index (later versions: faiss::idx_t)

// The workload prefixes the message with "ann: <variant>: ".
void require(bool condition, const std::string& what) {
  if (!condition) throw std::invalid_argument(what);
}

// The calling thread's OpenMP team size for the scope; the previous one afterwards.
class OmpThreads {
 public:
  explicit OmpThreads(int threads) : m_saved(omp_get_max_threads()) {
    omp_set_num_threads(std::max(1, threads));
  }
  ~OmpThreads() { omp_set_num_threads(m_saved); }
  OmpThreads(const OmpThreads&) = delete;
  OmpThreads& operator=(const OmpThreads&) = delete;

 private:
  int m_saved;
};

// Checks every variant shares: a base set to index, k > 0, sizes FAISS's int and our uint32
// ids can hold.
void checkCommon(const Matrix& base, const Knobs& knobs) {
  require(base.n > 0 && base.d > 0, "the base set is empty.");
  require(knobs.k >= 1, "k must be at least 1.");
  require(base.n < UINT32_MAX, "n=" + std::to_string(base.n) + " is more than 32-bit ids name.");
  require(
      base.d <= static_cast<std::size_t>(INT_MAX) && knobs.k <= static_cast<std::size_t>(INT_MAX),
      "d and k must fit FAISS's int.");
}

// PQ with m sub-quantizers of 2^bits centroids each, trained on the n base vectors of d.
void checkPq(std::size_t n, std::size_t d, std::size_t m, unsigned bits) {
  require(m > 0 && d % m == 0, "m=" + std::to_string(m) + " sub-spaces do not divide d=" +
                                   std::to_string(d) + "; choose m among the divisors of d.");
  const std::size_t centroids = std::size_t{1} << bits;
  require(n >= centroids, "product quantization learns " + std::to_string(centroids) +
                              " centroids per sub-space; the base has only n=" + std::to_string(n) +
                              " vectors.");
}

// FAISS's own k-means warns on stderr below 39 training points per centroid; that bound
// only governs the warning (not sampling, not the result), and 5000 vectors for 8-bit PQ's
// 256 centroids would print it m times into the workload's output.
void quiet(faiss::ClusteringParameters& cp, std::uint64_t seed) {
  cp.min_points_per_centroid = 1;
  cp.seed = static_cast<int>(seed & 0x7fffffff);
}

// A product quantizer's tables: the codebooks and what FAISS derives from them.
double pqBytes(const faiss::ProductQuantizer& pq) {
  return 4.0 * static_cast<double>(pq.centroids.size() + pq.transposed_centroids.size() +
                                   pq.centroids_sq_lengths.size() + pq.sdc_table.size());
}

// Everything an index keeps, in bytes (see the table at the top of the file).
double keptBytes(const faiss::Index& index) {
  if (const auto* refine = dynamic_cast<const faiss::IndexRefine*>(&index))
    return keptBytes(*refine->base_index) + keptBytes(*refine->refine_index);
  if (const auto* pq = dynamic_cast<const faiss::IndexPQ*>(&index))
    return static_cast<double>(pq->codes.size()) + pqBytes(pq->pq);
  if (const auto* flat = dynamic_cast<const faiss::IndexFlatCodes*>(&index))
    return static_cast<double>(flat->codes.size());
  if (const auto* pqfs = dynamic_cast<const faiss::IndexPQFastScan*>(&index))
    return static_cast<double>(pqfs->codes.nbytes()) + pqBytes(pqfs->pq);
  if (const auto* ivf = dynamic_cast<const faiss::IndexIVFPQFastScan*>(&index)) {
    double bytes = keptBytes(*ivf->quantizer) + pqBytes(ivf->pq) +
                   static_cast<double>(ivf->precomputed_table.nbytes());
    if (const auto* blocks = dynamic_cast<const faiss::BlockInvertedLists*>(ivf->invlists)) {
      for (std::size_t l = 0; l < blocks->nlist; ++l)
        bytes +=
            static_cast<double>(blocks->codes[l].nbytes() + blocks->ids[l].size() * sizeof(Idx));
    } else {
      for (std::size_t l = 0; l < ivf->invlists->nlist; ++l)
        bytes += static_cast<double>(ivf->invlists->list_size(l) *
                                     (ivf->invlists->code_size + sizeof(Idx)));
    }
    return bytes;
  }
  throw std::logic_error("keptBytes: an index type peers.cc does not measure");
}

// ---- FAISS --------------------------------------------------------------------------------
// One class for the four FAISS variants: `make` creates the untrained index (after its knobs
// were checked), train() and add() are timed, search goes through faiss::Index::search.
class FaissIndex final : public CountingIndex {
 public:
  using Check = std::function<void(const Matrix& base)>;
  using Make = std::function<std::unique_ptr<faiss::Index>(const Matrix& base)>;

  FaissIndex(const Knobs& knobs, bool exhaustive, Check check, Make make)
      : m_knobs(knobs),
        m_exhaustive(exhaustive),
        m_check(std::move(check)),
        m_make(std::move(make)) {}

  void build(const Matrix& base, WorkerPool* pool) override {
    checkCommon(base, m_knobs);
    m_check(base);
    OmpThreads threads(pool ? pool->size() : 1);
    m_index = m_make(base);
    const auto n = static_cast<Idx>(base.n);
    {
      Phase training("train", m_stats.trainSeconds);
      m_index->train(n, base.values.data());
    }
    {
      Phase encoding("encode", m_stats.encodeSeconds);
      m_index->add(n, base.values.data());
    }
    m_stats.bytesPerVector = keptBytes(*m_index) / static_cast<double>(base.n);
    m_n = base.n;
  }

  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    if (begin >= end) return;
    OmpThreads one(1);
    const std::size_t nq = end - begin, k = m_knobs.k;
    std::vector<float> dist(nq * k);
    std::vector<Idx> labels(nq * k);
    m_index->search(static_cast<Idx>(nq), queries.row(begin), static_cast<Idx>(k), dist.data(),
                    labels.data());
    std::vector<std::pair<float, std::uint32_t>> list;
    for (std::size_t i = 0; i < nq; ++i) {
      list.clear();
      for (std::size_t j = 0; j < k; ++j) {
        const Idx id = labels[i * k + j];
        if (id >= 0) list.emplace_back(dist[i * k + j], static_cast<std::uint32_t>(id));
      }
      store(out, begin + i, list);
    }
    if (m_exhaustive) count(static_cast<double>(nq * m_n));
  }

 private:
  Knobs m_knobs;
  bool m_exhaustive;
  Check m_check;
  Make m_make;
  std::unique_ptr<faiss::Index> m_index;
  std::size_t m_n = 0;
};

// ---- hnswlib ------------------------------------------------------------------------------
// Inserted one point at a time on the calling thread: hnswlib 0.6.2's addPoint draws each
// node's level from one shared std::default_random_engine without a lock (getRandomLevel),
// so concurrent inserts race on it (undefined behaviour, and a ThreadSanitizer report) and
// the graph would depend on the interleaving. Serial insertion is race-free and the same
// graph every run; the pool is not used.
class HnswIndex final : public Index {
 public:
  explicit HnswIndex(const Knobs& knobs) : m_knobs(knobs) {}

  void build(const Matrix& base, WorkerPool*) override {
    checkCommon(base, m_knobs);
    // M = 1 makes hnswlib's level multiplier 1/ln(1) infinite; above 10000 it caps M with a
    // warning on stderr.
    require(m_knobs.hnswM >= 2 && m_knobs.hnswM <= 10000,
            "hnswM=" + std::to_string(m_knobs.hnswM) + " must be between 2 and 10000.");
    require(m_knobs.ef >= 1, "ef must be at least 1.");
    m_graph.reset();
    m_space = std::make_unique<hnswlib::L2Space>(base.d);
    {
      // hnswlib has no training: linking each vector into the graph is its encode.
      Phase encoding("encode", m_stats.encodeSeconds);
      m_graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(
          m_space.get(), base.n, m_knobs.hnswM, kEfConstruction, m_knobs.seed);
      for (std::size_t i = 0; i < base.n; ++i) m_graph->addPoint(base.row(i), i);
    }
    m_graph->setEf(m_knobs.ef);
    m_graph->metric_distance_computations = 0;
    m_graph->metric_hops = 0;
    m_stats.bytesPerVector = bytesPerElement();
  }

  void search(const Matrix& queries, std::size_t begin, std::size_t end,
              Neighbors& out) const override {
    TUNELAB_REGION("search");
    std::vector<std::pair<float, std::uint32_t>> list;
    for (std::size_t q = begin; q < end; ++q) {
      // A max-heap: the farthest of the k on top, so it fills the list from the back.
      auto heap = m_graph->searchKnn(queries.row(q), m_knobs.k);
      list.assign(heap.size(), {});
      for (std::size_t j = heap.size(); j-- > 0; heap.pop())
        list[j] = {heap.top().first, static_cast<std::uint32_t>(heap.top().second)};
      store(out, q, list);
    }
  }

  IndexStats stats() const override {
    IndexStats s = m_stats;
    s.distanceEvaluations =
        static_cast<double>(m_graph ? m_graph->metric_distance_computations.exchange(0) : 0);
    return s;
  }

 private:
  static constexpr std::size_t kEfConstruction = 200;

  // hnswlib's own memory per element (the formula at the top of the file).
  double bytesPerElement() const {
    const auto& g = *m_graph;
    const std::size_t n = g.cur_element_count;
    double upper = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (g.element_levels_[i] > 0)
        upper += static_cast<double>(
            g.size_links_per_element_ * static_cast<std::size_t>(g.element_levels_[i]) + 1);
    // libstdc++'s unordered_map<size_t, tableint> node: next pointer, key, value (hash codes
    // of std::hash<size_t> are not cached), plus one pointer per bucket.
    const double lookup = static_cast<double>(
        n * (sizeof(void*) + sizeof(std::pair<const hnswlib::labeltype, hnswlib::tableint>)) +
        g.label_lookup_.bucket_count() * sizeof(void*));
    // Shared by all elements: the 65536 mutexes that serialize updates of one element.
    const double shared =
        static_cast<double>(g.link_list_update_locks_.size() * sizeof(std::mutex));
    return static_cast<double>(g.size_data_per_element_ + sizeof(char*) + sizeof(int) +
                               sizeof(std::mutex)) +
           (upper + lookup + shared) / static_cast<double>(n);
  }

  Knobs m_knobs;
  std::unique_ptr<hnswlib::L2Space> m_space;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> m_graph;
  IndexStats m_stats;
};

}  // namespace

std::unique_ptr<Index> makeFaissFlat(const Knobs& knobs) {
  return std::make_unique<FaissIndex>(
      knobs, true, [](const Matrix&) {},
      [](const Matrix& base) {
        return std::make_unique<faiss::IndexFlatL2>(static_cast<Idx>(base.d));
      });
}

std::unique_ptr<Index> makeFaissPq(const Knobs& knobs) {
  return std::make_unique<FaissIndex>(
      knobs, true, [knobs](const Matrix& base) { checkPq(base.n, base.d, knobs.m, 8); },
      [knobs](const Matrix& base) {
        auto index = std::make_unique<faiss::IndexPQ>(static_cast<int>(base.d), knobs.m, 8);
        quiet(index->pq.cp, knobs.seed);
        return index;
      });
}

std::unique_ptr<Index> makeFaissPqfs(const Knobs& knobs) {
  return std::make_unique<FaissIndex>(
      knobs, true, [knobs](const Matrix& base) { checkPq(base.n, base.d, knobs.m, 4); },
      [knobs](const Matrix& base) {
        auto index = std::make_unique<faiss::IndexPQFastScan>(static_cast<int>(base.d), knobs.m, 4);
        quiet(index->pq.cp, knobs.seed);
        return index;
      });
}

// index_factory("IVF{nlist},PQ{m}x4fs,RFlat") builds an IndexRefine over an IndexFlat (the
// same thing as IndexRefineFlat, which this uses) around an IndexIVFPQFastScan with a flat L2
// coarse quantizer, by_residual off (the fast-scan IVF's default), blocks of 32.
std::unique_ptr<Index> makeFaissIvfpqfs(const Knobs& knobs) {
  return std::make_unique<FaissIndex>(
      knobs, false,
      [knobs](const Matrix& base) {
        require(knobs.nlist >= 1 && knobs.nlist <= base.n,
                "nlist=" + std::to_string(knobs.nlist) +
                    " lists need at least as many base vectors; n=" + std::to_string(base.n) + ".");
        require(knobs.nprobe >= 1, "nprobe must be at least 1.");
        checkPq(base.n, base.d, knobs.m, 4);
      },
      [knobs](const Matrix& base) -> std::unique_ptr<faiss::Index> {
        const auto d = static_cast<Idx>(base.d);
        auto quantizer = std::make_unique<faiss::IndexFlatL2>(d);
        auto ivf = std::make_unique<faiss::IndexIVFPQFastScan>(quantizer.get(), base.d, knobs.nlist,
                                                               knobs.m, 4);
        quantizer.release();  // owned by ivf from here
        ivf->own_fields = true;
        ivf->nprobe = std::min(knobs.nprobe, knobs.nlist);
        quiet(ivf->cp, knobs.seed);
        quiet(ivf->pq.cp, knobs.seed);
        auto refine = std::make_unique<faiss::IndexRefineFlat>(ivf.get());
        ivf.release();
        refine->own_fields = true;
        refine->k_factor = static_cast<float>(std::max<std::size_t>(1, knobs.rerank));
        return refine;
      });
}

std::unique_ptr<Index> makeHnsw(const Knobs& knobs) { return std::make_unique<HnswIndex>(knobs); }

}  // namespace tunelab::workloads::ann
