#include "ann_workload.h"

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>

#include "ann.h"
#include "exact.h"
#include "truth_cache.h"
#include "tunelab/io/points.h"
#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"
#include "variants.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;

const std::array kVariants = {
    VariantSpec{"naive", "scalar L2 to every base vector and a partial sort (the baseline)"},
    VariantSpec{"gemm",
                "exact: ‖q‖² − 2QXᵀ + ‖x‖² per batch of queries (OpenBLAS sgemm) with the top-k "
                "fused into the scan of each tile",
                true},
    VariantSpec{"lsh",
                "random-hyperplane hashing: `bits`-bit codes compared by popcount of XOR, the "
                "best k·rerank re-ranked exactly",
                true},
    VariantSpec{"pq",
                "product quantization, m × 8-bit codes learned by tunelab's k-means; float lookup "
                "tables (ADC) over every code, the best k·rerank re-ranked exactly",
                true},
    VariantSpec{"pq4fs",
                "4-bit PQ fast-scan: uint8 tables held in AVX-512/AVX2 registers (vpshufb), codes "
                "in blocks of 32; the best k·rerank re-ranked exactly",
                true},
    VariantSpec{"opq",
                "pq4fs after an orthogonal rotation learned by alternating least squares "
                "(orthogonal Procrustes through LAPACK's SVD)",
                true},
    VariantSpec{"ivfpq",
                "coarse k-means (nlist lists), 4-bit residual PQ fast-scan in the nprobe nearest "
                "lists, precomputed tables; the best k·rerank re-ranked exactly",
                true},
    VariantSpec{"mpi",
                "the base sharded across MPI ranks, each searched exactly (gemm), the shards' "
                "top-k gathered and merged at rank 0 (merge_seconds; swept over --ranks, started "
                "with mpirun)",
                false, true},
    VariantSpec{"faiss-flat", "peer: FAISS IndexFlatL2 (Debian's libfaiss, exact)", true},
    VariantSpec{"faiss-pq", "peer: FAISS IndexPQ, m × 8 bits", true},
    VariantSpec{"faiss-pqfs",
                "peer: FAISS IndexPQFastScan, m × 4 bits (Debian's build is generic: no AVX2 "
                "kernel)",
                true},
    VariantSpec{"faiss-ivfpqfs",
                "peer: FAISS IVF{nlist},PQ{m}x4fs,RFlat (nprobe; k_factor = rerank)", true},
    VariantSpec{"hnsw", "peer: hnswlib HNSW graph (hnsw_m links, ef_construction 200, ef)", true},
};

const std::array kParams = {
    ParamSpec{"dataset", ParamType::Text, "synthetic",
              "synthetic (FAISS's recipe, from n, nq, d, seed), fashion-mnist (Debian's "
              "dataset-fashion-mnist: 784-d, up to 60000 base and 10000 queries), or a points file "
              "FILE.csv / FILE.f32 whose first n rows are the base and the next nq the queries",
              0, 0},
    ParamSpec{"n", ParamType::Int, "10000", "base vectors searched", 1, 1e9},
    ParamSpec{"nq", ParamType::Int, "200", "queries", 1, 1e8},
    ParamSpec{"d", ParamType::Int, "64", "dimensions (synthetic; a data set fixes it)", 1, 65536},
    ParamSpec{"k", ParamType::Int, "10", "neighbours per query (recall@1 and @k are reported)", 1,
              1000},
    ParamSpec{"m", ParamType::Int, "16",
              "PQ sub-spaces (must divide d; at most 256 for the 4-bit codes)", 1, 4096},
    ParamSpec{"nlist", ParamType::Int, "64", "ivfpq, faiss-ivfpqfs: lists of the coarse quantizer",
              1, 1e7},
    ParamSpec{"nprobe", ParamType::Int, "8", "ivfpq, faiss-ivfpqfs: lists visited per query", 1,
              1e7},
    ParamSpec{"rerank", ParamType::Int, "4",
              "lsh, pq, pq4fs, opq, ivfpq: re-rank the best k·rerank (0: the codes' order; lsh needs "
              "1 or more)",
              0,
              10000},
    ParamSpec{"ef", ParamType::Int, "32", "hnsw: search beam width", 1, 1e6},
    ParamSpec{"hnsw_m", ParamType::Int, "16", "hnsw: links per node", 2, 10000},
    ParamSpec{"bits", ParamType::Int, "256", "lsh: hyperplanes (code bits), a multiple of 64", 64,
              65536},
    ParamSpec{"refine", ParamType::Text, "flat",
              "lsh, pq, pq4fs, opq, ivfpq: re-rank from the raw floats (flat: 4·d B per vector, exact) or "
              "8-bit scalar-quantized rows (sq8: d B)",
              0, 0, "flat,sq8"},
    ParamSpec{"batch", ParamType::Int, "256", "gemm: queries per sgemm batch", 1, 1e6},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the synthetic data and of training", 0,
              9.0e15},
};

void setParam(std::vector<model::Param>& params, std::string_view key, std::string value) {
  for (auto& p : params)
    if (p.key == key) p.value = std::move(value);
}

std::size_t sizeParam(const std::vector<model::Param>& params, std::string_view key) {
  return static_cast<std::size_t>(paramInt(params, key));
}

Result<ann::Dataset> loadDataset(const std::vector<model::Param>& params) {
  const std::string name = paramText(params, "dataset");
  const std::size_t n = sizeParam(params, "n"), nq = sizeParam(params, "nq");
  if (name == "synthetic")
    return ann::synthetic(n, nq, sizeParam(params, "d"),
                          static_cast<std::uint64_t>(paramInt(params, "seed")));
  if (name == "fashion-mnist") return ann::loadFashionMnist(n, nq);
  auto table = io::readPoints(name, {});
  if (!table) return table.error();
  if (table->rows < n + nq)
    return Error{ErrorKind::Input, "ann: " + name + " has " + std::to_string(table->rows) +
                                       " rows; n=" + std::to_string(n) + " base and nq=" +
                                       std::to_string(nq) +
                                       " queries need n + nq. Choose smaller n or nq."};
  const std::size_t d = table->cols;
  ann::Dataset out;
  out.name = name;
  out.base = {n, d, std::vector<float>(table->values.begin(), table->values.begin() + static_cast<std::ptrdiff_t>(n * d))};
  out.queries = {nq, d, std::vector<float>(table->values.begin() + static_cast<std::ptrdiff_t>(n * d),
                                           table->values.begin() + static_cast<std::ptrdiff_t>((n + nq) * d))};
  return out;
}

// One data set and its ground truth per parameter set, kept for the process: a sweep of
// nprobe or rerank (one case each) reads and scores the same vectors.
struct Prepared {
  std::shared_ptr<const ann::Dataset> data;
  std::shared_ptr<const ann::Neighbors> truth;
};

Result<Prepared> prepared(const std::vector<model::Param>& params) {
  static std::mutex mutex;
  static std::map<std::string, Prepared> cache;
  std::string key;
  for (const char* k : {"dataset", "n", "nq", "d", "k", "seed"})
    key += paramText(params, k) + "\x1f";
  std::lock_guard lock(mutex);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto data = loadDataset(params);
  if (!data) return data.error();
  Prepared p;
  p.data = std::make_shared<const ann::Dataset>(std::move(*data));
  const std::size_t k = sizeParam(params, "k");
  const auto path = ann::truthCachePath(paramText(params, "dataset"), sizeParam(params, "n"),
                                        sizeParam(params, "nq"), sizeParam(params, "d"),
                                        static_cast<std::uint64_t>(paramInt(params, "seed")), k);
  p.truth = std::make_shared<const ann::Neighbors>(ann::cachedGroundTruth(*p.data, k, path, nullptr));
  if (cache.size() >= 4) cache.clear();  // keep memory bounded across a long sweep
  cache[key] = p;
  return p;
}

class AnnInstance final : public Instance {
 public:
  AnnInstance(Prepared prepared, std::unique_ptr<ann::Index> index, int threads, std::size_t k,
              bool distributed)
      : m_prepared(std::move(prepared)),
        m_index(std::move(index)),
        m_threads(threads),
        m_k(k),
        m_distributed(distributed) {
    if (threads > 1) m_pool = std::make_unique<WorkerPool>(threads);
    m_found.resize(m_prepared.data->queries.n, k);
  }
  ann::Index& index() { return *m_index; }
  WorkerPool* pool() { return m_pool.get(); }

  void run() override {
    const auto& queries = m_prepared.data->queries;
    const auto t0 = std::chrono::steady_clock::now();
    ann::forEachShare(m_pool.get(), 0, queries.n, [&](std::size_t b, std::size_t e) {
      m_index->search(queries, b, e, m_found);
    });
    m_seconds = ann::secondsSince(t0);
    m_stats = m_index->stats();
  }

  std::vector<model::Metric> metrics() const override {
    const auto& truth = *m_prepared.truth;
    const double nq = static_cast<double>(truth.nq);
    const double qps = m_seconds > 0 ? nq / m_seconds : 0;
    std::vector<model::Metric> out = {
        {"recall_at_1", ann::recall(m_found, truth, 1), ""},
        {"recall_at_k", ann::recall(m_found, truth, m_k), ""},
        {"qps", qps, "queries/s"},
        {"qps_per_core", qps / m_threads, "queries/s"},
        {"ms_per_query", nq > 0 ? m_seconds * 1e3 / nq : 0, "ms"},
        {"bytes_per_vector", m_stats.bytesPerVector, "B"},
        {"train_seconds", m_stats.trainSeconds, "s"},
        {"encode_seconds", m_stats.encodeSeconds, "s"},
        {"distance_evaluations", m_stats.distanceEvaluations, ""},
    };
    if (m_distributed) out.push_back({"merge_seconds", m_stats.mergeSeconds, "s"});
    return out;
  }

 private:
  Prepared m_prepared;
  std::unique_ptr<ann::Index> m_index;
  int m_threads;
  std::size_t m_k;
  bool m_distributed;
  std::unique_ptr<WorkerPool> m_pool;
  ann::Neighbors m_found;
  ann::IndexStats m_stats;
  double m_seconds = 0;
};

ann::Knobs knobsOf(const std::vector<model::Param>& params) {
  ann::Knobs k;
  k.k = sizeParam(params, "k");
  k.m = sizeParam(params, "m");
  k.nlist = sizeParam(params, "nlist");
  k.nprobe = sizeParam(params, "nprobe");
  k.rerank = sizeParam(params, "rerank");
  k.batch = sizeParam(params, "batch");
  k.refine = paramText(params, "refine");
  k.bits = sizeParam(params, "bits");
  k.ef = sizeParam(params, "ef");
  k.hnswM = sizeParam(params, "hnsw_m");
  k.seed = static_cast<std::uint64_t>(paramInt(params, "seed"));
  return k;
}

}  // namespace

namespace ann {
std::unique_ptr<Index> makeIndex(const std::string& variant, const Knobs& knobs) {
  if (variant == "naive") return makeNaive(knobs);
  if (variant == "gemm") return makeGemm(knobs);
  if (variant == "lsh") return makeLsh(knobs);
  if (variant == "pq") return makePq(knobs);
  if (variant == "pq4fs") return makePq4fs(knobs);
  if (variant == "opq") return makeOpq(knobs);
  if (variant == "ivfpq") return makeIvfpq(knobs);
  if (variant == "mpi") return makeMpi(knobs);
  if (variant == "faiss-flat") return makeFaissFlat(knobs);
  if (variant == "faiss-pq") return makeFaissPq(knobs);
  if (variant == "faiss-pqfs") return makeFaissPqfs(knobs);
  if (variant == "faiss-ivfpqfs") return makeFaissIvfpqfs(knobs);
  if (variant == "hnsw") return makeHnsw(knobs);
  return nullptr;
}
}  // namespace ann

std::string_view AnnWorkload::name() const { return "ann"; }
std::string_view AnnWorkload::summary() const {
  return "nearest-neighbour search: exact, LSH, product quantization, fast-scan, OPQ, IVF, MPI "
         "shards, against FAISS and hnswlib; recall against the exact answer";
}
std::span<const VariantSpec> AnnWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> AnnWorkload::params() const { return kParams; }

Result<std::vector<model::Param>> AnnWorkload::checkParams(std::vector<model::Param> params) const {
  const std::string dataset = paramText(params, "dataset");
  const std::size_t n = sizeParam(params, "n"), nq = sizeParam(params, "nq");
  if (dataset == "fashion-mnist") {
    if (n > 60000 || nq > 10000)
      return Error{ErrorKind::Usage, "ann: dataset=fashion-mnist has 60000 base vectors and 10000 "
                                     "queries; n=" + std::to_string(n) + ", nq=" +
                                         std::to_string(nq) + " asked for more."};
    setParam(params, "d", "784");
  } else if (dataset != "synthetic") {
    auto table = io::readPoints(dataset, {});
    if (!table) return table.error();
    if (table->rows < n + nq)
      return Error{ErrorKind::Input, "ann: " + dataset + " has " + std::to_string(table->rows) +
                                         " rows; n=" + std::to_string(n) + " base and nq=" +
                                         std::to_string(nq) + " queries need n + nq."};
    setParam(params, "d", std::to_string(table->cols));
  }
  const std::size_t d = sizeParam(params, "d"), k = sizeParam(params, "k"),
                    m = sizeParam(params, "m");
  if (k > n)
    return Error{ErrorKind::Input, "ann: k=" + std::to_string(k) + " neighbours of n=" +
                                       std::to_string(n) + " base vectors; choose k <= n."};
  if (d % m != 0)
    return Error{ErrorKind::Usage, "ann: m=" + std::to_string(m) + " PQ sub-spaces do not divide d=" +
                                       std::to_string(d) + "; choose a divisor of d."};
  if (sizeParam(params, "nlist") > n)
    return Error{ErrorKind::Usage, "ann: nlist=" + paramText(params, "nlist") +
                                       " lists need at least that many base vectors (n=" +
                                       std::to_string(n) + ")."};
  return params;
}

Result<std::unique_ptr<Instance>> AnnWorkload::prepare(const CaseConfig& config) const {
  auto p = prepared(config.params);
  if (!p) return p.error();
  auto index = ann::makeIndex(config.variant, knobsOf(config.params));
  if (!index) return Error{ErrorKind::Usage, "ann: no variant " + config.variant + "."};
  const bool distributed = config.variant == "mpi";
  if (distributed) {
    const auto world = kmeans::mpiWorld();
    if (world.size != config.ranks)
      return Error{ErrorKind::Usage,
                   "ann: variant mpi was asked for " + std::to_string(config.ranks) +
                       " ranks but runs in an MPI world of " + std::to_string(world.size) +
                       "; start it with `tunelab run ann -v mpi --ranks R`, which uses mpirun."};
  }
  auto instance = std::make_unique<AnnInstance>(*p, std::move(index), config.threads,
                                                sizeParam(config.params, "k"), distributed);
  try {
    instance->index().build(p->data->base, instance->pool());
  } catch (const std::invalid_argument& e) {
    return Error{ErrorKind::Input, "ann: " + config.variant + ": " + e.what()};
  }
  return std::unique_ptr<Instance>(std::move(instance));
}

}  // namespace tunelab::workloads
