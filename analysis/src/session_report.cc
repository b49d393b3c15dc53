#include "tunelab/analysis/session_report.h"

#include <algorithm>
#include <utility>

#include "tunelab/analysis/overhead.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {

SessionReport analyzeSession(const model::Session& session, const std::vector<model::Run>& runs,
                             MedianInterval intervals) {
  SessionReport r;
  r.session = session;
  // Region times net of what recording them cost, as this session measured it.
  r.regionCostNs = recordedRegionCostNs(session.environment.extra).value_or(0);
  r.ceilings = machineCeilings(runs);
  for (const auto& run : runs) {
    auto s = summarizeRun(run, intervals, r.regionCostNs);
    s.run = nullptr;
    r.runs.push_back(std::move(s));
  }
  const auto traits = workloadTraits(session.environment.extra);
  r.scaling = scalingSeries(runs, traits, intervals);
  r.weakScaling = weakScalingSeries(runs, traits);
  std::map<std::string, std::vector<std::string>> sizeParams;
  for (const auto& [workload, t] : traits)
    for (const auto& [key, exponent] : t.workExponents) sizeParams[workload].push_back(key);
  // T(size) of runs paced by a schedule is the schedule's length, not a complexity.
  const bool paced = std::any_of(runs.begin(), runs.end(),
                                 [&](const model::Run& run) { return isPaced(run, traits); });
  r.complexity = complexitySweeps(paced ? withoutPacedRuns(runs, traits) : runs, sizeParams);
  r.allocation = analyzeAllocations(runs);
  r.netCost = netCosts(runs);
  auto stream = analyzeStream(runs);
  r.stream = std::move(stream.cases);
  r.streamCurves = std::move(stream.curves);
  auto ann = analyzeAnn(runs);
  r.annCases = std::move(ann.cases);
  r.annSeries = std::move(ann.series);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    auto d = deriveCounters(run);
    if (!d.empty())
      r.derived.push_back(
          {run.name, run.workload, run.variant, run.threads * run.ranks, std::move(d), i});
    auto t = summarizeThreads(run);
    if (t.available)
      r.threads.push_back(
          {run.name, run.workload, run.variant, run.threads * run.ranks, std::move(t), i});
  }
  // Shared parameters: those with one value in every run (of the session; of each workload).
  // As text, only where there are two runs or more (one run's are all its own).
  auto sharedOf = [&](const std::string* workload) {
    std::vector<std::vector<model::Param>> lists;
    for (const auto& run : runs)
      if (!workload || run.workload == *workload) lists.push_back(run.params);
    return std::pair(commonParams(lists), lists.size());
  };
  auto text = [](const std::pair<std::vector<model::Param>, std::size_t>& shared) {
    return shared.second > 1 ? model::formatParams(shared.first) : std::string();
  };
  const auto all = sharedOf(nullptr);
  r.sharedParamValues = all.first;
  r.sharedParams = text(all);
  for (const auto& run : runs)
    if (!r.sharedParamsByWorkload.count(run.workload))
      r.sharedParamsByWorkload[run.workload] = text(sharedOf(&run.workload));
  return r;
}

std::vector<model::Param> commonParams(const std::vector<std::vector<model::Param>>& lists) {
  if (lists.empty()) return {};
  std::vector<model::Param> shared = lists.front();
  for (const auto& params : lists)
    std::erase_if(shared, [&](const model::Param& p) {
      auto v = model::findParam(params, p.key);
      return !v || *v != p.value;
    });
  return shared;
}

std::vector<model::Param> distinctParams(const std::vector<model::Param>& params,
                                         const std::vector<model::Param>& shared) {
  std::vector<model::Param> out;
  for (const auto& p : params)
    if (std::find(shared.begin(), shared.end(), p) == shared.end()) out.push_back(p);
  return out;
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
  // The runs kept, and where each of the report's now lies among them.
  std::vector<std::size_t> index(report.runs.size(), 0);
  for (std::size_t i = 0; i < report.runs.size(); ++i)
    if (report.runs[i].workload == workload) {
      index[i] = r.runs.size();
      r.runs.push_back(report.runs[i]);
    }
  keep(report.scaling, r.scaling);
  keep(report.weakScaling, r.weakScaling);
  keep(report.complexity, r.complexity);
  keep(report.allocation, r.allocation);
  keep(report.netCost, r.netCost);
  keep(report.derived, r.derived);
  keep(report.threads, r.threads);
  keep(report.stream, r.stream);
  keep(report.streamCurves, r.streamCurves);
  for (auto& a : r.allocation) a.runIndex = index[a.runIndex];
  for (auto& c : r.stream) c.runIndex = index[c.runIndex];
  for (auto& c : r.streamCurves)
    for (auto& p : c.points) p.runIndex = index[p.runIndex];
  // Named among the workload's own curves.
  const auto labels = streamCurveLabels(r.streamCurves);
  for (std::size_t i = 0; i < labels.size(); ++i) r.streamCurves[i].label = labels[i];
  {
    // The workload's ann cases, and where each of the report's now lies among them.
    std::vector<std::size_t> at(report.annCases.size(), 0);
    for (std::size_t i = 0; i < report.annCases.size(); ++i)
      if (report.annCases[i].workload == workload) {
        at[i] = r.annCases.size();
        r.annCases.push_back(report.annCases[i]);
        r.annCases.back().runIndex = index[report.annCases[i].runIndex];
      }
    keep(report.annSeries, r.annSeries);
    for (auto& s : r.annSeries)
      for (auto& c : s.cases) c = at[c];
    const auto annLabels = annSeriesLabels(r.annSeries, r.annCases);
    for (std::size_t i = 0; i < annLabels.size(); ++i) r.annSeries[i].label = annLabels[i];
  }
  for (auto& d : r.derived) d.runIndex = index[d.runIndex];
  for (auto& t : r.threads) t.runIndex = index[t.runIndex];
  const auto it = report.sharedParamsByWorkload.find(workload);
  const std::string shared = it != report.sharedParamsByWorkload.end() ? it->second
                                                                         : report.sharedParams;
  // A workload with one run: its parameters are all "shared", stated once in a header.
  r.sharedParams = r.runs.size() == 1 ? r.runs.front().params : shared;
  r.sharedParamsByWorkload[workload] = r.sharedParams;
  return r;
}

}  // namespace tunelab::analysis
