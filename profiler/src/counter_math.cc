#include "tunelab/profiler/counter_math.h"

#include <linux/perf_event.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace tunelab::profiler {

std::optional<double> scaleMultiplexed(std::uint64_t raw, std::uint64_t enabledNs,
                                       std::uint64_t runningNs) {
  if (enabledNs == 0) return static_cast<double>(raw);
  if (runningNs == 0) return std::nullopt;
  if (runningNs >= enabledNs) return static_cast<double>(raw);
  return static_cast<double>(raw) *
         (static_cast<double>(enabledNs) / static_cast<double>(runningNs));
}

model::CounterValue counterValueBetween(const std::string& event, const RawReading& before,
                                        const RawReading& after) {
  // Unsigned differences: the kernel's totals only grow, and a wrap (after 2^64) still
  // subtracts right.
  const std::uint64_t value = after.value - before.value;
  const std::uint64_t enabled = after.enabledNs - before.enabledNs;
  const std::uint64_t running = after.runningNs - before.runningNs;
  model::CounterValue out;
  out.event = event;
  out.timeEnabledNs = static_cast<std::int64_t>(enabled);
  out.timeRunningNs = static_cast<std::int64_t>(running);
  out.value = scaleMultiplexed(value, enabled, running);
  if (!out.value) out.reason = kNeverScheduled;
  return out;
}

namespace {

std::string paranoidText(std::optional<int> paranoid) {
  return paranoid ? "perf_event_paranoid is " + std::to_string(*paranoid)
                  : std::string("perf_event_paranoid is unreadable");
}

}  // namespace

std::string openFailureReason(int err, bool hardware, bool pmuPresent,
                              std::optional<int> paranoid) {
  std::string context;
  switch (err) {
    case ENOENT:
      // The kernel's answer both when no PMU driver is registered (virtual machines,
      // containers on such hosts) and when the PMU has no encoding for a generic event.
      if (hardware)
        context = pmuPresent ? "this CPU's PMU does not count this event"
                             : "no hardware PMU on this machine";
      else
        context = "this kernel does not have this software event";
      break;
    case EACCES:
    case EPERM:
      context = paranoidText(paranoid);
      if (paranoid && *paranoid <= 1) context += "; a container or security policy forbids it";
      break;
    case ENODEV:
    case EOPNOTSUPP:
      context = "the PMU cannot count this event per thread or with these exclusions";
      break;
    case EINVAL:
      context = "the kernel refused the event's attributes";
      break;
    case EBUSY:
      context = "another program holds the PMU exclusively";
      break;
    case ENOSYS:
      context = "this kernel has no perf_event_open";
      break;
    default:
      break;
  }
  std::string reason = std::string("perf_event_open: ") + std::strerror(err);
  if (!context.empty()) reason += " (" + context + ")";
  return reason;
}

std::string kernelOnlyEventReason(bool kernelAllowed, std::optional<int> paranoid) {
  if (kernelAllowed)
    return "counted only in kernel context, which the event's modifiers exclude: it would read 0";
  return "counted only in kernel context, and " + paranoidText(paranoid) +
         ", which allows user-space counting only: it would read 0";
}

std::optional<RawReading> assembleMmapReading(const MmapPageSnapshot& page, std::uint64_t pmc,
                                              std::uint64_t tsc) {
  if (!page.capUserRdpmc || page.index == 0 || page.pmcWidth == 0 || page.pmcWidth > 64)
    return std::nullopt;
  // Sign-extend the pmcWidth-bit counter: shift its top bit to bit 63, then shift back
  // arithmetically (well-defined for signed values since C++20).
  const unsigned unused = 64u - page.pmcWidth;
  const auto counter = static_cast<std::int64_t>(pmc << unused) >> unused;
  RawReading r;
  r.value = static_cast<std::uint64_t>(page.offset + counter);
  r.enabledNs = page.timeEnabledNs;
  r.runningNs = page.timeRunningNs;
  if (page.capUserTime && page.timeShift < 64 && page.timeEnabledNs != page.timeRunningNs) {
    std::uint64_t cycles = tsc;
    if (page.capUserTimeShort)
      cycles = page.timeCycles + ((cycles - page.timeCycles) & page.timeMask);
    // cycles·mult >> shift, split so that the product does not overflow 64 bits.
    const std::uint64_t quot = cycles >> page.timeShift;
    const std::uint64_t rem = cycles & ((std::uint64_t{1} << page.timeShift) - 1);
    const std::uint64_t delta =
        page.timeOffset + quot * page.timeMult + ((rem * page.timeMult) >> page.timeShift);
    r.enabledNs += delta;
    r.runningNs += delta;  // index != 0: the counter is running now
  }
  return r;
}

std::optional<RawReading> readMmapPage(const void* page) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  // volatile: the kernel rewrites the page under us; `lock` is a seqlock around it.
  const auto* pc = static_cast<const volatile perf_event_mmap_page*>(page);
  MmapPageSnapshot s;
  std::uint64_t pmc = 0;
  std::uint64_t tsc = 0;
  std::uint32_t seq = 0;
  do {
    seq = pc->lock;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    s.index = pc->index;
    s.offset = pc->offset;
    s.timeEnabledNs = pc->time_enabled;
    s.timeRunningNs = pc->time_running;
    s.capUserRdpmc = pc->cap_user_rdpmc != 0;
    s.capUserTime = pc->cap_user_time != 0;
    s.capUserTimeShort = pc->cap_user_time_short != 0;
    s.pmcWidth = pc->pmc_width;
    s.timeShift = pc->time_shift;
    s.timeMult = pc->time_mult;
    s.timeOffset = pc->time_offset;
    s.timeCycles = pc->time_cycles;
    s.timeMask = pc->time_mask;
    if (s.capUserTime) tsc = __rdtsc();
    // rdpmc faults when the counter is not ours to read: only with the page's permission.
    if (s.capUserRdpmc && s.index != 0) pmc = __rdpmc(static_cast<int>(s.index - 1));
    std::atomic_signal_fence(std::memory_order_seq_cst);
  } while (pc->lock != seq);
  return assembleMmapReading(s, pmc, tsc);
#else
  (void)page;
  return std::nullopt;
#endif
}

}  // namespace tunelab::profiler
