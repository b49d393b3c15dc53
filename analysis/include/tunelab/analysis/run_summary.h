#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

// Time per region, per execution, and its share of the wall time. Where the session measured
// what recording a region costs (calibration.region_recorded_ns), the seconds are net of it:
// entries × that cost, which is most of a region's time when it is entered millions of times
// for a few nanoseconds each (regionSecondsNetOfOverhead, never below 0).
struct RegionSummary {
  std::string name;
  Summary secondsPerExecution;
  double shareOfWall = 0;  // median seconds / median wall time; > 1 when threads or ranks overlap
  double entriesPerExecution = 0;           // median
  double overheadSecondsPerExecution = 0;   // median entries × the recorded cost subtracted
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
  // The robust view of the wall times: a distribution-free 95 % interval of the median
  // (order statistics, medianConfidenceInterval: undefined below 6 repetitions, where none
  // exists), its exact coverage, the median absolute deviation, and how many repetitions lie
  // outside Tukey's fences (none flagged below four repetitions).
  Interval wallMedianInterval;
  double wallMedianCoverage = 0;
  double wallMad = 0;
  std::size_t wallOutliers = 0;
  std::vector<MetricSummary> metrics;    // in the order the run's first sample lists them
  std::vector<CounterSummary> counters;  // in the order the run's first sample lists them
  std::optional<AllocSummary> alloc;     // when every repetition has allocation statistics
  std::vector<RegionSummary> regions;
  // Entered once while the run was prepared (model::Run::setupRegions): not per execution,
  // not in the wall time.
  std::vector<model::RegionStat> setupRegions;
  // CPU time over wall time: about `threads` × `ranks` for a perfectly parallel run (the
  // ranks' CPU times are summed), 1 for serial.
  double cpuUtilization() const { return wall.median > 0 ? cpu.median / wall.median : 0; }
};

// Compute: wallMedianInterval from order statistics (a sort: O(n log n)). Skip: it stays
// undefined (NaN) and the summary costs O(n): what a first look at a large session needs (the
// GUI's first loading stage).
enum class MedianInterval { Compute, Skip };
// `regionCostNs`: the recorded cost of one region entry (recordedRegionCostNs of the
// session's facts), subtracted from every region; 0 leaves region times raw.
RunSummary summarizeRun(const model::Run& run, MedianInterval interval = MedianInterval::Compute,
                        double regionCostNs = 0);

// The repetition, among those `eligible` accepts (every one without it), whose wall time is
// closest to the run's median wall time — a typical one, not the luckiest or the unluckiest;
// the first of a tie. What a report shows of a single repetition (a curve over the trace,
// latency percentiles) comes from it. Null when no repetition is eligible.
const model::Sample* typicalSample(
    const model::Run& run, const std::function<bool(const model::Sample&)>& eligible = {});

// A repetition's metric by name, if it reported one with a finite value.
std::optional<double> sampleMetric(const model::Sample& sample, std::string_view name);

// The median of a metric over the repetitions that report it (sampleMetric); NaN where none
// does.
double metricMedian(const model::Run& run, std::string_view name);

}  // namespace tunelab::analysis
