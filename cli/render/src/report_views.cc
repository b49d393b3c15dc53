// The report as Markdown and JSON, and the names of its views. The terminal table is
// report_table.cc, the CSV views report_csv.cc.

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "report_ann.h"
#include "report_common.h"
#include "report_net_cost.h"
#include "report_stream.h"
#include "tunelab/analysis/format.h"
#include "tunelab/model/status.h"
#include "tunelab/render/report_format.h"
#include "tunelab/render/table.h"

namespace tunelab::render {
namespace {

using analysis::formatDuration;
using analysis::formatPercent;
using analysis::SessionReport;
using nlohmann::ordered_json;

constexpr std::array<std::string_view, 10> kViewNames = {
    "summary",     "scaling", "weak-scaling", "complexity", "allocation",
    "utilization", "derived", "net-cost",     "stream",     "ann"};

ordered_json num(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

ordered_json summaryJson(const analysis::Summary& s) {
  return {{"count", s.count},  {"median", num(s.median)}, {"mean", num(s.mean)},
          {"min", num(s.min)}, {"max", num(s.max)},       {"stddev", num(s.stddev)},
          {"cv", num(s.cv)}};
}

ordered_json intervalJson(const analysis::Interval& i) { return {num(i.low), num(i.high)}; }

const char* caveatKind(analysis::ScalingCaveat::Kind k) {
  switch (k) {
    case analysis::ScalingCaveat::Kind::SuperLinear:
      return "super-linear";
    case analysis::ScalingCaveat::Kind::BusyAtOneWorker:
      return "busy at one worker";
    case analysis::ScalingCaveat::Kind::Drift:
      return "drift";
  }
  return "?";
}

ordered_json caveatsJson(const std::vector<analysis::ScalingCaveat>& caveats) {
  ordered_json out = ordered_json::array();
  for (const auto& c : caveats)
    out.push_back({{"kind", caveatKind(c.kind)}, {"text", c.text}});
  return out;
}

std::string code(const std::string& s) { return "`" + s + "`"; }

// --- Markdown ----------------------------------------------------------------------------

std::string markdownRuns(const SessionReport& r) {
  const auto metrics = metricNames(r);
  std::vector<std::string> h = {"case", "params", "p",        "reps",    "time",
                                "±95%", "CV",     "CPU/wall", "speedup", "eff."};
  std::vector<bool> right = {false, false, true, true, true, true, true, true, true, true};
  for (const auto& m : metrics) {
    h.push_back(m);
    right.push_back(true);
  }
  MarkdownTable t(h, right);
  for (const auto& s : r.runs) {
    std::vector<std::string> row = {code(s.workload + "/" + s.variant), varyingParams(r, s),
                                    std::to_string(s.workers())};
    if (s.status != model::RunStatus::Ok) {
      row.push_back("0");
      row.push_back("**" + std::string(model::toString(s.status)) + "**: " + s.reason);
      t.add(std::move(row));
      continue;
    }
    const auto* p = findScalingPoint(r, s);
    row.insert(row.end(), {std::to_string(s.wall.count), formatDuration(s.wall.median),
                           halfWidth(s.wallMedianInterval, s.wall.median),
                           formatPercent(s.wall.cv, 1), analysis::formatRatio(s.cpuUtilization()),
                           analysis::formatSpeedup(p ? p->speedup : NAN),
                           formatPercent(p ? p->efficiency : NAN, 0)});
    for (const auto& m : metrics) row.push_back(metricCell(s, m));
    t.add(std::move(row));
  }
  return t.str();
}

}  // namespace

std::span<const std::string_view> reportViewNames() { return kViewNames; }

bool reportViewFromString(std::string_view name, ReportView& view) {
  for (std::size_t i = 0; i < kViewNames.size(); ++i)
    if (kViewNames[i] == name) {
      view = static_cast<ReportView>(i);
      return true;
    }
  return false;
}

namespace {

std::string markdownSection(const SessionReport& r, const ReportOptions& options) {
  std::string out;
  const auto shows = [&](ReportView v) { return !options.view || *options.view == v; };
  if (shows(ReportView::Summary)) out += markdownRuns(r) + "\n";

  if (shows(ReportView::Derived) && !r.derived.empty()) {
    MarkdownTable t({"case", "figure", "value", "formula"}, {false, false, true, false});
    for (const auto& d : r.derived)
      for (const auto& c : d.counters)
        t.add({code(d.workload + "/" + d.variant) + " p=" + std::to_string(d.workers), c.name,
               derivedValue(c), c.formula});
    out += "##### Derived from counters\n\n" + t.str() + "\n";
  }
  bool scaling = false;
  for (const auto& series : r.scaling) scaling = scaling || series.points.size() > 1;
  if (shows(ReportView::Scaling) && scaling) {
    MarkdownTable t({"case", "params", "p", "time", "speedup", "eff.", "Karp–Flatt", "abs. speedup",
                     "abs. eff."},
                    {false, false, true, true, true, true, true, true, true});
    std::string fits;
    for (const auto& series : r.scaling) {
      if (series.points.size() < 2) continue;
      for (const auto& p : series.points)
        t.add({code(series.workload + "/" + series.variant), varyingParamsOf(r, series.workload, series.params),
               std::to_string(p.workers), formatDuration(p.medianSeconds),
               analysis::formatSpeedup(p.speedup), efficiencyCell(p),
               fixed(p.karpFlatt, 3), analysis::formatSpeedup(p.absoluteSpeedup),
               formatPercent(p.absoluteEfficiency, 0)});
      const auto params = varyingParamsOf(r, series.workload, series.params);
      fits += "- " + code(series.workload + "/" + series.variant) +
              (params.empty() ? "" : " " + code(params)) + ": " + amdahlSentence(series) + "\n";
    }
    out += "##### Scaling\n\n" + t.str() + "\n" + fits + "\n";
  }
  if (const auto lines = caveatLines(r); shows(ReportView::Scaling) && !lines.empty()) {
    out += "##### Caveats (! in the tables)\n\n";
    for (const auto& l : lines) out += "- ⚠️ " + l + "\n";
    out += "\n";
  }
  if (shows(ReportView::WeakScaling) && !r.weakScaling.empty()) {
    MarkdownTable t({"case", "size", "p", "time", "scaled speedup", "eff.", "Gustafson f"},
                    {false, false, true, true, true, true, true});
    for (const auto& series : r.weakScaling)
      for (const auto& p : series.points)
        t.add({code(series.workload + "/" + series.variant),
               series.sizeParam + "=" + analysis::formatMetric(p.size), std::to_string(p.workers),
               formatDuration(p.medianSeconds), analysis::formatSpeedup(p.scaledSpeedup),
               formatPercent(p.efficiency, 0), fixed(p.serialFraction, 3)});
    out += "##### Weak scaling\n\n" + t.str() + "\n";
  }
  if (shows(ReportView::Complexity) && !r.complexity.empty()) {
    MarkdownTable t({"case", "over", "p", "sizes", "best fit", "coefficient", "RMS", "runner-up"},
                    {false, false, true, true, false, true, true, false});
    for (const auto& c : r.complexity) {
      const auto fixedParams = varyingParamsOf(r, c.workload, c.fixedParams);
      t.add({code(c.workload + "/" + c.variant),
             c.sizeParam + (fixedParams.empty() ? "" : " (" + fixedParams + ")"),
             std::to_string(c.workers), std::to_string(c.sizes.size()),
             std::string(analysis::complexityName(c.fit.best.complexity)),
             coefficientText(c.fit.best), formatPercent(c.fit.best.rms, 1), runnerUp(c.fit)});
    }
    out += "##### Complexity\n\n" + t.str() + "\n";
  }
  bool heap = false;
  for (const auto& a : r.allocation) heap = heap || a.utilization || !a.overTime.empty();
  if ((shows(ReportView::Utilization) || options.view == ReportView::Allocation) && heap) {
    MarkdownTable t(
        {"case", "allocs/s", "pool P", "R = Σa/P", "fragmentation", "R min", "R mean", "R final"},
        {false, true, true, true, true, true, true, true});
    for (const auto& a : r.allocation) {
      if (!a.utilization && a.overTime.empty()) continue;
      t.add({code(a.workload + "/" + a.variant) + " " + varyingParamsOf(r, a.workload, a.params) +
                 " p=" + std::to_string(a.workers),
             a.allocationsPerSecond.count ? analysis::formatCount(a.allocationsPerSecond.median)
                                          : analysis::undefinedText(),
             a.poolBytes ? analysis::formatBytes(a.poolBytes->median) : analysis::undefinedText(),
             a.utilization ? formatPercent(a.utilization->median, 1) : analysis::undefinedText(),
             a.fragmentation ? formatPercent(*a.fragmentation, 1) : analysis::undefinedText(),
             formatPercent(a.minUtilization, 1), formatPercent(a.meanUtilization, 1),
             formatPercent(a.finalUtilization, 1)});
    }
    out += "##### Heap utilization\n\n" + t.str() + "\n";
  }
  if (shows(ReportView::NetCost)) out += netCostMarkdown(r);
  if (shows(ReportView::Stream)) out += streamMarkdown(r);
  if (shows(ReportView::Ann)) out += annMarkdown(r);
  return out;
}

}  // namespace

std::string reportMarkdown(const SessionReport& r, const ReportOptions& options) {
  const auto& s = r.session;
  std::string out =
      "### tunelab session " + std::to_string(s.id.value()) +
      (s.label.empty() ? "" : " “" + s.label + "”") + "\n\n" +
      std::string(model::toString(s.status)) + " · started " + s.startedAt + " · " +
      s.environment.host + " · " + s.environment.cpuModel + " (" +
      std::to_string(s.environment.logicalCores) + " logical cores) · " + s.environment.compiler +
      " · " + s.environment.buildType + " build" +
      (s.environment.gitRevision.empty() ? "" : " · rev " + code(s.environment.gitRevision)) +
      "\n\n";
  // One section per workload, as in the terminal: its parameters stated once.
  for (const auto& workload : analysis::workloadsOf(r)) {
    const auto w = analysis::scopeToWorkload(r, workload);
    const auto body = markdownSection(w, options);
    if (body.empty()) continue;  // a view with nothing in this workload
    out += "#### " + workload + "\n\n";
    if (!w.sharedParams.empty())
      out += std::string(w.runs.size() == 1 ? "Parameters: " : "Parameters of every run: ") +
             code(w.sharedParams) + "\n\n";
    out += body;
  }
  return out;
}

std::string reportJson(const SessionReport& r, const ReportOptions& options) {
  ordered_json j;
  const auto& s = r.session;
  const auto& e = s.environment;
  j["tool"] = "tunelab report";
  j["format_version"] = 1;
  j["session"] = {{"id", s.id.value()},
                  {"label", s.label},
                  {"status", model::toString(s.status)},
                  {"started_at", s.startedAt},
                  {"host", e.host},
                  {"cpu_model", e.cpuModel},
                  {"logical_cores", e.logicalCores},
                  {"compiler", e.compiler},
                  {"build_type", e.buildType},
                  {"git_revision", e.gitRevision}};
  j["shared_params"] = r.sharedParams;
  j["shared_params_by_workload"] = r.sharedParamsByWorkload;
  ordered_json runs = ordered_json::array();
  for (const auto& rs : r.runs) {
    const auto* p = findScalingPoint(r, rs);
    ordered_json metrics = ordered_json::array(), counters = ordered_json::array(),
                 regions = ordered_json::array(), setup = ordered_json::array();
    for (const auto& m : rs.metrics)
      metrics.push_back({{"name", m.name}, {"unit", m.unit}, {"summary", summaryJson(m.summary)}});
    for (const auto& c : rs.counters)
      counters.push_back(
          {{"event", c.event},
           {"supported", c.supported},
           {"simulated", c.simulated},
           {"multiplexed", c.multiplexed},
           {"reason", c.reason},
           {"per_execution", c.supported ? summaryJson(c.perExecution) : ordered_json(nullptr)}});
    for (const auto& g : rs.regions)
      regions.push_back({{"name", g.name},
                         {"seconds_per_execution", summaryJson(g.secondsPerExecution)},
                         {"share_of_wall", num(g.shareOfWall)},
                         {"entries_per_execution", num(g.entriesPerExecution)},
                         {"overhead_s_per_execution", num(g.overheadSecondsPerExecution)}});
    for (const auto& g : rs.setupRegions)
      setup.push_back({{"name", g.name}, {"seconds", num(g.seconds)}, {"entries", g.entries}});
    ordered_json run = {{"name", rs.name},
                        {"workload", rs.workload},
                        {"variant", rs.variant},
                        {"params", rs.params},
                        {"threads", rs.threads},
                        {"ranks", rs.ranks},
                        {"status", model::toString(rs.status)},
                        {"reason", rs.reason},
                        {"wall_s", summaryJson(rs.wall)},
                        {"wall_median_interval_s", intervalJson(rs.wallMedianInterval)},
                        {"wall_mad_s", num(rs.wallMad)},
                        {"wall_outliers", rs.wallOutliers},
                        {"cpu_s", summaryJson(rs.cpu)},
                        {"cpu_per_wall", num(rs.cpuUtilization())},
                        {"speedup", num(p ? p->speedup : NAN)},
                        {"efficiency", num(p ? p->efficiency : NAN)},
                        {"metrics", metrics},
                        {"counters", counters},
                        {"regions", regions},
                        {"setup_regions", setup}};
    runs.push_back(std::move(run));
  }
  j["runs"] = runs;
  ordered_json scaling = ordered_json::array();
  for (const auto& series : r.scaling) {
    ordered_json points = ordered_json::array();
    for (const auto& p : series.points)
      points.push_back({{"workers", p.workers},
                        {"median_s", num(p.medianSeconds)},
                        {"samples", p.samples},
                        {"speedup", num(p.speedup)},
                        {"efficiency", num(p.efficiency)},
                        {"karp_flatt", num(p.karpFlatt)},
                        {"absolute_speedup", num(p.absoluteSpeedup)},
                        {"absolute_efficiency", num(p.absoluteEfficiency)},
                        {"speedup_interval", intervalJson(p.speedupInterval)},
                        {"cpu_per_wall", num(p.cpuPerWall)},
                        {"caveats", caveatsJson(p.caveats)}});
    const auto& a = series.amdahl;
    scaling.push_back(
        {{"workload", series.workload},
         {"variant", series.variant},
         {"params", series.params},
         {"points", points},
         {"amdahl", a.defined ? ordered_json{{"serial_fraction", num(a.serialFraction)},
                                             {"serial_fraction_interval",
                                              intervalJson(a.serialFractionInterval)},
                                             {"t1_s", num(a.t1)},
                                             {"r_squared", num(a.rSquared)},
                                             {"ceiling", num(a.ceiling)},
                                             {"points", a.points}}
                              : ordered_json(nullptr)},
         {"distinct_worker_counts", series.distinctWorkerCounts},
         {"drift", series.drift.measured
                       ? ordered_json{{"interleaved", series.drift.interleaved},
                                      {"change", num(series.drift.change)},
                                      {"p_value", num(series.drift.pValue)},
                                      {"flagged", series.drift.flagged}}
                       : ordered_json(nullptr)},
         {"caveats", caveatsJson(series.caveats)},
         {"best_serial_variant", series.bestSerialVariant},
         {"best_serial_s", num(series.bestSerialSeconds)}});
  }
  j["scaling"] = scaling;
  ordered_json weak = ordered_json::array();
  for (const auto& series : r.weakScaling) {
    ordered_json points = ordered_json::array();
    for (const auto& p : series.points)
      points.push_back({{"workers", p.workers},
                        {"size", p.size},
                        {"median_s", num(p.medianSeconds)},
                        {"work_ratio", num(p.workRatio)},
                        {"scaled_speedup", num(p.scaledSpeedup)},
                        {"efficiency", num(p.efficiency)},
                        {"serial_fraction", num(p.serialFraction)}});
    weak.push_back({{"workload", series.workload},
                    {"variant", series.variant},
                    {"size_param", series.sizeParam},
                    {"work_exponent", series.workExponent},
                    {"fixed_params", series.fixedParams},
                    {"points", points},
                    {"gustafson_serial_fraction", num(series.serialFraction)}});
  }
  j["weak_scaling"] = weak;
  ordered_json complexity = ordered_json::array();
  for (const auto& c : r.complexity) {
    ordered_json candidates = ordered_json::array();
    for (const auto& k : c.fit.candidates)
      candidates.push_back({{"class", analysis::complexityName(k.complexity)},
                            {"coefficient", num(k.coefficient)},
                            {"rms", num(k.rms)}});
    complexity.push_back({{"workload", c.workload},
                          {"variant", c.variant},
                          {"workers", c.workers},
                          {"size_param", c.sizeParam},
                          {"fixed_params", c.fixedParams},
                          {"sizes", c.sizes},
                          {"median_s", c.medianSeconds},
                          {"best", analysis::complexityName(c.fit.best.complexity)},
                          {"coefficient", num(c.fit.best.coefficient)},
                          {"rms", num(c.fit.best.rms)},
                          {"margin", num(c.fit.margin)},
                          {"candidates", candidates}});
  }
  j["complexity"] = complexity;
  ordered_json alloc = ordered_json::array();
  for (const auto& a : r.allocation) {
    ordered_json curve = ordered_json::array();
    for (const auto& p : a.overTime)
      curve.push_back({num(p.x), num(p.utilization), num(p.fragmentation)});
    alloc.push_back(
        {{"name", a.name},
         {"workers", a.workers},
         {"allocations_per_execution", summaryJson(a.allocationsPerExecution)},
         {"bytes_per_execution", summaryJson(a.bytesPerExecution)},
         {"allocations_per_s", summaryJson(a.allocationsPerSecond)},
         {"bytes_per_s", summaryJson(a.bytesPerSecond)},
         {"peak_live_bytes", summaryJson(a.peakLiveBytes)},
         {"utilization", a.utilization ? summaryJson(*a.utilization) : ordered_json(nullptr)},
         {"fragmentation", a.fragmentation ? num(*a.fragmentation) : ordered_json(nullptr)},
         {"utilization_over", a.seriesXName},
         {"utilization_over_time", curve}});
  }
  j["allocation"] = alloc;
  j["net_cost"] = netCostJson(r);
  j["stream"] = streamJson(r);
  j["ann"] = annJson(r);
  ordered_json derived = ordered_json::array();
  for (const auto& d : r.derived)
    for (const auto& c : d.counters)
      derived.push_back({{"name", d.name},
                         {"workers", d.workers},
                         {"figure", c.name},
                         {"formula", c.formula},
                         {"simulated", c.simulated},
                         {"value", summaryJson(c.value)}});
  j["derived"] = derived;
  if (options.view) {
    // One view: the session and that view's key.
    static constexpr std::array<const char*, 10> kKeys = {
        "runs",       "scaling", "weak_scaling", "complexity", "allocation",
        "allocation", "derived", "net_cost",     "stream",     "ann"};
    static_assert(kKeys.size() == kViewNames.size());
    const std::string keep = kKeys[static_cast<std::size_t>(*options.view)];
    for (const char* key : kKeys)
      if (key != keep) j.erase(key);
  }
  return j.dump(2) + "\n";
}

}  // namespace tunelab::render
