#pragma once

// Private to tunelab::profiler: event names → perf_event_attr (libpfm4, with a table of
// perf's own names as the fallback), and the perf_event_open system calls around them.

#include <linux/perf_event.h>

#include <mutex>
#include <optional>
#include <string>

#include "tunelab/profiler/counter_math.h"

namespace tunelab::profiler::detail {

// ---- names (event_encoding.cc) -------------------------------------------------------

struct EventEncoding {
  bool known = false;
  perf_event_attr attr{};  // valid when known; disabled/inherit/read_format still to set
  std::string
      canonical;      // libpfm4's fully qualified name, e.g. perf::PERF_COUNT_HW_CPU_CYCLES:u=1…
  std::string via;    // "libpfm4" or "perf name table"
  std::string error;  // why not known: libpfm4's message
};

// Encodes `name` with user-space counting, plus kernel space when `includeKernel` and the
// name itself carries no privilege modifier (":u", ":k" win). libpfm4 first; perf's own
// spelling of the generic events (task-clock, cycles, L1-dcache-loads …) from a built-in
// table only when libpfm4 failed to initialise or does not know the name. libpfm4 4.13
// knows every name of the presets, so the table is the safety net of older or broken
// installs, not the usual path.
EventEncoding encodeEvent(const std::string& name, bool includeKernel);

// Empty when libpfm4 initialised; else its error text. Initialises on first use.
std::string pfmInitError();

// libpfm4 is initialised once and is not documented as thread-safe: every call into it
// holds this lock (after pfmInitError() was called once).
std::unique_lock<std::mutex> lockPfm();

// ---- system calls (perf_event.cc) ----------------------------------------------------

struct OpenResult {
  int fd = -1;
  int err = 0;  // errno when fd < 0
};
// The thread `tid` (0: the calling thread), any CPU (-1), close-on-exec so that children
// the workload spawns do not inherit the descriptor.
OpenResult perfEventOpen(const perf_event_attr& attr, int groupFd, int tid = 0) noexcept;

// read() of an fd opened with TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING (and without
// PERF_FORMAT_GROUP: older kernels refuse GROUP together with inherit, so group members
// are read one by one). Empty when the read fails or is short.
std::optional<RawReading> readCounter(int fd) noexcept;

std::optional<int> perfEventParanoid();

// Whether this process may count kernel space: the kernel decides (perf_event_paranoid ≤ 1,
// or CAP_PERFMON / CAP_SYS_ADMIN), so ask it with a software counter.
bool kernelCountingAllowed() noexcept;

// Whether a generic cycles counter opens: the test that tells "no PMU" from "this PMU does
// not count that event" when the kernel answers ENOENT. Probed once per process.
bool hardwarePmuPresent() noexcept;

// Counted by a PMU (hardware, cache, raw, or a dynamic PMU type), not by the kernel.
bool isHardwareType(std::uint32_t type) noexcept;

// Software events the kernel emits from scheduler context with kernel registers:
// exclude_kernel filters every one of them out, so user-space-only counting reads 0.
bool countsOnlyInKernel(const perf_event_attr& attr) noexcept;

// The attr CounterSet opens for an encoded event: inherit (threads created later are
// counted), TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING (to scale multiplexed counts), and
// disabled unless it is a group member, which then follows its leader.
// Without `inherit` (the per-thread mode) only the one thread is counted.
// With `enableOnExec` (a disabled leader of a child about to exec) the kernel enables it at exec.
perf_event_attr counterAttr(const perf_event_attr& encoded, bool disabled, bool inherit = true,
                            bool enableOnExec = false) noexcept;

// openFailureReason() for this attr on this machine.
std::string openFailure(const perf_event_attr& attr, int err);

}  // namespace tunelab::profiler::detail
