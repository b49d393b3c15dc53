// The terminal report of a session (`tunelab report`, and the table `tunelab run` prints at
// the end). Sections appear only where the session has something to show in them.

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "report_common.h"
#include "report_net_cost.h"
#include "report_ann.h"
#include "report_stream.h"
#include "tunelab/analysis/format.h"
#include "tunelab/model/status.h"
#include "tunelab/render/report_format.h"
#include "tunelab/render/style.h"
#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

// What `print` writes to a stream, as a string.
template <typename Print>
std::string captured(Print&& print) {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* mem = open_memstream(&data, &size);
  if (!mem) return {};
  print(mem);
  std::fclose(mem);
  std::string out(data, size);
  std::free(data);
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// "n:192/m:0/input:data/x.csv" as "n:192 m:0 input:data/x.csv": a line can break between
// parameters. A slash starts a new parameter only where a "key:" follows it.
std::string spacedParams(const std::string& params) {
  std::string out;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i] == '/') {
      std::size_t k = i + 1;
      while (k < params.size() && (std::isalnum(static_cast<unsigned char>(params[k])) ||
                                   params[k] == '_' || params[k] == '-'))
        ++k;
      if (k > i + 1 && k < params.size() && params[k] == ':') {
        out += ' ';
        continue;
      }
    }
    out += params[i];
  }
  return out;
}

using analysis::formatDuration;
using analysis::formatPercent;
using analysis::RunSummary;
using analysis::SessionReport;
using Col = TextTable::Column;
constexpr auto kLeft = TextTable::Align::Left;

void printRuns(std::FILE* out, const SessionReport& r, const Style& st, const Layout& lay) {
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
  fmt::print(out, "{}", t.fit(lay, showParams ? 3 : 2));
  bool header = false;
  for (const auto& s : r.runs) {
    if (s.status == model::RunStatus::Ok) continue;
    if (!header) fmt::print(out, "\nfailures:\n");
    header = true;
    fmt::print(out, "{}",
               wrapText(fmt::format("{} [{}]: {}", s.name, model::toString(s.status), s.reason),
                        lay.width, "  "));
  }
}

// "ann/pq m:16 p=2": a row of the profile and setup tables, with the parameters that vary.
std::string profileLabel(const SessionReport& r, const analysis::RunSummary& s, bool showParams) {
  return s.workload + "/" + s.variant + (showParams ? " " + varyingParams(r, s) : "") + " p=" +
         std::to_string(s.workers());
}

// What the profiler saw, per execution (medians over the repetitions).
void printProfile(std::FILE* out, const SessionReport& r, const Layout& lay) {
  // An event no run could count gets no column of "unsupported": it is said once below.
  auto events = counterEvents(r);
  std::erase_if(events, [&](const std::string& e) {
    return std::none_of(r.runs.begin(), r.runs.end(), [&](const RunSummary& s) {
      const auto cell = counterCell(s, e);
      return cell != "unsupported" && cell != analysis::undefinedText();
    });
  });
  bool anyAlloc = false, anyRegions = false, multiplexed = false;
  std::vector<std::string> regionNames;  // a column each: time per execution (share of wall)
  for (const auto& s : r.runs) {
    anyAlloc = anyAlloc || s.alloc.has_value();
    anyRegions = anyRegions || !s.regions.empty();
    for (const auto& g : s.regions)
      if (std::find(regionNames.begin(), regionNames.end(), g.name) == regionNames.end())
        regionNames.push_back(g.name);
    for (const auto& c : s.counters) multiplexed = multiplexed || c.multiplexed;
  }
  const auto unsupported = unsupportedEvents(r);
  if (events.empty() && !anyAlloc && !anyRegions && unsupported.empty()) return;
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"per execution (medians)", kLeft}};
  for (const auto& e : events) cols.push_back({e});
  if (anyAlloc)
    for (const char* h : {"allocs", "allocs/s", "bytes/s", "peak heap"}) cols.push_back({h});
  for (const auto& name : regionNames) cols.push_back({name});
  TextTable t(cols);
  for (const auto& s : r.runs) {
    if (s.status != model::RunStatus::Ok) continue;
    std::vector<std::string> row = {profileLabel(r, s, showParams)};
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
    for (const auto& name : regionNames) {
      const auto g = std::find_if(s.regions.begin(), s.regions.end(),
                                  [&](const auto& x) { return x.name == name; });
      row.push_back(g == s.regions.end()
                        ? analysis::undefinedText()
                        : formatDuration(g->secondsPerExecution.median) + " (" +
                              formatPercent(g->shareOfWall, 0) + ")");
    }
    t.add(std::move(row));
  }
  if (!events.empty() || anyAlloc || anyRegions)
    fmt::print(out, "\n{}", t.fit(lay));
  else
    fmt::print(out, "\n");
  // Events that share a reason are named together: "cycles, instructions unsupported here: …".
  std::vector<std::pair<std::string, std::string>> byReason;
  for (const auto& [event, reason] : unsupported) {
    auto it = std::find_if(byReason.begin(), byReason.end(),
                           [&](const auto& g) { return g.second == reason; });
    if (it == byReason.end())
      byReason.emplace_back(event, reason);
    else
      it->first += ", " + event;
  }
  for (const auto& [names, reason] : byReason)
    fmt::print(out, "{}", wrapText(names + " unsupported here: " + reason, lay.width, "  "));
  if (multiplexed) fmt::print(out, "  * multiplexed: scaled by time enabled / time running\n");
  if (anyRegions)
    fmt::print(out, "{}",
               wrapText("regions (" + joined(regionNames) +
                            "): time per execution in each, with its share of the wall time (above 100 % where "
                            "threads or ranks overlap in it)",
                        lay.width, "  "));
  if (anyRegions && r.regionCostNs > 0)
    fmt::print(out, "{}",
               wrapText(fmt::format("regions: time net of what recording them costs ({} per "
                                    "entry, measured at the session's start)",
                                    formatDuration(r.regionCostNs * 1e-9)),
                        lay.width, "  "));
}

// The per-thread mode (--per-thread): CPU time per thread and the load imbalance.
// What the runs did once while they were prepared (an index trained and filled): the
// regions entered then, a column each, in the order first entered.
void printSetup(std::FILE* out, const SessionReport& r, const Layout& lay) {
  // Each run's order kept: a name first seen after another goes right after it (train,
  // then the k-means phases inside it, then encode, though gemm enters only encode).
  std::vector<std::string> names;
  for (const auto& s : r.runs) {
    if (s.status != model::RunStatus::Ok) continue;
    auto at = names.begin();
    for (const auto& g : s.setupRegions) {
      auto seen = std::find(names.begin(), names.end(), g.name);
      at = seen != names.end() ? seen + 1 : names.insert(at, g.name) + 1;
    }
  }
  if (names.empty()) return;
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"prepared once per run", kLeft}};
  for (const auto& name : names) cols.push_back({name});
  TextTable t(cols);
  for (const auto& s : r.runs) {
    if (s.status != model::RunStatus::Ok || s.setupRegions.empty()) continue;
    std::vector<std::string> row = {profileLabel(r, s, showParams)};
    for (const auto& name : names) {
      const auto g = std::find_if(s.setupRegions.begin(), s.setupRegions.end(),
                                  [&](const auto& x) { return x.name == name; });
      row.push_back(g == s.setupRegions.end() ? analysis::undefinedText()
                                              : formatDuration(g->seconds));
    }
    t.add(std::move(row));
  }
  fmt::print(out, "\n{}", t.fit(lay));
  fmt::print(out, "{}",
             wrapText("prepared once: the regions (" + joined(names) +
                          ") entered while each run was set up, before its repetitions, summed "
                          "over threads and ranks; not part of the times above (a region "
                          "entered inside another counts in both)",
                      lay.width, "  "));
}

void printThreads(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (r.threads.empty()) return;
  fmt::print(out, "\n{}",
             wrapText("per thread (CPU time per execution, medians; imbalance = busiest / mean "
                      "of the workers)",
                      lay.width));
  for (const auto& t : r.threads) {
    std::string line = fmt::format("{}/{} p={}  imbalance {}:", t.workload, t.variant, t.workers,
                                   analysis::formatRatio(t.threads.imbalance.median));
    for (std::size_t i = 0; i < t.threads.cpuPerExecution.size(); ++i)
      line += fmt::format("  #{} {}", i, formatDuration(t.threads.cpuPerExecution[i]));
    fmt::print(out, "{}", wrapText(line, lay.width, "  ", "      "));
  }
}

void printDerived(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (r.derived.empty()) return;
  TextTable t({{"derived from counters (medians)", kLeft},
               {"figure", kLeft},
               {"value"},
               {"formula", kLeft}});
  for (const auto& d : r.derived)
    for (const auto& c : d.counters)
      t.add({d.workload + "/" + d.variant + " p=" + std::to_string(d.workers), c.name,
             derivedValue(c), c.formula});
  fmt::print(out, "\n{}", t.fit(lay, 2));
}

void printScaling(std::FILE* out, const SessionReport& r, const Layout& lay) {
  if (std::none_of(r.scaling.begin(), r.scaling.end(),
                   [](const auto& s) { return s.points.size() > 1; }))
    return;
  const bool showParams = anyVaryingParams(r);
  std::vector<Col> cols = {{"scaling", kLeft}};
  if (showParams) cols.push_back({"params", kLeft});
  for (const char* h : {"p", "time", "speedup", "eff.", "Karp–Flatt", "abs. speedup", "abs. eff."})
    cols.push_back({h});
  TextTable t(cols);
  // The series' fits, one row each: beside the points, not a paragraph under them.
  std::vector<Col> fitCols = {{"fit of the series", kLeft}};
  if (showParams) fitCols.push_back({"params", kLeft});
  for (const char* h : {"p counts", "Amdahl f", "95 % interval", "R²", "ceiling 1/f"})
    fitCols.push_back({h});
  fitCols.push_back({"best variant at p = 1", kLeft});
  TextTable fits(fitCols);
  bool anyFit = false;
  std::size_t fewestCounts = SIZE_MAX;
  for (const auto& s : r.scaling) {
    if (s.points.size() < 2) continue;
    const auto params = showParams ? varyingParamsOf(r, s.workload, s.params) : std::string();
    for (const auto& p : s.points) {
      std::vector<std::string> row = {s.workload + "/" + s.variant};
      if (showParams) row.push_back(params);
      row.push_back(std::to_string(p.workers));
      row.push_back(formatDuration(p.medianSeconds));
      row.push_back(analysis::formatSpeedup(p.speedup));
      row.push_back(efficiencyCell(p));
      row.push_back(fixed(p.karpFlatt, 3));
      row.push_back(analysis::formatSpeedup(p.absoluteSpeedup));
      row.push_back(formatPercent(p.absoluteEfficiency, 0));
      t.add(std::move(row));
    }
    const auto& a = s.amdahl;
    anyFit = anyFit || a.defined;
    if (!a.defined) fewestCounts = std::min(fewestCounts, s.distinctWorkerCounts);
    std::vector<std::string> row = {s.workload + "/" + s.variant};
    if (showParams) row.push_back(params);
    row.push_back(std::to_string(s.distinctWorkerCounts));
    row.push_back(a.defined ? fixed(a.serialFraction, 3) : analysis::undefinedText());
    row.push_back(a.defined && a.serialFractionInterval.defined()
                      ? fixed(a.serialFractionInterval.low, 3) + "–" +
                            fixed(a.serialFractionInterval.high, 3)
                      : analysis::undefinedText());
    row.push_back(a.defined ? fixed(a.rSquared, 3) : analysis::undefinedText());
    row.push_back(!a.defined ? analysis::undefinedText()
                  : std::isinf(a.ceiling) ? std::string("∞")
                                          : analysis::formatSpeedup(a.ceiling));
    row.push_back(s.bestSerialVariant.empty()
                      ? analysis::undefinedText()
                      : s.bestSerialVariant + " (" + formatDuration(s.bestSerialSeconds) + ")");
    fits.add(std::move(row));
  }
  const std::size_t key = showParams ? 3 : 2;
  fmt::print(out, "\n{}", t.fit(lay, key));
  fmt::print(out, "\n{}", fits.fit(lay, key - 1));
  if (!anyFit)
    fmt::print(out, "{}",
               wrapText(fmt::format("Karp–Flatt only: no series has the {} worker counts an "
                                    "Amdahl fit needs (the fewest here: {}; run with -t 1,2,4 or "
                                    "more counts).",
                                    analysis::kMinAmdahlWorkerCounts, fewestCounts),
                        lay.width, "  "));
  else if (fewestCounts != SIZE_MAX)
    fmt::print(out, "{}",
               wrapText(fmt::format("–: Karp–Flatt only where a series has fewer than {} worker "
                                    "counts.",
                                    analysis::kMinAmdahlWorkerCounts),
                        lay.width, "  "));
  fmt::print(out, "{}",
             wrapText(std::string(anyFit ? "f: Amdahl's serial fraction fitted to every sample, "
                                           "its 95 % interval, R² and the predicted ceiling 1/f; "
                                         : "") +
                          "best variant at p = 1: the fastest variant of the same operation, the "
                          "base of abs. speedup.",
                      lay.width, "  "));
}

// What a reader must know before trusting a figure above ("!" marks them in the tables).
void printCaveats(std::FILE* out, const SessionReport& r, const Layout& lay) {
  const auto lines = caveatLines(r);
  if (lines.empty()) return;
  fmt::print(out, "\ncaveats (! in the tables):\n");
  for (const auto& l : lines) fmt::print(out, "{}", wrapText(l, lay.width, "  ! ", "    "));
}

void printWeakScaling(std::FILE* out, const SessionReport& r, const Layout& lay) {
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
  fmt::print(out, "\n{}", t.fit(lay, 3));
  for (const auto& s : r.weakScaling)
    fmt::print(out, "{}",
               wrapText(fmt::format("{}/{} over {} ({}): Gustafson's serial fraction f = {} "
                                    "(least squares over p > 1)",
                                    s.workload, s.variant, s.sizeParam,
                                    s.fixedParams.empty() ? "no other parameters" : s.fixedParams,
                                    fixed(s.serialFraction, 3)),
                        lay.width, "  "));
}

void printComplexity(std::FILE* out, const SessionReport& r, const Layout& lay) {
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
  fmt::print(out, "\n{}", t.fit(lay, 2));
  fmt::print(out, "{}",
             wrapText("T(n) ≈ coefficient · g(n), fitted to the median time per size; RMS of the "
                      "relative residuals.",
                      lay.width, "  "));
  for (const auto& c : r.complexity)
    if (c.fit.best.rms > 0.1) {
      fmt::print(out, "{}",
                 wrapText("An RMS above 10 % means no class fits well: widen the sizes (a factor "
                          "of 100 or more), add repetitions, or the time is not a power of n "
                          "(caches, convergence).",
                          lay.width, "  "));
      break;
    }
}

void printUtilization(std::FILE* out, const SessionReport& r, const Layout& lay) {
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
  fmt::print(out, "\n{}", t.fit(lay));
  fmt::print(out, "{}",
             wrapText("R: bytes in live objects over the pool P; fragmentation: as the workload "
                      "defines it (alloc: 1 − live/resident), else 1 − R.",
                      lay.width, "  "));
}

}  // namespace

void printReportTable(std::FILE* out, const SessionReport& r, const Style& st,
                      const ReportOptions& options) {
  const Layout& lay = options.layout;
  const auto shows = [&](ReportView v) { return !options.view || *options.view == v; };
  std::size_t ok = 0;
  for (const auto& s : r.runs) ok += s.status == model::RunStatus::Ok;
  const auto& session = r.session;
  fmt::print(out, "{}",
             st.bold(wrapText(fmt::format("session {}{} · {} · started {} · {} runs, {} ok",
                                          session.id.value(),
                                          session.label.empty() ? "" : " \"" + session.label + "\"",
                                          model::toString(session.status), session.startedAt,
                                          r.runs.size(), ok),
                              lay.width)));
  if (session.status == model::SessionStatus::Abandoned)
    fmt::print(out, "{}",
               wrapText("(the process writing this session is gone — killed before it could "
                        "finish; every run it committed is below)",
                        lay.width));
  const auto& env = session.environment;
  fmt::print(out, "{}",
             wrapText(fmt::format("{} · {} ({} logical cores) · {} · {} build", env.host,
                                  env.cpuModel, env.logicalCores, env.compiler, env.buildType),
                      lay.width));
  // The session's self-calibration: what measuring itself costs on this host.
  std::map<std::string, std::string> cal;
  for (const auto& [key, value] : env.extra)
    if (key.rfind("calibration.", 0) == 0) cal[key.substr(12)] = value;
  if (!cal.empty())
    fmt::print(out, "{}",
               wrapText(fmt::format("measuring costs here: region {} ns (recorded {} ns), "
                                    "counter read() {} ns ({}), rdpmc {}",
                                    cal["region_ns"], cal["region_recorded_ns"],
                                    cal["counter_read_ns"], cal["counter_read_event"],
                                    cal["rdpmc_ns"].rfind("unsupported", 0) == 0
                                        ? std::string("unsupported")
                                        : cal["rdpmc_ns"] + " ns"),
                        lay.width));
  // One section per workload, each with only its own columns and its shared parameters
  // stated once in its header.
  const auto workloads = analysis::workloadsOf(r);
  for (const auto& workload : workloads) {
    const auto w = analysis::scopeToWorkload(r, workload);
    // The section's body first: a view with nothing in this workload prints no header.
    const std::string body = captured([&](std::FILE* b) {
      if (shows(ReportView::Summary)) {
        fmt::print(b, "\n");
        printRuns(b, w, st, lay);
      }
      if (shows(ReportView::Allocation)) {
        printProfile(b, w, lay);
        printSetup(b, w, lay);
      }
      if (!options.view) printThreads(b, w, lay);
      if (shows(ReportView::Derived)) printDerived(b, w, lay);
      if (shows(ReportView::Scaling)) {
        printScaling(b, w, lay);
        printCaveats(b, w, lay);
      }
      if (shows(ReportView::WeakScaling)) printWeakScaling(b, w, lay);
      if (shows(ReportView::Complexity)) printComplexity(b, w, lay);
      if (shows(ReportView::Utilization) || options.view == ReportView::Allocation)
        printUtilization(b, w, lay);
      if (shows(ReportView::NetCost)) printNetCost(b, w, lay);
      if (shows(ReportView::Stream)) printStream(b, w, lay);
      if (shows(ReportView::Ann)) printAnn(b, w, lay);
    });
    if (body.empty()) continue;
    std::size_t wOk = 0;
    for (const auto& s : w.runs) wOk += s.status == model::RunStatus::Ok;
    const std::string title =
        fmt::format("── {} · {} run{}{} ", workload, w.runs.size(), w.runs.size() == 1 ? "" : "s",
                    wOk == w.runs.size() ? "" : fmt::format(", {} ok", wOk));
    std::string rule;
    for (std::size_t i = displayWidth(title); i < std::min<std::size_t>(lay.width, 100); ++i)
      rule += "─";
    fmt::print(out, "\n{}\n", st.bold(title + rule));
    if (!w.sharedParams.empty())
      fmt::print(out, "{}",
                 wrapText((w.runs.size() == 1 ? "parameters: " : "parameters of every run: ") +
                              spacedParams(w.sharedParams),
                          lay.width, "", "  "));
    fmt::print(out, "{}", body);
  }
  if (!shows(ReportView::Summary)) return;
  const bool fewReps = std::any_of(r.runs.begin(), r.runs.end(), [](const RunSummary& s) {
    return s.status == model::RunStatus::Ok && s.wall.count > 0 &&
           s.wall.count < analysis::smallestSampleForMedianInterval(0.95);
  });
  fmt::print(out, "\n{}",
             wrapText(fmt::format(
                          "time: median wall time per execution; ±95%: half the width of its "
                          "distribution-free 95 % interval (order statistics){}; CV: coefficient "
                          "of variation over the repetitions; speedup T(1)/T(p) and efficiency "
                          "speedup/p against the same variant at p = 1; – : no value.",
                          fewReps ? fmt::format(", – below {} repetitions, where no 95 % interval "
                                                "of a median exists (use -r {} or more)",
                                                analysis::smallestSampleForMedianInterval(0.95),
                                                analysis::smallestSampleForMedianInterval(0.95))
                                  : std::string()),
                      lay.width));
}

std::string reportTable(const SessionReport& r, const Style& st, const ReportOptions& options) {
  return captured([&](std::FILE* out) { printReportTable(out, r, st, options); });
}

}  // namespace tunelab::render
