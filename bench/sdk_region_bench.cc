// The SDK's region in a user's program (the header as installed, with the $TUNELAB_REGIONS
// recorder compiled in): alone — no variable, nothing installed — it must cost what
// tunelab's own regions cost (goal: < 2 ns), and under `tunelab run --` what recording it
// costs per entry, beside the same loop without a region. One binary, ratios in one run.
#include <benchmark/benchmark.h>

#include <tunelab/probe/region.h>

namespace {

void BM_SdkLoopBaseline(benchmark::State& state) {
  int x = 0;
  for (auto _ : state) benchmark::DoNotOptimize(++x);
}
BENCHMARK(BM_SdkLoopBaseline);

void BM_SdkRegionAlone(benchmark::State& state) {
  tunelab::probe::setListener(nullptr);
  int x = 0;
  for (auto _ : state) {
    TUNELAB_REGION("r");
    benchmark::DoNotOptimize(++x);
  }
}
BENCHMARK(BM_SdkRegionAlone);

// What a region costs while tunelab records it (the recorder the variable would install).
void BM_SdkRegionRecorded(benchmark::State& state) {
  static tunelab::probe::detail::EnvRecorder recorder;
  tunelab::probe::setListener(&recorder);
  int x = 0;
  for (auto _ : state) {
    TUNELAB_REGION("r");
    benchmark::DoNotOptimize(++x);
  }
  tunelab::probe::setListener(nullptr);
}
BENCHMARK(BM_SdkRegionRecorded);
BENCHMARK(BM_SdkRegionRecorded)->Threads(2);

}  // namespace

BENCHMARK_MAIN();
