#include "null_allocator.h"

#include <sys/mman.h>

#include <map>

namespace tunelab::workloads::alloc {
namespace {

// Size classes of the plan: 16-byte steps (the alignment malloc gives), whole pages for
// large blocks, which also start on a page as large buffers do in every allocator.
constexpr std::size_t kPage = 4096;
std::size_t classOf(std::size_t size) {
  return size >= kPage ? (size + kPage - 1) / kPage * kPage
                       : (std::max<std::size_t>(size, 16) + 15) / 16 * 16;
}

// A LIFO free list per class over one growing region: what a perfect size-class allocator
// would hand out, computed ahead.
class Planner {
 public:
  std::size_t allocate(std::size_t size) {
    const std::size_t c = classOf(size);
    auto& free = m_free[c];
    if (!free.empty()) {
      const std::size_t at = free.back();
      free.pop_back();
      return at;
    }
    // Blocks of a line or more start on a line, pages on a page: fixed-churn's 64-byte
    // objects each fill one line, as in the object pool.
    const std::size_t align = c >= kPage ? kPage : c >= 64 ? 64 : 16;
    m_top = (m_top + align - 1) / align * align;
    const std::size_t at = m_top;
    m_top += c;
    return at;
  }
  void deallocate(std::size_t at, std::size_t size) { m_free[classOf(size)].push_back(at); }
  std::size_t bytes() const { return m_top; }

 private:
  std::map<std::size_t, std::vector<std::size_t>> m_free;
  std::size_t m_top = 0;
};

}  // namespace

// In the order of the loops in pattern_runs.h: the slots filled, then freed and refilled
// step by step; groups allocated, then freed (a tree children first); messages freed as
// soon as the ring guarantees it — message i is allocated only after the consumer took
// i − kRingCapacity − 1 off the ring, and it frees each message before taking the next,
// so message i − kRingCapacity − 2 is free by then.
PlannedOffsets planOffsets(const ThreadTrace& t, Pattern pattern) {
  Planner p;
  PlannedOffsets out;
  out.offsets.resize(t.sizes.size());
  const auto alloc = [&](std::size_t i) { out.offsets[i] = p.allocate(t.sizes[i]); };
  const auto free = [&](std::size_t i) { p.deallocate(out.offsets[i], t.sizes[i]); };
  switch (pattern) {
    case Pattern::FixedChurn:
    case Pattern::LargeBuffers: {
      std::vector<std::size_t> slot(t.window);  // allocation index in each slot
      for (std::uint32_t s = 0; s < t.window; ++s) alloc(slot[s] = s);
      for (std::size_t k = 0; k < t.victims.size(); ++k) {
        free(slot[t.victims[k]]);
        alloc(slot[t.victims[k]] = t.window + k);
      }
      break;
    }
    case Pattern::MixedSmall:
    case Pattern::Phase:
      for (std::size_t g = 0; g + 1 < t.groups.size(); ++g) {
        for (std::uint32_t i = t.groups[g]; i < t.groups[g + 1]; ++i) alloc(i);
        for (std::uint32_t i = t.groups[g]; i < t.groups[g + 1]; ++i)
          free(pattern == Pattern::MixedSmall ? t.teardown[i] : i);
      }
      break;
    case Pattern::ProducerConsumer: {
      constexpr std::size_t kLag = std::size_t{kRingCapacity} + 2;
      for (std::size_t i = 0; i < t.sizes.size(); ++i) {
        if (i >= kLag) free(i - kLag);
        alloc(i);
      }
      break;
    }
  }
  out.bytes = p.bytes();
  return out;
}

NullAllocator::~NullAllocator() {
  if (m_memory) munmap(m_memory, m_bytes);
}

model::Result<std::unique_ptr<NullAllocator>> NullAllocator::create(const AllocatorShape&) {
  return std::make_unique<NullAllocator>();
}

bool NullAllocator::plan(const ThreadTrace& trace, Pattern pattern) {
  const PlannedOffsets planned = planOffsets(trace, pattern);
  if (m_memory) munmap(m_memory, m_bytes);
  m_memory = nullptr;
  m_bytes = planned.bytes;
  m_plan.assign(1, nullptr);
  m_cursor = 0;
  if (m_bytes == 0) return true;
  // Untouched until the warm-up execution faults it in, as every allocator's memory is.
  void* memory = mmap(nullptr, m_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  m_memory = memory;
  m_plan.clear();
  m_plan.reserve(planned.offsets.size() + 1);
  for (std::size_t at : planned.offsets) m_plan.push_back(static_cast<char*>(m_memory) + at);
  m_plan.push_back(nullptr);
  return true;
}

AllocatorStats NullAllocator::stats() const {
  AllocatorStats s;
  s.poolBytes = static_cast<std::int64_t>(m_bytes);
  s.osRequestedBytes = static_cast<std::int64_t>(m_bytes);
  return s;
}

}  // namespace tunelab::workloads::alloc
