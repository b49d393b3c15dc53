// Event names → perf_event_attr through libpfm4. Its perf_event PMU ("perf::") knows perf's
// own spellings too (verified with libpfm4 4.13): "cycles", "instructions", "branch-misses",
// "cache-misses", "cache-references", "branches", "L1-dcache-loads", "L1-dcache-load-misses",
// "LLC-loads", "LLC-load-misses" (hardware and hardware-cache events), and "task-clock",
// "cpu-clock", "page-faults", "context-switches", "cpu-migrations", "minor-faults",
// "major-faults" (software events). The table below is used only where libpfm4 failed to
// initialise or lacks a name, so that the presets work on every install.

// The kernel's header first: libpfm4's own copy of the perf_event ABI steps aside for it.
#include <linux/perf_event.h>
#include <perfmon/pfmlib_perf_event.h>

#include <array>
#include <cstdlib>
#include <string_view>

#include "perf_event.h"

namespace tunelab::profiler::detail {
namespace {

std::mutex& pfmMutex() {
  static std::mutex m;
  return m;
}

// pfm_initialize() once per process; its result (and message) is kept.
int pfmInitResult() {
  static const int rc = pfm_initialize();
  return rc;
}

struct PerfName {
  std::string_view name;
  std::uint32_t type;
  std::uint64_t config;
};

constexpr std::uint64_t cacheConfig(std::uint64_t cache, std::uint64_t op, std::uint64_t result) {
  return cache | (op << 8) | (result << 16);
}

// perf's names for the kernel's generic events (tools/perf/util/parse-events.c).
constexpr std::array<PerfName, 31> kPerfNames = {{
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES},
    {"ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES},
    {"stalled-cycles-frontend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND},
    {"stalled-cycles-backend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND},
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {"cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK},
    {"page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN},
    {"major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ},
    {"context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"alignment-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS},
    {"emulation-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS},
    {"L1-dcache-loads", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_L1D, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_ACCESS)},
    {"L1-dcache-load-misses", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_L1D, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"L1-icache-load-misses", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_L1I, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"LLC-loads", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_LL, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_ACCESS)},
    {"LLC-load-misses", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_LL, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"dTLB-load-misses", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_MISS)},
    {"iTLB-load-misses", PERF_TYPE_HW_CACHE,
     cacheConfig(PERF_COUNT_HW_CACHE_ITLB, PERF_COUNT_HW_CACHE_OP_READ,
                 PERF_COUNT_HW_CACHE_RESULT_MISS)},
}};

EventEncoding fromTable(const std::string& name, bool includeKernel, const std::string& pfmError) {
  EventEncoding e;
  for (const auto& p : kPerfNames) {
    if (p.name != name) continue;
    e.known = true;
    e.attr.size = sizeof e.attr;
    e.attr.type = p.type;
    e.attr.config = p.config;
    e.attr.exclude_kernel = includeKernel ? 0 : 1;
    e.attr.exclude_hv = 1;
    e.canonical = name;
    e.via = "perf name table";
    return e;
  }
  e.error = pfmError;
  return e;
}

}  // namespace

std::string pfmInitError() {
  const int rc = pfmInitResult();
  return rc == PFM_SUCCESS ? std::string() : std::string(pfm_strerror(rc));
}

std::unique_lock<std::mutex> lockPfm() { return std::unique_lock<std::mutex>(pfmMutex()); }

EventEncoding encodeEvent(const std::string& name, bool includeKernel) {
  const std::string initError = pfmInitError();
  if (!initError.empty())
    return fromTable(name, includeKernel, "libpfm4 did not initialise: " + initError);

  EventEncoding e;
  pfm_perf_encode_arg_t arg{};
  arg.size = sizeof arg;
  arg.attr = &e.attr;
  char* fstr = nullptr;
  arg.fstr = &fstr;
  // The default privilege level applies only where the name has no modifier of its own.
  const int plm = includeKernel ? (PFM_PLM0 | PFM_PLM3) : PFM_PLM3;
  int rc = PFM_SUCCESS;
  {
    auto lock = lockPfm();
    rc = pfm_get_os_event_encoding(name.c_str(), plm, PFM_OS_PERF_EVENT_EXT, &arg);
  }
  if (rc != PFM_SUCCESS) {
    std::free(fstr);
    return fromTable(name, includeKernel, pfm_strerror(rc));
  }
  e.known = true;
  // libpfm4 fills the fields of its own, possibly older, view of the struct: the size
  // must be the one of the header we were compiled against.
  e.attr.size = sizeof e.attr;
  e.canonical = fstr ? fstr : name;
  e.via = "libpfm4";
  std::free(fstr);
  return e;
}

}  // namespace tunelab::profiler::detail
