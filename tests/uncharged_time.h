#pragma once

// Time the scheduler does not charge to the thread that was running: the hypervisor's steal,
// and interrupt time where the kernel accounts it apart (/proc/stat's irq, softirq and steal).
// perf's task-clock runs on the scheduler's raw clock and counts it; a thread's CPU clock
// (CLOCK_THREAD_CPUTIME_ID, sum_exec_runtime on the task clock) leaves it out. On a busy host
// task-clock then reads more than the thread's CPU time: 23 ms over a 100 ms burn in a CI-like
// run of the whole suite. Only ever more, so tests allow it on the upper side only.
#include <unistd.h>

#include <fstream>
#include <string>

namespace tunelab::testing {

// Seconds of irq + softirq + steal so far, summed over every CPU (an upper bound for one
// thread), in ticks of USER_HZ.
inline double unchargedSeconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  return (irq + softirq + steal) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// What a window may add to task-clock beyond CPU time: the uncharged time seen meanwhile and
// one tick, as /proc/stat counts whole ticks.
class UnchargedWindow {
 public:
  UnchargedWindow() : m_start(unchargedSeconds()) {}
  double slack() const {
    return unchargedSeconds() - m_start + 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  }

 private:
  double m_start;
};

}  // namespace tunelab::testing
