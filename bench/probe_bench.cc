// The price of a TUNELAB_REGION when nothing listens: one relaxed load and a predictable
// branch on entry and exit. Compared with the same loop without the region.
#include <benchmark/benchmark.h>

#include "tunelab/probe/region.h"

namespace {

void BM_LoopBaseline(benchmark::State& state) {
  int x = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(++x);
  }
}
BENCHMARK(BM_LoopBaseline);

void BM_RegionNoListener(benchmark::State& state) {
  tunelab::probe::setListener(nullptr);
  int x = 0;
  for (auto _ : state) {
    TUNELAB_REGION("r");
    benchmark::DoNotOptimize(++x);
  }
}
BENCHMARK(BM_RegionNoListener);

class CountingListener final : public tunelab::probe::Listener {
 public:
  void enter(const char*) noexcept override { ++m_entered; }
  void exit(const char*) noexcept override { ++m_exited; }
  long m_entered = 0, m_exited = 0;
};

void BM_RegionCountingListener(benchmark::State& state) {
  CountingListener listener;
  tunelab::probe::setListener(&listener);
  int x = 0;
  for (auto _ : state) {
    TUNELAB_REGION("r");
    benchmark::DoNotOptimize(++x);
  }
  tunelab::probe::setListener(nullptr);
  benchmark::DoNotOptimize(listener.m_entered);
}
BENCHMARK(BM_RegionCountingListener);

}  // namespace
