#pragma once

#include <string>
#include <vector>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct MetricSummary {
  std::string name;
  std::string unit;
  Summary summary;
};

// A run reduced to what a report line shows: statistics of wall and CPU time over its
// repetitions, and of each metric.
struct RunSummary {
  const model::Run* run = nullptr;
  Summary wall;
  Summary cpu;
  std::vector<MetricSummary> metrics;  // in the order the run's first sample lists them
  // CPU time over wall time: about `threads` for a perfectly parallel run, 1 for serial.
  double cpuUtilization() const { return wall.median > 0 ? cpu.median / wall.median : 0; }
};

RunSummary summarizeRun(const model::Run& run);

}  // namespace tunelab::analysis
