#pragma once

// Heap statistics per benchmark for a Google Benchmark binary run by
// `tunelab run --gbench ./my_bench`: include this header in one file of the binary. Under
// tunelab the binary runs with tunelab's allocation hooks preloaded (libtunelab_preload.so),
// and this registers a benchmark::MemoryManager that reads them around each benchmark's
// memory run: Google Benchmark then writes allocs_per_iter and max_bytes_used (and
// total_allocated_bytes) into its JSON, and tunelab stores them as the runs' heap statistics.
// Run on its own (no hooks loaded), it registers nothing, so the binary's output never shows
// an allocation count it did not measure. Needs libdl (glibc ≥ 2.34 has it in libc).

#include <benchmark/benchmark.h>
#include <dlfcn.h>

namespace tunelab::probe {

class GbenchMemoryManager final : public benchmark::MemoryManager {
 public:
  using Begin = int (*)();
  using End = int (*)(long long*);

  GbenchMemoryManager(Begin begin, End end) : m_begin(begin), m_end(end) {}

  void Start() override { m_open = m_begin() != 0; }
  // Google Benchmark 1.7 calls Stop(Result*) (pure virtual there), later versions
  // Stop(Result&): both are given, the first without `override` (gone in 1.8).
  void Stop(Result* result) { Stop(*result); }  // NOLINT(readability-inconsistent-declaration)
  void Stop(Result& result) override {
    long long counts[4] = {0, 0, 0, 0};
    if (!m_open || !m_end(counts)) return;
    result.num_allocs = counts[0];
    result.max_bytes_used = counts[3];
    result.total_allocated_bytes = counts[2];
  }

 private:
  Begin m_begin;
  End m_end;
  bool m_open = false;
};

namespace detail {
// Registered before main() where tunelab's hooks are in the process.
inline bool registerGbenchMemoryManager() {
  auto begin = reinterpret_cast<GbenchMemoryManager::Begin>(dlsym(RTLD_DEFAULT, "tunelab_alloc_window_begin"));
  auto end = reinterpret_cast<GbenchMemoryManager::End>(dlsym(RTLD_DEFAULT, "tunelab_alloc_window_end"));
  if (!begin || !end) return false;
  static GbenchMemoryManager manager(begin, end);
  benchmark::RegisterMemoryManager(&manager);
  return true;
}
inline const bool g_gbenchMemoryManagerRegistered = registerGbenchMemoryManager();
}  // namespace detail

}  // namespace tunelab::probe
