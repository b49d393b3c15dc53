#pragma once

#include <optional>
#include <string>
#include <vector>

// What `tunelab events` shows: the PMUs and events libpfm4 knows on this machine, and
// whether an event opens here. libpfm4 stays private to tunelab::profiler; this is its view.
namespace tunelab::profiler {

// The events of a preset ("default", "cache", "branch", "none"); empty for other names.
std::optional<std::vector<std::string>> presetEvents(const std::string& name);
std::vector<std::string> presetNames();

struct PmuInfo {
  std::string name;         // libpfm4's, e.g. "perf", "amd64_fam19h_zen4", "skl"
  std::string description;  // e.g. "perf_events generic PMU"
  std::string kind;         // "core", "uncore", "OS generic" or "unknown"
  int events = 0;
};

// PMUs libpfm4 found on this CPU (its "is_present"): libpfm4 recognises the CPU model, so a
// virtual machine whose kernel exposes no PMU still lists its core PMU. Whether the kernel
// counts is what probeEvent() answers. Empty when libpfm4 did not initialise; see
// libpfmError().
std::vector<PmuInfo> listPmus();
std::string libpfmError();  // empty when libpfm4 initialised

// Every event of a PMU listPmus() returned, as "pmu::event"; empty for other names.
std::vector<std::string> listEvents(const std::string& pmu);

struct EventProbe {
  std::string name;
  bool known = false;    // libpfm4 (or perf's name table) encodes it
  std::string encoding;  // the fully qualified name, e.g. perf::PERF_COUNT_HW_CPU_CYCLES:u=1:k=0…
  std::string via;       // "libpfm4" or "perf name table"
  std::string attr;      // "type 0 (hardware), config 0x0"
  bool opens = false;    // perf_event_open of it, as CounterSet would open it, succeeds
  std::string reason;    // why not known, or why it does not open
};

// Encodes the name and opens (then closes) it exactly as CounterSet::open would.
EventProbe probeEvent(const std::string& name);

// "user space and kernel" or "user space only (perf_event_paranoid is 2)": what counters
// opened now will count. Counters include the kernel where the kernel allows it, as
// `perf stat` does.
std::string countingScope();

}  // namespace tunelab::profiler
