#include "tunelab/workloads/alloc/arena.h"

#include <algorithm>

#include "tunelab/workloads/alloc/span_source.h"

namespace tunelab::workloads::alloc {

Arena::Arena(Options options)
    : m_chunkBytes(std::max(options.chunkBytes, pageSize())), m_largeLimit(m_chunkBytes / 4) {}

Arena::~Arena() {
  for (auto& c : m_chunks) unmapPages(c.base, c.bytes);
  for (auto& l : m_large) unmapPages(l.base, l.bytes);
}

model::Result<std::unique_ptr<Arena>> Arena::create(const AllocatorShape&) {
  return std::make_unique<Arena>(Options{});
}

void* Arena::allocateSlow(std::size_t size, std::size_t alignment) {
  if (size > m_largeLimit || alignment > pageSize()) {
    // Own mapping: page-aligned (or more), so the block starts where the mapping does and
    // deallocateLarge can find it by address.
    auto* p = static_cast<char*>(mapPages(std::max<std::size_t>(size, 1), alignment));
    if (!p) return nullptr;
    m_large.push_back({p, std::max<std::size_t>(size, 1)});
    m_largeBytes += static_cast<std::int64_t>(size);
    m_mappedTotal += static_cast<std::int64_t>(size);
    return p;
  }
  // Next chunk: one kept from before the last reset, or a new mapping. What is left of the
  // current chunk is abandoned until the reset (at most a quarter chunk: the large limit).
  for (;;) {
    if (m_cursor != nullptr) {
      m_usedBeforeCurrent += m_cursor - m_chunks[m_current].base;
      ++m_current;
    }
    if (m_current == m_chunks.size()) {
      auto* base = static_cast<char*>(mapPages(m_chunkBytes, pageSize()));
      if (!base) {
        if (m_current > 0) --m_current;  // stay consistent: the cursor keeps its chunk
        return nullptr;
      }
      m_chunks.push_back({base, m_chunkBytes});
      m_mappedTotal += static_cast<std::int64_t>(m_chunkBytes);
    }
    m_cursor = m_chunks[m_current].base;
    m_end = m_cursor + m_chunks[m_current].bytes;
    if (void* p = allocate(size, alignment)) return p;
  }
}

void Arena::deallocateLarge(void* p, std::size_t size) noexcept {
  auto it =
      std::find_if(m_large.begin(), m_large.end(), [p](const Mapping& m) { return m.base == p; });
  if (it == m_large.end()) return;  // not ours: a reset already returned it
  unmapPages(it->base, it->bytes);
  m_largeBytes -= static_cast<std::int64_t>(size);
  *it = m_large.back();
  m_large.pop_back();
}

bool Arena::resetAll() noexcept {
  for (auto& l : m_large) unmapPages(l.base, l.bytes);
  m_large.clear();
  m_largeBytes = 0;
  m_current = 0;
  m_usedBeforeCurrent = 0;
  if (m_chunks.empty()) {
    m_cursor = m_end = nullptr;
  } else {
    m_cursor = m_chunks[0].base;
    m_end = m_cursor + m_chunks[0].bytes;
  }
  return true;
}

AllocatorStats Arena::stats() const {
  AllocatorStats s;
  const auto chunkBytes = static_cast<std::int64_t>(m_chunks.size() * m_chunkBytes);
  s.poolBytes = chunkBytes + m_largeBytes;
  const std::int64_t bumped =
      m_cursor ? m_usedBeforeCurrent + (m_cursor - m_chunks[m_current].base) : 0;
  s.allocatedBytes = bumped + m_largeBytes;
  s.osRequestedBytes = m_mappedTotal;
  return s;
}

}  // namespace tunelab::workloads::alloc
