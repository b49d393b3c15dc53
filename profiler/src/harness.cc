#include "tunelab/profiler/harness.h"

#include <benchmark/benchmark.h>

#include <exception>
#include <utility>
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
  std::vector<model::RegionStat> setupRegions;  // entered while prepare() ran
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
  // The regions prepare() enters (an index trained and filled) are the run's setup regions:
  // time and entries, once per run; region counters are for the measured samples.
  std::optional<RegionRecorder> setup;
  if (active.options->recordRegions) probe::setListener(&setup.emplace());
  try {
    auto body = active.spec->prepare();
    if (body) active.body = std::move(*body);
    else active.prepareError = body.error().message;
  } catch (const std::exception& e) {
    active.prepareError = std::string("preparing the case threw: ") + e.what();
  }
  if (setup) {
    probe::setListener(nullptr);
    active.setupRegions = setup->totals();
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

// Turns Google Benchmark's reports of the case at hand back into a model::Run and keeps it
// for the caller: one runner call, one run (all its repetitions, or the failure).
class CollectingReporter final : public benchmark::BenchmarkReporter {
 public:
  explicit CollectingReporter(const Active& active) : m_active(active) {}

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& reports) override {
    // The runner calls this twice per case: repetitions first, then its own aggregates.
    bool any = false;
    for (const auto& r : reports) any = any || r.run_type == Run::RT_Iteration;
    if (!any) return;
    model::Run run = m_active.spec->identity;
    run.setupRegions = m_active.setupRegions;
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
    m_run = std::move(run);
  }

  std::optional<model::Run> take() { return std::exchange(m_run, std::nullopt); }

 private:
  const Active& m_active;
  std::optional<model::Run> m_run;
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

// One runner call for the case of `active`: `repetitions` samples, each iterating for the
// case's min time (Google Benchmark estimates the count) or exactly `iterations` times.
model::Run runThroughRunner(Active& active, int repetitions, std::optional<std::int64_t> iterations) {
  // Prepared here, untimed, before the runner starts: then resumed, so that what other cases
  // left in the process (a library's polling threads) is cleared before every batch.
  if (!active.prepared) prepare(active);
  if (active.body && active.body->resume) active.body->resume();
  CollectingReporter reporter(active);
  benchmark::ClearRegisteredBenchmarks();
  const std::string name = model::benchmarkName(active.spec->identity);
  Active* current = &active;
  auto* b = benchmark::RegisterBenchmark(name.c_str(),
                                         [current](benchmark::State& st) { runBody(st, *current); });
  // Google Benchmark requires min_time > 0; tunelab reads 0 as "one iteration per
  // repetition", the setting for long cases and for tests.
  const double minTime = active.spec->minTimeSeconds.value_or(active.options->minTimeSeconds);
  if (iterations) b->Iterations(*iterations);
  else if (minTime > 0) b->MinTime(minTime);
  else b->Iterations(1);
  b->Repetitions(repetitions)->UseRealTime()->MeasureProcessCPUTime()->ReportAggregatesOnly(false);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  if (auto run = reporter.take()) return std::move(*run);
  model::Run failed = active.spec->identity;
  failed.status = model::RunStatus::Failed;
  failed.reason = "Google Benchmark reported no repetition";
  return failed;
}

// The cases that form one scaling series — the same workload, variant and parameters at
// several thread (or rank) counts — run in this process. Their repetitions are interleaved:
// a neighbour's burst that would otherwise hit only the p = 2 case (and read as poor
// scaling) falls on every thread count alike. Launched and isolated cases run on their own.
std::vector<std::vector<std::size_t>> planGroups(const std::vector<Case>& cases,
                                                 const HarnessOptions& options) {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> byKey;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& id = cases[i].identity;
    const bool inProcess = !options.isolate && cases[i].launcher.empty();
    if (!options.interleave || !inProcess || options.repetitions < 2) {
      groups.push_back({i});
      continue;
    }
    const std::string key = id.workload + "\n" + id.variant + "\n" + model::formatParams(id.params);
    auto [it, fresh] = byKey.emplace(key, groups.size());
    if (fresh) groups.push_back({i});
    else groups[it->second].push_back(i);
  }
  return groups;
}

// A seeded Fisher–Yates shuffle with splitmix64, the same order with every standard library
// (std::shuffle's is implementation-defined): round r of a group always runs its cases in the
// same order for the same seed.
std::vector<std::size_t> roundOrder(std::size_t n, std::uint64_t seed, int round) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::uint64_t state = seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(round + 1));
  auto next = [&] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[next() % i]);
  return order;
}

}  // namespace

model::Result<HarnessSummary> runCases(const std::vector<Case>& cases, const HarnessOptions& options,
                                       const RunSink& sink, HarnessObserver* observer) {
  initializeBenchmarkOnce();
  HarnessSummary summary;
  std::int64_t position = 0;  // the next sample's place in the session's execution order
  auto deliver = [&](std::size_t i, model::Run run) -> model::Status {
    if (run.name.empty()) run.name = model::benchmarkName(run);
    // A run the sink could not keep (disk full …) is neither counted nor shown as finished:
    // the progress line and the summary say only what is stored.
    if (auto stored = sink(run); !stored) return stored.error();
    (run.status == model::RunStatus::Ok ? summary.ok : summary.failed) += 1;
    if (observer) observer->caseFinished(i, cases.size(), run);
    return model::Ok{};
  };
  auto stop = [&] { return options.stopRequested && options.stopRequested->load(); };

  for (const auto& group : planGroups(cases, options)) {
    if (stop()) {
      summary.interrupted = true;
      break;
    }
    const std::size_t first = group.front();
    if (options.isolate || !cases[first].launcher.empty()) {
      if (observer) observer->caseStarting(first, cases.size(), cases[first].identity);
      model::Run run = cases[first].launcher.empty()
                           ? runIsolated(cases[first], options)
                           : runLaunched(cases[first], cases[first].launcher, {}, options);
      for (auto& s : run.samples) s.position = position++;
      if (auto st = deliver(first, std::move(run)); !st) return st.error();
      continue;
    }
    // Fresh per case: the counters, the recorder and what prepare() built are released when
    // the case (or its group) is done. Heap-allocated: an Active's address is the probe
    // listener while it runs.
    std::vector<std::unique_ptr<Active>> actives;
    for (std::size_t i : group) {
      actives.push_back(std::make_unique<Active>());
      actives.back()->spec = &cases[i];
      actives.back()->options = &options;
    }
    if (group.size() == 1) {
      // One runner call with every repetition, as Google Benchmark runs a benchmark.
      if (observer) observer->caseStarting(first, cases.size(), cases[first].identity);
      model::Run run = runThroughRunner(*actives[0], options.repetitions, std::nullopt);
      for (auto& s : run.samples) s.position = position++;
      if (auto st = deliver(first, std::move(run)); !st) return st.error();
      continue;
    }
    // Interleaved: round r runs repetition r of every case, in a seeded order. The first
    // round finds each case's iteration count (its min time), which later rounds reuse —
    // Google Benchmark's own rule for repetitions. Ctrl-C is honoured between rounds; each
    // run then keeps the rounds it completed.
    std::vector<model::Run> runs;
    std::vector<std::optional<std::int64_t>> iterations(group.size());
    for (std::size_t i : group) runs.push_back(cases[i].identity);
    for (int round = 0; round < options.repetitions; ++round) {
      if (round > 0 && stop()) {
        summary.interrupted = true;
        break;
      }
      for (std::size_t k : roundOrder(group.size(), options.interleaveSeed, round)) {
        auto& run = runs[k];
        if (run.status != model::RunStatus::Ok) continue;  // failed in an earlier round
        if (observer) observer->caseStarting(group[k], cases.size(), cases[group[k]].identity);
        model::Run one = runThroughRunner(*actives[k], 1, iterations[k]);
        if (one.status != model::RunStatus::Ok || one.samples.empty()) {
          run.status = one.status == model::RunStatus::Ok ? model::RunStatus::Failed : one.status;
          run.reason = one.reason;
          run.samples.clear();
          continue;
        }
        auto& sample = one.samples.front();
        sample.repetition = round;
        sample.position = position++;
        if (!iterations[k]) iterations[k] = sample.iterations;
        run.samples.push_back(std::move(sample));
      }
    }
    for (std::size_t k = 0; k < group.size(); ++k) {
      runs[k].setupRegions = actives[k]->setupRegions;
      if (auto st = deliver(group[k], std::move(runs[k])); !st) return st.error();
    }
  }
  return summary;
}

}  // namespace tunelab::profiler
