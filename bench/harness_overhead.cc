// Does tunelab's harness change what it measures? The same ~10 ms workload is timed by
// plain Google Benchmark and by tunelab's harness (profiler::runCases), alternating round
// by round in one process so that machine drift hits both alike:
//
//   plain      Google Benchmark alone: RegisterBenchmark, our reporter collects each
//              repetition (the same runner settings as the harness: real time, process
//              CPU time, repetitions, min time)
//   harness    runCases with nothing switched on: no counters, no allocation tracking,
//              no regions
//   full       runCases as `tunelab run` measures by default: the default counter preset,
//              allocation tracking and the region recorder
//
// It prints the median time per iteration of each and the ratio to plain. The goal (issue
// "profiler"): the harness adds < 1 % to a 10 ms workload. Not a test: the figure is
// recorded in docs/performance/measuring.md with the command line.
//
//   tunelab_bench_harness [--rounds N] [--target-ms MS]
#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "tunelab/probe/region.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/harness.h"

namespace {

using namespace tunelab;

constexpr int kRepetitions = 5;
constexpr double kMinTime = 0.2;

// A dependent chain of integer and floating-point work: compute-bound, allocation-free,
// and impossible to fold away. `steps` is calibrated so that one call takes ~target.
double work(std::uint64_t steps) {
  TUNELAB_REGION("work");
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  double acc = 0;
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    acc += static_cast<double>(x & 0xFFFF) * 1e-6;
  }
  benchmark::DoNotOptimize(acc);
  return acc;
}

std::uint64_t calibrate(double targetSeconds) {
  std::uint64_t steps = 1 << 16;
  for (;;) {
    auto t0 = std::chrono::steady_clock::now();
    work(steps);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s > 0.02) return static_cast<std::uint64_t>(static_cast<double>(steps) * targetSeconds / s);
    steps *= 2;
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

class Collector final : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs)
      if (r.run_type == Run::RT_Iteration && r.iterations > 0)
        perIteration.push_back(r.real_accumulated_time / static_cast<double>(r.iterations));
  }
  std::vector<double> perIteration;
};

std::vector<double> runPlain(std::uint64_t steps) {
  benchmark::ClearRegisteredBenchmarks();
  benchmark::RegisterBenchmark("plain", [steps](benchmark::State& st) {
    for (auto _ : st) work(steps);
  })
      ->MinTime(kMinTime)
      ->Repetitions(kRepetitions)
      ->UseRealTime()
      ->MeasureProcessCPUTime()
      ->ReportAggregatesOnly(false);
  Collector c;
  benchmark::RunSpecifiedBenchmarks(&c);
  benchmark::ClearRegisteredBenchmarks();
  return c.perIteration;
}

std::vector<double> runHarness(std::uint64_t steps, bool instrumented) {
  profiler::Case c;
  c.identity.workload = "bench";
  c.identity.variant = instrumented ? "full" : "harness";
  c.prepare = [steps]() -> model::Result<profiler::CaseBody> {
    return profiler::CaseBody{[steps] { work(steps); }, [] { return std::vector<model::Metric>{}; }};
  };
  profiler::HarnessOptions o;
  o.repetitions = kRepetitions;
  o.minTimeSeconds = kMinTime;
  o.trackAllocations = instrumented;
  o.recordRegions = instrumented;
  if (instrumented) o.events = profiler::resolveEventList("default").value();
  std::vector<double> times;
  auto r = profiler::runCases(
      {c}, o,
      [&](const model::Run& run) -> model::Status {
        for (const auto& s : run.samples) times.push_back(s.wallSeconds);
        return model::Ok{};
      },
      nullptr);
  if (!r) {
    fmt::print(stderr, "harness failed: {}\n", r.error().message);
    std::exit(1);
  }
  return times;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  double targetMs = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--target-ms") == 0) targetMs = std::atof(argv[i + 1]);
  }
  int one = 1;
  char name[] = "tunelab_bench_harness";
  char* args[] = {name, nullptr};
  benchmark::Initialize(&one, args);

  const std::uint64_t steps = calibrate(targetMs / 1000);
  std::vector<double> plain, harness, full;
  for (int r = 0; r < rounds; ++r) {
    for (double t : runPlain(steps)) plain.push_back(t);
    for (double t : runHarness(steps, false)) harness.push_back(t);
    for (double t : runHarness(steps, true)) full.push_back(t);
    fmt::print(stderr, "round {}/{} done\n", r + 1, rounds);
  }
  const double p = median(plain), h = median(harness), f = median(full);
  fmt::print("workload: {} xorshift steps ≈ {:.2f} ms; {} rounds × {} repetitions × min time {} s each\n",
             steps, p * 1e3, rounds, kRepetitions, kMinTime);
  fmt::print("{:<10} {:>14} {:>10}\n", "mode", "median/iter", "vs plain");
  fmt::print("{:<10} {:>11.4f} ms {:>10}\n", "plain", p * 1e3, "");
  fmt::print("{:<10} {:>11.4f} ms {:>+9.2f}%\n", "harness", h * 1e3, (h / p - 1) * 100);
  fmt::print("{:<10} {:>11.4f} ms {:>+9.2f}%\n", "full", f * 1e3, (f / p - 1) * 100);
  const double worst = std::max(h, f) / p - 1;
  fmt::print("goal: the harness adds < 1 % → {}\n", worst < 0.01 ? "met" : "MISSED");
  return 0;
}
