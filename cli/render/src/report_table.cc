// The terminal report of a session (`tunelab report`, and the table `tunelab run` prints at
// the end). Sections appear only where the session has something to show in them.

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "report_common.h"
#include "report_net_cost.h"
#include "tunelab/analysis/format.h"
#include "tunelab/model/status.h"
#include "tunelab/render/report_format.h"
#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

using analysis::formatDuration;
using analysis::formatPercent;
using analysis::RunSummary;
using analysis::SessionReport;
using Col = TextTable::Column;
constexpr auto kLeft = TextTable::Align::Left;

void printRuns(std::FILE* out, const SessionReport& r, const Style& st) {
  const auto metrics = metricNames(r);
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"case", kLeft}};
  if (showParams) cols.push_back({"params", kLeft});
  for (const char* h : {"p", "reps", "time", "±95%", "CV", "CPU/wall", "speedup", "eff."})
    cols.push_back({h});
  for (const auto& m : metrics) cols.push_back({m});
  TextTable t(cols);
  for (const auto& s : r.runs) {
    std::vector<std::string> row = {s.workload + "/" + s.variant};
    if (showParams) row.push_back(varyingParams(r, s));
    row.push_back(std::to_string(s.workers()));
    if (s.status != model::RunStatus::Ok) {
      row.push_back("0");
      row.push_back(st.red(std::string(model::toString(s.status))) + " (see below)");
      t.add(std::move(row));
      continue;
    }
    const auto* point = findScalingPoint(r, s);
    row.push_back(std::to_string(s.wall.count));
    row.push_back(formatDuration(s.wall.median));
    row.push_back(halfWidth(s.wallMedianInterval, s.wall.median));
    row.push_back(formatPercent(s.wall.cv, 1));
    row.push_back(analysis::formatRatio(s.cpuUtilization()) + (busyBaseline(s) ? "!" : ""));
    row.push_back(analysis::formatSpeedup(point ? point->speedup : NAN));
    row.push_back(point ? efficiencyCell(*point) : formatPercent(NAN, 0));
    for (const auto& m : metrics) row.push_back(metricCell(s, m));
    t.add(std::move(row));
  }
  fmt::print(out, "{}", t.str());
  bool header = false;
  for (const auto& s : r.runs) {
    if (s.status == model::RunStatus::Ok) continue;
    if (!header) fmt::print(out, "\nfailures:\n");
    header = true;
    fmt::print(out, "  {} [{}]: {}\n", s.name, model::toString(s.status), s.reason);
  }
}

// What the profiler saw, per execution (medians over the repetitions).
void printProfile(std::FILE* out, const SessionReport& r) {
  const auto events = counterEvents(r);
  bool anyAlloc = false, anyRegions = false, multiplexed = false;
  for (const auto& s : r.runs) {
    anyAlloc = anyAlloc || s.alloc.has_value();
    anyRegions = anyRegions || !s.regions.empty();
    for (const auto& c : s.counters) multiplexed = multiplexed || c.multiplexed;
  }
  if (events.empty() && !anyAlloc && !anyRegions) return;
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"per execution (medians)", kLeft}};
  for (const auto& e : events) cols.push_back({e});
  if (anyAlloc)
    for (const char* h : {"allocs", "allocs/s", "bytes/s", "peak heap"}) cols.push_back({h});
  if (anyRegions) cols.push_back({"regions (share of wall time)", kLeft});
  TextTable t(cols);
  for (const auto& s : r.runs) {
    if (s.status != model::RunStatus::Ok) continue;
    std::vector<std::string> row = {s.workload + "/" + s.variant +
                                    (showParams ? " " + varyingParams(r, s) : "") +
                                    " p=" + std::to_string(s.workers())};
    for (const auto& e : events) row.push_back(counterCell(s, e));
    if (anyAlloc) {
      if (s.alloc) {
        row.push_back(analysis::formatCount(s.alloc->allocationsPerExecution.median));
        row.push_back(analysis::formatCount(s.alloc->allocationsPerSecond.median));
        row.push_back(analysis::formatBytes(s.alloc->bytesPerSecond.median) + "/s");
        row.push_back(analysis::formatBytes(s.alloc->peakLiveBytes.median));
      } else {
        for (int i = 0; i < 4; ++i) row.push_back(analysis::undefinedText());
      }
    }
    if (anyRegions) {
      std::string regions;
      for (const auto& g : s.regions)
        regions += (regions.empty() ? "" : " ") + g.name + " " +
                   formatDuration(g.secondsPerExecution.median) + " (" +
                   formatPercent(g.shareOfWall, 0) + ")";
      row.push_back(regions);
    }
    t.add(std::move(row));
  }
  fmt::print(out, "\n{}", t.str());
  for (const auto& [event, reason] : unsupportedEvents(r))
    fmt::print(out, "  {} unsupported here: {}\n", event, reason);
  if (multiplexed) fmt::print(out, "  * multiplexed: scaled by time enabled / time running\n");
  if (anyRegions && r.regionCostNs > 0)
    fmt::print(out,
               "  regions: time net of what recording them costs ({} per entry, measured at the "
               "session's start)\n",
               formatDuration(r.regionCostNs * 1e-9));
}

// The per-thread mode (--per-thread): CPU time per thread and the load imbalance.
void printThreads(std::FILE* out, const SessionReport& r) {
  if (r.threads.empty()) return;
  fmt::print(out,
             "\nper thread (CPU time per execution, medians; imbalance = busiest / mean of the "
             "workers)\n");
  for (const auto& t : r.threads) {
    fmt::print(out, "  {}/{} p={}  imbalance {}:", t.workload, t.variant, t.workers,
               analysis::formatRatio(t.threads.imbalance.median));
    for (std::size_t i = 0; i < t.threads.cpuPerExecution.size(); ++i)
      fmt::print(out, "  #{} {}", i, formatDuration(t.threads.cpuPerExecution[i]));
    fmt::print(out, "\n");
  }
}

void printDerived(std::FILE* out, const SessionReport& r) {
  if (r.derived.empty()) return;
  TextTable t({{"derived from counters (medians)", kLeft},
               {"figure", kLeft},
               {"value"},
               {"formula", kLeft}});
  for (const auto& d : r.derived)
    for (const auto& c : d.counters)
      t.add({d.workload + "/" + d.variant + " p=" + std::to_string(d.workers), c.name,
             derivedValue(c), c.formula});
  fmt::print(out, "\n{}", t.str());
}

void printScaling(std::FILE* out, const SessionReport& r) {
  if (std::none_of(r.scaling.begin(), r.scaling.end(),
                   [](const auto& s) { return s.points.size() > 1; }))
    return;
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"scaling", kLeft}};
  if (showParams) cols.push_back({"params", kLeft});
  for (const char* h : {"p", "time", "speedup", "eff.", "Karp–Flatt", "abs. speedup", "abs. eff."})
    cols.push_back({h});
  TextTable t(cols);
  std::vector<std::string> fits;
  for (const auto& s : r.scaling) {
    if (s.points.size() < 2) continue;
    for (const auto& p : s.points) {
      std::vector<std::string> row = {s.workload + "/" + s.variant};
      if (showParams) row.push_back(varyingParamsOf(r, s.workload, s.params));
      row.push_back(std::to_string(p.workers));
      row.push_back(formatDuration(p.medianSeconds));
      row.push_back(analysis::formatSpeedup(p.speedup));
      row.push_back(efficiencyCell(p));
      row.push_back(fixed(p.karpFlatt, 3));
      row.push_back(analysis::formatSpeedup(p.absoluteSpeedup));
      row.push_back(formatPercent(p.absoluteEfficiency, 0));
      t.add(std::move(row));
    }
    const auto params = showParams ? varyingParamsOf(r, s.workload, s.params) : std::string();
    fits.push_back(s.workload + "/" + s.variant + (params.empty() ? "" : " " + params) + ": " +
                   amdahlSentence(s));
  }
  fmt::print(out, "\n{}", t.str());
  for (const auto& f : fits) fmt::print(out, "  {}\n", f);
}

// What a reader must know before trusting a figure above ("!" marks them in the tables).
void printCaveats(std::FILE* out, const SessionReport& r) {
  const auto lines = caveatLines(r);
  if (lines.empty()) return;
  fmt::print(out, "\ncaveats (! in the tables):\n");
  for (const auto& l : lines) fmt::print(out, "  ! {}\n", l);
}

void printWeakScaling(std::FILE* out, const SessionReport& r) {
  if (r.weakScaling.empty()) return;
  TextTable t({{"weak scaling", kLeft},
               {"size", kLeft},
               {"p"},
               {"time"},
               {"scaled speedup"},
               {"eff."},
               {"Gustafson f"}});
  for (const auto& s : r.weakScaling)
    for (const auto& p : s.points)
      t.add({s.workload + "/" + s.variant, s.sizeParam + "=" + analysis::formatMetric(p.size),
             std::to_string(p.workers), formatDuration(p.medianSeconds),
             analysis::formatSpeedup(p.scaledSpeedup), formatPercent(p.efficiency, 0),
             fixed(p.serialFraction, 3)});
  fmt::print(out, "\n{}", t.str());
  for (const auto& s : r.weakScaling)
    fmt::print(
        out,
        "  {}/{} over {} ({}): Gustafson's serial fraction f = {} (least squares over p > 1)\n",
        s.workload, s.variant, s.sizeParam,
        s.fixedParams.empty() ? "no other parameters" : s.fixedParams, fixed(s.serialFraction, 3));
}

void printComplexity(std::FILE* out, const SessionReport& r) {
  if (r.complexity.empty()) return;
  TextTable t({{"complexity", kLeft},
               {"over", kLeft},
               {"p"},
               {"sizes"},
               {"best fit", kLeft},
               {"coefficient"},
               {"RMS"},
               {"runner-up", kLeft}});
  for (const auto& c : r.complexity) {
    const auto fixedParams = varyingParamsOf(r, c.workload, c.fixedParams);
    t.add({c.workload + "/" + c.variant,
           c.sizeParam + (fixedParams.empty() ? "" : " (" + fixedParams + ")"),
           std::to_string(c.workers), std::to_string(c.sizes.size()),
           std::string(analysis::complexityName(c.fit.best.complexity)),
           coefficientText(c.fit.best), formatPercent(c.fit.best.rms, 1), runnerUp(c.fit)});
  }
  fmt::print(out, "\n{}", t.str());
  fmt::print(out,
             "  T(n) ≈ coefficient · g(n), fitted to the median time per size; RMS of the relative "
             "residuals.\n");
  for (const auto& c : r.complexity)
    if (c.fit.best.rms > 0.1) {
      fmt::print(out,
                 "  An RMS above 10 % means no class fits well: widen the sizes (a factor of 100 "
                 "or more), add "
                 "repetitions, or the time is not a power of n (caches, convergence).\n");
      break;
    }
}

void printUtilization(std::FILE* out, const SessionReport& r) {
  bool any = false;
  for (const auto& a : r.allocation) any = any || a.utilization || !a.overTime.empty();
  if (!any) return;
  TextTable t({{"heap utilization", kLeft},
               {"allocs/s"},
               {"pool P"},
               {"R = Σa/P"},
               {"fragmentation"},
               {"R over time: min"},
               {"mean"},
               {"final"}});
  for (const auto& a : r.allocation) {
    if (!a.utilization && a.overTime.empty()) continue;
    const std::string params = anyVaryingParams(r) ? " " + varyingParamsOf(r, a.workload, a.params) : "";
    t.add({a.workload + "/" + a.variant + params + " p=" + std::to_string(a.workers),
           a.allocationsPerSecond.count ? analysis::formatCount(a.allocationsPerSecond.median)
                                        : analysis::undefinedText(),
           a.poolBytes ? analysis::formatBytes(a.poolBytes->median) : analysis::undefinedText(),
           a.utilization ? formatPercent(a.utilization->median, 1) : analysis::undefinedText(),
           a.fragmentation ? formatPercent(*a.fragmentation, 1) : analysis::undefinedText(),
           formatPercent(a.minUtilization, 1), formatPercent(a.meanUtilization, 1),
           formatPercent(a.finalUtilization, 1)});
  }
  fmt::print(out, "\n{}", t.str());
  fmt::print(
      out,
      "  R: bytes in live objects over the pool P; fragmentation: as the workload defines it "
      "(alloc: 1 − live/resident), else 1 − R.\n");
}

}  // namespace

void printReportTable(std::FILE* out, const SessionReport& r, const Style& st) {
  std::size_t ok = 0;
  for (const auto& s : r.runs) ok += s.status == model::RunStatus::Ok;
  const auto& session = r.session;
  fmt::print(
      out, "{}\n",
      st.bold(fmt::format("session {}{} · {} · started {} · {} runs, {} ok", session.id.value(),
                          session.label.empty() ? "" : " \"" + session.label + "\"",
                          model::toString(session.status), session.startedAt, r.runs.size(), ok)));
  if (session.status == model::SessionStatus::Abandoned)
    fmt::print(out, "(the process writing this session is gone — killed before it could finish; "
                    "every run it committed is below)\n");
  const auto& env = session.environment;
  fmt::print(out, "{} · {} ({} logical cores) · {} · {} build\n", env.host, env.cpuModel,
             env.logicalCores, env.compiler, env.buildType);
  // The session's self-calibration: what measuring itself costs on this host.
  std::map<std::string, std::string> cal;
  for (const auto& [key, value] : env.extra)
    if (key.rfind("calibration.", 0) == 0) cal[key.substr(12)] = value;
  if (!cal.empty())
    fmt::print(out,
               "measuring costs here: region {} ns (recorded {} ns), counter read() {} ns ({}), "
               "rdpmc {}\n",
               cal["region_ns"], cal["region_recorded_ns"], cal["counter_read_ns"],
               cal["counter_read_event"],
               cal["rdpmc_ns"].rfind("unsupported", 0) == 0 ? std::string("unsupported")
                                                            : cal["rdpmc_ns"] + " ns");
  if (!r.sharedParams.empty())
    fmt::print(out, "parameters of every run: {}\n", r.sharedParams);
  else
    for (const auto& [workload, shared] : r.sharedParamsByWorkload)
      if (!shared.empty()) fmt::print(out, "parameters of every {} run: {}\n", workload, shared);
  fmt::print(out, "\n");
  printRuns(out, r, st);
  printProfile(out, r);
  printThreads(out, r);
  printDerived(out, r);
  printScaling(out, r);
  printCaveats(out, r);
  printWeakScaling(out, r);
  printComplexity(out, r);
  printUtilization(out, r);
  printNetCost(out, r);
  const bool fewReps = std::any_of(r.runs.begin(), r.runs.end(), [](const RunSummary& s) {
    return s.status == model::RunStatus::Ok && s.wall.count > 0 &&
           s.wall.count < analysis::smallestSampleForMedianInterval(0.95);
  });
  fmt::print(out,
             "\ntime: median wall time per execution; ±95%: half the width of its distribution-free "
             "95 % interval\n(order statistics){};\n",
             fewReps ? fmt::format(", – below {} repetitions, where no 95 % interval of a median "
                                   "exists (use -r {} or more)",
                                   analysis::smallestSampleForMedianInterval(0.95),
                                   analysis::smallestSampleForMedianInterval(0.95))
                     : std::string());
  fmt::print(out,
             "CV: coefficient of variation over the repetitions; speedup T(1)/T(p) and efficiency "
             "speedup/p\n"
             "against the same variant at p = 1.\n");
}

std::string reportTable(const SessionReport& r, const Style& st) {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* mem = open_memstream(&data, &size);
  if (!mem) return {};
  printReportTable(mem, r, st);
  std::fclose(mem);
  std::string out(data, size);
  std::free(data);
  return out;
}

}  // namespace tunelab::render
