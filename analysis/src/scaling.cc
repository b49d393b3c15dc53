#include "tunelab/analysis/scaling.h"

#include <algorithm>
#include <limits>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {

std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs) {
  std::vector<ScalingSeries> out;
  for (const auto& run : runs) {
    if (run.status != model::RunStatus::Ok || run.samples.empty()) continue;
    const std::string params = model::formatParams(run.params);
    auto it = std::find_if(out.begin(), out.end(), [&](const ScalingSeries& s) {
      return s.workload == run.workload && s.variant == run.variant && s.params == params;
    });
    if (it == out.end()) {
      out.push_back({run.workload, run.variant, params, false, {}});
      it = out.end() - 1;
    }
    std::vector<double> wall;
    for (const auto& s : run.samples) wall.push_back(s.wallSeconds);
    it->points.push_back({run.threads * run.ranks, median(wall), 0, 0});
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (auto& s : out) {
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const ScalingPoint& a, const ScalingPoint& b) { return a.workers < b.workers; });
    auto base = std::find_if(s.points.begin(), s.points.end(),
                             [](const ScalingPoint& p) { return p.workers == 1; });
    s.hasBaseline = base != s.points.end() && base->medianSeconds > 0;
    const double t1 = s.hasBaseline ? base->medianSeconds : kNaN;
    for (auto& p : s.points) {
      p.speedup = s.hasBaseline && p.medianSeconds > 0 ? t1 / p.medianSeconds : kNaN;
      p.efficiency = p.speedup / p.workers;
    }
  }
  return out;
}

const ScalingPoint* findPoint(const std::vector<ScalingSeries>& series, const model::Run& run) {
  const std::string params = model::formatParams(run.params);
  for (const auto& s : series) {
    if (s.workload != run.workload || s.variant != run.variant || s.params != params) continue;
    for (const auto& p : s.points)
      if (p.workers == run.threads * run.ranks) return &p;
  }
  return nullptr;
}

}  // namespace tunelab::analysis
