// Allocation-counting hooks: this object, linked into an executable, replaces the C
// allocation functions and every replaceable global operator new/delete, forwards them to
// glibc's own allocator through its __libc_* entry points, and counts them while tracking
// is on. glibc supports replacing malloc this way ("Replacing malloc" in its manual): the
// executable's definitions interpose on every library's calls, libstdc++ and libc included.
//
// Costs the design is built around:
//  - Tracking off: one relaxed load of a flag that is almost never written and a
//    predictable branch, then a tail call into glibc.
//  - Tracking on: counts and bytes go to a per-thread slot that only its owner writes (a
//    plain load + store, no locked instruction); live bytes need one process-wide atomic
//    add, because the peak of a sum over threads can only be exact if every change is
//    ordered against every other. The peak is a CAS-max taken only when live bytes reach a
//    new high. Measured in bench/alloc_bench.cc.
//
// What must never happen inside malloc: recursion into malloc, or dynamic TLS initialisation
// (which may allocate). Hence glibc's __libc_* functions instead of dlsym(RTLD_NEXT), only
// constant-initialised state, and initial-exec TLS (no __tls_get_addr, which can allocate).
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#include "tunelab/profiler/alloc_tracking.h"

// A sanitizer's runtime replaces malloc itself; a second replacement would fight it (and
// blocks of one allocator would reach the other's free). In those builds the hooks compile
// to nothing, so tracking is unavailable and the tests say why.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TUNELAB_ALLOC_HOOKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define TUNELAB_ALLOC_HOOKS 0
#endif
#endif
#ifndef TUNELAB_ALLOC_HOOKS
#define TUNELAB_ALLOC_HOOKS 1
#endif

#if TUNELAB_ALLOC_HOOKS

// glibc's allocator under names that stay its own when malloc & co. are replaced (exported
// since glibc 2.2.5; aligned_alloc is an alias of __libc_memalign in glibc 2.36).
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void __libc_free(void* ptr) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* ptr, std::size_t size) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
void* __libc_valloc(std::size_t size) noexcept;
void* __libc_pvalloc(std::size_t size) noexcept;
}

namespace {

using Count = std::int64_t;
constexpr auto kRelaxed = std::memory_order_relaxed;

// Counters of one thread. Cache-line sized so that two threads never write the same line.
// Counters only grow (a slot handed to a new thread keeps its values); start() and stop()
// difference the sums, so nothing ever has to reset a counter another thread writes.
struct alignas(64) Slot {
  std::atomic<Count> allocations{0};
  std::atomic<Count> frees{0};
  std::atomic<Count> bytes{0};
  std::atomic<bool> owned{false};
};

// Enough for every thread a workload runs at once on big machines; threads past it, and
// threads in the last moments of their exit, share one more slot with atomic adds:
// slower, still exact.
constexpr int kSlots = 256;
constinit Slot g_slots[kSlots];
constinit Slot g_sharedSlot;

struct alignas(64) Live {
  std::atomic<Count> bytes{0};
  std::atomic<Count> peak{0};  // same line: read right after every add to bytes
};
constinit Live g_live;

// Read by every allocation, written only by start/stop: its own line keeps it shared in
// every core's cache instead of bouncing with the counters.
alignas(64) constinit std::atomic<bool> g_enabled{false};

// The thread's slot, claimed on its first counted allocation.
[[gnu::tls_model("initial-exec")]] constinit thread_local Slot* t_slot = nullptr;

// Releases a thread's slot when it exits (pthread key destructor). Created by the first
// start(), from the controlling thread, never inside malloc.
pthread_key_t g_exitKey;
constinit std::atomic<bool> g_haveExitKey{false};

struct Totals {
  Count allocations = 0, frees = 0, bytes = 0;
};
// Owned by the thread that calls start/stop (the harness: one at a time).
constinit Totals g_atStart;
constinit bool g_started = false;

void releaseSlot(void* slot) noexcept {
  // Whatever this thread frees after its key destructors (its TLS, its stack bookkeeping)
  // is still counted, in the shared slot.
  t_slot = &g_sharedSlot;
  static_cast<Slot*>(slot)->owned.store(false, std::memory_order_release);
}

[[gnu::noinline]] Slot* claimSlot() noexcept {
  // Allocations made while claiming (pthread_setspecific may calloc for high key numbers)
  // are counted in the shared slot instead of coming back here.
  t_slot = &g_sharedSlot;
  if (!g_haveExitKey.load(std::memory_order_acquire)) return t_slot;  // nobody could release it
  for (Slot& s : g_slots) {
    bool expected = false;
    // acquire: see the counts the slot's previous owner left, so adding to them is exact.
    if (s.owned.load(kRelaxed) ||
        !s.owned.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
      continue;
    }
    if (pthread_setspecific(g_exitKey, &s) != 0) {
      s.owned.store(false, std::memory_order_release);
      break;
    }
    t_slot = &s;
    break;
  }
  return t_slot;
}

inline void add(Slot* slot, std::atomic<Count> Slot::*counter, Count n) noexcept {
  auto& c = slot->*counter;
  if (slot == &g_sharedSlot) [[unlikely]] {
    c.fetch_add(n, kRelaxed);
  } else {
    // Only this thread writes c: no locked instruction needed; atomic so that stop() can
    // read it from another thread without a data race.
    c.store(c.load(kRelaxed) + n, kRelaxed);
  }
}

inline Slot* mySlot() noexcept {
  Slot* s = t_slot;
  return s ? s : claimSlot();
}

inline Count usable(void* p) noexcept { return static_cast<Count>(malloc_usable_size(p)); }

// Every change of live bytes is one atomic add, so the adds are totally ordered and each
// intermediate total is seen by exactly one thread: the max of what they see is the peak.
inline void changeLive(Count delta) noexcept {
  const Count now = g_live.bytes.fetch_add(delta, kRelaxed) + delta;
  Count peak = g_live.peak.load(kRelaxed);
  while (now > peak && !g_live.peak.compare_exchange_weak(peak, now, kRelaxed)) {
  }
}

[[gnu::noinline]] void countAlloc(void* p, std::size_t requested) noexcept {
  Slot* s = mySlot();
  add(s, &Slot::allocations, 1);
  add(s, &Slot::bytes, static_cast<Count>(requested));
  changeLive(usable(p));
}

// Before the block goes back to glibc: its usable size is only readable while it is live.
[[gnu::noinline]] void countFree(void* p) noexcept {
  add(mySlot(), &Slot::frees, 1);
  changeLive(-usable(p));
}

inline bool tracking() noexcept { return g_enabled.load(kRelaxed); }

// The whole of every allocation function: allocate, then count if tracking and it worked.
template <typename Allocate>
inline void* counted(std::size_t requested, Allocate allocate) noexcept {
  if (!tracking()) [[likely]] {
    return allocate();
  }
  void* p = allocate();
  if (p) countAlloc(p, requested);
  return p;
}

inline void countedFree(void* p) noexcept {
  if (tracking() && p) [[unlikely]] {
    countFree(p);
  }
  __libc_free(p);
}

// realloc: a free of the old block and an allocation of the new one, moved or not.
[[gnu::noinline]] void* trackedRealloc(void* old, std::size_t size) noexcept {
  if (!old) return counted(size, [&] { return __libc_realloc(nullptr, size); });
  const Count oldUsable = usable(old);
  void* p = __libc_realloc(old, size);
  if (!p && size != 0) return nullptr;  // failed: the old block is untouched, nothing happened
  Slot* s = mySlot();
  add(s, &Slot::frees, 1);
  if (p) {
    add(s, &Slot::allocations, 1);
    add(s, &Slot::bytes, static_cast<Count>(size));
  }
  // glibc's realloc(p, 0) frees p and returns null. One add for both halves: the peak sees
  // the state after the call, not the moment inside a move when both blocks exist.
  changeLive((p ? usable(p) : 0) - oldUsable);
  return p;
}

inline void* countedRealloc(void* old, std::size_t size) noexcept {
  if (!tracking()) [[likely]] {
    return __libc_realloc(old, size);
  }
  return trackedRealloc(old, size);
}

#ifndef TUNELAB_ALLOC_HOOKS_PRELOAD
// operator new: the new-handler loop the standard asks for ([new.delete.single]); size 0
// still yields a unique pointer. The nothrow forms behave as if they called the throwing
// form and returned null for any exception, but without the throw when no handler is set:
// a thrown bad_alloc allocates its exception object, which a failed nothrow new must not.
template <bool kThrows, typename Allocate>
void* newWithHandler(std::size_t size, Allocate allocate) noexcept(!kThrows) {
  const std::size_t asked = size;
  if (size == 0) size = 1;
  for (;;) {
    if (void* p = counted(asked, [&] { return allocate(size); })) [[likely]] {
      return p;
    }
    std::new_handler handler = std::get_new_handler();
    if constexpr (kThrows) {
      if (!handler) throw std::bad_alloc();
      handler();
    } else {
      if (!handler) return nullptr;
      try {
        handler();
      } catch (...) {
        return nullptr;
      }
    }
  }
}

template <bool kThrows>
void* newPlain(std::size_t size) noexcept(!kThrows) {
  return newWithHandler<kThrows>(size, [](std::size_t n) { return __libc_malloc(n); });
}

template <bool kThrows>
void* newAligned(std::size_t size, std::align_val_t alignment) noexcept(!kThrows) {
  return newWithHandler<kThrows>(size, [alignment](std::size_t n) {
    return __libc_memalign(static_cast<std::size_t>(alignment), n);
  });
}

#endif  // TUNELAB_ALLOC_HOOKS_PRELOAD

Totals sumSlots() noexcept {
  Totals t;
  auto addSlot = [&t](const Slot& s) {
    t.allocations += s.allocations.load(kRelaxed);
    t.frees += s.frees.load(kRelaxed);
    t.bytes += s.bytes.load(kRelaxed);
  };
  for (const Slot& s : g_slots) addSlot(s);
  addSlot(g_sharedSlot);
  return t;
}

}  // namespace

namespace tunelab::profiler::detail {

void allocHooksStart() noexcept {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, [] {
    // Without a key (the process ran out of them) threads still count, in the shared slot.
    if (pthread_key_create(&g_exitKey, releaseSlot) == 0) {
      g_haveExitKey.store(true, std::memory_order_release);
    }
  });
  g_enabled.store(false, kRelaxed);
  g_atStart = sumSlots();
  g_live.bytes.store(0, kRelaxed);
  g_live.peak.store(0, kRelaxed);
  g_started = true;
  g_enabled.store(true, std::memory_order_seq_cst);
}

model::AllocStats allocHooksStop() noexcept {
  g_enabled.store(false, std::memory_order_seq_cst);
  if (!g_started) return {};
  g_started = false;
  const Totals now = sumSlots();
  model::AllocStats stats;
  stats.allocations = now.allocations - g_atStart.allocations;
  stats.frees = now.frees - g_atStart.frees;
  stats.bytes = now.bytes - g_atStart.bytes;
  stats.peakLiveBytes = g_live.peak.load(kRelaxed);
  return stats;
}

}  // namespace tunelab::profiler::detail

// The C allocation functions. Their declarations (glibc's headers) say noexcept and carry
// malloc/alloc_size attributes; these definitions inherit them.
extern "C" {

void* malloc(std::size_t size) noexcept {
  return counted(size, [&] { return __libc_malloc(size); });
}

void free(void* ptr) noexcept { countedFree(ptr); }

void* calloc(std::size_t count, std::size_t size) noexcept {
  std::size_t total = 0;
  // On overflow glibc fails the call (ENOMEM) and nothing is counted anyway.
  if (__builtin_mul_overflow(count, size, &total)) total = 0;
  return counted(total, [&] { return __libc_calloc(count, size); });
}

void* realloc(void* ptr, std::size_t size) noexcept { return countedRealloc(ptr, size); }

// Defined here so that it is counted whether or not glibc's own reallocarray reaches realloc
// through its PLT (an internal call would bypass the hooks).
void* reallocarray(void* ptr, std::size_t count, std::size_t size) noexcept {
  std::size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return countedRealloc(ptr, total);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
  return counted(size, [&] { return __libc_memalign(alignment, size); });
}

// glibc 2.36 defines aligned_alloc as memalign (no check that size is a multiple of the
// alignment); so does this.
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  return counted(size, [&] { return __libc_memalign(alignment, size); });
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  // The argument checks of glibc's own posix_memalign, which __libc_memalign lacks.
  const std::size_t words = alignment / sizeof(void*);
  if (alignment % sizeof(void*) != 0 || words == 0 || (words & (words - 1)) != 0) return EINVAL;
  void* p = counted(size, [&] { return __libc_memalign(alignment, size); });
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

void* valloc(std::size_t size) noexcept {
  return counted(size, [&] { return __libc_valloc(size); });
}

void* pvalloc(std::size_t size) noexcept {
  return counted(size, [&] { return __libc_pvalloc(size); });
}

}  // extern "C"

// The LD_PRELOAD build (libtunelab_preload.so, preload.cc) leaves operator new/delete to the
// program's own libstdc++, whose operators call malloc/free through the PLT and so reach the
// functions above: replacing them there would pull libstdc++ into every C program measured.
#ifndef TUNELAB_ALLOC_HOOKS_PRELOAD
// Every replaceable global operator new/delete ([new.delete]). The sized and aligned
// deletes ignore size and alignment: glibc finds both in the block's header.
void* operator new(std::size_t size) { return newPlain<true>(size); }
void* operator new[](std::size_t size) { return newPlain<true>(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return newPlain<false>(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return newPlain<false>(size);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return newAligned<true>(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return newAligned<true>(size, alignment);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return newAligned<false>(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return newAligned<false>(size, alignment);
}

void operator delete(void* ptr) noexcept { countedFree(ptr); }
void operator delete[](void* ptr) noexcept { countedFree(ptr); }
void operator delete(void* ptr, std::size_t) noexcept { countedFree(ptr); }
void operator delete[](void* ptr, std::size_t) noexcept { countedFree(ptr); }
void operator delete(void* ptr, const std::nothrow_t&) noexcept { countedFree(ptr); }
void operator delete[](void* ptr, const std::nothrow_t&) noexcept { countedFree(ptr); }
void operator delete(void* ptr, std::align_val_t) noexcept { countedFree(ptr); }
void operator delete[](void* ptr, std::align_val_t) noexcept { countedFree(ptr); }
void operator delete(void* ptr, std::align_val_t, const std::nothrow_t&) noexcept {
  countedFree(ptr);
}
void operator delete[](void* ptr, std::align_val_t, const std::nothrow_t&) noexcept {
  countedFree(ptr);
}
void operator delete(void* ptr, std::size_t, std::align_val_t) noexcept { countedFree(ptr); }
void operator delete[](void* ptr, std::size_t, std::align_val_t) noexcept { countedFree(ptr); }
#endif  // TUNELAB_ALLOC_HOOKS_PRELOAD

#endif  // TUNELAB_ALLOC_HOOKS
