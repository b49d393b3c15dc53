// The price of allocation tracking (tunelab::alloc_hooks) on a malloc/free pair of 64 bytes:
// glibc called directly (as if the hooks were not linked), through the hooks with tracking
// off, and with tracking on. The goal is < 20 ns added per tracked allocation. The 2-thread
// variants show what sharing the process-wide live-bytes counter costs under contention.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstddef>

#include "tunelab/profiler/alloc_tracking.h"

extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void __libc_free(void* ptr) noexcept;
}

namespace {

namespace prof = tunelab::profiler;
constexpr std::size_t kBytes = 64;

// Starts tracking before the timed loop and stops after it, from one thread: Google
// Benchmark holds every thread at a barrier on entering and leaving the loop.
class Tracking {
 public:
  Tracking(benchmark::State& state, bool on)
      : m_state(state), m_on(on && state.thread_index() == 0) {
    if (on && !prof::allocTrackingAvailable())
      state.SkipWithError("allocation tracking unavailable");
    if (m_on) prof::allocTrackingStart();
  }
  ~Tracking() {
    if (!m_on) return;
    const auto s = prof::allocTrackingStop();
    // Proof that the loop was counted: allocations per iteration of all threads.
    m_state.counters["allocs/iter"] =
        benchmark::Counter(static_cast<double>(s.allocations) /
                           static_cast<double>(m_state.iterations()) / m_state.threads());
  }
  Tracking(const Tracking&) = delete;
  Tracking& operator=(const Tracking&) = delete;

 private:
  benchmark::State& m_state;
  bool m_on;
};

void BM_LibcMallocFree(benchmark::State& state) {
  for (auto _ : state) {
    void* p = __libc_malloc(kBytes);
    benchmark::DoNotOptimize(p);
    __libc_free(p);
  }
}
BENCHMARK(BM_LibcMallocFree);
BENCHMARK(BM_LibcMallocFree)->Threads(2);

void BM_MallocFree(benchmark::State& state) {
  Tracking tracking(state, state.range(0) != 0);
  for (auto _ : state) {
    void* p = malloc(kBytes);
    benchmark::DoNotOptimize(p);
    free(p);
  }
}
BENCHMARK(BM_MallocFree)->ArgName("tracking")->Arg(0)->Arg(1);
BENCHMARK(BM_MallocFree)->ArgName("tracking")->Arg(0)->Arg(1)->Threads(2);

void BM_NewDelete(benchmark::State& state) {
  Tracking tracking(state, state.range(0) != 0);
  for (auto _ : state) {
    auto* p = new char[kBytes];
    benchmark::DoNotOptimize(p);
    delete[] p;
  }
}
BENCHMARK(BM_NewDelete)->ArgName("tracking")->Arg(0)->Arg(1);

}  // namespace
