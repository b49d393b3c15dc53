// libtunelab_preload.so: the allocation hooks (alloc_hooks.cc, built without operator
// new/delete) as an LD_PRELOAD library, for programs tunelab did not build (`tunelab run --
// COMMAND`). Loaded into a process whose environment names a file in TUNELAB_ALLOC_OUT, it
// counts every allocation from its start to its exit and appends one line to that file:
//
//   pid <pid> allocations <n> frees <n> bytes <n> peak <n>
//   pid <pid> unavailable <why>
//
// one per process (a shell and the programs it starts each write their own; a forked child
// starts counting afresh). The line is written from the library's destructor, which runs
// after the program's own (exit() or a return from main); a process that ends by _exit() or a
// signal writes none, and tunelab then says that tracking reported nothing.
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "tunelab/profiler/alloc_tracking.h"

namespace {

bool g_tracking = false;

void appendLine(const char* line, int length) {
  const char* path = std::getenv("TUNELAB_ALLOC_OUT");
  if (!path || !*path || length <= 0) return;
  // O_APPEND: the lines of concurrent processes never interleave (one write each, < PIPE_BUF).
  const int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  (void)!write(fd, line, static_cast<std::size_t>(length));
  close(fd);
}

void unavailable(const char* why) {
  char line[768];
  const int n = std::snprintf(line, sizeof line, "pid %ld unavailable %s\n",
                              static_cast<long>(getpid()), why);
  appendLine(line, n < static_cast<int>(sizeof line) ? n : static_cast<int>(sizeof line) - 1);
}

void restartInChild() {
  // fork() copied the parent's counts: the child counts its own, from here.
  if (g_tracking) tunelab::profiler::detail::allocHooksStart();
}

// Whether `malloc` as the program sees it is this library's: a program that defines its own
// malloc (or links an allocator that does, ahead of the preload) never calls the hooks, and
// its counts would read as a false 0.
bool mallocIsOurs(char* whose, std::size_t size) {
  Dl_info mine{}, theirs{};
  void* resolved = dlsym(RTLD_DEFAULT, "malloc");
  if (!dladdr(reinterpret_cast<void*>(&appendLine), &mine) || !resolved ||
      !dladdr(resolved, &theirs))
    return true;  // cannot tell: count, and let the totals speak
  if (mine.dli_fbase == theirs.dli_fbase) return true;
  std::snprintf(whose, size, "%s", theirs.dli_fname ? theirs.dli_fname : "another object");
  return false;
}

[[gnu::constructor]] void startTracking() {
  const char* path = std::getenv("TUNELAB_ALLOC_OUT");
  if (!path || !*path) return;
  char whose[512] = "";
  if (!mallocIsOurs(whose, sizeof whose)) {
    char why[640];
    std::snprintf(why, sizeof why, "the program replaces malloc (it resolves to %s)", whose);
    unavailable(why);
    return;
  }
  pthread_atfork(nullptr, nullptr, restartInChild);
  g_tracking = true;
  tunelab::profiler::detail::allocHooksStart();
}

[[gnu::destructor]] void reportTracking() {
  if (!g_tracking) return;
  g_tracking = false;
  const auto s = tunelab::profiler::detail::allocHooksStop();
  char line[256];
  const int n = std::snprintf(line, sizeof line, "pid %ld allocations %lld frees %lld bytes %lld peak %lld\n",
                              static_cast<long>(getpid()), static_cast<long long>(s.allocations),
                              static_cast<long long>(s.frees), static_cast<long long>(s.bytes),
                              static_cast<long long>(s.peakLiveBytes));
  appendLine(line, n);
}

}  // namespace

// A window of counting inside the process, for the SDK's Google Benchmark MemoryManager
// (tunelab/probe/gbench_memory.h), which finds these with dlsym: begin zeroes the counts, end
// gives allocations, frees, bytes and the peak of live bytes since begin, then counts afresh.
// Both return 0 when the process is not tracked (no TUNELAB_ALLOC_OUT, or malloc replaced):
// nothing is measured then, and nothing is reported. The process's own line at exit counts
// from the last window on.
extern "C" [[gnu::visibility("default")]] int tunelab_alloc_window_begin() {
  if (!g_tracking) return 0;
  (void)tunelab::profiler::detail::allocHooksStop();
  tunelab::profiler::detail::allocHooksStart();
  return 1;
}

extern "C" [[gnu::visibility("default")]] int tunelab_alloc_window_end(long long* out4) {
  if (!g_tracking || !out4) return 0;
  const auto s = tunelab::profiler::detail::allocHooksStop();
  out4[0] = static_cast<long long>(s.allocations);
  out4[1] = static_cast<long long>(s.frees);
  out4[2] = static_cast<long long>(s.bytes);
  out4[3] = static_cast<long long>(s.peakLiveBytes);
  tunelab::profiler::detail::allocHooksStart();
  return 1;
}
