#pragma once

// The machinery object-pool and size-class-pool share: per size class a depot of free
// blocks, per thread a magazine of them, and the thread-local lookup that finds a thread's
// magazines in one compare. Inline here because the pools' fast paths use it.
//
// Design (Bonwick's magazines, as in tcmalloc's transfer cache): a thread allocates from and
// frees into its own magazine with no lock and no atomic read-modify-write. A magazine holds
// up to two batches (the loaded one and a full spare), so an alloc/free pair at a batch
// boundary never bounces a batch between thread and depot. Whole batches move to and from
// the depot under its mutex: one lock per `batch` operations, which is also how a block
// freed by another thread (producer → consumer) gets back to the allocating thread. Free
// blocks store the free-list link in themselves: no header, no per-block metadata.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "tunelab/workloads/alloc/span_source.h"

namespace tunelab::workloads::alloc::detail {

struct FreeBlock {
  FreeBlock* next;
};

// A run of free blocks linked through their first word; moved as one.
struct Batch {
  FreeBlock* head = nullptr;
  std::uint32_t count = 0;
};

// One thread's stock of one size class: only that thread touches it. The pools keep no
// per-operation counters (each would cost the fast path a load and a store): their
// statistics count what the depots know, see PoolCore::heldBytes().
struct Magazine {
  FreeBlock* head = nullptr;
  std::uint32_t count = 0;
  std::uint32_t limit = 0;     // the class's batch size
  FreeBlock* spare = nullptr;  // a full batch (spareCount blocks) or nothing
  std::uint32_t spareCount = 0;
};

// The free blocks of one size class that no thread holds: full batches handed back by
// threads, and a cursor carving new blocks out of the class's current span.
class ClassDepot {
 public:
  ClassDepot(std::size_t stride, std::size_t alignment, std::uint32_t batch, SpanSource& spans);
  // Fills an empty magazine with a returned batch, or with new blocks; false when the
  // kernel refuses more memory.
  bool refill(Magazine& m);
  void put(Batch b);
  std::size_t stride() const noexcept { return m_stride; }
  std::uint32_t batch() const noexcept { return m_batch; }
  // Blocks carved so far, and blocks sitting in the depot's batches.
  struct Census {
    std::int64_t carved = 0;
    std::int64_t free = 0;
  };
  Census census();

 private:
  const std::size_t m_stride;
  const std::size_t m_alignment;
  const std::uint32_t m_batch;
  const std::size_t m_spanBytes;
  SpanSource& m_spans;
  std::mutex m_mutex;
  std::vector<Batch> m_full;
  char* m_cursor = nullptr;
  char* m_end = nullptr;
  std::int64_t m_carved = 0;
  std::int64_t m_freeInBatches = 0;
};

// What one thread keeps for one pool: a magazine per size class.
struct ThreadCache {
  explicit ThreadCache(std::size_t classes) : magazines(new Magazine[classes]) {}
  std::uint64_t owner = 0;  // the thread's token; 0 after it exited (the cache may be adopted)
  std::unique_ptr<Magazine[]> magazines;
};

struct ClassSpec {
  std::size_t stride;     // block size: a multiple of the alignment, at least a pointer
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
  // free in a thread's magazine (at most two batches per class and thread). Exact counts
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

// Slow paths, out of line: an empty magazine takes its spare or a batch from the depot (nullptr:
// out of memory); a full one hands its spare to the depot.
void* refillAndPop(PoolCore& core, Magazine& m, std::size_t cls);
void rotateAndPush(PoolCore& core, Magazine& m, std::size_t cls, void* p) noexcept;

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
