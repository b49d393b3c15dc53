#pragma once

// Per-thread bookkeeping of one execution of a pattern: operation counts, sampled
// latencies, live bytes; and the sampler that, on thread 0, records utilization and
// fragmentation at regular points of the trace.
#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <functional>
#include <new>
#include <vector>

#include "measure.h"
#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {

// What a thread shows the sampler: written by its owner at every sampled operation.
struct alignas(64) Published {
  std::atomic<std::int64_t> ops{0};
  std::atomic<std::int64_t> live{0};
  std::atomic<std::int64_t> pool{0};  // its own allocator's P, where each thread has one
};

// One point of the trace as the sampler saw it.
struct TracePoint {
  double ops = 0;              // operations completed by every thread so far
  double live = 0;             // Σaᵢ: bytes requested and not yet freed
  double resident = 0;         // RSS above the case's baseline
  std::optional<double> pool;  // P above its baseline, where the allocator reports it
};

class TraceSampler {
 public:
  static constexpr int kPoints = 32;
  using PoolFn = std::function<std::optional<std::int64_t>()>;

  TraceSampler(const ProcessMemory& memory, std::vector<Published>& published, PoolFn pool)
      : m_memory(memory), m_published(published), m_pool(std::move(pool)) {
    m_points.reserve(kPoints + 2);
  }
  void setBaseline(std::int64_t rss, std::int64_t pool) {
    m_rssBaseline = rss;
    m_poolBaseline = pool;
  }
  std::int64_t rssBaseline() const { return m_rssBaseline; }

  // Before an execution: `ticks` is how many sampled operations thread 0 will make.
  void begin(std::int64_t ticks) {
    m_points.clear();
    m_interval = std::max<std::int64_t>(1, ticks / kPoints);
    m_paused = m_pausedCpu = 0;
  }
  std::int64_t interval() const { return m_interval; }

  void sample() {
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = threadCpuSeconds();
    TracePoint p;
    for (auto& pub : m_published) {
      p.ops += static_cast<double>(pub.ops.load(std::memory_order_relaxed));
      p.live += static_cast<double>(pub.live.load(std::memory_order_relaxed));
    }
    p.resident = static_cast<double>(m_memory.residentBytes() - m_rssBaseline);
    if (auto pool = m_pool()) p.pool = static_cast<double>(*pool - m_poolBaseline);
    if (m_points.size() < m_points.capacity()) m_points.push_back(p);
    m_paused += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_pausedCpu += threadCpuSeconds() - cpu0;
  }

  const std::vector<TracePoint>& points() const { return m_points; }
  // Time spent sampling, on the wall clock and in the sampling thread's CPU time: both are
  // taken out of the rates, which describe the allocator, not the observer.
  double pausedSeconds() const { return m_paused; }
  double pausedCpuSeconds() const { return m_pausedCpu; }

 private:
  const ProcessMemory& m_memory;
  std::vector<Published>& m_published;
  PoolFn m_pool;
  std::vector<TracePoint> m_points;
  std::int64_t m_interval = 1;
  std::int64_t m_rssBaseline = 0;
  std::int64_t m_poolBaseline = 0;
  double m_paused = 0;
  double m_pausedCpu = 0;
};

// What a pattern loop counts as it goes: a local of the loop, so that the compiler keeps
// it in registers (a member would be reloaded and stored around every operation). The
// loops count their operations by the step (see forEachStep), not one by one.
struct Tally {
  std::int64_t ops = 0;
  std::int64_t live = 0;
};

// Times one thread's operations, one in 64, keeps its live bytes for the sampler, and notes
// damaged contents. Allocation and free go through it, so the pattern code reads as the
// trace does.
class ThreadRecorder {
 public:
  // One operation in 64 is timed (two reads of the TSC, about 11 ns here: 0.2 ns per
  // operation on average) and publishes the thread's counts — or more often in a short
  // trace (large-buffers makes a few dozen slow operations), so that the curves still get
  // their points: the interval is the largest power of two ≤ 64 that gives every sampler
  // point at least two sampled operations.
  static constexpr std::int64_t kMaxSampleMask = 63;
  static std::int64_t sampleMask(std::size_t expectedOps) {
    const auto perPoint = std::max<std::size_t>(1, expectedOps / (2 * TraceSampler::kPoints));
    return std::min<std::int64_t>(kMaxSampleMask,
                                  static_cast<std::int64_t>(std::bit_floor(perPoint)) - 1);
  }
  // What the patterns store is 8-byte words: that is the alignment they ask for.
  static constexpr std::size_t kAlignment = 8;

  // `poolSource`: the thread's own allocator, whose P it publishes (where each thread has
  // one); nullptr otherwise.
  ThreadRecorder(Published& published, TraceSampler* sampler, const Allocator* poolSource,
                 std::size_t expectedOps)
      : m_published(published),
        m_sampler(sampler),
        m_poolSource(poolSource),
        m_mask(sampleMask(expectedOps)) {
    m_latency.reserve(expectedOps / static_cast<std::size_t>(m_mask + 1) + 64);
  }
  std::int64_t mask() const { return m_mask; }

  // Before an execution; `observe`: the sampler (if this thread has one) takes its points.
  void reset(bool observe) {
    m_ops = m_ticks = 0;
    m_damaged = false;
    m_observing = observe;
    m_sampling = observe && m_sampler != nullptr;
    m_latency.clear();
    m_nextSample = m_sampler ? m_sampler->interval() : 0;
    m_published.ops.store(0, std::memory_order_relaxed);
    m_published.live.store(0, std::memory_order_relaxed);
  }

  // Whether the loop times its operation (or step) number i. The loops decide it once per
  // step and call the timed or untimed form: an untimed operation is the allocator's call
  // and a sum, with no branch of the recorder's between a free and the allocation after it,
  // so the compiler sees the allocator's fast path whole (a pop right after a push returns
  // the block just pushed).
  [[gnu::always_inline]] bool timed(std::uint32_t i) const {
    return (i & static_cast<std::uint32_t>(m_mask)) == 0;
  }

  // `h`: the allocator, or its handle (see checkout() in pattern_runs.h).
  template <bool kTimed = false, class H>
  [[gnu::always_inline]] void* allocate(H& h, std::size_t size, Tally& tally) {
    tally.live += static_cast<std::int64_t>(size);
    void* p;
    if constexpr (kTimed) {
      const std::uint64_t t0 = readTicks();
      p = h.allocate(size, kAlignment);
      onSample(readTicks() - t0, tally);
    } else {
      p = h.allocate(size, kAlignment);
    }
    if (!p) [[unlikely]]
      throw std::bad_alloc();
    return p;
  }

  template <bool kTimed = false, class H>
  [[gnu::always_inline]] void deallocate(H& h, void* p, std::size_t size, Tally& tally) {
    tally.live -= static_cast<std::int64_t>(size);
    if constexpr (kTimed) {
      const std::uint64_t t0 = readTicks();
      h.deallocate(p, size, kAlignment);
      onSample(readTicks() - t0, tally);
    } else {
      h.deallocate(p, size, kAlignment);
    }
  }

  // `blocks` blocks of `bytes` in all freed at once (an arena's reset): logical operations.
  static void freedAtOnce(std::int64_t blocks, std::int64_t bytes, Tally& tally) {
    tally.ops += blocks;
    tally.live -= bytes;
  }

  // A contents check: a test and a branch never taken, and no register of the loop's held
  // for it (an accumulator the compiler ran short of registers for lived on the stack, a
  // store and a load chained through every step).
  [[gnu::always_inline]] void check(std::uint64_t damage) {
    if (damage != 0) [[unlikely]]
      noteDamage();
  }

  // The trace's last point before its final teardown (thread 0 only).
  void finalSample(Tally tally) {
    publish(tally);
    if (m_sampling) m_sampler->sample();
    m_sampling = false;  // the teardown that follows is not part of the curve
  }

  // The end of the thread's part of an execution.
  void finish(Tally tally) {
    m_ops = tally.ops;
    publish(tally);
  }

  std::int64_t operations() const { return m_ops; }
  bool damaged() const { return m_damaged; }
  std::vector<std::uint32_t>& latencyTicks() { return m_latency; }

 private:
  [[gnu::noinline, gnu::cold]] void noteDamage() { m_damaged = true; }

  // Out of line, and not given the allocator: a handle the pattern allocates through stays
  // a local the compiler keeps in registers.
  [[gnu::noinline]] void onSample(std::uint64_t dt, Tally tally) {
    if (m_latency.size() < m_latency.capacity())  // never allocate while measuring
      m_latency.push_back(dt > UINT32_MAX ? UINT32_MAX : static_cast<std::uint32_t>(dt));
    if (!m_observing) return;  // a timed execution: nobody reads what would be published
    publish(tally);
    if (m_poolSource) {
      if (auto pool = m_poolSource->stats().poolBytes)
        m_published.pool.store(*pool, std::memory_order_relaxed);
    }
    if (m_sampling && ++m_ticks >= m_nextSample) {
      m_nextSample += m_sampler->interval();
      m_sampler->sample();
    }
  }
  void publish(Tally tally) {
    m_published.ops.store(tally.ops, std::memory_order_relaxed);
    m_published.live.store(tally.live, std::memory_order_relaxed);
  }

  Published& m_published;
  TraceSampler* m_sampler;
  const Allocator* const m_poolSource;
  const std::int64_t m_mask;
  bool m_observing = false;  // the observed execution: every thread publishes for the sampler
  bool m_sampling = false;   // ... and this one (thread 0) has the sampler
  std::int64_t m_ops = 0;
  std::int64_t m_ticks = 0;
  std::int64_t m_nextSample = 0;
  bool m_damaged = false;
  std::vector<std::uint32_t> m_latency;
};

}  // namespace tunelab::workloads::alloc
