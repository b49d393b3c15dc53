// The assignment kernel for AVX-512 (16 float lanes, 32 registers: two point vectors × 8
// centroids of accumulators). Compiled with -mavx512f … (workloads/CMakeLists.txt); called
// only when the CPU reports AVX-512F/VL/DQ/BW.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileAvx512 == 16 * 2);
const KernelSet kKernelsAvx512 = {
    [](const KernelCentroids& c, const KernelBlock& b) { assignBlock<16, 2>(c, b); },
    [](const KernelCentroids& c, const KernelNearest& q) { nearestRows<16, 2>(c, q); },
    [](const KernelCentroids& c, const KernelAssigned& q) { assignedDistances<16>(c, q); },
};
}  // namespace tunelab::workloads::kmeans
