// The assignment kernel for the build's baseline instruction set (SSE2 on x86-64: 4 float
// lanes, no FMA), which every CPU the binary runs on has.
#include "assign_kernel_impl.h"

namespace tunelab::workloads::kmeans {
static_assert(kTileBaseline == 4 * 1);
void assignBaseline(const KernelCentroids& c, const KernelBlock& block) {
  assignBlock<4, 1>(c, block);
}
}  // namespace tunelab::workloads::kmeans
