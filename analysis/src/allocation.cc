#include "tunelab/analysis/allocation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const model::Series* findSeries(const model::Sample& s, std::string_view name) {
  for (const auto& x : s.series)
    if (x.name == name) return &x;
  return nullptr;
}

const model::Series* utilizationSeries(const model::Sample& s) {
  const auto* r = findSeries(s, kUtilizationSeries);
  return r ? r : findSeries(s, kUtilizationSeriesLong);
}

// The metric in every repetition, or nothing.
std::optional<std::vector<double>> metricValues(const model::Run& run, std::string_view name) {
  std::vector<double> out;
  for (const auto& s : run.samples) {
    auto v = sampleMetric(s, name);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

void readCurve(const model::Run& run, AllocationAnalysis& a) {
  // The curve of a typical repetition (run_summary.h).
  const auto* sample = typicalSample(run, [](const model::Sample& s) {
    return utilizationSeries(s) || findSeries(s, kFragmentationSeries);
  });
  if (!sample) return;
  const auto* r = utilizationSeries(*sample);
  const auto* f = findSeries(*sample, kFragmentationSeries);
  a.seriesXName = r ? r->xName : f->xName;
  std::map<double, std::pair<double, double>> byX;  // x → (R, fragmentation)
  if (r)
    for (std::size_t i = 0; i < std::min(r->x.size(), r->y.size()); ++i)
      byX[r->x[i]] = {r->y[i], kNaN};
  if (f)
    for (std::size_t i = 0; i < std::min(f->x.size(), f->y.size()); ++i) {
      auto it = byX.find(f->x[i]);
      if (it == byX.end())
        byX[f->x[i]] = {kNaN, f->y[i]};
      else
        it->second.second = f->y[i];
    }
  for (const auto& [x, v] : byX) {
    const double frag = std::isfinite(v.second) ? v.second : 1 - v.first;
    a.overTime.push_back({x, v.first, frag});
  }
  std::vector<double> rs;
  if (r)
    for (std::size_t i = 0; i < std::min(r->x.size(), r->y.size()); ++i) rs.push_back(r->y[i]);
  a.minUtilization = rs.empty() ? kNaN : *std::min_element(rs.begin(), rs.end());
  a.meanUtilization = rs.empty() ? kNaN : mean(rs);
  a.finalUtilization = rs.empty() ? kNaN : rs.back();
}

}  // namespace

std::optional<AllocationAnalysis> analyzeAllocation(const model::Run& run) {
  if (run.status != model::RunStatus::Ok || run.samples.empty()) return std::nullopt;
  AllocationAnalysis a;
  a.name = run.name;
  a.workload = run.workload;
  a.variant = run.variant;
  a.params = model::formatParams(run.params);
  a.workers = run.threads * run.ranks;

  const bool hooks = std::all_of(run.samples.begin(), run.samples.end(),
                                 [](const model::Sample& s) { return s.alloc.has_value(); });
  const auto workloadCounts = metricValues(run, "allocations");
  std::vector<double> perExec, bytesPerExec, perSec, bytesPerSec, peak, utilization, pools;
  bool allPools = hooks;
  for (std::size_t i = 0; i < run.samples.size(); ++i) {
    const auto& s = run.samples[i];
    const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
    if (workloadCounts) {
      // The workload's own count is per execution; so is its rate's time base.
      perExec.push_back((*workloadCounts)[i]);
      if (s.wallSeconds > 0) perSec.push_back((*workloadCounts)[i] / s.wallSeconds);
      if (auto b = sampleMetric(s, "bytes_per_s")) {
        bytesPerSec.push_back(*b);
        bytesPerExec.push_back(*b * s.wallSeconds);
      }
    } else if (hooks) {
      const double seconds = s.wallSeconds * iters;
      perExec.push_back(static_cast<double>(s.alloc->allocations) / iters);
      bytesPerExec.push_back(static_cast<double>(s.alloc->bytes) / iters);
      if (seconds > 0) {
        perSec.push_back(static_cast<double>(s.alloc->allocations) / seconds);
        bytesPerSec.push_back(static_cast<double>(s.alloc->bytes) / seconds);
      }
    }
    if (hooks) {
      peak.push_back(static_cast<double>(s.alloc->peakLiveBytes));
      const auto& st = *s.alloc;
      if (st.poolBytes && st.allocatedBytes && *st.poolBytes > 0) {
        utilization.push_back(static_cast<double>(*st.allocatedBytes) /
                              static_cast<double>(*st.poolBytes));
        pools.push_back(static_cast<double>(*st.poolBytes));
      } else {
        allPools = false;
      }
    }
  }
  a.countSource = workloadCounts ? "workload" : hooks ? "allocation hooks" : "";
  a.allocationsPerExecution = summarize(perExec);
  a.bytesPerExecution = summarize(bytesPerExec);
  a.allocationsPerSecond = summarize(perSec);
  a.bytesPerSecond = summarize(bytesPerSec);
  a.peakLiveBytes = summarize(peak);
  if (allPools && !utilization.empty()) {
    a.utilization = summarize(utilization);
    a.poolBytes = summarize(pools);
  } else {
    if (auto r = metricValues(run, "R_mean")) a.utilization = summarize(*r);
    if (auto p = metricValues(run, "pool_P")) a.poolBytes = summarize(*p);
  }
  if (auto f = metricValues(run, "frag_final"))
    a.fragmentation = median(*f);
  else if (a.utilization)
    a.fragmentation = 1 - a.utilization->median;

  readCurve(run, a);
  if (a.countSource.empty() && !a.utilization && a.overTime.empty()) return std::nullopt;
  return a;
}

std::vector<AllocationAnalysis> analyzeAllocations(const std::vector<model::Run>& runs) {
  std::vector<AllocationAnalysis> out;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (auto a = analyzeAllocation(runs[i])) {
      a->runIndex = i;
      out.push_back(std::move(*a));
    }
  return out;
}

}  // namespace tunelab::analysis
