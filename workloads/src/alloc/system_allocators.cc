#include "tunelab/workloads/alloc/system_allocators.h"

#include <dlfcn.h>
#include <malloc.h>

#include <atomic>
#include <bit>
#include <cstdint>
#include <string>

#include "libc_malloc.h"

extern "C" {
void* tunelab_je_mallocx(std::size_t size, int flags);
void tunelab_je_sdallocx(void* ptr, std::size_t size, int flags);
int tunelab_je_mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp,
                       std::size_t newlen);
}

namespace tunelab::workloads::alloc {
namespace detail {
namespace {

using model::Error;
using model::ErrorKind;

std::atomic<bool> g_tcmallocLoaded{false};
std::atomic<bool> g_mimallocLoaded{false};

// dlopen with RTLD_LOCAL: the library's own malloc never becomes visible to other objects;
// it is never closed (allocators keep thread-exit handlers and atfork hooks registered).
model::Result<void*> openLocal(const char* soname, const char* allocator, const char* package) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    return Error{ErrorKind::Workload, std::string(allocator) + ": cannot load " + soname + " (" +
                                          (why ? why : "unknown error") + "); install " + package +
                                          " (scripts/setup does)."};
  }
  return handle;
}

template <class F>
bool bind(void* handle, const char* symbol, F& out, std::string& missing) {
  out = reinterpret_cast<F>(dlsym(handle, symbol));
  if (!out) missing += std::string(missing.empty() ? "" : ", ") + symbol;
  return out != nullptr;
}

model::Result<TcmallocApi> loadTcmalloc() {
  auto handle = openLocal("libtcmalloc_minimal.so.4", "tcmalloc", "libgoogle-perftools-dev");
  if (!handle) return handle.error();
  TcmallocApi api{};
  std::string missing;
  bind(*handle, "tc_malloc", api.malloc, missing);
  bind(*handle, "tc_memalign", api.memalign, missing);
  bind(*handle, "tc_free", api.free, missing);
  bind(*handle, "tc_free_sized", api.freeSized, missing);
  bind(*handle, "MallocExtension_GetNumericProperty", api.numericProperty, missing);
  bind(*handle, "MallocExtension_ReleaseFreeMemory", api.releaseFreeMemory, missing);
  if (!missing.empty())
    return Error{ErrorKind::Workload, "tcmalloc: libtcmalloc_minimal.so.4 lacks " + missing +
                                          " (gperftools 2.10 or newer is needed)."};
  g_tcmallocLoaded = true;
  return api;
}

model::Result<MimallocApi> loadMimalloc() {
  auto handle = openLocal("libmimalloc.so.2", "mimalloc", "libmimalloc-dev");
  if (!handle) return handle.error();
  MimallocApi api{};
  std::string missing;
  bind(*handle, "mi_malloc", api.malloc, missing);
  bind(*handle, "mi_malloc_aligned", api.mallocAligned, missing);
  bind(*handle, "mi_free_size", api.freeSize, missing);
  bind(*handle, "mi_free_size_aligned", api.freeSizeAligned, missing);
  bind(*handle, "mi_process_info", api.processInfo, missing);
  bind(*handle, "mi_collect", api.collect, missing);
  if (!missing.empty())
    return Error{ErrorKind::Workload, "mimalloc: libmimalloc.so.2 lacks " + missing +
                                          " (mimalloc 2.0 or newer is needed)."};
  g_mimallocLoaded = true;
  return api;
}

std::optional<std::int64_t> jemallocStat(const char* name) {
  std::size_t value = 0;
  std::size_t len = sizeof value;
  if (tunelab_je_mallctl(name, &value, &len, nullptr, 0) != 0) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::optional<std::int64_t> tcmallocStat(const TcmallocApi& api, const char* name) {
  std::size_t value = 0;
  if (!api.numericProperty(name, &value)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

}  // namespace

const GlibcApi& glibcApi() noexcept {
  static const GlibcApi api{libcMalloc, libcMemalign, libcFree};
  return api;
}

const JemallocApi& jemallocApi() noexcept {
  static const JemallocApi api{tunelab_je_mallocx, tunelab_je_sdallocx, tunelab_je_mallctl};
  return api;
}

int jemallocAlignFlags(std::size_t alignment) noexcept { return std::countr_zero(alignment); }

model::Result<const TcmallocApi*> tcmallocApi() {
  static const model::Result<TcmallocApi> api = loadTcmalloc();
  if (!api) return api.error();
  return &api.value();
}

model::Result<const MimallocApi*> mimallocApi() {
  static const model::Result<MimallocApi> api = loadMimalloc();
  if (!api) return api.error();
  return &api.value();
}

}  // namespace detail

model::Result<std::unique_ptr<GlibcAllocator>> GlibcAllocator::create(const AllocatorShape&) {
  return std::make_unique<GlibcAllocator>();
}

AllocatorStats GlibcAllocator::stats() const {
  AllocatorStats s;
#ifndef TUNELAB_SANITIZED_MALLOC  // there, malloc is the sanitizer's: mallinfo2 knows nothing of it
  // Every arena's heap plus the chunks glibc mmaps for big blocks; includes what the rest of
  // the process holds (the workload subtracts what was in use at its baseline).
  const struct mallinfo2 mi = mallinfo2();
  s.poolBytes = static_cast<std::int64_t>(mi.arena + mi.hblkhd);
  s.allocatedBytes = static_cast<std::int64_t>(mi.uordblks + mi.hblkhd);
#endif
  return s;
}

void GlibcAllocator::releaseUnused() noexcept { malloc_trim(0); }

model::Result<std::unique_ptr<JemallocAllocator>> JemallocAllocator::create(const AllocatorShape&) {
  return std::make_unique<JemallocAllocator>();
}

AllocatorStats JemallocAllocator::stats() const {
  // jemalloc caches its statistics; writing the epoch refreshes them.
  std::uint64_t epoch = 1;
  std::size_t len = sizeof epoch;
  m_api.mallctl("epoch", &epoch, &len, &epoch, len);
  AllocatorStats s;
  // resident: pages backing live blocks, dirty pages not yet returned, and metadata.
  s.poolBytes = detail::jemallocStat("stats.resident");
  s.allocatedBytes = detail::jemallocStat("stats.allocated");
  return s;
}

void JemallocAllocator::releaseUnused() noexcept {
  // MALLCTL_ARENAS_ALL (4096) names every arena.
  m_api.mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
}

model::Result<std::unique_ptr<TcmallocAllocator>> TcmallocAllocator::create(const AllocatorShape&) {
  auto api = detail::tcmallocApi();
  if (!api) return api.error();
  return std::make_unique<TcmallocAllocator>(**api);
}

AllocatorStats TcmallocAllocator::stats() const {
  AllocatorStats s;
  // heap_size counts the page heap including pages already returned to the OS (unmapped).
  const auto heap = detail::tcmallocStat(m_api, "generic.heap_size");
  const auto unmapped = detail::tcmallocStat(m_api, "tcmalloc.pageheap_unmapped_bytes");
  if (heap && unmapped) s.poolBytes = *heap - *unmapped;
  s.allocatedBytes = detail::tcmallocStat(m_api, "generic.current_allocated_bytes");
  return s;
}

void TcmallocAllocator::releaseUnused() noexcept { m_api.releaseFreeMemory(); }

model::Result<std::unique_ptr<MimallocAllocator>> MimallocAllocator::create(const AllocatorShape&) {
  auto api = detail::mimallocApi();
  if (!api) return api.error();
  return std::make_unique<MimallocAllocator>(**api);
}

AllocatorStats MimallocAllocator::stats() const {
  std::size_t elapsed = 0, user = 0, system = 0, rss = 0, peakRss = 0, commit = 0, peakCommit = 0,
              faults = 0;
  m_api.processInfo(&elapsed, &user, &system, &rss, &peakRss, &commit, &peakCommit, &faults);
  AllocatorStats s;
  // mimalloc's own count of the memory it has committed (its "current_commit").
  s.poolBytes = static_cast<std::int64_t>(commit);
  return s;
}

void MimallocAllocator::releaseUnused() noexcept { m_api.collect(true); }

void releaseAllUnused() noexcept {
  GlibcAllocator().releaseUnused();
  JemallocAllocator().releaseUnused();
  // Only libraries already loaded: purging must not load one.
  if (detail::g_tcmallocLoaded)
    if (auto api = detail::tcmallocApi()) TcmallocAllocator(**api).releaseUnused();
  if (detail::g_mimallocLoaded)
    if (auto api = detail::mimallocApi()) MimallocAllocator(**api).releaseUnused();
}

}  // namespace tunelab::workloads::alloc
