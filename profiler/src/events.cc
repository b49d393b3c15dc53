#include "tunelab/profiler/events.h"

// The kernel's header first: libpfm4's own copy of the perf_event ABI steps aside for it.
#include <linux/perf_event.h>
#include <perfmon/pfmlib_perf_event.h>
#include <unistd.h>

#include <cstdio>

#include "perf_event.h"

namespace tunelab::profiler {
namespace {

const char* kindName(pfm_pmu_type_t type) {
  switch (type) {
    case PFM_PMU_TYPE_CORE:
      return "core";
    case PFM_PMU_TYPE_UNCORE:
      return "uncore";
    case PFM_PMU_TYPE_OS_GENERIC:
      return "OS generic";
    default:
      return "unknown";
  }
}

std::string typeName(std::uint32_t type) {
  switch (type) {
    case PERF_TYPE_HARDWARE:
      return "hardware";
    case PERF_TYPE_SOFTWARE:
      return "software";
    case PERF_TYPE_TRACEPOINT:
      return "tracepoint";
    case PERF_TYPE_HW_CACHE:
      return "hardware cache";
    case PERF_TYPE_RAW:
      return "raw";
    case PERF_TYPE_BREAKPOINT:
      return "breakpoint";
    default:
      return "PMU";
  }
}

// Present PMUs with their info, libpfm4 locked by the caller. pfm_for_all_pmus() is a C
// macro that increments an enum, which C++ does not allow: the loop is spelled out.
template <class F>
void forEachPresentPmu(F&& f) {
  for (int p = PFM_PMU_NONE; p < PFM_PMU_MAX; ++p) {
    pfm_pmu_info_t info{};
    info.size = sizeof info;
    if (pfm_get_pmu_info(static_cast<pfm_pmu_t>(p), &info) != PFM_SUCCESS) continue;
    if (!info.is_present) continue;
    f(info);
  }
}

}  // namespace

std::optional<std::vector<std::string>> presetEvents(const std::string& name) {
  if (name == "default")
    return std::vector<std::string>{"cycles",     "instructions", "branch-misses",   "cache-misses",
                                    "task-clock", "page-faults",  "context-switches"};
  if (name == "cache")
    return std::vector<std::string>{"cache-references",      "cache-misses", "L1-dcache-loads",
                                    "L1-dcache-load-misses", "LLC-loads",    "LLC-load-misses"};
  if (name == "branch") return std::vector<std::string>{"branches", "branch-misses"};
  if (name == "none") return std::vector<std::string>{};
  return std::nullopt;
}

std::vector<std::string> presetNames() { return {"default", "cache", "branch", "none"}; }

std::string libpfmError() { return detail::pfmInitError(); }

std::vector<PmuInfo> listPmus() {
  std::vector<PmuInfo> out;
  if (!detail::pfmInitError().empty()) return out;
  auto lock = detail::lockPfm();
  forEachPresentPmu([&](const pfm_pmu_info_t& info) {
    out.push_back({info.name ? info.name : "?", info.desc ? info.desc : "", kindName(info.type),
                   info.nevents});
  });
  return out;
}

std::vector<std::string> listEvents(const std::string& pmu) {
  std::vector<std::string> out;
  if (!detail::pfmInitError().empty()) return out;
  auto lock = detail::lockPfm();
  forEachPresentPmu([&](const pfm_pmu_info_t& info) {
    if (!info.name || pmu != info.name) return;
    for (int idx = info.first_event; idx != -1; idx = pfm_get_event_next(idx)) {
      pfm_event_info_t event{};
      event.size = sizeof event;
      if (pfm_get_event_info(idx, PFM_OS_NONE, &event) != PFM_SUCCESS || !event.name) continue;
      out.push_back(pmu + "::" + event.name);
    }
  });
  return out;
}

EventProbe probeEvent(const std::string& name) {
  EventProbe probe;
  probe.name = name;
  const bool kernel = detail::kernelCountingAllowed();
  auto enc = detail::encodeEvent(name, kernel);
  if (!enc.known) {
    probe.reason = "libpfm4 does not know it (" + enc.error + ")";
    return probe;
  }
  probe.known = true;
  probe.encoding = enc.canonical;
  probe.via = enc.via;
  char config[32];
  std::snprintf(config, sizeof config, "0x%llx", static_cast<unsigned long long>(enc.attr.config));
  probe.attr = "type " + std::to_string(enc.attr.type) + " (" + typeName(enc.attr.type) +
               "), config " + config;
  if (enc.attr.exclude_kernel && detail::countsOnlyInKernel(enc.attr)) {
    probe.reason = kernelOnlyEventReason(kernel, detail::perfEventParanoid());
    return probe;
  }
  const perf_event_attr attr = detail::counterAttr(enc.attr, true);
  auto r = detail::perfEventOpen(attr, -1);
  if (r.fd < 0) {
    probe.reason = detail::openFailure(attr, r.err);
    return probe;
  }
  close(r.fd);
  probe.opens = true;
  return probe;
}

std::string countingScope() {
  if (detail::kernelCountingAllowed()) return "user space and kernel";
  auto paranoid = detail::perfEventParanoid();
  return "user space only (perf_event_paranoid is " +
         (paranoid ? std::to_string(*paranoid) : std::string("unreadable")) + ")";
}

}  // namespace tunelab::profiler
