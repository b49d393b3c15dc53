#pragma once

// glibc's allocator under names that stay glibc's when a program replaces malloc: the
// `tunelab` binary links tunelab::alloc_hooks, whose malloc counts every call (about 8 ns a
// pair while tracking is on). The glibc variant and the pools' fallback call these
// directly, so they are measured as glibc is, the same as jemalloc & co., whose blocks the
// hooks never see either. Exported by glibc since 2.2.5.
//
// Sanitizer builds are the exception: their runtime owns malloc and intercepts some of the
// __libc_* names (TSan takes __libc_memalign, not __libc_free), so a block could come from
// one allocator and go back to the other. There these are the sanitizer's malloc and free.
#include <cstddef>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TUNELAB_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TUNELAB_SANITIZED_MALLOC 1
#endif
#endif

namespace tunelab::workloads::alloc::detail {

#ifdef TUNELAB_SANITIZED_MALLOC
inline void* libcMalloc(std::size_t size) noexcept { return std::malloc(size); }
inline void* libcMemalign(std::size_t alignment, std::size_t size) noexcept {
  return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}
inline void libcFree(void* p) noexcept { std::free(p); }
#else
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void __libc_free(void* ptr) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
}
inline void* libcMalloc(std::size_t size) noexcept { return __libc_malloc(size); }
inline void* libcMemalign(std::size_t alignment, std::size_t size) noexcept {
  return __libc_memalign(alignment, size);
}
inline void libcFree(void* p) noexcept { __libc_free(p); }
#endif

}  // namespace tunelab::workloads::alloc::detail
