#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace tunelab::workloads::alloc {

// Memory straight from the kernel: page-aligned, zero-filled, and really returned by
// unmapPages. tunelab's pools and arena take their chunks here, not from malloc, because
// glibc keeps freed chunks below its (growing) mmap threshold: "memory returned on
// destruction" has to mean returned to the OS.
std::size_t pageSize() noexcept;
// `alignment` may exceed the page size (the mapping is trimmed to it). nullptr when the
// kernel refuses.
void* mapPages(std::size_t bytes, std::size_t alignment) noexcept;
void unmapPages(void* p, std::size_t bytes) noexcept;

// Spans of pages for the pools' size classes, cut from chunks mapped `chunkBytes` at a
// time so that a pool with many classes does not make a system call per span; a span
// larger than a chunk gets a mapping of its own. Spans are kept until the source is
// destroyed, which unmaps everything. Thread-safe.
class SpanSource {
 public:
  explicit SpanSource(std::size_t chunkBytes = std::size_t{1} << 20);
  ~SpanSource();
  SpanSource(const SpanSource&) = delete;
  SpanSource& operator=(const SpanSource&) = delete;

  // `bytes` is rounded up to whole pages; nullptr when the kernel refuses.
  void* take(std::size_t bytes, std::size_t alignment);

  std::int64_t spanBytes() const noexcept { return m_spanBytes.load(std::memory_order_relaxed); }
  std::int64_t mappedBytes() const noexcept { return m_mapped.load(std::memory_order_relaxed); }
  std::int64_t mappedTotal() const noexcept {
    return m_mappedTotal.load(std::memory_order_relaxed);
  }

 private:
  void* mapLocked(std::size_t bytes, std::size_t alignment);

  const std::size_t m_chunkBytes;
  std::mutex m_mutex;
  std::vector<std::pair<void*, std::size_t>> m_mappings;
  char* m_cursor = nullptr;
  char* m_end = nullptr;
  std::atomic<std::int64_t> m_spanBytes{0};
  std::atomic<std::int64_t> m_mapped{0};
  std::atomic<std::int64_t> m_mappedTotal{0};
};

}  // namespace tunelab::workloads::alloc
