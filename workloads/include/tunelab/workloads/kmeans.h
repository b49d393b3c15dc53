#pragma once

#include <cstdint>
#include <vector>

namespace tunelab::workloads {
class WorkerPool;
}

namespace tunelab::workloads::kmeans {

// n points of d float32 coordinates, row-major and contiguous.
struct Points {
  std::size_t n = 0;
  std::size_t d = 0;
  std::vector<float> values;  // n * d
  const float* row(std::size_t i) const { return values.data() + i * d; }
};

struct BlobSpec {
  std::size_t n = 1000;
  std::size_t d = 2;
  std::size_t centers = 4;
  double spread = 1.0;  // standard deviation of each blob
  double box = 10.0;    // blob centres uniform in [-box, box]^d
  std::uint64_t seed = 42;
};

// Gaussian blobs; the same spec and seed give the same points on every run.
Points generateBlobs(const BlobSpec& spec);

// k-means++ seeding (Arthur & Vassilvitskii), deterministic for a seed and independent of
// how many threads later run Lloyd's algorithm. Returns k * d centroids.
std::vector<float> kmeansPlusPlus(const Points& points, std::size_t k, std::uint64_t seed);

struct LloydResult {
  std::vector<float> centroids;         // k * d
  std::vector<std::uint32_t> labels;    // n
  double inertia = 0;                   // Σ squared distance to the assigned centroid
  int iterations = 0;                   // assignment passes run
};

// Lloyd's algorithm from the given centroids: at most maxIterations assign/update passes,
// stopping early once no label changes. Sums are accumulated per fixed block of points in
// double and folded in block order, so the answer is bit-identical for every thread count.
// `pool` may be null (run on the calling thread).
LloydResult lloyd(const Points& points, std::vector<float> centroids, std::size_t k,
                  int maxIterations, WorkerPool* pool);

}  // namespace tunelab::workloads::kmeans
