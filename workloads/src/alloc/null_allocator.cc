#include "null_allocator.h"

#include <sys/mman.h>

#include <algorithm>
#include <deque>
#include <map>

namespace tunelab::workloads::alloc {
namespace {

constexpr std::size_t kPage = 4096;
constexpr std::size_t kLine = 64;

std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

// Free blocks per size class over one growing region: what an allocator that does no work
// would hand out, computed ahead. `slot` > 0: every block takes a slot of that many bytes
// (one class); otherwise classes of 16 bytes.
class Planner {
 public:
  Planner(std::size_t slot, bool fifo) : m_slot(slot), m_fifo(fifo) {}
  std::size_t allocate(std::size_t size) {
    const std::size_t c = classOf(size);
    auto& free = m_free[c];
    if (!free.empty()) {
      const std::size_t at = m_fifo ? free.front() : free.back();
      m_fifo ? free.pop_front() : free.pop_back();
      return at;
    }
    // Blocks of a line or more start on a line, of a page or more on a page.
    const std::size_t align = c >= kPage ? kPage : c >= kLine ? kLine : 16;
    m_top = roundUp(m_top, align);
    const std::size_t at = m_top;
    m_top += c;
    return at;
  }
  void deallocate(std::size_t at, std::size_t size) { m_free[classOf(size)].push_back(at); }
  std::size_t bytes() const { return m_top; }

 private:
  std::size_t classOf(std::size_t size) const {
    return m_slot ? m_slot : roundUp(std::max<std::size_t>(size, 16), 16);
  }
  const std::size_t m_slot;
  const bool m_fifo;
  std::map<std::size_t, std::deque<std::size_t>> m_free;
  std::size_t m_top = 0;
};

// Where the blocks go, by pattern. No placement is the best for every allocator to be
// measured against; these keep the floor under every allocator that frees block by block
// on the small-object patterns, and close to the best on the other two (2026-12-06, the
// sessions net-all-3 and -4 of docs/performance/alloc.md):
//   fixed-churn   its one size, the most recently freed block first: a step frees a block
//                 and the next allocation gets it back, hot (object-pool: +0.24–0.40 ns);
//   mixed-small,  16-byte classes, most recently freed first: small nodes packed into
//   phase         shared lines, as size-class allocators pack them (size-class-pool +2 ns;
//                 only the arena and pmr-monotonic, which skip the teardown walk, go under);
//   large-buffers one slot of the largest buffer for every buffer, most recently freed
//                 first, as object-pool places them (within 1.5 % of it). Classes per shape
//                 spread the pages touched: object-pool ran 17 % under that floor (on a
//                 loaded machine). size-class-pool still runs 5–10 % under this one;
//   producer-     a slot of the largest message, in whole lines, for every message, reused
//   consumer      oldest first. With 16-byte classes the floor ran at 46 ns per message,
//                 object-pool at 21 (loaded machine) — blocks of different ages sharing a
//                 line between producer and consumer, we take it (inferred from the fix;
//                 no PMU here to count it); now 16–18 ns against the pools' 16. The pools still
//                 come out up to 2 ns under it: they reuse a block as soon as it comes back,
//                 while a plan must wait out the ring's whole capacity (1026 messages, the
//                 reuse distance the ring guarantees) — a colder block.
struct Layout {
  std::size_t slot = 0;
  bool fifo = false;
};
Layout layoutOf(const ThreadTrace& t, Pattern pattern) {
  std::size_t largest = 0;
  for (auto s : t.sizes) largest = std::max<std::size_t>(largest, s);
  switch (pattern) {
    case Pattern::LargeBuffers:
      return {roundUp(largest, kPage), false};
    case Pattern::ProducerConsumer:
      return {roundUp(largest, kLine), true};
    default:
      return {};
  }
}

}  // namespace

// In the order of the loops in pattern_runs.h: the slots filled, then freed and refilled
// step by step; groups allocated, then freed (a tree children first); messages freed as
// soon as the ring guarantees it — message i is allocated only after the consumer took
// i − kRingCapacity − 1 off the ring, and it frees each message before taking the next,
// so message i − kRingCapacity − 2 is free by then.
PlannedOffsets planOffsets(const ThreadTrace& t, Pattern pattern) {
  const Layout layout = layoutOf(t, pattern);
  Planner p(layout.slot, layout.fifo);
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
