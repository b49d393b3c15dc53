#include "tunelab/analysis/session_report.h"

#include <algorithm>

#include "tunelab/model/params.h"

namespace tunelab::analysis {

SessionReport analyzeSession(const model::Session& session, const std::vector<model::Run>& runs) {
  SessionReport r;
  r.session = session;
  for (const auto& run : runs) {
    auto s = summarizeRun(run);
    s.run = nullptr;
    r.runs.push_back(std::move(s));
  }
  r.scaling = scalingSeries(runs);
  r.weakScaling = weakScalingSeries(runs);
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

}  // namespace tunelab::analysis
