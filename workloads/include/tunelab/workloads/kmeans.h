#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
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

// ---- initialization --------------------------------------------------------------------
// Every method is serial code over the whole data set: the same seed gives the same initial
// centroids whatever the thread or rank count that later runs Lloyd's algorithm.
enum class Init {
  KmeansPlusPlus,  // Arthur & Vassilvitskii's D² seeding
  First,           // the first k points
  Random,          // k distinct points drawn uniformly
};
std::optional<Init> parseInit(std::string_view name);  // "kmeans++", "first", "random"
std::string_view toString(Init init);
// Returns k * d centroids. Needs 1 <= k <= points.n.
std::vector<float> initialCentroids(const Points& points, std::size_t k, Init init,
                                    std::uint64_t seed);
std::vector<float> kmeansPlusPlus(const Points& points, std::size_t k, std::uint64_t seed);

// ---- the answer every exact variant computes -------------------------------------------
// Assignment: each point goes to the centroid nearest by Euclidean distance accumulated in
// double from the float coordinates in index order (referenceDistance); on a tie, to the
// lowest index. Update: a centroid becomes the mean of its points (summed in double, rounded
// to float); a cluster that lost all its points keeps its previous centroid. The run stops
// after the first pass in which no label changed, or after maxIterations passes.
double referenceSquaredDistance(const float* a, const float* b, std::size_t d);
double referenceDistance(const float* a, const float* b, std::size_t d);  // the sqrt of it

// SIMD width of the tuned kernels. Auto picks the widest this CPU runs; the others exist to
// compare instruction sets on one machine (and to test every kernel the CPU can run).
enum class Simd { Auto, Avx512, Avx2, Sse2 };
std::optional<Simd> parseSimd(std::string_view name);  // "auto", "avx512", "avx2", "sse2"
std::string_view toString(Simd simd);
bool simdSupported(Simd simd);  // by this CPU (and this build)
Simd resolveSimd(Simd simd);    // Auto → the widest supported
int simdLanes(Simd simd);       // float lanes of a resolved width: 16, 8, 4

struct LloydResult {
  std::vector<float> centroids;       // k * d
  std::vector<std::uint32_t> labels;  // n
  double inertia = 0;                 // Σ squared distance to the assigned centroid (last pass)
  int iterations = 0;                 // assignment passes run
  std::vector<double> inertiaPerIteration;
  // Point–centroid distances computed (n·k per pass for Lloyd; fewer for Hamerly).
  std::uint64_t distanceEvaluations = 0;
  // Points whose nearest centroids were too close to call in float32, recomputed by the
  // reference distance (tuned kernels only).
  std::uint64_t exactFallbacks = 0;
  double assignSeconds = 0;  // wall time spent in the assignment passes
};

// The textbook version: an array of point structs, sqrt distances, one loop per step. The
// structs are built once (toTextbook), as a program that keeps its data this way would.
struct TextbookPoint {
  std::vector<float> coords;
  std::uint32_t cluster = 0;
};
std::vector<TextbookPoint> toTextbook(const Points& points);
LloydResult lloydNaive(std::vector<TextbookPoint>& points, std::vector<float> centroids,
                       std::size_t k, int maxIterations);
LloydResult lloydNaive(const Points& points, std::vector<float> centroids, std::size_t k,
                       int maxIterations);

// The tuned version: ‖x‖² − 2x·c + ‖c‖² as a register-blocked product with the argmin fused
// in (float32, the width of `simd`); points whose two nearest centroids are closer than the
// float32 error bound are decided by the reference distance, so labels are exactly
// lloydNaive's. Sums are accumulated per fixed block of points in double and folded in
// block order: the answer is bit-identical for every thread count. `pool` may be null.
//
// Ties::Float32 trusts the float32 estimates wherever the two nearest differ at all: no
// longer lloydNaive's labels, but a quantizer's training does not need them, and in high d
// with large norms (Fashion-MNIST: 784 pixels of 0–255) the error bound sent most points to
// the exact fallback (58 % of ann's training time).
enum class Ties { Exact, Float32 };
LloydResult lloyd(const Points& points, std::vector<float> centroids, std::size_t k,
                  int maxIterations, WorkerPool* pool, Simd simd = Simd::Auto,
                  Ties ties = Ties::Exact);

// Hamerly's algorithm: a lower bound on the distance to the second-nearest centroid and half
// the distance between centroids skip most distance computations. Each pass measures every
// point's distance to its own centroid (one distance per point, which also gives the
// inertia); the points the bounds cannot settle go through the tuned kernel. Same answer as
// lloyd (same labels, same blocks, same reduction).
LloydResult hamerly(const Points& points, std::vector<float> centroids, std::size_t k,
                    int maxIterations, WorkerPool* pool, Simd simd = Simd::Auto);

// ---- distributed (MPI) ----------------------------------------------------------------
// The MPI world of this process; the first call initializes MPI (finalized at exit).
struct MpiWorld {
  int rank = 0;
  int size = 1;
};
MpiWorld mpiWorld();

// Lloyd over the ranks of MPI_COMM_WORLD, each holding a shard of the n points: rows
// shardRange(n, k, d, rank, ranks), which are whole blocks of the serial variant's block
// layout. Per pass each rank runs the tuned kernel on its blocks, then the blocks' partial
// sums are folded in block order along a chain of the ranks (rank 0 folds its blocks and
// hands the running totals to rank 1, which folds its own onto them, …) and the last rank
// broadcasts the totals. That is foldPartials' order exactly: centroids, labels, inertia
// and counts are bit-identical to lloyd's for every rank count. Every rank passes the same
// initial centroids and gets the same centroids back; labels are the shard's.
LloydResult lloydDistributed(const Points& shard, std::size_t n, std::vector<float> centroids,
                             std::size_t k, int maxIterations, Simd simd = Simd::Auto);

// Rows [begin, end) of a rank's shard of n points: the whole blocks [B·rank/ranks,
// B·(rank+1)/ranks) of the block layout of n, k and d (B blocks, at most 256), so shards
// differ by at most one block; a rank may hold no rows when there are fewer blocks than
// ranks (small n, or a large k·d, which limits the blocks' partial sums to 64 MiB).
std::pair<std::size_t, std::size_t> shardRange(std::size_t n, std::size_t k, std::size_t d,
                                               int rank, int ranks);

}  // namespace tunelab::workloads::kmeans
