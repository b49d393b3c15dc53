// The k-means figures of docs/performance/kmeans.md that need a reference from outside tunelab, in
// one process: OpenBLAS sgemm on 2048 × 2048 fp32 matrices (the machine's practical fp32
// rate, with 1 and 2 threads) and the tuned k-means assignment step on the reference problem
// (n = 10⁶ points, d = 16, k = 64, 20 Lloyd iterations from a fixed k-means++ start), with
// the same thread counts. Run with repetitions and random interleaving, so both see the
// same machine state; the table at the end divides the medians.
//
//   build/release/bench/tunelab_bench_kmeans --benchmark_repetitions=5
//       --benchmark_enable_random_interleaving=true          (one command line)
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <fmt/core.h>

#include <map>
#include <random>
#include <string>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/worker_pool.h"

extern "C" void openblas_set_num_threads(int threads);  // OpenBLAS's own API (cblas.h has it
                                                        // in some versions only)
namespace {

using namespace tunelab::workloads;

constexpr int kGemmN = 2048;
constexpr std::size_t kN = 1'000'000, kD = 16, kK = 64;
constexpr int kIterations = 20;

struct Reference {
  kmeans::Points points;
  std::vector<float> init;
};

// The reference problem as `tunelab run kmeans -p n=1000000 -p d=16 -p k=64 -p spread=4`
// builds it: blobs seeded 42, k-means++ seeded 42.
const Reference& reference() {
  static const Reference r = [] {
    Reference out;
    out.points = kmeans::generateBlobs({kN, kD, kK, 4.0, 10.0, 42});
    out.init = kmeans::initialCentroids(out.points, kK, kmeans::Init::KmeansPlusPlus, 42);
    return out;
  }();
  return r;
}

void BM_Sgemm(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  openblas_set_num_threads(threads);
  static std::vector<float> a, b, c;
  if (a.empty()) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1, 1);
    for (auto* m : {&a, &b, &c}) m->resize(static_cast<std::size_t>(kGemmN) * kGemmN);
    for (auto& v : a) v = u(rng);
    for (auto& v : b) v = u(rng);
  }
  for (auto _ : state)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kGemmN, kGemmN, kGemmN, 1.0f, a.data(),
                kGemmN, b.data(), kGemmN, 0.0f, c.data(), kGemmN);
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * kGemmN * kGemmN * kGemmN * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Sgemm)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One execution = 20 Lloyd iterations, as `tunelab run` times it; the counter is the
// assignment step's own rate: 2·n·k·d flops per pass over the wall time of the passes.
void BM_KmeansAssign(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const auto& ref = reference();
  WorkerPool pool(threads);
  double assignSeconds = 0, evaluations = 0, iterations = 0;
  for (auto _ : state) {
    auto r = kmeans::lloyd(ref.points, ref.init, kK, kIterations, threads > 1 ? &pool : nullptr);
    assignSeconds += r.assignSeconds;
    evaluations += static_cast<double>(r.distanceEvaluations);
    iterations += r.iterations;
  }
  state.counters["GFLOP/s"] = 2.0 * kD * evaluations / assignSeconds * 1e-9;
  state.counters["ms/iteration"] = assignSeconds / iterations * 1e3;
  state.counters["iterations"] = iterations / static_cast<double>(state.iterations());
}
BENCHMARK(BM_KmeansAssign)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Prints as usual and keeps each benchmark's median (or single) GFLOP/s for the summary.
class Reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      auto it = r.counters.find("GFLOP/s");
      if (it != r.counters.end()) rates[r.run_name.str()] = it->second.value;
    }
  }
  std::map<std::string, double> rates;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  fmt::print("\nassignment step against OpenBLAS sgemm (n = {}), medians of this run:\n", kGemmN);
  for (int t : {1, 2}) {
    const std::string assign = fmt::format("BM_KmeansAssign/threads:{}/real_time", t);
    const std::string gemm = fmt::format("BM_Sgemm/threads:{}/real_time", t);
    if (!reporter.rates.count(assign) || !reporter.rates.count(gemm)) continue;
    const double a = reporter.rates[assign], g = reporter.rates[gemm];
    fmt::print("  {} thread{}: assign {:.1f} GFLOP/s, sgemm {:.1f} GFLOP/s: {:.0f} %\n", t,
               t > 1 ? "s" : "", a, g, 100 * a / g);
  }
  return 0;
}
