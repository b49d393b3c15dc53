#include "tunelab/profiler/harness.h"

#include <benchmark/benchmark.h>

#include <exception>
#include <mutex>
#include <optional>

#include "tunelab/model/params.h"

namespace tunelab::profiler {
namespace {

using model::Error;
using model::ErrorKind;

// The state of the case Google Benchmark is running now. The runner is sequential: one
// case at a time, all its repetitions, then ReportRuns for it.
struct Active {
  const Case* spec = nullptr;
  std::optional<CaseBody> body;
  std::string prepareError;
  bool prepared = false;
};

void runBody(benchmark::State& state, Active& active) {
  if (!active.prepared) {
    active.prepared = true;
    try {
      auto body = active.spec->prepare();
      if (body) active.body = std::move(*body);
      else active.prepareError = body.error().message;
    } catch (const std::exception& e) {
      active.prepareError = std::string("preparing the case threw: ") + e.what();
    }
  }
  if (!active.body) {
    state.SkipWithError(active.prepareError.c_str());
    return;
  }
  try {
    for (auto _ : state) active.body->iterate();
  } catch (const std::exception& e) {
    // Leaving the loop early is what SkipWithError requires.
    state.SkipWithError((std::string("the workload threw: ") + e.what()).c_str());
    return;
  }
  // User counters are how Google Benchmark carries per-repetition values: our metrics.
  for (const auto& m : active.body->metrics()) state.counters[m.name] = m.value;
}

class SinkReporter final : public benchmark::BenchmarkReporter {
 public:
  SinkReporter(const std::vector<Case>& cases, const RunSink& sink, HarnessObserver* observer,
               Active& active, HarnessSummary& summary)
      : m_cases(cases), m_sink(sink), m_observer(observer), m_active(active), m_summary(summary) {}

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& reports) override {
    if (m_sinkError) return;
    // The runner calls this twice per case: repetitions first, then its own aggregates.
    bool any = false;
    for (const auto& r : reports) any = any || r.run_type == Run::RT_Iteration;
    if (!any) return;
    model::Run run = m_active.spec->identity;
    for (const auto& r : reports) {
      if (r.run_type != Run::RT_Iteration) continue;  // aggregates are ours to compute
      if (r.error_occurred) {
        run.status = model::RunStatus::Failed;
        run.reason = r.error_message;
        run.samples.clear();
        break;
      }
      model::Sample s;
      s.repetition = static_cast<int>(r.repetition_index < 0 ? 0 : r.repetition_index);
      s.iterations = r.iterations;
      const double iters = static_cast<double>(r.iterations > 0 ? r.iterations : 1);
      s.wallSeconds = r.real_accumulated_time / iters;
      s.cpuSeconds = r.cpu_accumulated_time / iters;
      for (const auto& [name, counter] : r.counters) s.metrics.push_back({name, counter.value, ""});
      run.samples.push_back(std::move(s));
    }
    deliver(run);
  }

  // Called for each case; also used for cases that never reached the runner.
  void deliver(model::Run run) {
    if (run.name.empty()) run.name = model::benchmarkName(run);
    (run.status == model::RunStatus::Ok ? m_summary.ok : m_summary.failed) += 1;
    if (auto s = m_sink(run); !s) m_sinkError = s.error();
    if (m_observer) m_observer->caseFinished(m_index, m_cases.size(), run);
  }

  void setIndex(std::size_t i) { m_index = i; }
  const std::optional<Error>& sinkError() const { return m_sinkError; }

 private:
  const std::vector<Case>& m_cases;
  const RunSink& m_sink;
  HarnessObserver* m_observer;
  Active& m_active;
  HarnessSummary& m_summary;
  std::size_t m_index = 0;
  std::optional<Error> m_sinkError;
};

void initializeBenchmarkOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    int argc = 1;
    char name[] = "tunelab";
    char* argv[] = {name, nullptr};
    benchmark::Initialize(&argc, argv);
  });
}

}  // namespace

model::Result<HarnessSummary> runCases(const std::vector<Case>& cases, const HarnessOptions& options,
                                       const RunSink& sink, HarnessObserver* observer) {
  initializeBenchmarkOnce();
  HarnessSummary summary;
  Active active;
  SinkReporter reporter(cases, sink, observer, active, summary);

  // One case per runner call: the registry holds only the case at hand, so its name never
  // has to be looked up, and what prepare() built is dropped as soon as the case is done.
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (options.stopRequested && options.stopRequested->load()) {
      summary.interrupted = true;
      break;
    }
    active = Active{};
    active.spec = &cases[i];
    reporter.setIndex(i);
    if (observer) observer->caseStarting(i, cases.size(), cases[i].identity);
    benchmark::ClearRegisteredBenchmarks();
    const std::string name = model::benchmarkName(cases[i].identity);
    auto* b = benchmark::RegisterBenchmark(name.c_str(),
                                           [&active](benchmark::State& st) { runBody(st, active); });
    // Google Benchmark requires min_time > 0; tunelab reads 0 as "one iteration per
    // repetition", the setting for long cases and for tests.
    if (options.minTimeSeconds > 0) b->MinTime(options.minTimeSeconds);
    else b->Iterations(1);
    b->Repetitions(options.repetitions)
        ->UseRealTime()
        ->MeasureProcessCPUTime()
        ->ReportAggregatesOnly(false);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    active = Active{};
    if (reporter.sinkError()) {
      benchmark::ClearRegisteredBenchmarks();
      return *reporter.sinkError();
    }
  }
  benchmark::ClearRegisteredBenchmarks();
  return summary;
}

}  // namespace tunelab::profiler
