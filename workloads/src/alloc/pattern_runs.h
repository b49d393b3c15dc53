#pragma once

// One thread's execution of a pattern over an allocator type A: templates, so that the
// allocator's calls are direct (and inlined where the allocator is header-defined).
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "patterns.h"
#include "recorder.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace tunelab::workloads::alloc {

// A live block of the slot patterns, with what the check at its free needs: kept together
// so that a step touches one line of bookkeeping, not three arrays.
struct Slot {
  void* block;
  std::uint32_t tag;  // its allocation index
  std::uint32_t size;
};

// Per-thread working storage, sized in prepare() so an execution allocates nothing but
// what the trace does.
struct Scratch {
  std::vector<void*> blocks;  // the group patterns' live blocks
  std::vector<Slot> slots;    // the slot patterns' window
};

// The allocator as a pattern loop calls it: its Handle where it has one (ObjectPool's: the
// thread's magazine checked out into locals for the loop), else the allocator itself.
template <class A>
concept HasHandle = requires {
  typename A::Handle;
};

template <class A>
decltype(auto) checkout(A& a) {
  // The loops reset through the allocator: one that resets has no handle to go stale.
  static_assert(!(HasHandle<A> && A::kResets));
  if constexpr (HasHandle<A>)
    return typename A::Handle(a);
  else
    return (a);
}

// Runs body(timed) for operation i of a loop, with timed a std::true_type where the
// recorder times it and a std::false_type elsewhere, and counts it: for the loops whose
// steps can stop early (producer-consumer's).
template <class Body>
TUNELAB_HOT void timedOrNot(const ThreadRecorder& rec, std::uint32_t i, Tally& tally, Body&& body) {
  ++tally.ops;
  if (rec.timed(i)) [[unlikely]]
    body(std::true_type{});
  else
    body(std::false_type{});
}

// Runs step(i, timed) for i in [begin, end), each step kOps allocations and frees: the steps
// the recorder times one by one, the untimed runs between them as plain loops with no test
// or count of the recorder's in them, so that the common step is the pattern's work and the
// allocator's fast path and nothing else. Operations are counted by the run.
template <int kOps, class Step>
TUNELAB_HOT void forEachStep(const ThreadRecorder& rec, Tally& tally, std::uint32_t begin,
                             std::uint32_t end, Step&& step) {
  const auto mask = static_cast<std::uint32_t>(rec.mask());
  std::uint32_t i = begin;
  while (i < end) {
    if (rec.timed(i)) {
      tally.ops += kOps;  // before the step: what it publishes counts it
      step(i++, std::true_type{});
    }
    const std::uint32_t next = std::min(end, (i + mask) & ~mask);  // the next timed step
    tally.ops += std::int64_t{kOps} * (next > i ? next - i : 0);
    for (; i < next; ++i) step(i, std::false_type{});
  }
}

// fixed-churn and large-buffers: fill the window, then free a random slot and refill it,
// step by step; at the end every slot is read back and freed (or released at once). kSize:
// the size of every block where the pattern has one (fixed-churn), 0 where the trace says.
template <std::size_t kStride, bool kTouch, std::uint32_t kSize, class A>
void runSlots(A& a, const ThreadTrace& t, ThreadRecorder& rec, Scratch& s, bool sampler) {
  auto&& h = checkout(a);
  Tally tally;
  const std::uint32_t window = t.window;
  const std::uint32_t* sizes = t.sizes.data();
  const std::uint32_t* victims = t.victims.data();
  const auto steps = static_cast<std::uint32_t>(t.victims.size());
  Slot* slots = s.slots.data();
  const auto sizeAt = [&](std::uint32_t n) TUNELAB_LAMBDA_HOT { return kSize ? kSize : sizes[n]; };
  const auto sizeOf = [](const Slot& slot) TUNELAB_LAMBDA_HOT { return kSize ? kSize : slot.size; };
  forEachStep<1>(rec, tally, 0, window, [&](std::uint32_t i, auto timed) TUNELAB_LAMBDA_HOT {
    const std::uint32_t size = sizeAt(i);
    void* p = rec.allocate<decltype(timed)::value>(h, size, tally);
    if constexpr (kTouch) touch<kStride>(p, size, i);
    slots[i] = {p, i, size};
  });
  forEachStep<2>(rec, tally, 0, steps, [&](std::uint32_t k, auto timed) TUNELAB_LAMBDA_HOT {
    Slot& slot = slots[victims[k]];
    const std::uint32_t freed = sizeOf(slot);
    if constexpr (kTouch) rec.check(damage<kStride>(slot.block, freed, slot.tag));
    rec.deallocate<decltype(timed)::value>(h, slot.block, freed, tally);
    const std::uint32_t n = window + k, size = sizeAt(n);
    void* p = rec.allocate<decltype(timed)::value>(h, size, tally);
    if constexpr (kTouch) touch<kStride>(p, size, n);
    slot.block = p;
    slot.tag = n;
    if constexpr (kSize == 0) slot.size = size;
  });
  if (sampler) rec.finalSample(tally);
  if constexpr (A::kResets) {
    std::int64_t bytes = 0;
    for (std::uint32_t i = 0; i < window; ++i) {
      if constexpr (kTouch)
        rec.check(damage<kStride>(slots[i].block, sizeOf(slots[i]), slots[i].tag));
      bytes += sizeOf(slots[i]);
    }
    a.resetAll();
    ThreadRecorder::freedAtOnce(window, bytes, tally);
  } else {
    forEachStep<1>(rec, tally, 0, window, [&](std::uint32_t i, auto timed) TUNELAB_LAMBDA_HOT {
      if constexpr (kTouch)
        rec.check(damage<kStride>(slots[i].block, sizeOf(slots[i]), slots[i].tag));
      rec.deallocate<decltype(timed)::value>(h, slots[i].block, sizeOf(slots[i]), tally);
    });
  }
  rec.finish(tally);
}

// mixed-small (trees) and phase (requests): groups of blocks allocated together and freed
// together. Blocks are read while the group is built — a tree links each node into its
// parent, a request uses what it made a moment ago (8 objects back) — so every allocator
// pays the same memory traffic. At the group's end a tree is walked children first, each
// node read and freed, and a request's objects are freed in order; an allocator that frees
// everything at once (arena, monotonic buffer) skips that walk: its advantage, measured.
template <bool kTree, bool kTouch, class A>
void runGroups(A& a, const ThreadTrace& t, ThreadRecorder& rec, Scratch& s, bool sampler) {
  constexpr std::uint32_t kUseDistance = 8;
  auto&& h = checkout(a);
  Tally tally;
  const std::uint32_t* sizes = t.sizes.data();
  const std::uint32_t* parents = t.parents.data();
  const std::uint32_t* order = t.teardown.data();
  const std::uint32_t* groups = t.groups.data();
  const std::size_t groupCount = t.groups.size() - 1;
  void** blocks = s.blocks.data();
  for (std::size_t g = 0; g < groupCount; ++g) {
    const std::uint32_t begin = groups[g], end = groups[g + 1];
    forEachStep<1>(rec, tally, begin, end, [&](std::uint32_t i, auto timed) TUNELAB_LAMBDA_HOT {
      void* p = rec.allocate<decltype(timed)::value>(h, sizes[i], tally);
      blocks[i - begin] = p;
      if constexpr (kTouch) {
        touch(p, sizes[i], i);
        const std::uint32_t used =
            kTree ? parents[i] : (i >= begin + kUseDistance ? i - kUseDistance : i);
        rec.check(peek(blocks[used - begin], sizes[used], used));
      }
    });
    if (sampler && g + 1 == groupCount) rec.finalSample(tally);  // before the last teardown
    if constexpr (A::kResets) {
      std::int64_t bytes = 0;
      for (std::uint32_t i = begin; i < end; ++i) bytes += sizes[i];
      a.resetAll();
      ThreadRecorder::freedAtOnce(end - begin, bytes, tally);
    } else if constexpr (kTree) {
      forEachStep<1>(rec, tally, begin, end, [&](std::uint32_t i, auto timed) TUNELAB_LAMBDA_HOT {
        const std::uint32_t n = order[i];
        if constexpr (kTouch) rec.check(damage(blocks[n - begin], sizes[n], n));
        rec.deallocate<decltype(timed)::value>(h, blocks[n - begin], sizes[n], tally);
      });
    } else {
      forEachStep<1>(rec, tally, begin, end, [&](std::uint32_t i, auto timed) TUNELAB_LAMBDA_HOT {
        rec.deallocate<decltype(timed)::value>(h, blocks[i - begin], sizes[i], tally);
      });
    }
  }
  rec.finish(tally);
}

// A single-producer single-consumer ring of block pointers between one producer → consumer
// pair. Each side keeps the other's index cached and rereads it only when the ring looks
// full (or empty), so in steady state a message costs one release store per side. A side
// that must wait spins briefly, then yields: on a 2-core machine shared with other work,
// spinning against a descheduled partner only burns its time slice.
class Ring {
 public:
  static constexpr std::uint64_t kCapacity = kRingCapacity;

  // false: the run was aborted while waiting for room.
  [[gnu::always_inline]] bool push(void* p, const std::atomic<bool>& abort) {
    if (m_producer.tail - m_producer.headCache == kCapacity) {
      for (int spins = 0;; ++spins) {
        m_producer.headCache = m_consumer.head.load(std::memory_order_acquire);
        if (m_producer.tail - m_producer.headCache < kCapacity) break;
        if (!backOff(spins, abort)) return false;
      }
    }
    m_slots[m_producer.tail % kCapacity] = p;
    m_producer.published.store(++m_producer.tail, std::memory_order_release);
    return true;
  }

  // nullptr: the run was aborted while waiting for a block.
  [[gnu::always_inline]] void* pop(const std::atomic<bool>& abort) {
    if (m_consumer.next == m_consumer.tailCache) {
      for (int spins = 0;; ++spins) {
        m_consumer.tailCache = m_producer.published.load(std::memory_order_acquire);
        if (m_consumer.next != m_consumer.tailCache) break;
        if (!backOff(spins, abort)) return nullptr;
      }
    }
    void* p = m_slots[m_consumer.next % kCapacity];
    m_consumer.head.store(++m_consumer.next, std::memory_order_release);
    return p;
  }

  void reset() {
    m_producer.tail = m_producer.headCache = 0;
    m_producer.published.store(0, std::memory_order_relaxed);
    m_consumer.next = m_consumer.tailCache = 0;
    m_consumer.head.store(0, std::memory_order_relaxed);
  }

 private:
  [[gnu::noinline]] static bool backOff(int spins, const std::atomic<bool>& abort) {
    if (abort.load(std::memory_order_relaxed)) return false;
    if (spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
      _mm_pause();
#endif
    } else {
      std::this_thread::yield();
    }
    return true;
  }

  struct alignas(64) Producer {
    std::uint64_t tail = 0;
    std::uint64_t headCache = 0;
    std::atomic<std::uint64_t> published{0};
  } m_producer;
  struct alignas(64) Consumer {
    std::uint64_t next = 0;
    std::uint64_t tailCache = 0;
    std::atomic<std::uint64_t> head{0};
  } m_consumer;
  alignas(64) void* m_slots[kCapacity] = {};
};

// producer-consumer: one side allocates and writes each message, the other reads and frees
// it, in order.
template <bool kTouch, class A>
void produce(A& a, const ThreadTrace& t, ThreadRecorder& rec, Ring& ring,
             const std::atomic<bool>& abort, bool sampler) {
  auto&& h = checkout(a);
  Tally tally;
  const std::uint32_t* sizes = t.sizes.data();
  for (std::uint32_t i = 0, n = static_cast<std::uint32_t>(t.sizes.size()); i < n; ++i) {
    void* p = nullptr;
    timedOrNot(rec, i, tally, [&](auto timed) TUNELAB_LAMBDA_HOT {
      p = rec.allocate<decltype(timed)::value>(h, sizes[i], tally);
    });
    if constexpr (kTouch) touch(p, sizes[i], i);
    if (!ring.push(p, abort)) break;
  }
  if (sampler) rec.finalSample(tally);
  rec.finish(tally);
}

template <bool kTouch, class A>
void consume(A& a, const ThreadTrace& t, ThreadRecorder& rec, Ring& ring,
             const std::atomic<bool>& abort) {
  auto&& h = checkout(a);
  Tally tally;
  const std::uint32_t* sizes = t.sizes.data();
  for (std::uint32_t i = 0, n = static_cast<std::uint32_t>(t.sizes.size()); i < n; ++i) {
    void* p = ring.pop(abort);
    if (!p) break;
    if constexpr (kTouch) rec.check(damage(p, sizes[i], i));
    timedOrNot(rec, i, tally, [&](auto timed) TUNELAB_LAMBDA_HOT {
      rec.deallocate<decltype(timed)::value>(h, p, sizes[i], tally);
    });
  }
  rec.finish(tally);
}

}  // namespace tunelab::workloads::alloc
