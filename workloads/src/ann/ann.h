#pragma once

// Nearest-neighbour search, from brute force to product quantization: the data (Fashion-MNIST,
// a synthetic generator, a points file), the exact answer every variant is scored against, and
// one Index interface that each variant implements (tunelab's own and the peers FAISS and
// hnswlib alike), so the workload times and scores them all the same way.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tunelab/model/result.h"

namespace tunelab::workloads {
class WorkerPool;
}

namespace tunelab::workloads::ann {

using model::Result;

// n rows of d float32 values, row-major and contiguous.
struct Matrix {
  std::size_t n = 0;
  std::size_t d = 0;
  std::vector<float> values;  // n * d
  const float* row(std::size_t i) const { return values.data() + i * d; }
};

struct Dataset {
  std::string name;  // "fashion-mnist", "synthetic", or the file's name
  Matrix base;
  Matrix queries;
};

// ---- data --------------------------------------------------------------------------------
// Where Debian's dataset-fashion-mnist puts the IDX files; TUNELAB_FASHION_MNIST overrides it.
std::string fashionMnistDir();
// The first nBase training images as base vectors and the first nQueries test images as
// queries (784-d, pixel values 0–255 as float, as ann-benchmarks' fashion-mnist-784-euclidean).
// Refuses nBase > 60000 or nQueries > 10000, and a missing package with how to install it.
Result<Dataset> loadFashionMnist(std::size_t nBase, std::size_t nQueries);
// FAISS's synthetic recipe (SyntheticDataset): a Gaussian in a low intrinsic dimension mapped
// to d by a random linear map and a non-linearity, so neighbours are meaningful (i.i.d.
// Gaussians in high d are degenerate: every point is almost equally far from every other).
// Base and queries come from the same distribution; one seed gives the same vectors everywhere.
Dataset synthetic(std::size_t nBase, std::size_t nQueries, std::size_t d, std::uint64_t seed);

// ---- the exact answer --------------------------------------------------------------------
// k nearest base rows of each query, nearest first: ids[q*k + j], dist[q*k + j] (squared L2).
struct Neighbors {
  std::size_t nq = 0;
  std::size_t k = 0;
  std::vector<std::uint32_t> ids;
  std::vector<float> dist;
  void resize(std::size_t queries, std::size_t kk) {
    nq = queries;
    k = kk;
    ids.assign(nq * k, 0);
    dist.assign(nq * k, 0.0f);
  }
};
// Squared L2 accumulated in double in index order: the distance ground truth is ranked by.
double exactDistance(const float* a, const float* b, std::size_t d);
// Exact k-NN by exactDistance, ties to the lower id, over the pool (may be null).
Neighbors groundTruth(const Dataset& data, std::size_t k, WorkerPool* pool);
// recall@at: the fraction of each query's `at` true nearest that appear among the first `at`
// found, averaged over queries (ann-benchmarks' definition). at <= truth.k and found.k.
double recall(const Neighbors& found, const Neighbors& truth, std::size_t at);

// ---- the variants ------------------------------------------------------------------------
// The knobs a variant may read; each reads only its own.
struct Knobs {
  std::size_t k = 10;         // neighbours per query
  std::size_t m = 8;          // PQ sub-spaces (sub-quantizers)
  std::size_t nlist = 64;     // IVF lists
  std::size_t nprobe = 4;     // IVF lists visited per query
  std::size_t rerank = 4;     // candidates re-ranked: k · rerank (0: none)
  std::string refine = "flat";  // re-ranking from: flat (raw floats) or sq8 (refine.h)
  std::size_t ef = 32;        // hnsw search beam
  std::size_t hnswM = 16;     // hnsw links per node
  std::size_t bits = 64;      // lsh code bits
  std::uint64_t seed = 42;    // training's seeds
  std::size_t batch = 256;    // queries per batch of the batched exact search
};

// What a built index reports (the workload stores them as metrics).
struct IndexStats {
  double trainSeconds = 0;   // learning codebooks, rotations, coarse quantizers
  double encodeSeconds = 0;  // adding the base vectors (encoding, linking)
  double bytesPerVector = 0; // the index's memory per base vector, everything it keeps
  // Distances computed in the last search (exact, or through a lookup table), summed over
  // queries; 0 where the library does not say.
  double distanceEvaluations = 0;
  // mpi: the last search's gather, merge and broadcast of the shards' top-k.
  double mergeSeconds = 0;
};

class Index {
 public:
  virtual ~Index() = default;
  // Trains and adds the base set. Untimed by the workload (its seconds are metrics).
  virtual void build(const Matrix& base, WorkerPool* pool) = 0;
  // Searches queries [begin, end) into out (sized by the caller: out.nq == queries.n). Safe
  // to call concurrently on disjoint ranges: the workload splits a batch over its workers.
  virtual void search(const Matrix& queries, std::size_t begin, std::size_t end,
                      Neighbors& out) const = 0;
  virtual IndexStats stats() const = 0;
};

// One factory per variant name ("naive", "gemm", "pq", "pq4fs", "ivfpq", "faiss-flat", …);
// null for an unknown name.
std::unique_ptr<Index> makeIndex(const std::string& variant, const Knobs& knobs);

}  // namespace tunelab::workloads::ann
