#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tunelab/model/result.h"

namespace tunelab::workloads::alloc {

// What an allocator can tell about its memory. Absent: it cannot say (never 0 instead).
struct AllocatorStats {
  // P: bytes it holds for blocks now, taken from the OS or its upstream (what counts as
  // "held" differs by allocator; docs/performance/alloc.md lists each definition).
  std::optional<std::int64_t> poolBytes;
  // Bytes of the blocks handed out and not yet freed, in the allocator's own (rounded) sizes.
  std::optional<std::int64_t> allocatedBytes;
  // Bytes ever requested from the OS (mmap), or from the upstream resource, over its life.
  std::optional<std::int64_t> osRequestedBytes;
};

// The interface every allocator of the alloc workload implements. Sized, like
// std::pmr::memory_resource: deallocate gets the size and alignment the block was allocated
// with, so a pool needs no header to find its size class. Concrete allocators are final
// classes: the patterns are templates over them, so a call through the concrete type is
// direct (and inlined where the allocator is header-defined), while tests go through
// Allocator& alike for every one.
class Allocator {
 public:
  virtual ~Allocator() = default;
  virtual std::string_view name() const noexcept = 0;
  // A block of at least `size` bytes aligned to `alignment` (a power of two; every allocator
  // takes any up to 4096, most any at all). nullptr when memory is exhausted.
  virtual void* allocate(std::size_t size, std::size_t alignment) = 0;
  // `size` and `alignment` as given to allocate(). nullptr is ignored.
  virtual void deallocate(void* p, std::size_t size, std::size_t alignment) noexcept = 0;
  // True: any thread may allocate, and may free a block another thread allocated.
  virtual bool threadSafe() const noexcept = 0;
  // Frees every live block at once, keeping the memory for reuse (an arena's reset). False
  // where the allocator has no such operation: the caller frees block by block.
  virtual bool resetAll() noexcept { return false; }
  virtual AllocatorStats stats() const { return {}; }
  // Returns cached free memory to the OS where the allocator can (malloc_trim, purge …);
  // called between cases so that one allocator's leftovers do not count against the next.
  virtual void releaseUnused() noexcept {}
};

// What an allocator is built for: the fixed-size pool serves blocks of maxSize bytes.
struct AllocatorShape {
  std::size_t maxSize = 64;
  std::size_t alignment = alignof(std::max_align_t);
};

// The allocators tunelab compares, in the order `tunelab list alloc` shows them.
std::span<const std::string_view> allocatorNames();

// Builds one by name. jemalloc, tcmalloc and mimalloc are the system's libraries, loaded
// without replacing the process's malloc; an error says which library could not be loaded
// and how to install it.
model::Result<std::unique_ptr<Allocator>> makeAllocator(std::string_view name,
                                                        const AllocatorShape& shape);

// releaseUnused() of every general-purpose allocator loaded in this process.
void releaseAllUnused() noexcept;

}  // namespace tunelab::workloads::alloc
