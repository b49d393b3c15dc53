#pragma once

#include <map>
#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/profiler/counters.h"

namespace tunelab::profiler {

// The per-thread mode: CPU time, and the requested events, of every thread of this process
// over one window, so the analysis can show load imbalance (the busiest thread against the
// mean) — which a process-wide count hides. Threads are found in /proc/self/task at each
// start(), so pools created lazily by a library are seen from the window after they appear;
// a thread that ends inside a window reports what it had until then.
class ThreadSampler {
 public:
  explicit ThreadSampler(std::vector<std::string> events) : m_events(std::move(events)) {}
  void start();
  // One ThreadStat per thread alive at start(): `thread` 0 is the main thread, the others
  // numbered by kernel thread id.
  std::vector<model::ThreadStat> stop();

 private:
  struct PerThread {
    CounterSet counters;
    double cpuAtStart = 0;
    bool alive = false;
  };
  std::vector<std::string> m_events;
  std::map<int, PerThread> m_threads;  // by tid
};

// The CPU time a thread of this process has used so far, seconds; NaN once it has ended.
double threadCpuSeconds(int tid);

}  // namespace tunelab::profiler
