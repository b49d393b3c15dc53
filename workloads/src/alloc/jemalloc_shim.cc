// libtunelab_jemalloc.so: Debian's libjemalloc_pic.a behind three exported functions.
// Linked with --exclude-libs,ALL and hidden visibility, so jemalloc's malloc, free and
// operator new stay local to this library and never interpose on the process's allocator;
// a dependency loaded at start-up, so jemalloc's initial-exec TLS is in the static TLS
// block (dlopen could not place it). See system_allocators.h.
#include <cstddef>

extern "C" {
void* mallocx(std::size_t size, int flags);
void sdallocx(void* ptr, std::size_t size, int flags);
int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen);

__attribute__((visibility("default"))) void* tunelab_je_mallocx(std::size_t size, int flags) {
  return mallocx(size, flags);
}
__attribute__((visibility("default"))) void tunelab_je_sdallocx(void* ptr, std::size_t size,
                                                                int flags) {
  sdallocx(ptr, size, flags);
}
__attribute__((visibility("default"))) int tunelab_je_mallctl(const char* name, void* oldp,
                                                              std::size_t* oldlenp, void* newp,
                                                              std::size_t newlen) {
  return mallctl(name, oldp, oldlenp, newp, newlen);
}
}
