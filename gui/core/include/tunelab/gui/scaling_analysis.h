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
  // Per series and point: the 95 % bootstrap interval of the speedup, i.e. of the ratio
  // median T(1) / median T(p) (analysis::bootstrapRatioOfMedians). Undefined (NaN) where the
  // series has no p = 1 run, and everywhere until computed (Intervals::Skip).
  std::vector<std::vector<analysis::Interval>> speedupIntervals;
  bool hasIntervals = false;
};

enum class Intervals { Compute, Skip };

// The bootstrap is the one costly part (resamples × samples per point): the loader skips it
// for the first picture of a session and computes it with the rest. On very large runs the
// resample count is lowered from 2000 (never below 100) so that a point costs about 4·10⁶
// draws: with tens of thousands of repetitions per point the interval is narrow anyway, and
// 100 resamples place its ends to within a fraction of its width.
ScalingAnalysis analyzeScaling(const std::vector<model::Run>& runs, Intervals intervals);

}  // namespace tunelab::gui
