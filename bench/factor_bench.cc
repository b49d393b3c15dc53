// The factorization workload's kernels against OpenBLAS, one thread, and the two textbook
// loop orders of Cholesky: what the figures in docs/performance/factor.md
// rest on. GFLOP/s are counters: FLOP per iteration / time.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cmath>

#include "tunelab/workloads/factor/blas.h"
#include "tunelab/workloads/factor/factorizations.h"
#include "tunelab/workloads/factor/generators.h"

extern "C" void openblas_set_num_threads(int num_threads);

namespace {

using namespace tunelab::workloads::factor;

void setGflops(benchmark::State& state, double flops) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// C = A·B with A m × k, B k × n: the trailing update's shape (square) and the randomized
// SVD's (a 4096 × 4096 matrix times 42 columns).
template <bool kOwn>
void BM_Gemm(benchmark::State& state) {
  const auto m = static_cast<std::size_t>(state.range(0)),
             n = static_cast<std::size_t>(state.range(1)),
             k = static_cast<std::size_t>(state.range(2));
  const Matrix a = gaussian(m, k, 1), b = gaussian(k, n, 2);
  Matrix c(m, n);
  for (auto _ : state) {
    if constexpr (kOwn) {
      gemm(Op::N, Op::N, 1.0, a.view(), b.view(), 0.0, c.view());
    } else {
      cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m),
                  static_cast<int>(n), static_cast<int>(k), 1.0, a.data(), static_cast<int>(m),
                  b.data(), static_cast<int>(k), 0.0, c.data(), static_cast<int>(m));
    }
    benchmark::DoNotOptimize(c.data());
  }
  setGflops(state, 2.0 * static_cast<double>(m * n * k));
  state.SetLabel(kOwn ? isaName(activeIsa()) : "openblas");
}
BENCHMARK(BM_Gemm<true>)
    ->Name("BM_Gemm/own")
    ->Args({1024, 1024, 1024})
    ->Args({928, 928, 96})
    ->Args({4096, 42, 4096})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gemm<false>)
    ->Name("BM_Gemm/openblas")
    ->Args({1024, 1024, 1024})
    ->Args({928, 928, 96})
    ->Args({4096, 42, 4096})
    ->Unit(benchmark::kMillisecond);

// The outer-product (right-looking, kji) order: its inner loop is an axpy down a column, which
// the compiler vectorizes; the workload's naive variant is the inner-product order instead.
void choleskyOuterProduct(View a) {
  const std::size_t n = a.rows;
  for (std::size_t k = 0; k < n; ++k) {
    const double l = std::sqrt(a(k, k));
    a(k, k) = l;
    for (std::size_t i = k + 1; i < n; ++i) a(i, k) /= l;
    for (std::size_t j = k + 1; j < n; ++j)
      for (std::size_t i = j; i < n; ++i) a(i, j) -= a(i, k) * a(j, k);
  }
}

void BM_CholeskyLoopOrder(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool inner = state.range(1) == 1;
  const Matrix spd = randomSpd(n, 100, 3);
  Matrix w(n, n);
  Options naive;
  naive.variant = Variant::Naive;
  naive.regions = false;
  for (auto _ : state) {
    copy(spd.view(), w.view());
    if (inner)
      (void)cholesky(w.view(), naive);
    else
      choleskyOuterProduct(w.view());
    benchmark::DoNotOptimize(w.data());
  }
  setGflops(state, std::pow(static_cast<double>(n), 3) / 3);
  state.SetLabel(inner ? "inner product (naive variant)" : "outer product (right-looking)");
}
BENCHMARK(BM_CholeskyLoopOrder)->Args({1024, 1})->Args({1024, 0})->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  openblas_set_num_threads(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
