// The alloc workload's cases over the std::pmr resources.
#include "alloc_instance.h"

namespace tunelab::workloads::alloc {
TUNELAB_ALLOC_INSTANCE(PmrUnsyncAllocator)
TUNELAB_ALLOC_INSTANCE(PmrSyncAllocator)
TUNELAB_ALLOC_INSTANCE(PmrMonotonicAllocator)
TUNELAB_ALLOC_INSTANCE(Locked<PmrUnsyncAllocator>)
TUNELAB_ALLOC_INSTANCE(Locked<PmrMonotonicAllocator>)
}  // namespace tunelab::workloads::alloc
