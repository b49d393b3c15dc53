#pragma once

// The machine's ceilings as tunelab measured them (the `machine` workload: STREAM triad
// and FMA peak kernels), for rooflines and "percent of peak" figures. Measured, never typed
// in: a session without machine runs has no ceilings, and says so.

#include <optional>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

struct Ceiling {
  double value = 0;  // GB/s for bandwidth, GFLOP/s for compute
  int threads = 1;   // the thread count that reached it
};

struct MachineCeilings {
  std::optional<Ceiling> bandwidth;  // sustained memory bandwidth, GB/s (triad)
  std::optional<Ceiling> peakF32;    // GFLOP/s, fp32 FMA
  std::optional<Ceiling> peakF64;    // GFLOP/s, fp64 FMA
  bool any() const { return bandwidth || peakF32 || peakF64; }
  // The ridge point of the roofline: the arithmetic intensity (FLOP/B) where the compute
  // ceiling meets the bandwidth line; nullopt without both ceilings.
  std::optional<double> ridgePoint(bool f64) const;
};

// From the successful runs of workload "machine" among `runs`: for each ceiling the best
// median over the thread counts measured (the ceiling is what the machine can reach).
MachineCeilings machineCeilings(const std::vector<model::Run>& runs);

}  // namespace tunelab::analysis
