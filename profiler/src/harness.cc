#include "tunelab/profiler/harness.h"

#include <benchmark/benchmark.h>

#include <exception>
#include <map>
#include <mutex>
#include <optional>

#include "isolation.h"
#include "launch.h"
#include "region_recorder.h"
#include "thread_sampler.h"
#include "tunelab/model/params.h"
#include "tunelab/probe/region.h"
#include "tunelab/profiler/alloc_tracking.h"
#include "tunelab/profiler/counters.h"
#include "tunelab/profiler/simulated.h"

namespace tunelab::profiler {
namespace {

using model::Error;
using model::ErrorKind;

// Reserved user-counter names: how per-repetition measurements ride along with Google
// Benchmark's own per-repetition Run records. Everything else a case reports is a metric.
constexpr std::string_view kCounterValue = "tl.c:";
constexpr std::string_view kCounterEnabled = "tl.ce:";
constexpr std::string_view kCounterRunning = "tl.cr:";
constexpr std::string_view kAllocPrefix = "tl.a:";
// The index of the body call a repetition reports: what does not fit in a double (series,
// metric units, regions with their counters, per-thread data) waits in Active::calls under
// that index until the reporter collects it.
constexpr std::string_view kCall = "tl.call";

std::string key(std::string_view prefix, std::string_view name) {
  return std::string(prefix) + std::string(name);
}

// The state of the case Google Benchmark is running now. The runner is sequential: one
// case at a time, all its repetitions, then ReportRuns for it.
struct Active {
  const Case* spec = nullptr;
  const HarnessOptions* options = nullptr;
  std::optional<CounterSet> counters;
  std::map<std::string, std::string> unsupported;  // event → reason, from the last stop()
  RegionRecorder regions;
  std::optional<CaseBody> body;
  // What each call of the body produced besides doubles; indexed by the "tl.call" counter.
  struct CallExtras {
    std::vector<model::Metric> metrics;
    std::vector<model::Series> series;
    std::vector<model::CounterValue> simulated;
    std::vector<model::ThreadStat> threads;
    std::vector<model::RegionStat> regions;
  };
  CallgrindWindow callgrind;
  std::optional<ThreadSampler> threads;
  std::vector<CallExtras> calls;
  std::string prepareError;
  bool prepared = false;
};

void prepare(Active& active) {
  active.prepared = true;
  // Counters first: they count threads created after they are opened (inherit), and
  // prepare() is where workloads create their worker threads.
  if (!active.options->events.empty()) active.counters = CounterSet::open(active.options->events);
  if (active.options->recordRegions && active.options->regionCounters)
    active.regions.enableCounters(active.options->events);
  try {
    auto body = active.spec->prepare();
    if (body) active.body = std::move(*body);
    else active.prepareError = body.error().message;
  } catch (const std::exception& e) {
    active.prepareError = std::string("preparing the case threw: ") + e.what();
  }
}

void publish(benchmark::State& state, Active& active, const std::vector<model::CounterValue>& counters,
             const std::optional<model::AllocStats>& alloc) {
  for (const auto& c : counters) {
    if (c.value) {
      state.counters[key(kCounterValue, c.event)] = *c.value;
      state.counters[key(kCounterEnabled, c.event)] = static_cast<double>(c.timeEnabledNs);
      state.counters[key(kCounterRunning, c.event)] = static_cast<double>(c.timeRunningNs);
    } else {
      active.unsupported[c.event] = c.reason;
    }
  }
  if (alloc) {
    state.counters[key(kAllocPrefix, "allocations")] = static_cast<double>(alloc->allocations);
    state.counters[key(kAllocPrefix, "frees")] = static_cast<double>(alloc->frees);
    state.counters[key(kAllocPrefix, "bytes")] = static_cast<double>(alloc->bytes);
    state.counters[key(kAllocPrefix, "peak")] = static_cast<double>(alloc->peakLiveBytes);
  }
}

void runBody(benchmark::State& state, Active& active) {
  if (!active.prepared) prepare(active);
  if (!active.body) {
    state.SkipWithError(active.prepareError.c_str());
    return;
  }
  const auto& opt = *active.options;
  const bool alloc = opt.trackAllocations && allocTrackingAvailable();
  if (opt.recordRegions) {
    active.regions.reset();
    probe::setListener(&active.regions);
  }
  if (alloc) allocTrackingStart();
  if (opt.perThread) {
    if (!active.threads) active.threads.emplace(opt.events);
    active.threads->start();
  }
  if (active.counters) active.counters->start();
  if (opt.simulate) active.callgrind.start();
  std::string thrown;
  try {
    for (auto _ : state) active.body->iterate();
  } catch (const std::exception& e) {
    thrown = std::string("the workload threw: ") + e.what();
  }
  Active::CallExtras extras;
  if (opt.simulate) extras.simulated = active.callgrind.stop();
  auto counters = active.counters ? active.counters->stop() : std::vector<model::CounterValue>{};
  if (opt.perThread) extras.threads = active.threads->stop();
  std::optional<model::AllocStats> allocStats;
  if (alloc) allocStats = allocTrackingStop();
  if (opt.recordRegions) {
    probe::setListener(nullptr);
    extras.regions = active.regions.totals();
  }
  if (!thrown.empty()) {
    // Leaving the loop early is what SkipWithError requires.
    state.SkipWithError(thrown.c_str());
    return;
  }
  publish(state, active, counters, allocStats);
  // User counters are how Google Benchmark carries per-repetition values: our metrics. Their
  // units and the series wait in `calls` (Google Benchmark also calls the body to find the
  // iteration count; only the calls it reports are collected).
  extras.metrics = active.body->metrics();
  if (active.body->series) extras.series = active.body->series();
  for (const auto& m : extras.metrics) state.counters[m.name] = m.value;
  state.counters[std::string(kCall)] = static_cast<double>(active.calls.size());
  active.calls.push_back(std::move(extras));
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Turns one repetition's user counters back into the sample's fields.
void decode(const benchmark::UserCounters& counters, const Active& active, model::Sample& s) {
  std::map<std::string, model::CounterValue> events;
  std::vector<model::CounterValue> simulated;
  model::AllocStats alloc;
  bool hasAlloc = false;
  for (const auto& [name, counter] : counters) {
    std::string_view n = name;
    const double v = counter.value;
    if (startsWith(n, kCounterValue)) {
      events[name.substr(kCounterValue.size())].value = v;
    } else if (startsWith(n, kCounterEnabled)) {
      events[name.substr(kCounterEnabled.size())].timeEnabledNs = static_cast<std::int64_t>(v);
    } else if (startsWith(n, kCounterRunning)) {
      events[name.substr(kCounterRunning.size())].timeRunningNs = static_cast<std::int64_t>(v);
    } else if (startsWith(n, kAllocPrefix)) {
      hasAlloc = true;
      auto field = n.substr(kAllocPrefix.size());
      auto i = static_cast<std::int64_t>(v);
      if (field == "allocations") alloc.allocations = i;
      else if (field == "frees") alloc.frees = i;
      else if (field == "bytes") alloc.bytes = i;
      else if (field == "peak") alloc.peakLiveBytes = i;
    } else if (n == kCall) {
      const auto i = static_cast<std::size_t>(v);
      if (i < active.calls.size()) {
        s.series = active.calls[i].series;
        simulated = active.calls[i].simulated;
        s.threads = active.calls[i].threads;
        // In the order the recorder first saw them: the workload's phase order.
        s.regions = active.calls[i].regions;
        // Metrics in the order the workload reported them, with their units.
        s.metrics = active.calls[i].metrics;
      }
    }
  }
  // Every requested event gets a row, in the requested order: measured, or unsupported
  // with the kernel's reason — never a silent 0.
  for (const auto& event : active.options->events) {
    model::CounterValue c;
    if (auto it = events.find(event); it != events.end()) c = it->second;
    c.event = event;
    if (!c.value) {
      auto r = active.unsupported.find(event);
      c.reason = r != active.unsupported.end() ? r->second : "not read";
    }
    s.counters.push_back(std::move(c));
  }
  for (auto& c : simulated) s.counters.push_back(std::move(c));
  if (hasAlloc) s.alloc = alloc;
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
      decode(r.counters, m_active, s);
      run.samples.push_back(std::move(s));
    }
    deliver(run);
  }

  void deliver(model::Run run) {
    if (run.name.empty()) run.name = model::benchmarkName(run);
    // A run the sink could not keep (disk full …) is neither counted nor shown as finished:
    // the progress line and the summary say only what is stored.
    if (auto s = m_sink(run); !s) {
      m_sinkError = s.error();
      return;
    }
    (run.status == model::RunStatus::Ok ? m_summary.ok : m_summary.failed) += 1;
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

  // One case per runner call: the registry holds only the case at hand, so its name never
  // has to be looked up, and what prepare() built is dropped as soon as the case is done.
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (options.stopRequested && options.stopRequested->load()) {
      summary.interrupted = true;
      break;
    }
    if (options.isolate || !cases[i].launcher.empty()) {
      if (observer) observer->caseStarting(i, cases.size(), cases[i].identity);
      model::Run run = cases[i].launcher.empty()
                           ? runIsolated(cases[i], options)
                           : runLaunched(cases[i], cases[i].launcher, {}, options);
      if (auto stored = sink(run); !stored) return stored.error();
      (run.status == model::RunStatus::Ok ? summary.ok : summary.failed) += 1;
      if (observer) observer->caseFinished(i, cases.size(), run);
      continue;
    }
    // Fresh per case: the counters, the recorder and what prepare() built are released when
    // the case is done. Heap-allocated because its address is the probe listener meanwhile.
    auto active = std::make_unique<Active>();
    active->spec = &cases[i];
    active->options = &options;
    SinkReporter reporter(cases, sink, observer, *active, summary);
    reporter.setIndex(i);
    if (observer) observer->caseStarting(i, cases.size(), cases[i].identity);
    benchmark::ClearRegisteredBenchmarks();
    const std::string name = model::benchmarkName(cases[i].identity);
    Active* current = active.get();
    auto* b = benchmark::RegisterBenchmark(name.c_str(),
                                           [current](benchmark::State& st) { runBody(st, *current); });
    // Google Benchmark requires min_time > 0; tunelab reads 0 as "one iteration per
    // repetition", the setting for long cases and for tests.
    const double minTime = cases[i].minTimeSeconds.value_or(options.minTimeSeconds);
    if (minTime > 0) b->MinTime(minTime);
    else b->Iterations(1);
    b->Repetitions(options.repetitions)
        ->UseRealTime()
        ->MeasureProcessCPUTime()
        ->ReportAggregatesOnly(false);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    if (reporter.sinkError()) {
      benchmark::ClearRegisteredBenchmarks();
      return *reporter.sinkError();
    }
  }
  benchmark::ClearRegisteredBenchmarks();
  return summary;
}

}  // namespace tunelab::profiler
