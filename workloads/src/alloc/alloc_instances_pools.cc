// The alloc workload's cases over tunelab's own pools and arena.
#include "alloc_instance.h"

namespace tunelab::workloads::alloc {
TUNELAB_ALLOC_INSTANCE(ObjectPool)
TUNELAB_ALLOC_INSTANCE(SizeClassPool)
TUNELAB_ALLOC_INSTANCE(Arena)
TUNELAB_ALLOC_INSTANCE(Locked<Arena>)
}  // namespace tunelab::workloads::alloc
