#include "report_table.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/model/params.h"
#include "tunelab/model/status.h"

namespace tunelab::cli {

std::string formatDuration(double s) {
  if (!std::isfinite(s)) return "-";
  struct Unit { double scale; const char* name; };
  static constexpr Unit kUnits[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
  for (const auto& u : kUnits)
    if (std::abs(s) >= u.scale || u.scale == 1e-9) {
      double v = s / u.scale;
      return fmt::format("{:.{}f} {}", v, v >= 100 ? 0 : v >= 10 ? 1 : 2, u.name);
    }
  return "-";
}

namespace {

std::string formatMetric(double v) {
  if (!std::isfinite(v)) return "-";
  if (v == std::floor(v) && std::abs(v) < 1e7) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::string orDash(double v, const char* spec) {
  return std::isfinite(v) ? fmt::format(fmt::runtime(spec), v) : std::string("-");
}

}  // namespace

void printReport(std::FILE* out, const model::Session& session, const std::vector<model::Run>& runs) {
  std::size_t ok = 0;
  for (const auto& r : runs) ok += r.status == model::RunStatus::Ok;
  fmt::print(out, "session {}{} · {} · started {} · {} runs, {} ok\n", session.id.value(),
             session.label.empty() ? "" : " \"" + session.label + "\"",
             model::toString(session.status), session.startedAt, runs.size(), ok);
  const auto& env = session.environment;
  fmt::print(out, "{} · {} ({} logical cores) · {} · {} build\n\n", env.host, env.cpuModel,
             env.logicalCores, env.compiler, env.buildType);

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
               orDash(s.wall.cv * 100, "{:.1f}%"), orDash(s.cpuUtilization(), "{:.2f}"),
               orDash(speedup, "{:.2f}x"), orDash(eff * 100, "{:.0f}%"));
    for (const auto& m : metricNames) {
      auto it = std::find_if(s.metrics.begin(), s.metrics.end(),
                             [&](const analysis::MetricSummary& ms) { return ms.name == m; });
      fmt::print(out, "  {:>12}", it == s.metrics.end() ? "-" : formatMetric(it->summary.median));
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
  fmt::print(out,
             "\ntime: median wall time per execution; CV: its coefficient of variation over the "
             "repetitions;\nspeedup T(1)/T(p) and efficiency speedup/p against the same variant "
             "at p = 1.\n");
}

}  // namespace tunelab::cli
