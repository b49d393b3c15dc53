#include "tunelab/workloads/alloc/pool_core.h"

#include <algorithm>
#include <new>

#include "libc_malloc.h"
#include "tunelab/workloads/alloc/handoff.h"

namespace tunelab::workloads::alloc::detail {
namespace {

std::atomic<std::uint64_t> g_nextPoolId{1};
std::atomic<std::uint64_t> g_nextThreadToken{1};
thread_local constinit std::uint64_t t_token = 0;
thread_local constinit bool t_exiting = false;

// Runs when a thread that used a pool exits: gives each live pool its blocks back, so a
// thread pool that comes and goes does not strand memory in dead threads' magazines.
struct ThreadExit {
  struct Entry {
    std::weak_ptr<PoolCore> core;
    ThreadCache* cache;
  };
  std::vector<Entry> entries;
  ~ThreadExit() {
    t_exiting = true;
    t_lastCache = {};
    for (auto& e : entries)
      if (auto core = e.core.lock()) core->detach(*e.cache);
  }
};
// Has a destructor, so every access goes through a guard: only the slow path touches it.
thread_local ThreadExit t_exit;

std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

}  // namespace

ClassDepot::ClassDepot(std::size_t stride, std::size_t alignment, std::uint32_t limit,
                       SpanSource& spans)
    : m_stride(stride),
      m_alignment(alignment),
      m_limit(limit),
      // Two arrays' worth per span: a new span is taken once per two refills at worst, and
      // the part of a span not yet carved is address space only (never written, so not
      // resident).
      m_spanBytes(roundUp(stride * limit * 2, pageSize())),
      m_spans(spans) {}

ClassDepot::~ClassDepot() = default;

void** ClassDepot::newArray() noexcept {
  std::unique_ptr<void*[]> a(new (std::nothrow) void*[m_limit]);
  if (!a) return nullptr;
  try {
    // Every array is in at most one of the lists: with room for all of them, put() never
    // allocates.
    const std::size_t n = m_arrays.size() + 1;
    if (m_full.capacity() < n) m_full.reserve(2 * n);
    if (m_empty.capacity() < n) m_empty.reserve(2 * n);
    m_arrays.push_back(std::move(a));
  } catch (...) {
    return nullptr;
  }
  return m_arrays.back().get();
}

bool ClassDepot::refill(Magazine& m) {
  std::lock_guard lock(m_mutex);
  if (!m_full.empty()) {
    const Rounds r = m_full.back();
    m_full.pop_back();
    m_freeInArrays -= r.count;
    if (m.base) m_empty.push_back(m.base);
    m.base = r.items;
    m.top = r.items + r.count;
    m.end = r.items + m_limit;
    return true;
  }
  if (!m.base) {
    m.base = newArray();
    if (!m.base) return false;
    m.end = m.base + m_limit;
  }
  if (m_loose) {
    // Blocks freed while no array could be had: loaded first.
    std::uint32_t n = 0;
    while (m_loose && n < m_limit) {
      void* b = m_loose;
      m_loose = *static_cast<void**>(b);
      m.base[n++] = b;
    }
    m_looseCount -= n;
    m.top = m.base + n;
    return true;
  }
  if (static_cast<std::size_t>(m_end - m_cursor) < m_stride) {
    auto* span = static_cast<char*>(m_spans.take(m_spanBytes, std::max(m_alignment, pageSize())));
    if (!span) return false;
    m_cursor = span;
    m_end = span + m_spanBytes / m_stride * m_stride;
  }
  // New blocks are addresses only: nothing is written into them (the first write to each,
  // and so the page fault, is its first user's). Loaded so that they are handed out in
  // address order.
  const auto n = static_cast<std::uint32_t>(
      std::min<std::size_t>(m_limit, static_cast<std::size_t>(m_end - m_cursor) / m_stride));
  for (std::uint32_t i = 0; i < n; ++i) m.base[i] = m_cursor + (n - 1 - i) * m_stride;
  m.top = m.base + n;
  m_cursor += n * m_stride;
  m_carved += n;
  return true;
}

void ClassDepot::put(Rounds r) noexcept {
  std::lock_guard lock(m_mutex);
  if (r.count == 0) {
    m_empty.push_back(r.items);
    return;
  }
  m_full.push_back(r);
  m_freeInArrays += r.count;
}

void** ClassDepot::takeEmpty() noexcept {
  std::lock_guard lock(m_mutex);
  if (m_empty.empty()) return newArray();
  void** a = m_empty.back();
  m_empty.pop_back();
  return a;
}

void ClassDepot::putLoose(void* p) noexcept {
  std::lock_guard lock(m_mutex);
  *static_cast<void**>(p) = m_loose;
  m_loose = p;
  ++m_looseCount;
}

ClassDepot::Census ClassDepot::census() {
  std::lock_guard lock(m_mutex);
  return {m_carved, m_freeInArrays + m_looseCount};
}

PoolCore::PoolCore(std::span<const ClassSpec> classes) : m_id(g_nextPoolId.fetch_add(1)) {
  for (const auto& c : classes) {
    // An array holds 16 KiB of blocks (2 … 256 of them): a thread keeps at most two per
    // class, and a move between thread and depot is one lock per that many operations.
    const auto limit =
        static_cast<std::uint32_t>(std::clamp<std::size_t>(16384 / c.stride, 2, 256));
    m_depots.push_back(std::make_unique<ClassDepot>(c.stride, c.alignment, limit, m_spans));
  }
}

PoolCore::~PoolCore() = default;

ThreadCache& PoolCore::attach(const std::shared_ptr<PoolCore>& self) {
  if (t_token == 0) t_token = g_nextThreadToken.fetch_add(1);
  ThreadCache* found = nullptr;
  bool adopted = false;
  {
    std::lock_guard lock(m_mutex);
    for (auto& c : m_caches)
      if (c->owner == t_token) found = c.get();
    for (auto it = m_caches.begin(); !found && it != m_caches.end(); ++it)
      if ((*it)->owner == 0) found = it->get();
    if (!found) {
      m_caches.push_back(std::make_unique<ThreadCache>(m_depots.size()));
      found = m_caches.back().get();
    }
    adopted = found->owner != t_token;
    found->owner = t_token;
  }
  // A thread past its own exit handler cannot register again; its cache then stays owned
  // (at most two arrays per class, returned when the pool goes).
  if (adopted && !t_exiting) t_exit.entries.push_back({self, found});
  t_lastCache = {m_id, found->magazines.get()};
  return *found;
}

void PoolCore::detach(ThreadCache& cache) noexcept {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_depots.size(); ++i) {
    Magazine& m = cache.magazines[i];
    if (m.base) m_depots[i]->put({m.base, static_cast<std::uint32_t>(m.top - m.base)});
    if (m.spare) m_depots[i]->put({m.spare, m_depots[i]->limit()});
    m = Magazine{};
  }
  cache.owner = 0;
}

std::int64_t PoolCore::heldBytes() const {
  std::int64_t bytes = 0;
  for (const auto& d : m_depots) {
    const auto census = d->census();
    bytes += (census.carved - census.free) * static_cast<std::int64_t>(d->stride());
  }
  return bytes;
}

void* refillAndPop(PoolCore& core, Magazine& m, std::size_t cls) {
  if (m.spare) {
    // The empty loaded array goes to the depot; the full spare is loaded.
    core.depot(cls).put({m.base, 0});
    m.base = m.spare;
    m.end = m.spare + core.depot(cls).limit();
    m.top = m.end;
    m.spare = nullptr;
  } else if (!core.depot(cls).refill(m)) {
    return nullptr;
  }
  return *--m.top;
}

void rotateAndPush(PoolCore& core, Magazine& m, std::size_t cls, void* p) noexcept {
  ClassDepot& depot = core.depot(cls);
  void** fresh = depot.takeEmpty();
  if (!fresh) return depot.putLoose(p);  // out of memory: the magazine stays as it is
  if (m.base) {
    // The full loaded array becomes the spare (the old spare, full too, goes to the depot).
    if (m.spare) depot.put({m.spare, depot.limit()});
    m.spare = m.base;
  }
  m.base = fresh;
  m.end = fresh + depot.limit();
  m.top = m.base;
  *m.top++ = p;
}

void* Fallback::allocate(std::size_t size, std::size_t alignment) noexcept {
  void* p =
      alignment <= alignof(std::max_align_t) ? libcMalloc(size) : libcMemalign(alignment, size);
  if (p) m_live.fetch_add(static_cast<std::int64_t>(size), std::memory_order_relaxed);
  return acquired(p);
}

void Fallback::deallocate(void* p, std::size_t size) noexcept {
  if (!p) return;
  releasing(p);
  libcFree(p);
  m_live.fetch_sub(static_cast<std::int64_t>(size), std::memory_order_relaxed);
}

}  // namespace tunelab::workloads::alloc::detail
