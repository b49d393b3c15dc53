#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <new>
#include <type_traits>

#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {

// The upstream of the std::pmr variants: new_delete_resource with a count of the bytes it
// holds for the pool (P) and of all it was ever asked for.
class CountingResource final : public std::pmr::memory_resource {
 public:
  std::int64_t heldBytes() const noexcept { return m_held.load(std::memory_order_relaxed); }
  std::int64_t totalBytes() const noexcept { return m_total.load(std::memory_order_relaxed); }
  // P = the bytes held from upstream; what the OS was asked for = all it was ever asked.
  AllocatorStats stats() const noexcept {
    AllocatorStats s;
    s.poolBytes = heldBytes();
    s.osRequestedBytes = totalBytes();
    return s;
  }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
  std::atomic<std::int64_t> m_held{0};
  std::atomic<std::int64_t> m_total{0};
};

// std::pmr reports exhaustion by throwing; the Allocator interface by returning nullptr.
template <class Resource>
void* pmrAllocateOrNull(Resource& r, std::size_t size, std::size_t alignment) noexcept {
  try {
    return r.allocate(size, alignment);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

// libstdc++ 12's pool resources pick a pool by max(bytes, alignment) and align a block only
// as far as that pool's block size does: 100 bytes at alignment 64 came back 16-aligned
// (tests/workloads/alloc/allocator_suite_test.cc found it). A size rounded up to a multiple
// of the alignment lands in a pool whose blocks are aligned to it; the pool variants
// request that, on allocate and on deallocate alike.
inline std::size_t pmrPoolBytes(std::size_t size, std::size_t alignment) noexcept {
  return alignment <= alignof(std::max_align_t) ? size
                                                : (size + alignment - 1) / alignment * alignment;
}

// A libstdc++ pool resource over the counting upstream: PoolResource is
// std::pmr::unsynchronized_pool_resource (pmr-unsync, single-threaded) or
// std::pmr::synchronized_pool_resource (pmr-sync, thread-safe).
template <class PoolResource>
class PmrPoolAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe =
      std::is_same_v<PoolResource, std::pmr::synchronized_pool_resource>;
  static constexpr bool kResets = false;
  PmrPoolAllocator() : m_pool(&m_upstream) {}
  static model::Result<std::unique_ptr<PmrPoolAllocator>> create(const AllocatorShape&) {
    return std::make_unique<PmrPoolAllocator>();
  }
  std::string_view name() const noexcept override {
    return kThreadSafe ? "pmr-sync" : "pmr-unsync";
  }
  bool threadSafe() const noexcept override { return kThreadSafe; }
  AllocatorStats stats() const override { return m_upstream.stats(); }
  void* allocate(std::size_t size, std::size_t alignment) override {
    return pmrAllocateOrNull(m_pool, pmrPoolBytes(size, alignment), alignment);
  }
  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    if (p) m_pool.deallocate(p, pmrPoolBytes(size, alignment), alignment);
  }

 private:
  CountingResource m_upstream;
  PoolResource m_pool;
};
using PmrUnsyncAllocator = PmrPoolAllocator<std::pmr::unsynchronized_pool_resource>;
using PmrSyncAllocator = PmrPoolAllocator<std::pmr::synchronized_pool_resource>;

// std::pmr::monotonic_buffer_resource: frees nothing until resetAll() (its release()),
// which returns every buffer to the upstream. Single-threaded.
class PmrMonotonicAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = false;
  static constexpr bool kResets = true;  // resetAll() frees everything at once
  PmrMonotonicAllocator() : m_buffer(&m_upstream) {}
  static model::Result<std::unique_ptr<PmrMonotonicAllocator>> create(const AllocatorShape&);
  std::string_view name() const noexcept override { return "pmr-monotonic"; }
  bool threadSafe() const noexcept override { return false; }
  AllocatorStats stats() const override { return m_upstream.stats(); }
  bool resetAll() noexcept override {
    m_buffer.release();
    return true;
  }
  void* allocate(std::size_t size, std::size_t alignment) override {
    return pmrAllocateOrNull(m_buffer, size, alignment);
  }
  void deallocate(void*, std::size_t, std::size_t) noexcept override {}

 private:
  CountingResource m_upstream;
  std::pmr::monotonic_buffer_resource m_buffer;
};

}  // namespace tunelab::workloads::alloc
