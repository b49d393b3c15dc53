#pragma once

// One case of the alloc workload: an allocator type A, a pattern and its traces, and what
// each execution measured. A template over the concrete allocator, instantiated once per
// allocator in alloc_instances_*.cc (in parallel, and so that the workload's dispatch
// compiles quickly).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "allocator_types.h"
#include "make_instance.h"
#include "measure.h"
#include "null_allocator.h"
#include "pattern_runs.h"
#include "patterns.h"
#include "recorder.h"
#include "tunelab/workloads/alloc/locked.h"
#include "tunelab/workloads/worker_pool.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads::alloc {
namespace detail {

// One case: an allocator type A, a pattern, its traces, and what each execution measured.
template <class A>
class AllocInstance final : public Instance {
 public:
  // Single-threaded allocators get one instance per thread; thread-safe ones (and Locked<>)
  // are shared.
  static constexpr bool kPerThread = !A::kThreadSafe;

  AllocInstance(Pattern pattern, Touch touch, std::vector<ThreadTrace> traces,
                std::vector<std::unique_ptr<A>> allocators)
      : m_pattern(pattern),
        m_touch(touch),
        m_traces(std::move(traces)),
        m_allocators(std::move(allocators)),
        m_published(workers()),
        m_sampler(m_memory, m_published, [this] { return poolBytes(); }) {
    for (int w = 0; w < workers(); ++w) {
      const ThreadTrace& t = traceOf(w);
      m_recorders.emplace_back(
          m_published[static_cast<std::size_t>(w)], w == 0 ? &m_sampler : nullptr,
          kPerThread ? &allocatorOf(w) : nullptr, static_cast<std::size_t>(expectedOps(w)));
      Scratch s;
      std::size_t blocks = t.window;
      for (std::size_t g = 0; g + 1 < t.groups.size(); ++g)
        blocks = std::max<std::size_t>(blocks, t.groups[g + 1] - t.groups[g]);
      s.blocks.resize(blocks);
      s.slots.resize(t.window);
      m_scratch.push_back(std::move(s));
    }
    if (pattern == Pattern::ProducerConsumer) m_rings = std::make_unique<Ring[]>(m_traces.size());
    if (workers() > 1) m_pool = std::make_unique<WorkerPool>(workers());
  }

  ~AllocInstance() override {
    m_pool.reset();
    m_allocators.clear();
    releaseAllUnused();
  }

  // Takes the baselines (RSS and P before the allocator has done anything) and runs the
  // trace once untimed, so that every timed execution finds the allocator warm, as a
  // long-running server would. That first execution is the observed one: the sampler takes
  // its 32 points of R, fragmentation, P, live and resident bytes as the allocator grows
  // from nothing. The timed executions run unobserved — a point reads /proc and asks the
  // allocator for its statistics, tens of microseconds that also leave the caches cold,
  // which in a trace of a millisecond slowed the fastest allocators most — and report the
  // observed execution's curves and figures with their own rates.
  //
  // P is the allocator's own figure less what it already had in use at the baseline: glibc
  // serves the whole process, and its free memory is as much the pattern's pool as the
  // memory it will grow by. An allocator that cannot say what it has in use (mimalloc) is
  // taken whole.
  void warmUp() {
    std::int64_t inUse = 0;
    if constexpr (!kPerThread) inUse = m_allocators[0]->stats().allocatedBytes.value_or(0);
    m_sampler.setBaseline(m_memory.residentBytes(), inUse);
    m_observing = true;
    run();
    m_observing = false;
  }

  void run() override {
    for (auto& r : m_recorders) r.reset(m_observing);
    m_abort = false;
    m_errors.assign(static_cast<std::size_t>(workers()), nullptr);
    m_cpu.assign(static_cast<std::size_t>(workers()), 0.0);
    if (m_rings)
      for (std::size_t i = 0; i < m_traces.size(); ++i) m_rings[i].reset();
    m_sampler.begin(expectedOps(0) / (m_recorders[0].mask() + 1));
    const bool peakReset = m_memory.resetPeak();

    m_running = true;
    const auto t0 = std::chrono::steady_clock::now();
    if (m_pool)
      m_pool->run([this](int w) { guarded(w); });
    else
      guarded(0);
    const auto t1 = std::chrono::steady_clock::now();
    m_running = false;
    if constexpr (!kPerThread && A::kResets) {
      // Locked arena / monotonic buffer in producer-consumer: consumers' frees did nothing.
      m_allocators[0]->resetAll();
    }
    for (auto& e : m_errors)
      if (e) std::rethrow_exception(e);
    for (auto& r : m_recorders)
      if (r.damaged())
        throw std::runtime_error("alloc: blocks of " + std::string(m_allocators[0]->name()) +
                                 " changed between allocation and free: live blocks overlap");
    const double wall = std::chrono::duration<double>(t1 - t0).count();
    finish(wall, peakReset);
  }

  std::vector<model::Metric> metrics() const override { return m_metrics; }
  std::vector<model::Series> series() const override { return m_series; }
  // Before each batch of repetitions — the cases of a series take turns — the state prepare()
  // gave the first one: libraries quiet (Instance::resume), what other cases left cached in
  // any allocator back to the OS, then one untimed execution so that the timed ones find
  // this allocator warm. Without the warm-up, every interleaved repetition (one execution
  // each) ran on a heap just trimmed: glibc large-buffers took 4.3 ms instead of 2.3 ms.
  void resume() override {
    Instance::resume();
    releaseAllUnused();
    run();
  }

 private:
  int workers() const {
    const int parts = static_cast<int>(m_traces.size());
    return m_pattern == Pattern::ProducerConsumer ? 2 * parts : parts;
  }
  const ThreadTrace& traceOf(int worker) const {
    return m_traces[static_cast<std::size_t>(m_pattern == Pattern::ProducerConsumer ? worker / 2
                                                                                    : worker)];
  }
  // Operations worker w makes one by one (a reset frees many in none).
  std::int64_t expectedOps(int w) const {
    const auto n = static_cast<std::int64_t>(traceOf(w).sizes.size());
    if (m_pattern == Pattern::ProducerConsumer) return n;
    const bool groups = m_pattern == Pattern::MixedSmall || m_pattern == Pattern::Phase;
    return A::kResets && groups ? n : 2 * n;
  }
  A& allocatorOf(int worker) {
    return *m_allocators[kPerThread ? static_cast<std::size_t>(worker) : 0];
  }

  std::optional<std::int64_t> poolBytes() {
    if constexpr (kPerThread) {
      // While the threads run, each publishes its own allocator's P at its sampled
      // operations (the sampler, on thread 0, may only ask its own); otherwise all are idle.
      std::int64_t sum = 0;
      for (std::size_t w = 0; w < m_allocators.size(); ++w) {
        if (!m_running || w == 0)
          sum += m_allocators[w]->stats().poolBytes.value_or(0);
        else
          sum += m_published[w].pool.load(std::memory_order_relaxed);
      }
      return sum;
    } else {
      return m_allocators[0]->stats().poolBytes;
    }
  }

  void guarded(int w) {
    const double cpu0 = threadCpuSeconds();
    try {
      if (m_touch == Touch::Lines)
        work<true>(w);
      else
        work<false>(w);
      m_cpu[static_cast<std::size_t>(w)] = threadCpuSeconds() - cpu0;
    } catch (...) {
      m_errors[static_cast<std::size_t>(w)] = std::current_exception();
      m_abort = true;
    }
  }

  template <bool kTouch>
  void work(int w) {
    A& a = allocatorOf(w);
    ThreadRecorder& rec = m_recorders[static_cast<std::size_t>(w)];
    const ThreadTrace& t = traceOf(w);
    Scratch& s = m_scratch[static_cast<std::size_t>(w)];
    switch (m_pattern) {
      case Pattern::FixedChurn:
        runSlots<8, kTouch, kChurnObject>(a, t, rec, s, w == 0);
        break;
      case Pattern::LargeBuffers:
        runSlots<512, kTouch, 0>(a, t, rec, s, w == 0);
        break;
      case Pattern::MixedSmall:
        runGroups<true, kTouch>(a, t, rec, s, w == 0);
        break;
      case Pattern::Phase:
        runGroups<false, kTouch>(a, t, rec, s, w == 0);
        break;
      case Pattern::ProducerConsumer:
        if (w % 2 == 0)
          produce<kTouch>(a, t, rec, m_rings[static_cast<std::size_t>(w / 2)], m_abort, w == 0);
        else
          consume<kTouch>(a, t, rec, m_rings[static_cast<std::size_t>(w / 2)], m_abort);
        break;
    }
  }

  void finish(double wall, bool peakReset) {
    std::int64_t ops = 0, allocations = 0, bytes = 0;
    std::vector<std::uint32_t> latency;
    for (auto& r : m_recorders) {
      ops += r.operations();
      latency.insert(latency.end(), r.latencyTicks().begin(), r.latencyTicks().end());
    }
    // Every allocation of the trace was made (a failure would have thrown): counted from it,
    // not on the hot path.
    for (const auto& t : m_traces) {
      allocations += static_cast<std::int64_t>(t.sizes.size());
      bytes += t.totalBytes;
    }
    const double seconds = std::max(1e-9, wall - m_sampler.pausedSeconds());
    double cpu = -m_sampler.pausedCpuSeconds();
    for (double c : m_cpu) cpu += c;
    const auto lat = tickPercentiles(latency, nanosPerTick());
    const std::int64_t base = m_sampler.rssBaseline();
    if (m_observing) observe();
    double peak = m_observedPeak;  // where VmHWM cannot be reset: the sampler's highest point
    if (const auto hwm = m_memory.peakBytes(); peakReset && hwm >= 0)
      peak = m_observing ? std::max(peak, static_cast<double>(hwm - base))
                         : static_cast<double>(hwm - base);

    m_metrics = {
        {"ops_per_s", static_cast<double>(ops) / seconds, "op/s"},
        // Operations per second of the workers' own CPU time: what a loaded machine steals
        // (time slices given to other processes) does not count.
        {"ops_per_cpu_s", static_cast<double>(ops) / std::max(1e-9, cpu), "op/s"},
        {"p50_ns", lat.p50, "ns"},
        {"p99_ns", lat.p99, "ns"},
        {"p999_ns", lat.p999, "ns"},
        {"max_ns", lat.max, "ns"},
        {"bytes_per_s", static_cast<double>(bytes) / seconds, "B/s"},
        {"peak_rss", peak, "B"},
        {"rss_after_free", static_cast<double>(m_memory.residentBytes() - base), "B"},
    };
    m_metrics.insert(m_metrics.end(), m_observedMetrics.begin(), m_observedMetrics.end());
    m_metrics.push_back({"allocations", static_cast<double>(allocations), ""});
    m_metrics.push_back({"operations", static_cast<double>(ops), ""});
    // The threads this case keeps busy: producer-consumer's p counts pairs, so at p = 1 its
    // CPU/wall is 2 by design (the analysis's busy-baseline check compares against this).
    m_metrics.push_back({"threads_used", static_cast<double>(workers()), "threads"});
    // This run is the floor of the others with its pattern, parameters and threads: the
    // reports subtract it from them instead of ranking it (analysis/net_cost.h).
    if constexpr (std::is_same_v<A, NullAllocator>) m_metrics.push_back({"loop_floor", 1, ""});
    m_series = m_observedSeries;
  }

  // The observed execution's curves, and the figures taken from them.
  void observe() {
    const auto& points = m_sampler.points();
    m_observedPeak = 0;
    for (const auto& p : points) m_observedPeak = std::max(m_observedPeak, p.resident);

    model::Series r{"R", "", "operation", {}, {}}, frag{"fragmentation", "", "operation", {}, {}};
    model::Series live{"live", "B", "operation", {}, {}},
        resident{"resident", "B", "operation", {}, {}};
    model::Series pool{"pool", "B", "operation", {}, {}};
    double rSum = 0;
    int rCount = 0;
    for (const auto& p : points) {
      live.x.push_back(p.ops), live.y.push_back(p.live);
      resident.x.push_back(p.ops), resident.y.push_back(p.resident);
      if (p.pool) {
        pool.x.push_back(p.ops), pool.y.push_back(*p.pool);
        if (*p.pool > 0) {
          r.x.push_back(p.ops), r.y.push_back(p.live / *p.pool);
          rSum += r.y.back(), ++rCount;
        }
      }
      // Resident memory at or below the baseline (reused pages the process already had)
      // leaves fragmentation undefined at that point.
      if (p.resident > 0)
        frag.x.push_back(p.ops), frag.y.push_back(std::clamp(1.0 - p.live / p.resident, 0.0, 1.0));
    }

    m_observedMetrics.clear();
    if (!pool.y.empty()) m_observedMetrics.push_back({"pool_P", pool.y.back(), "B"});
    if (!r.y.empty()) {
      m_observedMetrics.push_back({"R_final", r.y.back(), ""});
      m_observedMetrics.push_back({"R_mean", rSum / rCount, ""});
    }
    if (!frag.y.empty()) m_observedMetrics.push_back({"frag_final", frag.y.back(), ""});
    m_observedSeries.clear();
    for (auto* s : {&r, &frag, &live, &resident, &pool})
      if (!s->y.empty()) m_observedSeries.push_back(std::move(*s));
  }

  const Pattern m_pattern;
  const Touch m_touch;
  std::vector<ThreadTrace> m_traces;
  std::vector<std::unique_ptr<A>> m_allocators;
  ProcessMemory m_memory;
  std::vector<Published> m_published;
  TraceSampler m_sampler;
  std::vector<ThreadRecorder> m_recorders;
  std::vector<Scratch> m_scratch;
  std::unique_ptr<Ring[]> m_rings;
  std::unique_ptr<WorkerPool> m_pool;
  std::atomic<bool> m_abort{false};
  bool m_running = false;  // set and read on the calling thread (worker 0) only
  std::vector<std::exception_ptr> m_errors;
  std::vector<double> m_cpu;  // CPU seconds of each worker in the last execution
  std::vector<model::Metric> m_metrics;
  std::vector<model::Series> m_series;
  bool m_observing = false;  // the warm-up execution: the sampler takes its points
  double m_observedPeak = 0;
  std::vector<model::Metric> m_observedMetrics;
  std::vector<model::Series> m_observedSeries;
};

}  // namespace detail

template <class A>
model::Result<std::unique_ptr<Instance>> makeInstance(Pattern pattern, Touch touch,
                                                      const CaseConfig& config) {
  using detail::AllocInstance;
  const int parts = std::max(1, config.threads);
  const double scale = paramReal(config.params, "scale");
  auto traces = makeTraces(
      {pattern, scale, parts, static_cast<std::uint64_t>(paramInt(config.params, "seed"))});
  const int workers = pattern == Pattern::ProducerConsumer ? 2 * parts : parts;
  const std::size_t count = AllocInstance<A>::kPerThread ? static_cast<std::size_t>(workers) : 1;
  // Start from a clean slate: what earlier cases left cached in any allocator goes back to
  // the OS before this case's baseline is taken.
  releaseAllUnused();
  std::vector<std::unique_ptr<A>> allocators;
  const AllocatorShape shape{patternMaxSize(pattern), ThreadRecorder::kAlignment};
  for (std::size_t i = 0; i < count; ++i) {
    auto a = A::create(shape);
    if (!a) return a.error();
    allocators.push_back(std::move(*a));
  }
  if constexpr (std::is_same_v<A, NullAllocator>) {
    // Each thread's addresses, planned from its part of the trace (a consumer's: none).
    const bool pairs = pattern == Pattern::ProducerConsumer;
    for (std::size_t w = 0; w < count; ++w)
      if ((!pairs || w % 2 == 0) && !allocators[w]->plan(traces[pairs ? w / 2 : w], pattern))
        return model::Error{model::ErrorKind::Workload,
                            "alloc: null: cannot map the memory its plan needs"};
  }
  auto instance =
      std::make_unique<AllocInstance<A>>(pattern, touch, std::move(traces), std::move(allocators));
  instance->warmUp();
  return std::unique_ptr<Instance>(std::move(instance));
}

}  // namespace tunelab::workloads::alloc

// Explicit instantiations (alloc_instances_*.cc), written inside namespace alloc.
#define TUNELAB_ALLOC_INSTANCE(...)                                                           \
  template model::Result<std::unique_ptr<Instance>> makeInstance<__VA_ARGS__>(Pattern, Touch, \
                                                                              const CaseConfig&);
