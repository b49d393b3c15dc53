#pragma once

// Figures derived from counted events — IPC, misses per kilo-instruction, miss ratios —
// computed only where the events they need were counted. A machine without a PMU (or a
// session without the events) gets no derived figure at all, never a 0.

#include <string>
#include <vector>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct DerivedCounter {
  std::string name;        // "IPC", "cache-misses per kilo-instruction", "branch miss ratio"
  std::string formula;     // "instructions / cycles", "1000 × cache-misses / instructions"
  bool simulated = false;  // from valgrind's counts (both events simulated)
  Summary value;           // over the repetitions, each from that repetition's own totals
};

// Rules: IPC = instructions / cycles; for every event whose name says "miss" (cache-misses,
// branch-misses, LLC-load-misses, valgrind's simulated misses …) misses per 1000
// instructions; cache-misses / cache-references and branch-misses / branches (or
// branch-instructions) as ratios. An event counts only where it was supported in every
// repetition, and a simulated count is never divided by a hardware one.
std::vector<DerivedCounter> deriveCounters(const model::Run& run);

// Event names tunelab recognises as instructions and cycles (perf's and libpfm4's spellings).
bool isInstructionsEvent(const std::string& event);
bool isCyclesEvent(const std::string& event);

}  // namespace tunelab::analysis
