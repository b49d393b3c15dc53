// A small, real Google Benchmark binary. import_test.cc runs it with --benchmark_out and
// imports what it writes, so the import is checked against the library's own JSON rather
// than against a hand-written imitation. Two sizes, a user counter and a label: the fields
// the import maps.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace {

void BM_Sum(benchmark::State& state) {
  const std::vector<std::int64_t> values(static_cast<std::size_t>(state.range(0)), 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::accumulate(values.begin(), values.end(), std::int64_t{0}));
  }
  state.counters["items"] = static_cast<double>(state.range(0));
  state.SetLabel("sum of int64");
}

}  // namespace

BENCHMARK(BM_Sum)->Arg(64)->Arg(1024);
