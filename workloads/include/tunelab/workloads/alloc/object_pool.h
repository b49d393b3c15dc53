#pragma once

#include <cstddef>
#include <memory>

#include "tunelab/workloads/alloc/allocator.h"
#include "tunelab/workloads/alloc/pool_core.h"

namespace tunelab::workloads::alloc {

// A pool of fixed-size blocks: free lists of blocks carved from page spans, no header per
// block, a magazine per thread (see pool_core.h), so any thread may allocate and free,
// including blocks other threads allocated. Requests bigger than the block or more aligned
// than it go to glibc (counted in the stats). Every span is unmapped when the pool is
// destroyed; until then freed blocks stay in the pool for reuse.
class ObjectPool final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  struct Options {
    std::size_t blockSize = 64;
    std::size_t alignment = alignof(std::max_align_t);  // a power of two
  };
  explicit ObjectPool(Options options);
  ~ObjectPool() override;
  ObjectPool(const ObjectPool&) = delete;
  ObjectPool& operator=(const ObjectPool&) = delete;
  static model::Result<std::unique_ptr<ObjectPool>> create(const AllocatorShape& shape);

  std::string_view name() const noexcept override { return "object-pool"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;

  // Every block is aligned to at least a pointer: requests asking no more skip the
  // alignment test (a constant at most call sites, so the test folds away).
  static constexpr std::size_t kMinAlignment = alignof(detail::FreeBlock);

  void* allocate(std::size_t size, std::size_t alignment) override {
    if (size > m_blockSize || (alignment > kMinAlignment && alignment > m_alignment)) [[unlikely]]
      return m_fallback.allocate(size, alignment);
    detail::Magazine& m = detail::magazinesFor(m_id, m_core)[0];
    detail::FreeBlock* b = m.head;
    if (!b) [[unlikely]]
      return detail::refillAndPop(*m_core, m, 0);
    m.head = b->next;
    --m.count;
    return b;
  }

  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    if (!p) return;
    if (size > m_blockSize || (alignment > kMinAlignment && alignment > m_alignment)) [[unlikely]]
      return m_fallback.deallocate(p, size);
    detail::Magazine& m = detail::magazinesFor(m_id, m_core)[0];
    if (m.count == m.limit) [[unlikely]]
      return detail::rotateAndPush(*m_core, m, 0, p);
    auto* b = static_cast<detail::FreeBlock*>(p);
    b->next = m.head;
    m.head = b;
    ++m.count;
  }

  std::size_t blockSize() const noexcept { return m_blockSize; }
  std::size_t stride() const noexcept { return m_core->depot(0).stride(); }

 private:
  const std::size_t m_blockSize;
  const std::size_t m_alignment;
  std::shared_ptr<detail::PoolCore> m_core;
  const std::uint64_t m_id;
  detail::Fallback m_fallback;
};

}  // namespace tunelab::workloads::alloc
