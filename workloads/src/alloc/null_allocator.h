#pragma once

// The `null` variant: the pattern loop's floor. What an allocation costs net of the loop
// that makes it is an allocator's time minus this one's, on the same pattern, parameters
// and threads (analysis/net_cost.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "patterns.h"
#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {

// Does no allocator work: every address is planned from the thread's trace before it runs,
// and an allocation reads the next one; a free does nothing. The loop around it stays the
// same — the recorder, the steps, and the touching and checking of every block — so the
// blocks must be real and apart: the plan gives each allocation the most recently freed
// block of its size class (16-byte classes, pages from 4 KiB), as the best LIFO allocator
// would, and fresh memory only when none is free. The floor is then the loop with the
// blocks as hot as an allocator could place them, plus one sequential load per allocation.
//
// Not the arena: a bump allocator never reuses a block, so every fixed-churn allocation
// touches a fresh line (its 6.4 MB per execution made the arena slower than the object pool,
// a floor above what it bounds); its large blocks are mmapped and unmapped one by one; and
// in producer-consumer it sits behind a mutex.
//
// One per thread, with that thread's plan; in producer-consumer the consumer's has none (it
// only frees), so no lock is needed where blocks cross threads.
class NullAllocator final : public Allocator {
 public:
  static constexpr bool kThreadSafe = false;
  // Frees block by block: the floor includes the teardown walk most allocators need.
  static constexpr bool kResets = false;

  NullAllocator() = default;
  ~NullAllocator() override;
  NullAllocator(const NullAllocator&) = delete;
  NullAllocator& operator=(const NullAllocator&) = delete;
  static model::Result<std::unique_ptr<NullAllocator>> create(const AllocatorShape&);

  // Plans the addresses of one execution of `trace`, in the order the pattern loop makes
  // its allocations; every execution replays them (each starts with nothing live). False
  // when the memory cannot be mapped.
  bool plan(const ThreadTrace& trace, Pattern pattern);

  std::string_view name() const noexcept override { return "null"; }
  bool threadSafe() const noexcept override { return false; }
  AllocatorStats stats() const override;
  // Through the interface (tests): the plan in order, nullptr past its end.
  void* allocate(std::size_t, std::size_t) override {
    return m_cursor < m_plan.size() ? m_plan[m_cursor++] : nullptr;
  }
  void deallocate(void*, std::size_t, std::size_t) noexcept override {}

  // What the pattern loops allocate through (checkout() in pattern_runs.h): the plan's
  // cursor in a register, from its start — each loop checks one out once per execution.
  class Handle {
   public:
    explicit Handle(NullAllocator& a) : m_next(a.m_plan.data()) {}
    // The plan ends with nullptr: an allocation the trace does not have fails loudly (the
    // recorder throws bad_alloc) instead of reading past it.
    [[gnu::always_inline]] void* allocate(std::size_t, std::size_t) { return *m_next++; }
    [[gnu::always_inline]] void deallocate(void*, std::size_t, std::size_t) noexcept {}

   private:
    void* const* m_next;
  };

 private:
  std::vector<void*> m_plan{nullptr};
  std::size_t m_cursor = 0;
  void* m_memory = nullptr;
  std::size_t m_bytes = 0;
};

// The plan itself, as offsets into one region: offsets[i] for the trace's allocation i (in
// the loop's order), and the region's size. Exposed for NullAllocator::plan.
struct PlannedOffsets {
  std::vector<std::size_t> offsets;
  std::size_t bytes = 0;
};
PlannedOffsets planOffsets(const ThreadTrace& trace, Pattern pattern);

}  // namespace tunelab::workloads::alloc
