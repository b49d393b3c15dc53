#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tunelab/analysis/inference.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct MetricSummary {
  std::string name;
  std::string unit;
  Summary summary;
};

// An event over a run's repetitions, per execution (value / iterations). Unsupported when
// any repetition could not read it: then `reason` says why and `perExecution` is empty.
struct CounterSummary {
  std::string event;
  bool supported = false;
  bool multiplexed = false;  // some repetition ran the event less than it was enabled
  bool simulated = false;
  std::string reason;
  Summary perExecution;
};

// Heap activity over a run's repetitions. Rates are per second of wall time.
// (allocation.h adds utilization R = Σaᵢ/P and fragmentation over time.)
struct AllocSummary {
  Summary allocationsPerExecution;
  Summary allocationsPerSecond;
  Summary bytesPerSecond;
  Summary peakLiveBytes;
};

// Time per region, per execution, and its share of the wall time.
struct RegionSummary {
  std::string name;
  Summary secondsPerExecution;
  double shareOfWall = 0;  // median seconds / median wall time; > 1 when threads or ranks overlap
};

// A run reduced to what a report line shows: statistics of wall and CPU time over its
// repetitions, and of each metric.
struct RunSummary {
  // The run summarized, while the caller keeps it alive; null in a SessionReport, whose
  // summaries outlive the runs — use the identity fields below, which are copies.
  const model::Run* run = nullptr;
  std::string name;  // benchmark name
  std::string workload;
  std::string variant;
  std::string params;  // formatted "n:20000/d:8"
  int threads = 1;
  int ranks = 1;
  int workers() const { return threads * ranks; }
  model::RunStatus status = model::RunStatus::Ok;
  std::string reason;

  Summary wall;
  Summary cpu;
  // The robust view of the wall times: a 95 % bootstrap interval of the median (seeded:
  // the same data always gives the same interval), the median absolute deviation, and how
  // many repetitions lie outside Tukey's fences (none flagged below four repetitions).
  Interval wallMedianInterval;
  double wallMad = 0;
  std::size_t wallOutliers = 0;
  std::vector<MetricSummary> metrics;    // in the order the run's first sample lists them
  std::vector<CounterSummary> counters;  // in the order the run's first sample lists them
  std::optional<AllocSummary> alloc;     // when every repetition has allocation statistics
  std::vector<RegionSummary> regions;
  // CPU time over wall time: about `threads` × `ranks` for a perfectly parallel run (the
  // ranks' CPU times are summed), 1 for serial.
  double cpuUtilization() const { return wall.median > 0 ? cpu.median / wall.median : 0; }
};

// Bootstrap: wallMedianInterval from up to 2000 resamples, fewer above 2000 repetitions (at
// most ~4 M draws per run, never under 200 resamples) — a run of 30 000 repetitions would
// otherwise take seconds. Skip: wallMedianInterval stays undefined (NaN) and the summary costs
// O(n): what a first look at a large session needs (the GUI's first loading stage).
enum class MedianInterval { Bootstrap, Skip };
RunSummary summarizeRun(const model::Run& run, MedianInterval interval = MedianInterval::Bootstrap);

}  // namespace tunelab::analysis
