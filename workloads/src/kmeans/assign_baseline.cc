// The assignment kernel for the build's baseline instruction set (SSE2 on x86-64: 4 float
// lanes, no FMA), which every CPU the binary runs on has.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileBaseline == 4 * 1);
const KernelSet kKernelsBaseline = {
    [](const KernelCentroids& c, const KernelBlock& b) { assignBlock<4, 1>(c, b); },
    [](const KernelCentroids& c, const KernelNearest& q) { nearestRows<4, 1>(c, q); },
    [](const KernelCentroids& c, const KernelAssigned& q) { assignedDistances<4>(c, q); },
};
}  // namespace tunelab::workloads::kmeans
