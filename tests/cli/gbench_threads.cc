// A Google Benchmark binary with ->ThreadRange and ->Range, for `tunelab run --gbench`
// (command_test.cc). Every thread runs the whole loop, and Google Benchmark divides the wall
// time by the iterations of all threads together: 2 threads on 2 idle cores halve the time
// per iteration, which tunelab reports as speedup 2. A user counter becomes a metric.
#include <benchmark/benchmark.h>

#include <cstdint>

namespace {

void BM_Xorshift(benchmark::State& state) {
  const std::int64_t steps = state.range(0);
  std::uint64_t x = 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(state.thread_index());
  for (auto _ : state) {
    for (std::int64_t i = 0; i < steps; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
    }
    benchmark::DoNotOptimize(x);
  }
  state.counters["steps"] = static_cast<double>(steps);
}

}  // namespace

BENCHMARK(BM_Xorshift)->Range(1 << 16, 1 << 18)->ThreadRange(1, 2)->UseRealTime();
