#pragma once

#include <vector>

#include "tunelab/analysis/inference.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/analysis/scaling_model.h"
#include "tunelab/model/run.h"

namespace tunelab::gui {

// What the scaling view shows, computed once per session from the analysis library (off
// the UI thread where the session is large) and handed to ScalingModel as a value.
struct ScalingAnalysis {
  // analysis::scalingSeries: one series per workload/variant/parameters, points by workers,
  // each with its Amdahl fit (over every sample of the series) and Karp–Flatt per point.
  std::vector<analysis::ScalingSeries> series;
  // Per series: the parameters as values (the series carries them formatted), which is what
  // telling shared from distinct parameters needs.
  std::vector<std::vector<model::Param>> params;
  // Per series and point: the distribution-free interval (≥ 95 %) of the speedup the
  // analysis computes (ScalingPoint::speedupInterval). Undefined (NaN) where the series has
  // no p = 1 run or too few repetitions, and everywhere until the whole session is loaded
  // (Intervals::Skip).
  std::vector<std::vector<analysis::Interval>> speedupIntervals;
  bool hasIntervals = false;
};

enum class Intervals { Compute, Skip };

// The first loading stage (sample times only) skips the intervals; the whole session has them.
ScalingAnalysis analyzeScaling(const std::vector<model::Run>& runs, Intervals intervals,
                               const analysis::TraitsByWorkload& traits = {});

}  // namespace tunelab::gui
