#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tunelab/model/run.h"

// The arithmetic of perf_event counters, apart from any file descriptor, so that it is
// tested on machines without a PMU (every CI runner, and the virtual machines developers
// use). CounterSet is these functions plus system calls.
namespace tunelab::profiler {

// What read() of a perf_event fd opened with PERF_FORMAT_TOTAL_TIME_ENABLED |
// PERF_FORMAT_TOTAL_TIME_RUNNING returns: totals since the counter was opened. With
// `inherit` they include every live thread and every thread that has exited.
struct RawReading {
  std::uint64_t value = 0;
  std::uint64_t enabledNs = 0;
  std::uint64_t runningNs = 0;
  friend bool operator==(const RawReading&, const RawReading&) = default;
};

// The count over the whole enabled time, estimated from the part of it during which the
// counter was on the PMU (the kernel multiplexes when there are more events than counters).
//  - running == enabled (or running > enabled, which the kernel never reports): raw, exact.
//  - 0 < running < enabled: raw × enabled / running.
//  - running == 0 and enabled > 0: empty. The counter never ran: nothing can be said, and
//    0 would be a lie.
//  - enabled == 0: raw. The window had no length (or the counter was never enabled), so
//    there is nothing to scale and nothing was missed.
std::optional<double> scaleMultiplexed(std::uint64_t raw, std::uint64_t enabledNs,
                                       std::uint64_t runningNs);

// One event's CounterValue for the window between two readings of the same fd: deltas of
// value and times, scaled. A counter that never ran in the window is unsupported with the
// reason kNeverScheduled. (Deltas, not a reset: PERF_EVENT_IOC_RESET zeroes the count but
// neither time_enabled/time_running nor what exited inherited threads left behind.)
model::CounterValue counterValueBetween(const std::string& event, const RawReading& before,
                                        const RawReading& after);
inline constexpr const char* kNeverScheduled = "never scheduled (multiplexed out)";

// Why perf_event_open refused an event, as reports show it:
// "perf_event_open: <strerror(err)> (<what it means here>)", e.g.
// "perf_event_open: No such file or directory (no hardware PMU on this machine)".
// `hardware`: the event is counted by a PMU (not a software event). `pmuPresent`: a
// generic cycles counter opens here. `paranoid`: /proc/sys/kernel/perf_event_paranoid,
// empty when unreadable.
std::string openFailureReason(int err, bool hardware, bool pmuPresent, std::optional<int> paranoid);

// For software events the kernel counts only in kernel context (context-switches,
// cpu-migrations) when kernel space is excluded: they would read 0. `kernelAllowed`: the
// exclusion is the name's own modifier (":u"), not perf_event_paranoid.
std::string kernelOnlyEventReason(bool kernelAllowed, std::optional<int> paranoid);

// The user-space read of a counter through its mmap'd perf_event_mmap_page (rdpmc), as the
// kernel's include/uapi/linux/perf_event.h describes it. These are the page's fields, copied
// out under its seqlock; `pmc` is what rdpmc(index - 1) returned and `tsc` what rdtsc did.
struct MmapPageSnapshot {
  std::uint32_t index = 0;  // hardware counter + 1; 0: not on a counter now
  std::int64_t offset = 0;  // add to the counter's value
  std::uint64_t timeEnabledNs = 0;
  std::uint64_t timeRunningNs = 0;
  bool capUserRdpmc = false;
  bool capUserTime = false;
  bool capUserTimeShort = false;  // the TSC view is narrower: use timeCycles/timeMask
  std::uint16_t pmcWidth = 0;     // bits the hardware counter has
  std::uint16_t timeShift = 0;
  std::uint32_t timeMult = 0;
  std::uint64_t timeOffset = 0;
  std::uint64_t timeCycles = 0;
  std::uint64_t timeMask = 0;
};
// The reading the page describes, or empty where rdpmc may not be used (cap_user_rdpmc
// clear, or index 0 because the event is not on a counter right now): then read() the fd.
// The counter is pmcWidth bits wide and its value is sign-extended from there (the kernel
// programs it with a negative start value for sampling), then added to `offset`. When
// enabled != running, the time since the kernel last updated the page is added from the
// TSC: time_offset + tsc·time_mult >> time_shift, computed in two halves so that it does
// not overflow 64 bits.
std::optional<RawReading> assembleMmapReading(const MmapPageSnapshot& page, std::uint64_t pmc,
                                              std::uint64_t tsc);

// Reads a counter from its mmap'd perf_event_mmap_page (`page`: the mapping's first page)
// with rdpmc, retrying while the kernel updates the page. Empty where the page does not
// allow it, and on CPUs other than x86. Only for counters of the calling thread opened
// without `inherit`: the kernel refuses to mmap inherited per-task counters (EINVAL), and
// rdpmc could not see other threads' counts anyway. CounterSet therefore uses read().
std::optional<RawReading> readMmapPage(const void* page) noexcept;

}  // namespace tunelab::profiler
