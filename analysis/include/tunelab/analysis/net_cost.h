#pragma once

// What each variant costs per operation net of its workload's own loop. A workload may run
// a floor variant beside the others (alloc's `null` allocator: the same pattern loop, with
// its recorder and the touching of every block, and no allocator work), marking its runs
// with the metric `loop_floor`. Then, for every other run of the same workload, parameters
// and worker count:
//   raw   = median over the repetitions of 1e9 / ops_per_s (ns per operation)
//   net   = raw − the floor's raw, with a 95 % interval
//   ratio = net ÷ the lowest positive net of the group (its fastest variant), with one too.
// Rates alone hide this: a loop that costs 1.7 ns per operation caps every allocator at
// 600 M ops/s, and two allocators at 1.75 and 1.8 ns look 3 % apart there while the work of
// one costs twice the other's.
//
// Degenerate cases, never shown as numbers they are not:
//   - net ≤ 0: the run is "at the floor" (as fast as the loop alone, or faster where it
//     skips part of the loop: an arena's reset frees a tree without walking it); its ratio
//     is undefined, and it is never the fastest;
//   - fewer than kNetIntervalMinRepetitions repetitions on either side: no interval;
//   - no positive net in the group: no fastest, no ratios;
//   - a group without a floor run: not reported here at all.

#include <cstddef>
#include <string>
#include <vector>

#include "tunelab/analysis/inference.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

inline constexpr const char* kLoopFloorMetric = "loop_floor";
inline constexpr const char* kOpsPerSecondMetric = "ops_per_s";

// The fewest repetitions, on each side, for an interval. The widest interval of a median
// that assumes nothing of the distribution, [min, max] of n values, misses it with
// probability 2^(1−n): 6 % at n = 5, 3 % at n = 6. A bootstrap interval is never wider
// than that, so from fewer than 6 values it cannot honestly be called a 95 % interval.
inline constexpr std::size_t kNetIntervalMinRepetitions = 6;
// Resamples of every bootstrap here: fixed (and seeded), so a report is reproducible.
inline constexpr int kNetResamples = 2000;

struct NetCost {
  std::string name;  // the run's benchmark name
  std::string variant;
  std::size_t repetitions = 0;
  double opsPerSecond = 0;  // median ops_per_s
  double nsPerOp = 0;       // median of 1e9 / ops_per_s
  double netNsPerOp = 0;    // nsPerOp − the floor's nsPerOp
  Interval netInterval;     // undefined (NaN) with too few repetitions on either side
  // netNsPerOp over the fastest's, and its interval; NaN at the floor or without a fastest,
  // exactly 1 (interval [1, 1]) for the fastest itself.
  double perFastest = 0;
  Interval perFastestInterval;
  bool atFloor() const { return !(netNsPerOp > 0); }
};

struct NetCostGroup {
  std::string workload;
  std::string params;  // formatted, as RunSummary::params
  int workers = 1;
  // The floor: its run, its variant and its figures.
  std::string floorName;
  std::string floorVariant;
  std::size_t floorRepetitions = 0;
  double floorOpsPerSecond = 0;
  double floorNsPerOp = 0;
  // The variant with the lowest positive net cost; empty when every run is at the floor.
  std::string fastest;
  // Every other run of the group that succeeded and reports ops_per_s in each repetition:
  // at the floor first, then by ascending net cost.
  std::vector<NetCost> costs;
  // Whether any interval is missing for lack of repetitions (the report says so once).
  bool tooFewRepetitions = false;
};

// A floor run: it succeeded and its repetitions carry the metric `loop_floor`.
bool isLoopFloor(const model::Run& run);

// The groups of `runs` that have a floor, in the order their floors appear.
std::vector<NetCostGroup> netCosts(const std::vector<model::Run>& runs);

}  // namespace tunelab::analysis
