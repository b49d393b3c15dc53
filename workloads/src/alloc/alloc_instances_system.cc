// The alloc workload's cases over glibc, jemalloc, tcmalloc and mimalloc.
#include "alloc_instance.h"

namespace tunelab::workloads::alloc {
TUNELAB_ALLOC_INSTANCE(GlibcAllocator)
TUNELAB_ALLOC_INSTANCE(JemallocAllocator)
TUNELAB_ALLOC_INSTANCE(TcmallocAllocator)
TUNELAB_ALLOC_INSTANCE(MimallocAllocator)
}  // namespace tunelab::workloads::alloc
