// What counting costs per window: one CounterSet start()/stop() pair with the default preset,
// as the harness does around every repetition. On a machine without a PMU the hardware
// events are unsupported and only the software ones (task-clock, page-faults,
// context-switches) cost system calls; on a PMU, the hardware group adds one ioctl each way
// and a read() per event.
#include <benchmark/benchmark.h>

#include "tunelab/profiler/counters.h"

namespace {

void BM_CounterSetStartStop(benchmark::State& state) {
  auto events = tunelab::profiler::resolveEventList("default");
  if (!events) {
    state.SkipWithError(events.error().message.c_str());
    return;
  }
  auto set = tunelab::profiler::CounterSet::open(*events);
  int supported = 0;
  for (auto _ : state) {
    set.start();
    auto values = set.stop();
    benchmark::DoNotOptimize(values.data());
    supported = 0;
    for (const auto& v : values) supported += v.supported() ? 1 : 0;
  }
  state.counters["events_counting"] = supported;
}
BENCHMARK(BM_CounterSetStartStop);

}  // namespace
