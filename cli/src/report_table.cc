#include "report_table.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <cmath>

#include "tunelab/analysis/threads.h"
#include "tunelab/analysis/format.h"
#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/model/params.h"
#include "tunelab/model/status.h"

namespace tunelab::cli {

namespace {
using analysis::formatDuration;
using analysis::formatMetric;
// The second table: what the profiler saw, per execution (medians over the repetitions).
void printProfile(std::FILE* out, const std::vector<analysis::RunSummary>& summaries) {
  std::vector<std::string> events;
  std::vector<std::pair<std::string, std::string>> unsupported;  // event, reason (first seen)
  bool anyAlloc = false, anyRegions = false;
  for (const auto& s : summaries) {
    for (const auto& c : s.counters) {
      if (std::find(events.begin(), events.end(), c.event) == events.end()) events.push_back(c.event);
      if (!c.supported &&
          std::none_of(unsupported.begin(), unsupported.end(), [&](const auto& u) { return u.first == c.event; }))
        unsupported.emplace_back(c.event, c.reason);
    }
    anyAlloc = anyAlloc || s.alloc.has_value();
    anyRegions = anyRegions || !s.regions.empty();
  }
  if (events.empty() && !anyAlloc && !anyRegions) return;

  std::size_t wName = 4;
  for (const auto& s : summaries)
    wName = std::max(wName, s.run->workload.size() + s.run->variant.size() + 6);
  fmt::print(out, "\nper execution (medians){:<{}}", "", wName > 23 ? wName - 23 : 0);
  for (const auto& e : events) fmt::print(out, "  {:>14}", e);
  if (anyAlloc) fmt::print(out, "  {:>10}  {:>10}  {:>11}  {:>10}", "allocs", "allocs/s", "bytes/s", "peak heap");
  if (anyRegions) fmt::print(out, "  regions (share of wall time)");
  fmt::print(out, "\n");
  for (const auto& s : summaries) {
    const auto& r = *s.run;
    if (r.status != model::RunStatus::Ok) continue;
    fmt::print(out, "{:<{}}", fmt::format("{}/{} p={}", r.workload, r.variant, r.threads * r.ranks),
               std::max<std::size_t>(wName, 23));
    for (const auto& e : events) {
      auto it = std::find_if(s.counters.begin(), s.counters.end(),
                             [&](const analysis::CounterSummary& c) { return c.event == e; });
      std::string cell = analysis::undefinedText();
      if (it != s.counters.end()) {
        if (!it->supported) cell = "unsupported";
        else if (e.size() > 6 && e.substr(e.size() - 6) == "-clock")
          cell = formatDuration(it->perExecution.median * 1e-9);  // perf's clocks count ns
        else cell = analysis::formatCount(it->perExecution.median) + (it->multiplexed ? "*" : "");
      }
      fmt::print(out, "  {:>14}", cell);
    }
    if (anyAlloc) {
      if (s.alloc)
        fmt::print(out, "  {:>10}  {:>10}  {:>11}  {:>10}",
                   analysis::formatCount(s.alloc->allocationsPerExecution.median),
                   analysis::formatCount(s.alloc->allocationsPerSecond.median),
                   analysis::formatBytes(s.alloc->bytesPerSecond.median) + "/s",
                   analysis::formatBytes(s.alloc->peakLiveBytes.median));
      else
        fmt::print(out, "  {:>10}  {:>10}  {:>11}  {:>10}", "–", "–", "–", "–");
    }
    if (anyRegions) {
      fmt::print(out, " ");
      for (const auto& g : s.regions)
        fmt::print(out, " {} {} ({})", g.name, formatDuration(g.secondsPerExecution.median),
                   analysis::formatPercent(g.shareOfWall, 0));
    }
    fmt::print(out, "\n");
  }
  for (const auto& [event, reason] : unsupported)
    fmt::print(out, "  {} unsupported here: {}\n", event, reason);
  bool multiplexed = false;
  for (const auto& s : summaries)
    for (const auto& c : s.counters) multiplexed = multiplexed || c.multiplexed;
  if (multiplexed) fmt::print(out, "  * multiplexed: scaled by time enabled / time running\n");
}

// The per-thread mode (--per-thread): CPU time per thread and the load imbalance.
void printThreads(std::FILE* out, const std::vector<model::Run>& runs) {
  bool header = false;
  for (const auto& r : runs) {
    const auto t = analysis::summarizeThreads(r);
    if (!t.available) continue;
    if (!header)
      fmt::print(out, "\nper thread (CPU time per execution, medians; imbalance = busiest / mean of the workers)\n");
    header = true;
    fmt::print(out, "  {}/{} p={}  imbalance {}:", r.workload, r.variant, r.threads * r.ranks,
               analysis::formatRatio(t.imbalance.median));
    for (std::size_t i = 0; i < t.cpuPerExecution.size(); ++i)
      fmt::print(out, "  #{} {}", i, formatDuration(t.cpuPerExecution[i]));
    fmt::print(out, "\n");
  }
}

}  // namespace

void printReport(std::FILE* out, const model::Session& session, const std::vector<model::Run>& runs) {
  std::size_t ok = 0;
  for (const auto& r : runs) ok += r.status == model::RunStatus::Ok;
  fmt::print(out, "session {}{} · {} · started {} · {} runs, {} ok\n", session.id.value(),
             session.label.empty() ? "" : " \"" + session.label + "\"",
             model::toString(session.status), session.startedAt, runs.size(), ok);
  const auto& env = session.environment;
  fmt::print(out, "{} · {} ({} logical cores) · {} · {} build\n", env.host, env.cpuModel,
             env.logicalCores, env.compiler, env.buildType);
  // The session's self-calibration: what measuring itself costs on this host.
  std::map<std::string, std::string> cal;
  for (const auto& [key, value] : env.extra)
    if (key.rfind("calibration.", 0) == 0) cal[key.substr(12)] = value;
  if (!cal.empty())
    fmt::print(out, "measuring costs here: region {} ns (recorded {} ns), counter read() {} ns ({}), rdpmc {}\n",
               cal["region_ns"], cal["region_recorded_ns"], cal["counter_read_ns"], cal["counter_read_event"],
               cal["rdpmc_ns"].rfind("unsupported", 0) == 0 ? std::string("unsupported") : cal["rdpmc_ns"] + " ns");
  fmt::print(out, "\n");

  const auto series = analysis::scalingSeries(runs);
  std::vector<analysis::RunSummary> summaries;
  for (const auto& r : runs) summaries.push_back(analysis::summarizeRun(r));

  // Metric columns: the union of metric names, in first-seen order.
  std::vector<std::string> metricNames;
  for (const auto& s : summaries)
    for (const auto& m : s.metrics)
      if (std::find(metricNames.begin(), metricNames.end(), m.name) == metricNames.end())
        metricNames.push_back(m.name);

  std::size_t wName = 4, wParams = 6;
  for (const auto& r : runs) {
    wName = std::max(wName, r.workload.size() + 1 + r.variant.size());
    wParams = std::max(wParams, model::formatParams(r.params).size());
  }
  fmt::print(out, "{:<{}}  {:<{}}  {:>3}  {:>4}  {:>10}  {:>6}  {:>7}  {:>7}  {:>5}", "case", wName,
             "params", wParams, "p", "reps", "time", "CV", "CPU/wall", "speedup", "eff.");
  for (const auto& m : metricNames) fmt::print(out, "  {:>12}", m);
  fmt::print(out, "\n");

  for (const auto& s : summaries) {
    const auto& r = *s.run;
    const std::string name = r.workload + "/" + r.variant;
    const std::string params = model::formatParams(r.params);
    if (r.status != model::RunStatus::Ok) {
      fmt::print(out, "{:<{}}  {:<{}}  {:>3}  {:>4}  {}\n", name, wName, params, wParams,
                 r.threads * r.ranks, 0, std::string(model::toString(r.status)) + " (see below)");
      continue;
    }
    const auto* point = analysis::findPoint(series, r);
    const double speedup = point ? point->speedup : NAN;
    const double eff = point ? point->efficiency : NAN;
    fmt::print(out, "{:<{}}  {:<{}}  {:>3}  {:>4}  {:>10}  {:>6}  {:>7}  {:>7}  {:>5}", name, wName,
               params, wParams, r.threads * r.ranks, s.wall.count, formatDuration(s.wall.median),
               analysis::formatPercent(s.wall.cv, 1), analysis::formatRatio(s.cpuUtilization()),
               analysis::formatSpeedup(speedup), analysis::formatPercent(eff, 0));
    for (const auto& m : metricNames) {
      auto it = std::find_if(s.metrics.begin(), s.metrics.end(),
                             [&](const analysis::MetricSummary& ms) { return ms.name == m; });
      fmt::print(out, "  {:>12}", it == s.metrics.end() ? analysis::undefinedText() : formatMetric(it->summary.median));
    }
    fmt::print(out, "\n");
  }

  bool header = false;
  for (const auto& r : runs) {
    if (r.status == model::RunStatus::Ok) continue;
    if (!header) fmt::print(out, "\nfailures:\n");
    header = true;
    fmt::print(out, "  {} [{}]: {}\n", r.name, model::toString(r.status), r.reason);
  }
  printProfile(out, summaries);
  printThreads(out, runs);
  fmt::print(out,
             "\ntime: median wall time per execution; CV: its coefficient of variation over the "
             "repetitions;\nspeedup T(1)/T(p) and efficiency speedup/p against the same variant "
             "at p = 1.\n");
}

}  // namespace tunelab::cli
