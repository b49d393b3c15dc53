// ann's exact search against the BLAS it is built on, in one process on Fashion-MNIST
// (Debian's dataset-fashion-mnist: 60 000 base vectors of 784 pixels, 256 test images as
// queries): OpenBLAS sgemm over exactly the tiles the gemm variant multiplies (256 queries ×
// 1024 base rows × 784, −2·Q·Xᵀ), and the gemm variant's search itself (the same products
// plus ‖x‖² and the fused top-10). Both count 2·nq·n·d flops per pass; the ratio is how much
// of OpenBLAS's rate the search keeps (issue 21: ≥ 80 %). One thread.
//
//   build/release/bench/tunelab_bench_ann --benchmark_repetitions=5
//       --benchmark_enable_random_interleaving=true          (one command line)
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cstdio>
#include <cstdlib>

#include "ann/ann.h"
#include "ann/exact.h"

extern "C" void openblas_set_num_threads(int threads);

namespace {

using namespace tunelab::workloads::ann;

constexpr std::size_t kBatch = 256, kBlock = 1024, kK = 10;

const Dataset& data() {
  static const Dataset d = [] {
    auto loaded = loadFashionMnist(60000, kBatch);
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
      std::exit(2);
    }
    return std::move(*loaded);
  }();
  return d;
}

void setFlops(benchmark::State& state) {
  const double flops = 2.0 * kBatch * static_cast<double>(data().base.n * data().base.d);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_OpenblasSgemmTiles(benchmark::State& state) {
  openblas_set_num_threads(1);
  const auto& base = data().base;
  const auto& q = data().queries;
  const int d = static_cast<int>(base.d);
  std::vector<float> tile(kBatch * kBlock);
  for (auto _ : state) {
    for (std::size_t x0 = 0; x0 < base.n; x0 += kBlock) {
      const int nb = static_cast<int>(std::min(kBlock, base.n - x0));
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(kBatch), nb, d, -2.0f,
                  q.row(0), d, base.row(x0), d, 0.0f, tile.data(), nb);
    }
    benchmark::DoNotOptimize(tile.data());
  }
  setFlops(state);
}

void BM_GemmSearch(benchmark::State& state) {
  openblas_set_num_threads(1);
  const auto& base = data().base;
  const auto norms = rowNorms(base);
  std::uint32_t sink = 0;
  for (auto _ : state)
    gemmSearch(base, norms, data().queries, 0, kBatch, kK, kBatch,
               [&](std::size_t, std::vector<std::pair<float, std::uint32_t>>& list) {
                 sink += list.front().second;
               });
  benchmark::DoNotOptimize(sink);
  setFlops(state);
}

BENCHMARK(BM_OpenblasSgemmTiles)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GemmSearch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
