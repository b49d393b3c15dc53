// A Google Benchmark binary with tunelab's MemoryManager (tunelab/probe/gbench_memory.h): one
// std::vector<int> of N elements per iteration, so one allocation of 4·N bytes, N = 1000 and
// 8000. Under `tunelab run --gbench` its runs carry those heap statistics (command_test.cc).
#include <benchmark/benchmark.h>
#include <tunelab/probe/gbench_memory.h>

#include <vector>

namespace {

void BM_Vector(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<int> v(static_cast<std::size_t>(state.range(0)));
    benchmark::DoNotOptimize(v.data());
  }
}

}  // namespace

BENCHMARK(BM_Vector)->Arg(1000)->Arg(8000);
BENCHMARK_MAIN();
