#pragma once

// Self-calibration at session start: what measuring itself costs on this host, so reports
// can say it and the analysis can subtract it from very short regions (each recorded
// region entry carries `regionRecordedNs` of overhead).

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tunelab::profiler {

struct Calibration {
  double regionNoListenerNs = 0;  // one TUNELAB_REGION enter/exit pair, nothing listening
  double regionRecordedNs = 0;    // the same pair recorded by the harness's region recorder
  std::optional<double> counterReadNs;  // one read() of a perf_event counter
  std::string counterReadEvent;         // which event was read
  std::string counterReadReason;        // why not measured
  std::optional<double> rdpmcReadNs;    // one user-space read through the mmap page (rdpmc)
  std::string rdpmcReason;              // why not measured (no PMU, cap_user_rdpmc clear …)
};

// Measures on this thread; takes a few milliseconds. `events`: the session's events (the
// first that opens is the one read; task-clock when none does).
Calibration calibrate(const std::vector<std::string>& events);

// As session facts, for the session's environment: calibration.region_ns,
// .region_recorded_ns, .counter_read_ns, .counter_read_event, .rdpmc_ns — numbers in ns, or
// "unsupported: <reason>".
std::vector<std::pair<std::string, std::string>> calibrationFacts(const Calibration& c);

}  // namespace tunelab::profiler
