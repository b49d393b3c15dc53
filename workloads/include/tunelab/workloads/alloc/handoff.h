#pragma once

// ThreadSanitizer cannot see the synchronization inside allocators it did not compile
// (glibc, jemalloc, tcmalloc, mimalloc): a block freed by one thread and handed to another
// by the allocator's own atomics would look like a race between the two threads' writes.
// These annotations state the hand-off the allocator guarantees: release when a block is
// freed, acquire when it is handed out. They compile to nothing outside TSan builds.
#if defined(__SANITIZE_THREAD__)
#define TUNELAB_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TUNELAB_TSAN 1
#endif
#endif

#ifdef TUNELAB_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace tunelab::workloads::alloc::detail {

inline void* acquired(void* p) noexcept {
#ifdef TUNELAB_TSAN
  if (p) __tsan_acquire(p);
#endif
  return p;
}

inline void releasing(void* p) noexcept {
#ifdef TUNELAB_TSAN
  if (p) __tsan_release(p);
#else
  (void)p;
#endif
}

}  // namespace tunelab::workloads::alloc::detail
