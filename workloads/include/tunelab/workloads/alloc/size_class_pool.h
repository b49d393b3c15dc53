#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tunelab/workloads/alloc/allocator.h"
#include "tunelab/workloads/alloc/pool_core.h"

namespace tunelab::workloads::alloc {

// Segregated size classes (16-byte steps up to 128 B, then four per doubling, as jemalloc
// spaces them) up to `maxSize`; bigger requests go to glibc. Each class is a pool of
// fixed-size blocks with per-thread magazines (pool_core.h): thread-safe, no header per
// block — the class of a block follows from the size and alignment deallocate() is given.
// A class's blocks are aligned to the largest power of two dividing its size (up to a
// page); an over-aligned request takes the smallest class that is a multiple of its
// alignment.
class SizeClassPool final : public Allocator {
 public:
  static constexpr bool kThreadSafe = true;
  static constexpr bool kResets = false;
  static constexpr std::size_t kQuantum = 16;
  struct Options {
    std::size_t maxSize = 32768;  // largest pooled request; a multiple of kQuantum
  };
  explicit SizeClassPool(Options options);
  ~SizeClassPool() override;
  SizeClassPool(const SizeClassPool&) = delete;
  SizeClassPool& operator=(const SizeClassPool&) = delete;
  static model::Result<std::unique_ptr<SizeClassPool>> create(const AllocatorShape& shape);

  std::string_view name() const noexcept override { return "size-class-pool"; }
  bool threadSafe() const noexcept override { return true; }
  AllocatorStats stats() const override;

  void* allocate(std::size_t size, std::size_t alignment) override {
    const std::size_t slot = (size + kQuantum - 1) / kQuantum;
    if (slot >= m_slots || alignment > kQuantum) [[unlikely]]
      return allocateSlow(size, alignment);
    const std::size_t cls = m_table[slot];
    return detail::pop(*m_core, detail::magazinesFor(m_id, m_core)[cls], cls);
  }

  void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept override {
    if (!p) return;
    const std::size_t slot = (size + kQuantum - 1) / kQuantum;
    if (slot >= m_slots || alignment > kQuantum) [[unlikely]]
      return deallocateSlow(p, size, alignment);
    push(m_table[slot], p);
  }

  // The class sizes, ascending; classOf(size, alignment) is the class serving a request,
  // or -1 when it goes to glibc.
  const std::vector<std::uint32_t>& classSizes() const noexcept { return m_sizes; }
  int classOf(std::size_t size, std::size_t alignment) const noexcept;

 private:
  void* allocateSlow(std::size_t size, std::size_t alignment);
  void deallocateSlow(void* p, std::size_t size, std::size_t alignment) noexcept;
  void push(std::size_t cls, void* p) noexcept {
    detail::push(*m_core, detail::magazinesFor(m_id, m_core)[cls], cls, p);
  }

  std::vector<std::uint32_t> m_sizes;
  std::vector<std::uint8_t> m_lookup;     // (size + 15) / 16 → class, for sizes up to maxSize
  const std::uint8_t* m_table = nullptr;  // m_lookup's data and size, each one load away
  std::size_t m_slots = 0;
  std::shared_ptr<detail::PoolCore> m_core;
  const std::uint64_t m_id;
  detail::Fallback m_fallback;
};

}  // namespace tunelab::workloads::alloc
