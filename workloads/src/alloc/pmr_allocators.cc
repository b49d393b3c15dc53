#include "tunelab/workloads/alloc/pmr_allocators.h"

#include <new>

namespace tunelab::workloads::alloc {
namespace {

// std::pmr reports exhaustion by throwing; the Allocator interface by returning nullptr.
template <class Resource>
void* allocateOrNull(Resource& r, std::size_t size, std::size_t alignment) noexcept {
  try {
    return r.allocate(size, alignment);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

}  // namespace

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

model::Result<std::unique_ptr<PmrUnsyncAllocator>> PmrUnsyncAllocator::create(
    const AllocatorShape&) {
  return std::make_unique<PmrUnsyncAllocator>();
}
void* PmrUnsyncAllocator::allocate(std::size_t size, std::size_t alignment) {
  return allocateOrNull(m_pool, pmrPoolBytes(size, alignment), alignment);
}
AllocatorStats PmrUnsyncAllocator::stats() const {
  AllocatorStats s;
  s.poolBytes = m_upstream.heldBytes();
  s.osRequestedBytes = m_upstream.totalBytes();
  return s;
}

model::Result<std::unique_ptr<PmrSyncAllocator>> PmrSyncAllocator::create(const AllocatorShape&) {
  return std::make_unique<PmrSyncAllocator>();
}
void* PmrSyncAllocator::allocate(std::size_t size, std::size_t alignment) {
  return allocateOrNull(m_pool, pmrPoolBytes(size, alignment), alignment);
}
AllocatorStats PmrSyncAllocator::stats() const {
  AllocatorStats s;
  s.poolBytes = m_upstream.heldBytes();
  s.osRequestedBytes = m_upstream.totalBytes();
  return s;
}

model::Result<std::unique_ptr<PmrMonotonicAllocator>> PmrMonotonicAllocator::create(
    const AllocatorShape&) {
  return std::make_unique<PmrMonotonicAllocator>();
}
void* PmrMonotonicAllocator::allocate(std::size_t size, std::size_t alignment) {
  return allocateOrNull(m_buffer, size, alignment);
}
AllocatorStats PmrMonotonicAllocator::stats() const {
  AllocatorStats s;
  s.poolBytes = m_upstream.heldBytes();
  s.osRequestedBytes = m_upstream.totalBytes();
  return s;
}

}  // namespace tunelab::workloads::alloc
