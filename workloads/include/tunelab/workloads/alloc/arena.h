#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {

// Bump allocation in page chunks; deallocate() frees nothing, resetAll() frees everything
// at once and keeps the chunks for the next phase. A block bigger than a quarter chunk
// gets a mapping of its own, unmapped when it is freed or at the reset, so that one large
// request neither wastes a chunk nor stays mapped for the arena's life. Single-threaded:
// one arena per thread (the workload shares one behind a mutex where a pattern must).
// Chunks are unmapped when the arena is destroyed.
class Arena final : public Allocator {
 public:
  static constexpr bool kThreadSafe = false;
  static constexpr bool kResets = true;  // resetAll() frees everything at once
  struct Options {
    std::size_t chunkBytes = std::size_t{256} << 10;
  };
  explicit Arena(Options options);
  ~Arena() override;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  static model::Result<std::unique_ptr<Arena>> create(const AllocatorShape& shape);

  std::string_view name() const noexcept override { return "arena"; }
  bool threadSafe() const noexcept override { return false; }
  AllocatorStats stats() const override;
  bool resetAll() noexcept override;

  void* allocate(std::size_t size, std::size_t alignment) override {
    size += size == 0;  // distinct blocks even for empty requests
    const auto cursor = reinterpret_cast<std::uintptr_t>(m_cursor);
    const auto aligned = (cursor + alignment - 1) & ~(std::uintptr_t{alignment} - 1);
    if (size <= m_largeLimit && aligned + size <= reinterpret_cast<std::uintptr_t>(m_end))
        [[likely]] {
      m_cursor = reinterpret_cast<char*>(aligned + size);
      return reinterpret_cast<void*>(aligned);
    }
    return allocateSlow(size, alignment);
  }

  void deallocate(void* p, std::size_t size, std::size_t) noexcept override {
    if (size > m_largeLimit && p) [[unlikely]]
      deallocateLarge(p, size);
  }

 private:
  void* allocateSlow(std::size_t size, std::size_t alignment);
  void deallocateLarge(void* p, std::size_t size) noexcept;
  struct Mapping {
    char* base;
    std::size_t bytes;
  };
  const std::size_t m_chunkBytes;
  const std::size_t m_largeLimit;
  std::vector<Mapping> m_chunks;  // kept across resets
  std::size_t m_current = 0;      // index of the chunk m_cursor is in
  char* m_cursor = nullptr;
  char* m_end = nullptr;
  std::int64_t m_usedBeforeCurrent = 0;  // bytes bumped in chunks before the current one
  std::vector<Mapping> m_large;          // live large blocks
  std::int64_t m_largeBytes = 0;
  std::int64_t m_mappedTotal = 0;
};

}  // namespace tunelab::workloads::alloc
