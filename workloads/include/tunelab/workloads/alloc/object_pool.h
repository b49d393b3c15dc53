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
  static constexpr std::size_t kMinAlignment = alignof(void*);

  void* allocate(std::size_t size, std::size_t alignment) override {
    if (fallsBack(m_blockSize, m_alignment, size, alignment)) [[unlikely]]
      return m_fallback.allocate(size, alignment);
    return detail::pop(*m_core, detail::magazinesFor(m_id, m_core)[0], 0);
  }

  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    if (!p) return;
    if (fallsBack(m_blockSize, m_alignment, size, alignment)) [[unlikely]]
      return m_fallback.deallocate(p, size);
    detail::push(*m_core, detail::magazinesFor(m_id, m_core)[0], 0, p);
  }

  std::size_t blockSize() const noexcept { return m_blockSize; }
  std::size_t stride() const noexcept { return m_core->depot(0).stride(); }

  // The calling thread's magazine, checked out for a loop: its stack pointer lives in the
  // handle (a local, so in a register) instead of behind the thread-local lookup, and the
  // compiler sees the whole stack. A free followed by an allocation then costs what a plain
  // free list does: the block just freed comes back, with no load or store of the
  // magazine's state in between. The magazine gets its state back when the handle goes.
  // While a handle lives, its thread allocates and frees this pool through it only; other
  // threads are unaffected (their magazines are their own).
  class Handle {
   public:
    explicit Handle(ObjectPool& pool)
        : m_pool(&pool),
          m_blockSize(pool.m_blockSize),
          m_alignment(pool.m_alignment),
          m_magazine(&detail::magazinesFor(pool.m_id, pool.m_core)[0]),
          m_top(m_magazine->top),
          m_base(m_magazine->base),
          m_end(m_magazine->end) {}
    ~Handle() { m_magazine->top = m_top; }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    [[gnu::always_inline]] void* allocate(std::size_t size, std::size_t alignment) {
      if (fallsBack(m_blockSize, m_alignment, size, alignment)) [[unlikely]]
        return m_pool->m_fallback.allocate(size, alignment);
      if (m_top == m_base) [[unlikely]] {
        // The slow path works on the magazine itself: hand the state over and take it back
        // (by value, so the handle never escapes into memory).
        m_magazine->top = m_top;
        void* p = detail::refillAndPop(*m_pool->m_core, *m_magazine, 0);
        checkOut();
        return p;
      }
      return *--m_top;
    }

    [[gnu::always_inline]] void deallocate(void* p, std::size_t size,
                                           std::size_t alignment) noexcept {
      if (!p) return;
      if (fallsBack(m_blockSize, m_alignment, size, alignment)) [[unlikely]]
        return m_pool->m_fallback.deallocate(p, size);
      if (m_top == m_end) [[unlikely]] {
        m_magazine->top = m_top;
        detail::rotateAndPush(*m_pool->m_core, *m_magazine, 0, p);
        checkOut();
        return;
      }
      *m_top++ = p;
      // The stack is not empty now: an allocation right after needs no test.
      if (m_top <= m_base) __builtin_unreachable();
    }

   private:
    void checkOut() noexcept {
      m_top = m_magazine->top;
      m_base = m_magazine->base;
      m_end = m_magazine->end;
    }
    ObjectPool* m_pool;
    std::size_t m_blockSize;
    std::size_t m_alignment;
    detail::Magazine* m_magazine;
    void** m_top;
    void** m_base;
    void** m_end;
  };

 private:
  // Requests the blocks cannot serve: bigger than a block, or more aligned than one.
  static bool fallsBack(std::size_t blockSize, std::size_t blockAlignment, std::size_t size,
                        std::size_t alignment) noexcept {
    return size > blockSize || (alignment > kMinAlignment && alignment > blockAlignment);
  }

  const std::size_t m_blockSize;
  const std::size_t m_alignment;
  std::shared_ptr<detail::PoolCore> m_core;
  const std::uint64_t m_id;
  detail::Fallback m_fallback;
};

}  // namespace tunelab::workloads::alloc
