#include "tunelab/profiler/counters.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include "perf_event.h"
#include "tunelab/profiler/counter_math.h"
#include "tunelab/profiler/events.h"

namespace tunelab::profiler {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

model::Result<std::vector<std::string>> resolveEventList(const std::string& spec) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& event) {
    // "default,cache" names cache-misses twice; a CounterValue per event name is what
    // the store keys on, so each event is counted once.
    if (std::find(out.begin(), out.end(), event) == out.end()) out.push_back(event);
  };
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    auto comma = spec.find(',', pos);
    if (comma == std::string::npos) comma = spec.size();
    const std::string token = trim(spec.substr(pos, comma - pos));
    pos = comma + 1;
    if (token.empty()) continue;
    if (auto preset = presetEvents(token)) {
      for (const auto& e : *preset) add(e);
      continue;
    }
    // Whether the name is known does not depend on the privilege level it is encoded for.
    auto encoding = detail::encodeEvent(token, false);
    if (!encoding.known) {
      std::string message = "unknown event '" + token +
                            "': libpfm4 does not know it. `tunelab events` lists the events of "
                            "this machine.";
      if (auto init = detail::pfmInitError(); !init.empty())
        message += " (libpfm4 did not initialise: " + init + ")";
      return model::makeError(model::ErrorKind::Usage, message);
    }
    add(token);
  }
  return out;
}

namespace {

// One requested event: its fd once opened, else why not.
struct Counter {
  std::string event;
  int fd = -1;
  std::string reason;
  RawReading last;  // at the end of the previous window: the next window's baseline
};

}  // namespace

struct CounterSet::Impl {
  std::vector<Counter> counters;  // in the requested order
  // What ENABLE/DISABLE act on: group leaders (PERF_IOC_FLAG_GROUP takes the members
  // along, so a group starts and stops as one) and events opened alone.
  std::vector<int> controls;
  bool includesKernel = false;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    for (auto& c : counters)
      if (c.fd >= 0) close(c.fd);
  }
};

namespace {

struct Pending {
  std::size_t index;  // into Impl::counters
  perf_event_attr attr;
};

// Whom a set counts: the whole process from the opening thread on (tid 0, inherit), or
// one thread alone.
struct Target {
  int tid = 0;
  bool inherit = true;
  bool enableOnExec = false;  // a child that has not called exec yet (openProcess)
};

void closeAll(const std::vector<int>& fds) {
  for (int fd : fds) close(fd);
}

// The kernel schedules a group all or nothing. A group can pass validation at open and still
// never fit next to counters others hold (the NMI watchdog takes one on many machines): it
// would then never count. Enabling it for an instant shows whether every member runs.
bool groupRuns(const std::vector<int>& fds) {
  ioctl(fds[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
  ioctl(fds[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
  for (int fd : fds) {
    auto r = detail::readCounter(fd);
    if (!r || (r->enabledNs > 0 && r->runningNs == 0)) return false;
  }
  return true;
}

// Opens PMU events as one group, so they are on the PMU at the same time and their ratios
// (IPC, miss rates) come from the same instructions. False, with nothing left open, when the
// kernel refuses the group: a member of another PMU, more events than counters, no PMU.
bool openGroup(std::vector<Counter>& counters, std::vector<int>& controls,
               const std::vector<Pending>& events, Target target) {
  std::vector<int> fds;
  for (const auto& p : events) {
    const bool leader = fds.empty();
    auto r = detail::perfEventOpen(
        detail::counterAttr(p.attr, leader, target.inherit, leader && target.enableOnExec),
        leader ? -1 : fds[0], target.tid);
    if (r.fd < 0) {
      closeAll(fds);
      return false;
    }
    fds.push_back(r.fd);
  }
  if (!groupRuns(fds)) {
    closeAll(fds);
    return false;
  }
  for (std::size_t i = 0; i < events.size(); ++i) counters[events[i].index].fd = fds[i];
  controls.push_back(fds[0]);
  return true;
}

// Each event on its own: the kernel multiplexes them if they do not all fit, and the
// counts are scaled. Events the kernel refuses keep the reason.
void openAlone(std::vector<Counter>& counters, std::vector<int>& controls,
               const std::vector<Pending>& events, Target target) {
  for (const auto& p : events) {
    const perf_event_attr attr = detail::counterAttr(p.attr, true, target.inherit, target.enableOnExec);
    auto r = detail::perfEventOpen(attr, -1, target.tid);
    auto& c = counters[p.index];
    if (r.fd < 0) {
      c.reason = detail::openFailure(attr, r.err);
      continue;
    }
    c.fd = r.fd;
    controls.push_back(r.fd);
  }
}

}  // namespace

CounterSet CounterSet::open(const std::vector<std::string>& events) { return openFor(events, 0, true); }

CounterSet CounterSet::openThread(const std::vector<std::string>& events, int tid) {
  return openFor(events, tid, false);
}

CounterSet CounterSet::openProcess(const std::vector<std::string>& events, int pid) {
  return openFor(events, pid, true, true);
}

CounterSet CounterSet::openFor(const std::vector<std::string>& events, int tid, bool inherit,
                               bool enableOnExec) {
  const Target target{tid, inherit, enableOnExec};
  CounterSet set;
  set.m_impl = std::make_unique<Impl>();
  auto& impl = *set.m_impl;
  if (events.empty()) return set;
  // Kernel space too where the kernel allows it, as `perf stat` does: the page faults and
  // system calls a workload causes are part of its cost, and context-switches and
  // cpu-migrations exist only in kernel context.
  impl.includesKernel = detail::kernelCountingAllowed();

  std::vector<Pending> hardware;
  std::vector<Pending> software;
  impl.counters.resize(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto& c = impl.counters[i];
    c.event = events[i];
    auto enc = detail::encodeEvent(events[i], impl.includesKernel);
    if (!enc.known) {
      c.reason = "unknown event: libpfm4 does not know it (" + enc.error + ")";
      continue;
    }
    if (enc.attr.exclude_kernel && detail::countsOnlyInKernel(enc.attr)) {
      c.reason = kernelOnlyEventReason(impl.includesKernel, detail::perfEventParanoid());
      continue;
    }
    (detail::isHardwareType(enc.attr.type) ? hardware : software).push_back({i, enc.attr});
  }
  if (hardware.size() < 2 || !openGroup(impl.counters, impl.controls, hardware, target))
    openAlone(impl.counters, impl.controls, hardware, target);
  // Software events are opened alone. In a hardware group they would be scheduled out with
  // it; in a group of their own (task-clock leading page-faults, context-switches) the kernel
  // 6.18 here reports the members' time_running as 0, i.e. never scheduled.
  openAlone(impl.counters, impl.controls, software, target);

  for (auto& c : impl.counters)
    if (c.fd >= 0) c.last = detail::readCounter(c.fd).value_or(RawReading{});
  return set;
}

CounterSet::CounterSet() = default;
CounterSet::CounterSet(CounterSet&&) noexcept = default;
CounterSet& CounterSet::operator=(CounterSet&&) noexcept = default;
CounterSet::~CounterSet() = default;

bool CounterSet::empty() const { return !m_impl || m_impl->counters.empty(); }

bool CounterSet::includesKernel() const noexcept { return m_impl && m_impl->includesKernel; }

// No PERF_EVENT_IOC_RESET: it zeroes the count but neither time_enabled/time_running nor
// the totals that exited inherited threads left in the parent (child_count), so a reset
// alone mis-scales and over-counts from the second window on. The kernel's totals only
// grow while a counter is enabled, so the previous stop()'s reading is this window's exact
// baseline, and start() is one ioctl per group.
void CounterSet::start() noexcept {
  if (!m_impl) return;
  for (int fd : m_impl->controls) ioctl(fd, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

std::vector<model::CounterValue> CounterSet::stop() noexcept {
  std::vector<model::CounterValue> out;
  if (!m_impl) return out;
  auto& controls = m_impl->controls;
  for (auto it = controls.rbegin(); it != controls.rend(); ++it)
    ioctl(*it, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
  out.reserve(m_impl->counters.size());
  for (auto& c : m_impl->counters) {
    if (c.fd < 0) {
      model::CounterValue v;
      v.event = c.event;
      v.reason = c.reason;
      out.push_back(std::move(v));
      continue;
    }
    auto now = detail::readCounter(c.fd);
    if (!now) {
      model::CounterValue v;
      v.event = c.event;
      v.reason = "read() of the counter returned nothing (the kernel put it in error state)";
      out.push_back(std::move(v));
      continue;
    }
    out.push_back(counterValueBetween(c.event, c.last, *now));
    c.last = *now;
  }
  return out;
}

}  // namespace tunelab::profiler
