#pragma once

// Deterministic counts where no PMU exists: the case runs under valgrind's callgrind with
// instrumentation switched on only around the measured loop (client requests), one
// statistics dump per repetition, every thread counted. Instructions do not depend on what else
// the machine is doing, so a CI runner without a PMU still gets a stable signal.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::profiler {

// `valgrind --tool=callgrind …` with the options the harness relies on: instrumentation off
// at start, cache and branch simulation on, fixed simulated caches (the
// same on every machine, so counts compare across CI runners), dumps beside the case's
// result file, one set per process (callgrindDumpPath).
std::vector<std::string> valgrindLauncher();

// `valgrind --tool=callgrind …` for a whole program (`tunelab run --counters valgrind --
// COMMAND`): the same simulated caches, instrumented from the start, children followed;
// each process dumps to `outPrefix`<pid> when it exits.
std::vector<std::string> valgrindCommandLauncher(const std::string& outPrefix);

// Dump number `dump` (1, 2 …) of the process `pid` under valgrindLauncher():
// `base`.callgrind.<pid>.<dump>, base being $TUNELAB_CASE_OUT. Per process, because the
// ranks of an MPI case share $TUNELAB_CASE_OUT, and each must read its own counts.
std::string callgrindDumpPath(const std::string& base, long pid, int dump);

// The events a simulated sample reports, perf-style names, in this order:
// instructions, L1-dcache-loads, L1-dcache-stores, L1-icache-load-misses,
// L1-dcache-load-misses, L1-dcache-store-misses, LLC-load-misses, LLC-store-misses,
// branches, branch-misses.
std::vector<std::string> simulatedEventNames();

// Reads a callgrind dump: its "events:" line and the "summary:" (or, lacking it, "totals:")
// line, as event → count in callgrind's own names (Ir, D1mr …). Empty when either is missing
// or the counts do not parse.
std::map<std::string, double> parseCallgrindDump(std::string_view text);

// Callgrind's counts turned into the simulated events above (simulated = true). An event
// whose callgrind counts are absent is unsupported with a reason.
std::vector<model::CounterValue> simulatedCounters(const std::map<std::string, double>& callgrind);

// One measured window inside the launched process. When the process does not run under
// valgrind, stop() reports every simulated event unsupported with the reason.
class CallgrindWindow {
 public:
  void start() noexcept;
  std::vector<model::CounterValue> stop();

 private:
  int m_dumps = 0;  // callgrind numbers its dumps 1, 2 … in the order they were made
};

}  // namespace tunelab::profiler
