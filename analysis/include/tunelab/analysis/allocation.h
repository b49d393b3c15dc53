#pragma once

// Heap behaviour of a run: how fast it allocates, how much of the memory an allocator holds
// is in use (utilization R = Σaᵢ / P, pool size P = Σpᵢ) and how that develops over time.
//
// Two sources, and the analysis says which it used:
//   - the allocation hooks (AllocStats): every malloc/new of the process, per repetition;
//     P and Σaᵢ only where an allocator fills pool_bytes / allocated_bytes;
//   - the workload itself, where it measures an allocator the hooks cannot see (the `alloc`
//     workload calls jemalloc, mimalloc, its own pools … through their APIs): the per-sample
//     metrics `allocations` (per execution), `bytes_per_s`, `pool_P`, `R_mean`, `R_final`,
//     `frag_final`, and the series `R` (utilization over the trace) and `fragmentation`
//     (its own definition: 1 − live / resident bytes).
// Nothing is invented: a figure neither source has stays empty.

#include <optional>
#include <string>
#include <vector>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

// One point over time (x counts operations, iterations … as the series says). Either value
// may be NaN where the workload's curve has no point at that x.
struct UtilizationPoint {
  double x = 0;
  double utilization = 0;    // R = Σaᵢ / P at x
  double fragmentation = 0;  // the workload's fragmentation at x, else 1 − R
};

struct AllocationAnalysis {
  // Which run (copies, so the value outlives the runs it came from).
  std::string name;
  std::string workload;
  std::string variant;
  std::string params;
  int workers = 1;
  std::size_t runIndex = 0;  // its index in the runs analysed (SessionReport::runs)

  // "workload" (its `allocations` metric) or "allocation hooks"; empty when neither counted.
  std::string countSource;
  // Over the repetitions, per execution or per second of wall time (count 0 where unknown).
  Summary allocationsPerExecution;
  Summary bytesPerExecution;
  Summary allocationsPerSecond;
  Summary bytesPerSecond;
  Summary peakLiveBytes;  // from the hooks

  // R per repetition: allocated_bytes / pool_bytes from AllocStats where the allocator fills
  // both, else the workload's `R_mean` metric (R averaged over its trace). Fragmentation:
  // the workload's `frag_final` where it reports one, else 1 − median R.
  std::optional<Summary> utilization;
  std::optional<double> fragmentation;
  std::optional<Summary> poolBytes;  // P: pool_bytes, else the workload's `pool_P`

  // The curve of the repetition closest to the median wall time (a typical one, not the luckiest):
  // the series `R` (or `utilization`) and `fragmentation`, joined on x.
  std::string seriesXName;  // what x counts: "operation" …
  std::vector<UtilizationPoint> overTime;
  // Of the utilization curve: its lowest, its mean over the points, and its last value; NaN
  // without a utilization curve.
  double minUtilization = 0;
  double meanUtilization = 0;
  double finalUtilization = 0;
};

// The series names read: utilization under either name, and fragmentation.
inline constexpr const char* kUtilizationSeries = "R";
inline constexpr const char* kUtilizationSeriesLong = "utilization";
inline constexpr const char* kFragmentationSeries = "fragmentation";

// Nothing (nullopt) for a failed run, or one with nothing to say about its heap.
std::optional<AllocationAnalysis> analyzeAllocation(const model::Run& run);

// Every run of a session that has something to say about its heap.
std::vector<AllocationAnalysis> analyzeAllocations(const std::vector<model::Run>& runs);

}  // namespace tunelab::analysis
