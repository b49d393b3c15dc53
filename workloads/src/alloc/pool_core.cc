#include "tunelab/workloads/alloc/pool_core.h"

#include <algorithm>

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

ClassDepot::ClassDepot(std::size_t stride, std::size_t alignment, std::uint32_t batch,
                       SpanSource& spans)
    : m_stride(stride),
      m_alignment(alignment),
      m_batch(batch),
      // Two batches per span: a new span is taken once per two refills at worst, and the
      // part of a span not yet carved is address space only (never written, so not resident).
      m_spanBytes(roundUp(stride * batch * 2, pageSize())),
      m_spans(spans) {}

bool ClassDepot::refill(Magazine& m) {
  std::lock_guard lock(m_mutex);
  if (!m_full.empty()) {
    const Batch b = m_full.back();
    m_full.pop_back();
    m_freeInBatches -= b.count;
    m.head = b.head;
    m.count = b.count;
    return true;
  }
  if (static_cast<std::size_t>(m_end - m_cursor) < m_stride) {
    auto* span = static_cast<char*>(m_spans.take(m_spanBytes, std::max(m_alignment, pageSize())));
    if (!span) return false;
    m_cursor = span;
    m_end = span + m_spanBytes / m_stride * m_stride;
  }
  // Carving links the new blocks in address order: the first write to each block (and so
  // the page fault) happens here, once per block's life in the pool.
  const auto n = static_cast<std::uint32_t>(
      std::min<std::size_t>(m_batch, static_cast<std::size_t>(m_end - m_cursor) / m_stride));
  for (std::uint32_t i = 0; i < n; ++i) {
    auto* b = reinterpret_cast<FreeBlock*>(m_cursor + i * m_stride);
    b->next = i + 1 < n ? reinterpret_cast<FreeBlock*>(m_cursor + (i + 1) * m_stride) : nullptr;
  }
  m.head = reinterpret_cast<FreeBlock*>(m_cursor);
  m.count = n;
  m_cursor += n * m_stride;
  m_carved += n;
  return true;
}

void ClassDepot::put(Batch b) {
  std::lock_guard lock(m_mutex);
  m_full.push_back(b);
  m_freeInBatches += b.count;
}

ClassDepot::Census ClassDepot::census() {
  std::lock_guard lock(m_mutex);
  return {m_carved, m_freeInBatches};
}

PoolCore::PoolCore(std::span<const ClassSpec> classes) : m_id(g_nextPoolId.fetch_add(1)) {
  for (const auto& c : classes) {
    const auto batch =
        static_cast<std::uint32_t>(std::clamp<std::size_t>(16384 / c.stride, 2, 256));
    m_depots.push_back(std::make_unique<ClassDepot>(c.stride, c.alignment, batch, m_spans));
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
      for (std::size_t i = 0; i < m_depots.size(); ++i)
        found->magazines[i].limit = m_depots[i]->batch();
    }
    adopted = found->owner != t_token;
    found->owner = t_token;
  }
  // A thread past its own exit handler cannot register again; its cache then stays owned
  // (at most two batches per class, returned when the pool goes).
  if (adopted && !t_exiting) t_exit.entries.push_back({self, found});
  t_lastCache = {m_id, found->magazines.get()};
  return *found;
}

void PoolCore::detach(ThreadCache& cache) noexcept {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_depots.size(); ++i) {
    Magazine& m = cache.magazines[i];
    if (m.count > 0) m_depots[i]->put({m.head, m.count});
    if (m.spare) m_depots[i]->put({m.spare, m.spareCount});
    m = Magazine{nullptr, 0, m.limit, nullptr, 0};
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
    m.head = m.spare;
    m.count = m.spareCount;
    m.spare = nullptr;
    m.spareCount = 0;
  } else if (!core.depot(cls).refill(m)) {
    return nullptr;
  }
  FreeBlock* b = m.head;
  m.head = b->next;
  --m.count;
  return b;
}

void rotateAndPush(PoolCore& core, Magazine& m, std::size_t cls, void* p) noexcept {
  if (m.spare) core.depot(cls).put({m.spare, m.spareCount});
  m.spare = m.head;
  m.spareCount = m.count;
  auto* b = static_cast<FreeBlock*>(p);
  b->next = nullptr;
  m.head = b;
  m.count = 1;
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
