#include "tunelab/workloads/alloc/pmr_allocators.h"

namespace tunelab::workloads::alloc {

void* CountingResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  void* p = std::pmr::new_delete_resource()->allocate(bytes, alignment);
  m_held.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  m_total.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  return p;
}

void CountingResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  std::pmr::new_delete_resource()->deallocate(p, bytes, alignment);
  m_held.fetch_sub(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
}

model::Result<std::unique_ptr<PmrMonotonicAllocator>> PmrMonotonicAllocator::create(
    const AllocatorShape&) {
  return std::make_unique<PmrMonotonicAllocator>();
}

}  // namespace tunelab::workloads::alloc
