#include "tunelab/gui/scaling_analysis.h"

#include <algorithm>
#include <limits>

#include "tunelab/model/params.h"

namespace tunelab::gui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kResamples = 2000;
constexpr int kMinResamples = 100;
constexpr double kDrawBudget = 4e6;

bool belongsTo(const model::Run& run, const analysis::ScalingSeries& series) {
  return run.status == model::RunStatus::Ok && !run.samples.empty() &&
         run.workload == series.workload && run.variant == series.variant &&
         model::formatParams(run.params) == series.params;
}

std::vector<double> wallTimes(const model::Run& run) {
  std::vector<double> out;
  out.reserve(run.samples.size());
  for (const auto& s : run.samples) out.push_back(s.wallSeconds);
  return out;
}

}  // namespace

ScalingAnalysis analyzeScaling(const std::vector<model::Run>& runs, Intervals intervals) {
  ScalingAnalysis out;
  out.series = analysis::scalingSeries(runs);
  out.hasIntervals = intervals == Intervals::Compute;
  for (const auto& series : out.series) {
    // The runs of this series by point (scalingSeries orders points by workers; the first run
    // with that worker count is the one it took).
    std::vector<const model::Run*> byPoint(series.points.size(), nullptr);
    std::vector<model::Param> params;
    bool first = true;
    for (const auto& run : runs) {
      if (!belongsTo(run, series)) continue;
      if (first) params = run.params;
      first = false;
      const int w = run.threads * run.ranks;
      for (std::size_t p = 0; p < series.points.size(); ++p)
        if (series.points[p].workers == w && !byPoint[p]) {
          byPoint[p] = &run;
          break;
        }
    }
    out.params.push_back(std::move(params));

    std::vector<analysis::Interval> speedups(series.points.size(), {kNaN, kNaN});
    const auto base = std::find_if(series.points.begin(), series.points.end(),
                                   [](const analysis::ScalingPoint& p) { return p.workers == 1; });
    if (out.hasIntervals && series.hasBaseline && base != series.points.end()) {
      const auto* baseRun = byPoint[static_cast<std::size_t>(base - series.points.begin())];
      const auto t1 = baseRun ? wallTimes(*baseRun) : std::vector<double>{};
      for (std::size_t p = 0; p < series.points.size(); ++p) {
        if (!byPoint[p] || t1.empty()) continue;
        const auto tp = wallTimes(*byPoint[p]);
        const double draws = static_cast<double>(t1.size() + tp.size());
        const int resamples = std::clamp(static_cast<int>(kDrawBudget / draws), kMinResamples,
                                         kResamples);
        // Candidate T(1) over baseline T(p): the ratio of medians is the speedup itself.
        speedups[p] = analysis::bootstrapRatioOfMedians(tp, t1, 0.95, resamples);
      }
    }
    out.speedupIntervals.push_back(std::move(speedups));
  }
  return out;
}

}  // namespace tunelab::gui
