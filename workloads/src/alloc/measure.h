#pragma once

// What the alloc workload measures besides time: the process's resident memory (and its
// peak per execution), and per-operation latency from the time-stamp counter.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#else
#include <chrono>
#endif

namespace tunelab::workloads::alloc {

// Reads /proc/self/statm through a descriptor kept open (about 2 µs a read here), and the
// peak from VmHWM after resetting it through /proc/self/clear_refs ("5", Linux ≥ 4.0). The
// kernel's counts are per-CPU batched: exact to about 64 pages per CPU.
class ProcessMemory {
 public:
  ProcessMemory();
  ~ProcessMemory();
  ProcessMemory(const ProcessMemory&) = delete;
  ProcessMemory& operator=(const ProcessMemory&) = delete;
  std::int64_t residentBytes() const;
  // Starts a new peak at the current RSS; false where the kernel refuses (the peak then
  // falls back to the highest sampled RSS).
  bool resetPeak();
  std::int64_t peakBytes() const;  // VmHWM; -1 when unreadable

 private:
  int m_statm = -1;
};

// Time-stamp counter ticks: 11 ns for a pair of reads here, against 26 ns for
// steady_clock::now(), which matters when the operation timed takes 3 ns.
inline std::uint64_t readTicks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}
// Nanoseconds per tick, calibrated against steady_clock once per process (20 ms).
double nanosPerTick();

// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), in seconds.
double threadCpuSeconds();

struct Percentiles {
  double p50 = 0, p99 = 0, p999 = 0, max = 0;  // nanoseconds
};
// Nearest-rank percentiles of latency samples in ticks; reorders them. All zero when empty.
Percentiles tickPercentiles(std::vector<std::uint32_t>& ticks, double nsPerTick);

}  // namespace tunelab::workloads::alloc
