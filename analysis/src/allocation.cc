#include "tunelab/analysis/allocation.h"

#include <algorithm>
#include <numeric>

#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

// The repetition whose wall time is the median (the lower middle one for an even count).
const model::Sample* typicalSample(const model::Run& run, const std::string& seriesName) {
  std::vector<const model::Sample*> with;
  for (const auto& s : run.samples)
    if (std::any_of(s.series.begin(), s.series.end(),
                    [&](const model::Series& x) { return x.name == seriesName; }))
      with.push_back(&s);
  if (with.empty()) return nullptr;
  std::sort(with.begin(), with.end(), [](const model::Sample* a, const model::Sample* b) {
    return a->wallSeconds < b->wallSeconds;
  });
  return with[(with.size() - 1) / 2];
}

void readCurve(const model::Run& run, AllocationAnalysis& a) {
  for (const char* name : {kUtilizationSeries, kFragmentationSeries}) {
    const auto* sample = typicalSample(run, name);
    if (!sample) continue;
    const auto& series = *std::find_if(sample->series.begin(), sample->series.end(),
                                       [&](const model::Series& x) { return x.name == name; });
    const bool isFragmentation = std::string(name) == kFragmentationSeries;
    a.seriesXName = series.xName;
    const std::size_t n = std::min(series.x.size(), series.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      const double r = isFragmentation ? 1 - series.y[i] : series.y[i];
      a.overTime.push_back({series.x[i], r, 1 - r});
    }
    if (a.overTime.empty()) continue;
    double sum = 0, lowest = a.overTime.front().utilization;
    for (const auto& p : a.overTime) {
      sum += p.utilization;
      lowest = std::min(lowest, p.utilization);
    }
    a.minUtilization = lowest;
    a.meanUtilization = sum / static_cast<double>(a.overTime.size());
    a.finalUtilization = a.overTime.back().utilization;
    return;  // utilization wins when a workload reports both
  }
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

  const bool allAlloc = std::all_of(run.samples.begin(), run.samples.end(),
                                    [](const model::Sample& s) { return s.alloc.has_value(); });
  if (allAlloc) {
    std::vector<double> perExec, bytesPerExec, perSec, bytesPerSec, peak, utilization;
    bool allPools = true;
    for (const auto& s : run.samples) {
      const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
      const double seconds = s.wallSeconds * iters;
      const auto& st = *s.alloc;
      perExec.push_back(static_cast<double>(st.allocations) / iters);
      bytesPerExec.push_back(static_cast<double>(st.bytes) / iters);
      if (seconds > 0) {
        perSec.push_back(static_cast<double>(st.allocations) / seconds);
        bytesPerSec.push_back(static_cast<double>(st.bytes) / seconds);
      }
      peak.push_back(static_cast<double>(st.peakLiveBytes));
      if (st.poolBytes && st.allocatedBytes && *st.poolBytes > 0)
        utilization.push_back(static_cast<double>(*st.allocatedBytes) /
                              static_cast<double>(*st.poolBytes));
      else
        allPools = false;
    }
    a.allocationsPerExecution = summarize(perExec);
    a.bytesPerExecution = summarize(bytesPerExec);
    a.allocationsPerSecond = summarize(perSec);
    a.bytesPerSecond = summarize(bytesPerSec);
    a.peakLiveBytes = summarize(peak);
    if (allPools && !utilization.empty()) {
      a.utilization = summarize(utilization);
      a.fragmentation = 1 - a.utilization->median;
    }
  }
  readCurve(run, a);
  if (!allAlloc && a.overTime.empty()) return std::nullopt;
  return a;
}

std::vector<AllocationAnalysis> analyzeAllocations(const std::vector<model::Run>& runs) {
  std::vector<AllocationAnalysis> out;
  for (const auto& r : runs)
    if (auto a = analyzeAllocation(r)) out.push_back(std::move(*a));
  return out;
}

}  // namespace tunelab::analysis
