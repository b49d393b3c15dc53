// The assignment kernel for AVX2 + FMA (8 float lanes, 16 registers: one point vector × 8
// centroids of accumulators). Compiled with -mavx2 -mfma (workloads/CMakeLists.txt); called
// only when the CPU reports both.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileAvx2 == 8 * 1);
void assignAvx2(const KernelCentroids& c, const KernelBlock& block) { assignBlock<8, 1>(c, block); }
}  // namespace tunelab::workloads::kmeans
