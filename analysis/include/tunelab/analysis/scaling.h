#pragma once

#include <string>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

// One point of a strong-scaling curve. Speedup S(p) = T(1)/T(p) and efficiency
// E(p) = S(p)/p, both relative to the same variant with the same parameters at p = 1,
// from the medians of the wall times.
struct ScalingPoint {
  int workers = 1;  // threads × ranks
  double medianSeconds = 0;
  double speedup = 0;
  double efficiency = 0;
};

// The runs of one workload/variant/parameters combination, ordered by workers.
struct ScalingSeries {
  std::string workload;
  std::string variant;
  std::string params;  // formatted, e.g. n:20000/d:8/k:8
  bool hasBaseline = false;  // a p = 1 run exists; without it S and E are not defined (NaN)
  std::vector<ScalingPoint> points;
};

// Groups successful runs into series. Failed runs and runs without samples are left out:
// a failure has no time to scale.
std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs);

// The speedup and efficiency of a given run within its series, if it has a baseline.
const ScalingPoint* findPoint(const std::vector<ScalingSeries>& series, const model::Run& run);

}  // namespace tunelab::analysis
