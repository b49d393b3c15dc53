#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::profiler {

// "default" (cycles, instructions, branch-misses, cache-misses, task-clock, page-faults,
// context-switches), "cache", "branch", "none", or a comma-separated list of libpfm4 /
// perf event names, possibly mixed with presets ("default,L1-dcache-load-misses").
// An event name libpfm4 does not know is a usage error naming the event and pointing to
// `tunelab events`. Events libpfm4 knows but this machine cannot count are NOT errors:
// they are opened, rejected by the kernel, and reported as unsupported.
model::Result<std::vector<std::string>> resolveEventList(const std::string& spec);

// A set of perf_event counters for this process, nanobench-style: owns its file
// descriptors, is move-only, never throws, and remembers which events could not be opened
// and why (errno text, perf_event_paranoid) so reports say "unsupported" instead of 0.
//
// Opened with `inherit`, so threads created AFTER open() are counted too: open the set
// before the workload creates its worker threads. Events are grouped where the kernel
// accepts the group, else opened one by one (and may then be multiplexed: values are
// scaled by time_enabled / time_running, and the ratio is kept).
class CounterSet {
 public:
  static CounterSet open(const std::vector<std::string>& events);
  // The per-thread mode: the same events for one thread (`tid`, a thread of this process)
  // and nothing else — no inherit. It may be opened from any thread of the process.
  static CounterSet openThread(const std::vector<std::string>& events, int tid);
  // Another process, as `perf stat` counts a command: `pid` (a child stopped before its
  // exec) and every thread and process it starts (inherit), enabled by the kernel when the
  // child calls exec (enable_on_exec), so the count is the program's and none of the fork's.
  // stop() after the child has exited reads the totals, its descendants' included.
  static CounterSet openProcess(const std::vector<std::string>& events, int pid);
  CounterSet();
  CounterSet(CounterSet&&) noexcept;
  CounterSet& operator=(CounterSet&&) noexcept;
  CounterSet(const CounterSet&) = delete;
  CounterSet& operator=(const CounterSet&) = delete;
  ~CounterSet();

  bool empty() const;  // no events requested
  // Whether the counters include kernel space: where the kernel allows it (perf_event_paranoid
  // ≤ 1, CAP_PERFMON or root), as `perf stat` does; else user space only. Worth recording
  // with a session: counts of the two kinds are not comparable.
  bool includesKernel() const noexcept;
  // Enables every opened counter; the window starts here. (No PERF_EVENT_IOC_RESET: it
  // zeroes counts but not the enabled/running times nor the counts of exited inherited
  // threads, so each window is the difference of two read()s instead.)
  void start() noexcept;
  // Disable and read. One CounterValue per requested event, in the requested order:
  // supported ones with value (totals since start(), scaled) and enabled/running times,
  // unsupported ones with an empty value and the reason.
  std::vector<model::CounterValue> stop() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  static CounterSet openFor(const std::vector<std::string>& events, int tid, bool inherit,
                            bool enableOnExec = false);
};

}  // namespace tunelab::profiler
