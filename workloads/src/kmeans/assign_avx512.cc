// The assignment kernel for AVX-512 (16 float lanes, 32 registers: two point vectors × 8
// centroids of accumulators). Compiled with -mavx512f … (workloads/CMakeLists.txt); called
// only when the CPU reports AVX-512F/VL/DQ/BW.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileAvx512 == 16 * 2);
void assignAvx512(const KernelCentroids& c, const KernelBlock& block) {
  assignBlock<16, 2>(c, block);
}
}  // namespace tunelab::workloads::kmeans
