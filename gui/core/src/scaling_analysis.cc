#include "tunelab/gui/scaling_analysis.h"

#include <limits>

#include "tunelab/model/params.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool belongsTo(const model::Run& run, const analysis::ScalingSeries& series) {
  return run.status == model::RunStatus::Ok && !run.samples.empty() &&
         run.workload == series.workload && run.variant == series.variant &&
         model::formatParams(run.params) == series.params;
}


}  // namespace

ScalingAnalysis analyzeScaling(const std::vector<model::Run>& runs, Intervals intervals,
                               const analysis::TraitsByWorkload& traits) {
  ScalingAnalysis out;
  out.series = analysis::scalingSeries(runs, traits);
  out.hasIntervals = intervals == Intervals::Compute;
  for (const auto& series : out.series) {
    std::vector<model::Param> params;
    for (const auto& run : runs)
      if (belongsTo(run, series)) {
        params = run.params;
        break;
      }
    out.params.push_back(std::move(params));
    std::vector<analysis::Interval> speedups(series.points.size(), {kNaN, kNaN});
    if (out.hasIntervals)
      for (std::size_t p = 0; p < series.points.size(); ++p)
        speedups[p] = series.points[p].speedupInterval;
    out.speedupIntervals.push_back(std::move(speedups));
  }
  return out;
}

}  // namespace tunelab::gui
