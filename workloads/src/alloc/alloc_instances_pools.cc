// The alloc workload's cases over tunelab's own pools and arena, and the loop's floor.
#include "alloc_instance.h"

namespace tunelab::workloads::alloc {
TUNELAB_ALLOC_INSTANCE(ObjectPool)
TUNELAB_ALLOC_INSTANCE(SizeClassPool)
TUNELAB_ALLOC_INSTANCE(Arena)
TUNELAB_ALLOC_INSTANCE(Locked<Arena>)
TUNELAB_ALLOC_INSTANCE(NullAllocator)
}  // namespace tunelab::workloads::alloc
