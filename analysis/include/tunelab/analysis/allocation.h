#pragma once

// Heap behaviour of a run: how fast it allocates, how much of the memory an allocator holds
// is in use (utilization R = Σaᵢ / P, pool size P = Σpᵢ) and how that develops over time.
// Fragmentation is 1 − R: the share of the pool that holds no live object.

#include <optional>
#include <string>
#include <vector>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

// One point of utilization over time (x counts operations, iterations … as the series says).
struct UtilizationPoint {
  double x = 0;
  double utilization = 0;    // R = Σaᵢ / P at x
  double fragmentation = 0;  // 1 − R
};

struct AllocationAnalysis {
  // Which run (copies, so the value outlives the runs it came from).
  std::string name;
  std::string workload;
  std::string variant;
  std::string params;
  int workers = 1;

  // Over the repetitions, per execution or per second of wall time. Set when every
  // repetition has allocation statistics (count 0 otherwise).
  Summary allocationsPerExecution;
  Summary bytesPerExecution;
  Summary allocationsPerSecond;
  Summary bytesPerSecond;
  Summary peakLiveBytes;

  // R = allocated_bytes / pool_bytes per repetition, where the allocator reports both (pool
  // allocators do; malloc-style libraries do not): no value is invented where they are absent.
  std::optional<Summary> utilization;
  std::optional<double> fragmentation;  // 1 − median R

  // From the workload's series named "utilization" (R over the trace) — or, where a
  // workload reports it directly, "fragmentation" — of the repetition with the median wall
  // time (a typical one, not the luckiest). Empty when the workload reports neither.
  std::string seriesXName;  // what x counts: "operation" …
  std::vector<UtilizationPoint> overTime;
  // Summaries of that curve: its lowest R, its mean over the points, and the last R.
  double minUtilization = 0;
  double meanUtilization = 0;
  double finalUtilization = 0;
};

// The series names read, so a workload knows what to call its curves.
inline constexpr const char* kUtilizationSeries = "utilization";
inline constexpr const char* kFragmentationSeries = "fragmentation";

// Nothing (nullopt) for a failed run, or one without any allocation statistics or
// utilization series.
std::optional<AllocationAnalysis> analyzeAllocation(const model::Run& run);

// Every run of a session that has something to say about its heap.
std::vector<AllocationAnalysis> analyzeAllocations(const std::vector<model::Run>& runs);

}  // namespace tunelab::analysis
