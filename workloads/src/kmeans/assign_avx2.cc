// The assignment kernel for AVX2 + FMA (8 float lanes, 16 registers: one point vector × 8
// centroids of accumulators). Compiled with -mavx2 -mfma (workloads/CMakeLists.txt); called
// only when the CPU reports both.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileAvx2 == 8 * 1);
const KernelSet kKernelsAvx2 = {
    [](const KernelCentroids& c, const KernelBlock& b) { assignBlock<8, 1>(c, b); },
    [](const KernelCentroids& c, const KernelNearest& q) { nearestRows<8, 1>(c, q); },
    [](const KernelCentroids& c, const KernelAssigned& q) { assignedDistances<8>(c, q); },
};
}  // namespace tunelab::workloads::kmeans
