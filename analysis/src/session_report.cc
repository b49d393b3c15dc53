#include "tunelab/analysis/session_report.h"

#include <algorithm>

#include "tunelab/analysis/overhead.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {

SessionReport analyzeSession(const model::Session& session, const std::vector<model::Run>& runs) {
  SessionReport r;
  r.session = session;
  // Region times net of what recording them cost, as this session measured it.
  r.regionCostNs = recordedRegionCostNs(session.environment.extra).value_or(0);
  for (const auto& run : runs) {
    auto s = summarizeRun(run, MedianInterval::Compute, r.regionCostNs);
    s.run = nullptr;
    r.runs.push_back(std::move(s));
  }
  const auto traits = workloadTraits(session.environment.extra);
  r.scaling = scalingSeries(runs, traits);
  r.weakScaling = weakScalingSeries(runs, traits);
  r.complexity = complexitySweeps(runs);
  r.allocation = analyzeAllocations(runs);
  r.netCost = netCosts(runs);
  for (const auto& run : runs) {
    auto d = deriveCounters(run);
    if (!d.empty())
      r.derived.push_back(
          {run.name, run.workload, run.variant, run.threads * run.ranks, std::move(d)});
    auto t = summarizeThreads(run);
    if (t.available)
      r.threads.push_back({run.name, run.workload, run.variant, run.threads * run.ranks, std::move(t)});
  }
  // Shared parameters: those with one value in every run (of the session; of each workload).
  auto sharedOf = [&](const std::string* workload) {
    std::vector<model::Param> shared;
    std::size_t count = 0;
    for (const auto& run : runs) {
      if (workload && run.workload != *workload) continue;
      if (count++ == 0) shared = run.params;
      std::erase_if(shared, [&](const model::Param& p) {
        auto v = model::findParam(run.params, p.key);
        return !v || *v != p.value;
      });
    }
    return count > 1 ? model::formatParams(shared) : std::string();
  };
  r.sharedParams = sharedOf(nullptr);
  for (const auto& run : runs)
    if (!r.sharedParamsByWorkload.count(run.workload))
      r.sharedParamsByWorkload[run.workload] = sharedOf(&run.workload);
  return r;
}

std::vector<std::string> workloadsOf(const SessionReport& report) {
  std::vector<std::string> out;
  for (const auto& s : report.runs)
    if (std::find(out.begin(), out.end(), s.workload) == out.end()) out.push_back(s.workload);
  return out;
}

SessionReport scopeToWorkload(const SessionReport& report, const std::string& workload) {
  SessionReport r;
  r.session = report.session;
  r.regionCostNs = report.regionCostNs;
  auto keep = [&](const auto& from, auto& to) {
    for (const auto& x : from)
      if (x.workload == workload) to.push_back(x);
  };
  keep(report.runs, r.runs);
  keep(report.scaling, r.scaling);
  keep(report.weakScaling, r.weakScaling);
  keep(report.complexity, r.complexity);
  keep(report.allocation, r.allocation);
  keep(report.netCost, r.netCost);
  keep(report.derived, r.derived);
  keep(report.threads, r.threads);
  const auto it = report.sharedParamsByWorkload.find(workload);
  const std::string shared = it != report.sharedParamsByWorkload.end() ? it->second
                                                                         : report.sharedParams;
  // A workload with one run: its parameters are all "shared", stated once in a header.
  r.sharedParams = r.runs.size() == 1 ? r.runs.front().params : shared;
  r.sharedParamsByWorkload[workload] = r.sharedParams;
  return r;
}

}  // namespace tunelab::analysis
