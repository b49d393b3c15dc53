#include "tunelab/workloads/alloc/size_class_pool.h"

#include <algorithm>
#include <bit>

namespace tunelab::workloads::alloc {
namespace {

std::vector<std::uint32_t> makeClassSizes(std::size_t maxSize) {
  std::vector<std::uint32_t> sizes;
  for (std::size_t s = SizeClassPool::kQuantum; s <= std::min<std::size_t>(128, maxSize);
       s += SizeClassPool::kQuantum)
    sizes.push_back(static_cast<std::uint32_t>(s));
  // Four classes per doubling above 128 B bound the rounding waste to 25 % (jemalloc's
  // spacing), with few enough classes that a thread's magazines stay small.
  for (std::size_t base = 128; base < maxSize; base *= 2)
    for (std::size_t step = 1; step <= 4; ++step) {
      const std::size_t s = base + step * base / 4;
      if (s <= maxSize) sizes.push_back(static_cast<std::uint32_t>(s));
    }
  if (sizes.empty() || sizes.back() != maxSize)
    sizes.push_back(static_cast<std::uint32_t>(maxSize));
  return sizes;
}

// The natural alignment of a class: the largest power of two dividing its size, capped at
// a page (spans are page-aligned; a block k of a class sits at span + k × size).
std::size_t naturalAlignment(std::size_t size) {
  return std::min<std::size_t>(std::size_t{1} << std::countr_zero(size), 4096);
}

std::vector<detail::ClassSpec> specs(const std::vector<std::uint32_t>& sizes) {
  std::vector<detail::ClassSpec> out;
  for (auto s : sizes) out.push_back({s, naturalAlignment(s)});
  return out;
}

}  // namespace

SizeClassPool::SizeClassPool(Options options)
    : m_sizes(
          makeClassSizes(std::max<std::size_t>(kQuantum, options.maxSize / kQuantum * kQuantum))),
      m_core(std::make_shared<detail::PoolCore>(specs(m_sizes))),
      m_id(m_core->id()) {
  const std::size_t maxSize = m_sizes.back();
  m_lookup.resize(maxSize / kQuantum + 1);
  std::size_t cls = 0;
  for (std::size_t slot = 0; slot < m_lookup.size(); ++slot) {
    while (m_sizes[cls] < slot * kQuantum) ++cls;
    m_lookup[slot] = static_cast<std::uint8_t>(cls);
  }
  m_table = m_lookup.data();
  m_slots = m_lookup.size();
}

SizeClassPool::~SizeClassPool() = default;

model::Result<std::unique_ptr<SizeClassPool>> SizeClassPool::create(const AllocatorShape&) {
  return std::make_unique<SizeClassPool>(Options{});
}

int SizeClassPool::classOf(std::size_t size, std::size_t alignment) const noexcept {
  const std::size_t slot = (size + kQuantum - 1) / kQuantum;
  if (slot >= m_lookup.size() || alignment > 4096) return -1;
  for (std::size_t cls = m_lookup[slot]; cls < m_sizes.size(); ++cls)
    if (m_sizes[cls] % alignment == 0) return static_cast<int>(cls);
  return -1;
}

void* SizeClassPool::allocateSlow(std::size_t size, std::size_t alignment) {
  const int cls = classOf(size, alignment);
  if (cls < 0) return m_fallback.allocate(size, alignment);
  const auto c = static_cast<std::size_t>(cls);
  return detail::pop(*m_core, detail::magazinesFor(m_id, m_core)[c], c);
}

void SizeClassPool::deallocateSlow(void* p, std::size_t size, std::size_t alignment) noexcept {
  const int cls = classOf(size, alignment);
  if (cls < 0) return m_fallback.deallocate(p, size);
  push(static_cast<std::size_t>(cls), p);
}

AllocatorStats SizeClassPool::stats() const {
  AllocatorStats s;
  s.poolBytes = m_core->spans().spanBytes() + m_fallback.liveBytes();
  s.allocatedBytes = m_core->heldBytes() + m_fallback.liveBytes();
  s.osRequestedBytes = m_core->spans().mappedTotal();
  return s;
}

}  // namespace tunelab::workloads::alloc
