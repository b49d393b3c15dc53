#include "tunelab/workloads/alloc/span_source.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace tunelab::workloads::alloc {
namespace {

std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

}  // namespace

std::size_t pageSize() noexcept {
  static const std::size_t kPage = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return kPage;
}

void* mapPages(std::size_t bytes, std::size_t alignment) noexcept {
  const std::size_t page = pageSize();
  bytes = roundUp(bytes, page);
  if (alignment <= page) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }
  // Over-map by the alignment and give back the ends, so that [aligned, aligned + bytes) is
  // a mapping of its own that unmapPages(aligned, bytes) can return exactly.
  const std::size_t span = bytes + alignment;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const auto aligned = (start + alignment - 1) & ~(std::uintptr_t{alignment} - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const std::size_t tail = start + span - (aligned + bytes);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  return reinterpret_cast<void*>(aligned);
}

void unmapPages(void* p, std::size_t bytes) noexcept {
  if (p) munmap(p, roundUp(bytes, pageSize()));
}

SpanSource::SpanSource(std::size_t chunkBytes) : m_chunkBytes(roundUp(chunkBytes, pageSize())) {}

SpanSource::~SpanSource() {
  for (auto [p, bytes] : m_mappings) unmapPages(p, bytes);
}

void* SpanSource::mapLocked(std::size_t bytes, std::size_t alignment) {
  void* p = mapPages(bytes, alignment);
  if (!p) return nullptr;
  m_mappings.emplace_back(p, bytes);
  m_mapped.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  m_mappedTotal.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  return p;
}

void* SpanSource::take(std::size_t bytes, std::size_t alignment) {
  const std::size_t page = pageSize();
  bytes = roundUp(bytes, page);
  if (alignment < page) alignment = page;
  std::lock_guard lock(m_mutex);
  void* span = nullptr;
  if (bytes > m_chunkBytes / 2 || alignment > page) {
    // Big or over-aligned: a mapping of its own, so the shared chunk is not wasted on it.
    span = mapLocked(bytes, alignment);
  } else {
    if (static_cast<std::size_t>(m_end - m_cursor) < bytes) {
      // The rest of the old chunk (less than one span) stays mapped and unused: at most
      // half a chunk, and only pages never touched, so it costs address space, not memory.
      auto* chunk = static_cast<char*>(mapLocked(m_chunkBytes, page));
      if (!chunk) return nullptr;
      m_cursor = chunk;
      m_end = chunk + m_chunkBytes;
    }
    span = m_cursor;
    m_cursor += bytes;
  }
  if (span) m_spanBytes.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  return span;
}

}  // namespace tunelab::workloads::alloc
