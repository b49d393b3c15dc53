#include "perf_event.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <fstream>

namespace tunelab::profiler::detail {

OpenResult perfEventOpen(const perf_event_attr& attr, int groupFd, int tid) noexcept {
  perf_event_attr copy = attr;  // the kernel may write back the size it supports
  const long fd = syscall(SYS_perf_event_open, &copy, tid, -1, groupFd, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0) return {-1, errno};
  return {static_cast<int>(fd), 0};
}

std::optional<RawReading> readCounter(int fd) noexcept {
  std::uint64_t buf[3] = {};
  ssize_t n = 0;
  do {
    n = read(fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  // A short read (0 bytes) is how the kernel reports a counter in error state, e.g. a
  // pinned event that could not be scheduled.
  if (n != static_cast<ssize_t>(sizeof buf)) return std::nullopt;
  return RawReading{buf[0], buf[1], buf[2]};
}

std::optional<int> perfEventParanoid() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  int value = 0;
  if (in >> value) return value;
  return std::nullopt;
}

namespace {
// Opens and closes one disabled counter of this thread; returns the open's errno (0: opened).
int tryOpen(std::uint32_t type, std::uint64_t config, bool excludeKernel) noexcept {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = type;
  attr.config = config;
  attr.disabled = 1;
  attr.exclude_hv = 1;
  attr.exclude_kernel = excludeKernel ? 1 : 0;
  auto r = perfEventOpen(attr, -1);
  if (r.fd < 0) return r.err != 0 ? r.err : -1;
  close(r.fd);
  return 0;
}
}  // namespace

bool kernelCountingAllowed() noexcept {
  return tryOpen(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, false) == 0;
}

bool hardwarePmuPresent() noexcept {
  static const bool present = [] {
    const int err = tryOpen(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, true);
    // Only ENOENT/ENODEV say "no PMU"; a refusal for permissions still means one exists.
    return err == 0 || (err != ENOENT && err != ENODEV);
  }();
  return present;
}

bool isHardwareType(std::uint32_t type) noexcept {
  return type != PERF_TYPE_SOFTWARE && type != PERF_TYPE_TRACEPOINT && type != PERF_TYPE_BREAKPOINT;
}

bool countsOnlyInKernel(const perf_event_attr& attr) noexcept {
  if (attr.type != PERF_TYPE_SOFTWARE) return false;
  return attr.config == PERF_COUNT_SW_CONTEXT_SWITCHES ||
         attr.config == PERF_COUNT_SW_CPU_MIGRATIONS ||
         attr.config == PERF_COUNT_SW_CGROUP_SWITCHES;
}

perf_event_attr counterAttr(const perf_event_attr& encoded, bool disabled, bool inherit,
                            bool enableOnExec) noexcept {
  perf_event_attr attr = encoded;
  attr.size = sizeof attr;
  attr.disabled = disabled ? 1 : 0;
  attr.enable_on_exec = enableOnExec ? 1 : 0;
  attr.inherit = inherit ? 1 : 0;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return attr;
}

std::string openFailure(const perf_event_attr& attr, int err) {
  const bool hardware = isHardwareType(attr.type);
  // The PMU probe only matters for ENOENT on hardware events; skip its syscall otherwise.
  const bool pmu = hardware && err == ENOENT ? hardwarePmuPresent() : true;
  return openFailureReason(err, hardware, pmu, perfEventParanoid());
}

}  // namespace tunelab::profiler::detail
