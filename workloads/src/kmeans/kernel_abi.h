#pragma once

// What the tuned assignment kernels see: plain structs and raw pointers, nothing with inline
// member functions. The kernels are compiled three times with different instruction-set
// flags (assign_avx512.cc, assign_avx2.cc, assign_baseline.cc); an inline function shared
// with the rest of the program could be emitted from an AVX-512 file and picked by the linker
// for everyone, and would then crash on an older CPU. Keeping this interface to data avoids
// that.

#include <cstddef>
#include <cstdint>

namespace tunelab::workloads::kmeans {

struct BlockScalars {
  double inertia;
  std::uint64_t changed;      // labels that differ from the previous pass
  std::uint64_t fallbacks;    // near ties decided by the reference distance
  std::uint64_t evaluations;  // point–centroid distances computed
};

// Centroids in groups of kCentroidGroup, each group d × kCentroidGroup floats holding −2·c,
// so that a multiply-add chain started at ‖c‖² gives ‖c‖² − 2x·c. Padding centroids have
// norm +inf and never win.
inline constexpr std::size_t kCentroidGroup = 8;
struct KernelCentroids {
  const float* scaled;    // kPadded * d, [group][j][r]
  const float* norms;     // kPadded
  const float* original;  // k * d, row-major, for the exact fallback
  std::size_t k, kPadded, d;
  float maxNorm;  // over the real centroids
  // Scales the float32 error bound that sends near ties to the exact fallback: 1 for labels
  // exactly referenceNearest's, 0 to trust float32 (only exact ties fall back), as a
  // quantizer's training may (ann's PQ and coarse quantizers).
  float tieBound = 1.0f;
};

// Points [first, first + count) of x (row-major, the whole data set); labels is the whole
// label array; sums (k·d), counts (k) and scalars are the block's, zeroed by the caller;
// scratch holds d × tile floats, 64-byte aligned, one per worker.
struct KernelBlock {
  const float* x;
  std::size_t first, count;
  std::uint32_t* labels;
  double* sums;
  std::int64_t* counts;
  BlockScalars* scalars;
  float* scratch;
};

// Rows (contiguous, row-major) whose nearest and second-nearest centroids are wanted, and
// per row: the label, the float32 estimate of the squared distance to it, a lower bound on
// the squared distance to any other centroid, and whether the label could be decided in
// float32 (0: the two nearest are too close to call; decide with referenceNearest).
struct KernelNearest {
  const float* rows;
  std::size_t count;
  std::int32_t* label;
  float* best;
  float* secondLower;
  std::uint8_t* decided;
  float* scratch;
};

// Rows and their labels; out[i] = Σ (row_i − centroid_label_i)² in float32, relative error at
// most (d + 3)·2^-24.
struct KernelAssigned {
  const float* rows;
  std::size_t count;
  const std::uint32_t* labels;
  float* out;
};

// Points per tile (SIMD lanes × point vectors) of each kernel: the scratch it needs is
// d × tile floats.
inline constexpr std::size_t kTileAvx512 = 32, kTileAvx2 = 8, kTileBaseline = 4;

// The kernels of one instruction set.
struct KernelSet {
  void (*assign)(const KernelCentroids&, const KernelBlock&);
  void (*nearest)(const KernelCentroids&, const KernelNearest&);
  void (*assigned)(const KernelCentroids&, const KernelAssigned&);
};
extern const KernelSet kKernelsAvx512, kKernelsAvx2, kKernelsBaseline;

// The label of the nearest centroid by referenceDistance (ties: lowest index) and the squared
// distance to it. Out of line, compiled without contraction, so it rounds like lloydNaive.
std::uint32_t referenceNearest(const float* x, const float* centroids, std::size_t k, std::size_t d,
                               double& squaredDistance);

}  // namespace tunelab::workloads::kmeans
