// Defines malloc & co. itself (a bump allocator over a static arena; free does nothing), as
// programs linked with their own allocator do. Its calls never reach an LD_PRELOAD library's
// malloc, so `tunelab run -- COMMAND` must say "allocation tracking unavailable (the program
// replaces malloc …)" instead of storing the hooks' zeros (tests/cli/command_test.cc).
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

namespace {
alignas(64) unsigned char g_arena[64 << 20];
std::size_t g_used = 0;

void* bump(std::size_t size, std::size_t alignment = 16) {
  std::size_t start = (g_used + sizeof(std::size_t) + alignment - 1) / alignment * alignment;
  if (start + size > sizeof g_arena) return nullptr;
  std::memcpy(g_arena + start - sizeof(std::size_t), &size, sizeof size);
  g_used = start + size;
  return g_arena + start;
}

std::size_t sizeOf(void* p) {
  std::size_t size = 0;
  std::memcpy(&size, static_cast<unsigned char*>(p) - sizeof size, sizeof size);
  return size;
}
}  // namespace

extern "C" {
void* malloc(std::size_t size) noexcept { return bump(size); }
void free(void*) noexcept {}
void* calloc(std::size_t n, std::size_t size) noexcept {
  void* p = bump(n * size);
  if (p) std::memset(p, 0, n * size);
  return p;
}
void* realloc(void* old, std::size_t size) noexcept {
  void* p = bump(size);
  if (p && old) std::memcpy(p, old, sizeOf(old) < size ? sizeOf(old) : size);
  return p;
}
void* memalign(std::size_t alignment, std::size_t size) noexcept { return bump(size, alignment < 16 ? 16 : alignment); }
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept { return memalign(alignment, size); }
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  *out = memalign(alignment, size);
  return *out ? 0 : ENOMEM;
}
std::size_t malloc_usable_size(void* p) noexcept { return p ? sizeOf(p) : 0; }
}

int main() {
  long sum = 0;
  for (int i = 0; i < 1000; ++i) {
    auto* p = static_cast<long*>(malloc(64 * sizeof(long)));
    p[0] = i;
    sum += p[0];
    free(p);
  }
  std::printf("%ld\n", sum);
  return 0;
}
