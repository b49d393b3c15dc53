#pragma once

// The machinery object-pool and size-class-pool share: per size class a depot of free
// blocks, per thread a magazine of them, and the thread-local lookup that finds a thread's
// magazines in one compare. Inline here because the pools' fast paths use it.
//
// Design (Bonwick's magazines, as in tcmalloc's per-CPU caches): a magazine is an array of
// pointers to free blocks, a stack. A thread allocates by popping and frees by pushing, with
// no lock, no atomic read-modify-write, and without touching the block itself: freeing a
// block does not bring its line into the cache, and nothing is written into a free block.
// A thread holds a loaded array and at most one full spare, so an alloc/free pair at an
// array's boundary never bounces an array between thread and depot. Whole arrays move to
// and from the depot under its mutex: one lock per `limit` operations, which is also how a
// block freed by another thread (producer → consumer) gets back to the allocating thread.
// No header per block, no per-block metadata.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "tunelab/workloads/alloc/span_source.h"

namespace tunelab::workloads::alloc::detail {

// Blocks are at least a pointer in size and alignment (a block's address is all a
// magazine keeps, but a pool of 1-byte blocks has no use here).
inline constexpr std::size_t kMinBlock = sizeof(void*);

// Free blocks of one class in an array of `limit` slots: [0, count) are loaded.
struct Rounds {
  void** items = nullptr;
  std::uint32_t count = 0;
};

// One thread's stock of one size class: only that thread touches it. The loaded array's
// free blocks are [base, top); end = base + limit. The pools keep no per-operation counters
// (each would cost the fast path a load and a store): their statistics count what the
// depots know, see PoolCore::heldBytes().
struct Magazine {
  void** top = nullptr;
  void** base = nullptr;
  void** end = nullptr;
  void** spare = nullptr;  // a full array (limit blocks) or nothing
};

// The free blocks of one size class that no thread holds: arrays handed back by threads,
// and a cursor carving new blocks out of the class's current span. It owns every array of
// the class; threads hold theirs by pointer.
class ClassDepot {
 public:
  ClassDepot(std::size_t stride, std::size_t alignment, std::uint32_t limit, SpanSource& spans);
  ~ClassDepot();
  ClassDepot(const ClassDepot&) = delete;
  ClassDepot& operator=(const ClassDepot&) = delete;
  // Loads an empty magazine (top == base, or no array yet) with an array of free blocks
  // handed back, or with new blocks; false when the kernel refuses more memory.
  bool refill(Magazine& m);
  // Takes a thread's array of free blocks (count may be anything up to the limit; an
  // empty one is kept for reuse).
  void put(Rounds r) noexcept;
  // An empty array for a thread whose loaded one is full; nullptr when there is no memory
  // for one (the block then goes to putLoose).
  void** takeEmpty() noexcept;
  // A free block kept without an array: linked through its first word (out of memory only).
  void putLoose(void* p) noexcept;
  std::size_t stride() const noexcept { return m_stride; }
  std::uint32_t limit() const noexcept { return m_limit; }
  // Blocks carved so far, and blocks sitting in the depot's arrays.
  struct Census {
    std::int64_t carved = 0;
    std::int64_t free = 0;
  };
  Census census();

 private:
  void** newArray() noexcept;  // under m_mutex; nullptr when out of memory

  const std::size_t m_stride;
  const std::size_t m_alignment;
  const std::uint32_t m_limit;
  const std::size_t m_spanBytes;
  SpanSource& m_spans;
  std::mutex m_mutex;
  std::vector<Rounds> m_full;   // arrays with free blocks in them
  std::vector<void**> m_empty;  // arrays with none
  std::vector<std::unique_ptr<void*[]>> m_arrays;
  void* m_loose = nullptr;  // blocks freed when no array could be had, linked
  std::int64_t m_looseCount = 0;
  char* m_cursor = nullptr;
  char* m_end = nullptr;
  std::int64_t m_carved = 0;
  std::int64_t m_freeInArrays = 0;
};

// What one thread keeps for one pool: a magazine per size class.
struct ThreadCache {
  explicit ThreadCache(std::size_t classes) : magazines(new Magazine[classes]) {}
  std::uint64_t owner = 0;  // the thread's token; 0 after it exited (the cache may be adopted)
  std::unique_ptr<Magazine[]> magazines;
};

struct ClassSpec {
  std::size_t stride;     // block size: a multiple of the alignment, at least kMinBlock
  std::size_t alignment;  // of every block of the class
};

// The state a pool shares with the threads using it. Threads hold it weakly: one exiting
// after the pool is gone has nothing to return its blocks to, and one exiting while the
// pool is alive keeps the core alive until its blocks are back in the depots. The spans
// are unmapped when the core goes.
class PoolCore {
 public:
  explicit PoolCore(std::span<const ClassSpec> classes);
  ~PoolCore();
  PoolCore(const PoolCore&) = delete;
  PoolCore& operator=(const PoolCore&) = delete;

  std::uint64_t id() const noexcept { return m_id; }
  std::size_t classes() const noexcept { return m_depots.size(); }
  ClassDepot& depot(std::size_t cls) noexcept { return *m_depots[cls]; }
  SpanSource& spans() noexcept { return m_spans; }

  // The calling thread's cache, found again, adopted from a thread that exited, or new; it
  // becomes the thread's cached lookup. `self` is the owning pointer, held weakly by the
  // thread so it can return its blocks when it exits.
  ThreadCache& attach(const std::shared_ptr<PoolCore>& self);
  // The thread that owns `cache` exits: its blocks go back to the depots.
  void detach(ThreadCache& cache) noexcept;

  // Bytes of the blocks threads hold: carved and not back in a depot — in use, or cached
  // free in a thread's magazine (at most two arrays per class and thread). Exact counts
  // of blocks in use would need a counter per operation.
  std::int64_t heldBytes() const;

 private:
  const std::uint64_t m_id;
  SpanSource m_spans;
  std::vector<std::unique_ptr<ClassDepot>> m_depots;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<ThreadCache>> m_caches;
};

// The thread's most recent (pool, magazines) pair. Pool ids are never reused, so an entry
// of a destroyed pool can never match a new one. constinit and trivially destructible:
// reading it is a TLS load, with no guard or wrapper call; it points at the magazines
// themselves, so the fast path takes no extra indirection.
struct CacheRef {
  std::uint64_t pool = 0;
  Magazine* magazines = nullptr;
};
inline thread_local constinit CacheRef t_lastCache{};

inline Magazine* magazinesFor(std::uint64_t id, const std::shared_ptr<PoolCore>& core) {
  if (t_lastCache.pool == id) [[likely]]
    return t_lastCache.magazines;
  return core->attach(core).magazines.get();
}

// Slow paths, out of line: an empty magazine takes its spare or an array from the depot
// (nullptr: out of memory); a full one hands its spare to the depot and starts an empty
// array.
void* refillAndPop(PoolCore& core, Magazine& m, std::size_t cls);
void rotateAndPush(PoolCore& core, Magazine& m, std::size_t cls, void* p) noexcept;

// The fast paths, shared by the pools and their handles.
[[gnu::always_inline]] inline void* pop(PoolCore& core, Magazine& m, std::size_t cls) {
  if (m.top == m.base) [[unlikely]]
    return refillAndPop(core, m, cls);
  return *--m.top;
}
[[gnu::always_inline]] inline void push(PoolCore& core, Magazine& m, std::size_t cls,
                                        void* p) noexcept {
  if (m.top == m.end) [[unlikely]]
    return rotateAndPush(core, m, cls, p);
  *m.top++ = p;
  // The stack is not empty now: a pop right after needs no test (base ≤ top ≤ end always).
  if (m.top <= m.base) __builtin_unreachable();
}

// Blocks a pool cannot serve (too big, or over-aligned) go to glibc, counted.
class Fallback {
 public:
  void* allocate(std::size_t size, std::size_t alignment) noexcept;
  void deallocate(void* p, std::size_t size) noexcept;
  std::int64_t liveBytes() const noexcept { return m_live.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> m_live{0};
};

}  // namespace tunelab::workloads::alloc::detail
