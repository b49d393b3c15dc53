#include "report_common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tunelab/analysis/format.h"
#include "tunelab/analysis/net_cost.h"

namespace tunelab::render {
namespace {

std::vector<std::string> split(const std::string& params) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= params.size() && !params.empty()) {
    const auto slash = params.find('/', start);
    out.push_back(
        params.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string printf1(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

std::vector<std::string> metricNames(const analysis::SessionReport& r) {
  std::vector<std::string> names;
  for (const auto& s : r.runs)
    for (const auto& m : s.metrics)
      // loop_floor marks the floor's runs (the net-cost section names them): not a measure.
      if (m.name != analysis::kLoopFloorMetric &&
          std::find(names.begin(), names.end(), m.name) == names.end())
        names.push_back(m.name);
  return names;
}

std::vector<std::string> counterEvents(const analysis::SessionReport& r) {
  std::vector<std::string> events;
  for (const auto& s : r.runs)
    for (const auto& c : s.counters) {
      const std::string name = c.event + (c.simulated ? " (sim.)" : "");
      if (std::find(events.begin(), events.end(), name) == events.end()) events.push_back(name);
    }
  return events;
}

std::vector<std::pair<std::string, std::string>> unsupportedEvents(
    const analysis::SessionReport& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : r.runs)
    for (const auto& c : s.counters)
      if (!c.supported &&
          std::none_of(out.begin(), out.end(), [&](const auto& u) { return u.first == c.event; }))
        out.emplace_back(c.event, c.reason);
  return out;
}

bool anyVaryingParams(const analysis::SessionReport& r) {
  return std::any_of(r.runs.begin(), r.runs.end(),
                     [&](const analysis::RunSummary& s) { return !varyingParams(r, s).empty(); });
}

std::string varyingParamsOf(const analysis::SessionReport& r, const std::string& workload,
                            const std::string& params) {
  const auto it = r.sharedParamsByWorkload.find(workload);
  const auto shared = split(it != r.sharedParamsByWorkload.end() ? it->second : r.sharedParams);
  std::string out;
  for (const auto& p : split(params))
    if (std::find(shared.begin(), shared.end(), p) == shared.end())
      out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string varyingParams(const analysis::SessionReport& r, const analysis::RunSummary& s) {
  return varyingParamsOf(r, s.workload, s.params);
}

const analysis::ScalingPoint* findScalingPoint(const analysis::SessionReport& r,
                                               const analysis::RunSummary& s) {
  for (const auto& series : r.scaling) {
    if (series.workload != s.workload || series.variant != s.variant || series.params != s.params)
      continue;
    for (const auto& p : series.points)
      if (p.workers == s.workers()) return &p;
  }
  return nullptr;
}

std::string caseName(const analysis::RunSummary& s) {
  return s.workload + "/" + s.variant + " p=" + std::to_string(s.workers());
}

std::string metricCell(const analysis::RunSummary& s, const std::string& metric) {
  for (const auto& m : s.metrics)
    if (m.name == metric) return analysis::formatMetric(m.summary.median);
  return analysis::undefinedText();
}

std::string counterCell(const analysis::RunSummary& s, const std::string& event) {
  for (const auto& c : s.counters) {
    if (c.event + (c.simulated ? " (sim.)" : "") != event) continue;
    if (!c.supported) return "unsupported";
    if (c.event.size() > 6 && c.event.compare(c.event.size() - 6, 6, "-clock") == 0)
      return analysis::formatDuration(c.perExecution.median * 1e-9);  // perf's clocks count ns
    return analysis::formatCount(c.perExecution.median) + (c.multiplexed ? "*" : "");
  }
  return analysis::undefinedText();
}

std::string halfWidth(const analysis::Interval& i, double median) {
  if (!i.defined() || !(median > 0)) return analysis::undefinedText();
  return "±" + analysis::formatPercent((i.high - i.low) / 2 / median, 1);
}

std::string fixed(double x, int decimals) {
  if (!std::isfinite(x)) return analysis::undefinedText();
  char format[8];
  std::snprintf(format, sizeof format, "%%.%df", decimals);
  return printf1(format, x);
}

std::string derivedValue(const analysis::DerivedCounter& c) {
  const double v = c.value.median;
  if (c.name.find("ratio") != std::string::npos) return analysis::formatPercent(v, 2);
  return printf1(std::abs(v) >= 100 ? "%.0f" : std::abs(v) >= 10 ? "%.1f" : "%.3g", v);
}

std::string amdahlSentence(const analysis::ScalingSeries& s) {
  std::string out;
  const auto& a = s.amdahl;
  if (!a.defined) {
    out = "Karp–Flatt only: " + std::to_string(s.distinctWorkerCounts) +
          (s.distinctWorkerCounts == 1 ? " worker count" : " worker counts") +
          " (an Amdahl fit needs ≥ " + std::to_string(analysis::kMinAmdahlWorkerCounts) + ")";
  } else {
    out = "Amdahl fit f = " + fixed(a.serialFraction, 3);
    if (a.serialFractionInterval.defined())
      out += " (95 % interval " + fixed(a.serialFractionInterval.low, 3) + "–" +
             fixed(a.serialFractionInterval.high, 3) + ")";
    out += ", R² = " + fixed(a.rSquared, 3) + ", predicted ceiling 1/f = " +
           (std::isinf(a.ceiling) ? std::string("∞ (no serial part measurable)")
                                  : analysis::formatSpeedup(a.ceiling));
  }
  if (!s.bestSerialVariant.empty())
    out += "; best variant at p = 1: " + s.bestSerialVariant + " (" +
           analysis::formatDuration(s.bestSerialSeconds) + ")";
  return out;
}

bool busyBaseline(const analysis::RunSummary& s) {
  double expected = 1;  // threads_used, where the workload says more than one is by design
  for (const auto& m : s.metrics)
    if (m.name == analysis::kThreadsUsedMetric && m.summary.median >= 1) expected = m.summary.median;
  return s.status == model::RunStatus::Ok && s.workers() == 1 &&
         s.cpuUtilization() > analysis::kBusyCpuPerWall * expected;
}

std::vector<std::string> caveatLines(const analysis::SessionReport& r) {
  std::vector<std::string> out;
  std::vector<std::pair<std::string, int>> flagged;  // (workload/variant params, workers)
  for (const auto& series : r.scaling) {
    if (series.points.size() < 2) continue;
    for (const auto& c : series.caveats) {
      const std::string params = varyingParamsOf(r, series.workload, series.params);
      out.push_back(series.workload + "/" + series.variant + (params.empty() ? "" : " " + params) +
                    ": " + c.text);
    }
  }
  for (const auto& series : r.scaling)
    for (const auto& p : series.points)
      for (const auto& c : p.caveats) {
        const std::string params = varyingParamsOf(r, series.workload, series.params);
        const std::string name = series.workload + "/" + series.variant + (params.empty() ? "" : " " + params);
        out.push_back(name + " p=" + std::to_string(p.workers) + ": " + c.text);
        flagged.emplace_back(name, p.workers);
      }
  // Runs at one worker outside any series with a caveat of its own: CPU/wall alone.
  for (const auto& s : r.runs) {
    if (!busyBaseline(s)) continue;
    const std::string params = varyingParams(r, s);
    const std::string name = s.workload + "/" + s.variant + (params.empty() ? "" : " " + params);
    if (std::find(flagged.begin(), flagged.end(), std::pair{name, 1}) != flagged.end()) continue;
    out.push_back(name + " p=1: CPU/wall " + analysis::formatRatio(s.cpuUtilization()) +
                  " with one worker: another thread of the process was busy (a library's or "
                  "allocator's helper thread, a measuring thread)");
  }
  return out;
}

std::string efficiencyCell(const analysis::ScalingPoint& p) {
  const bool superLinear = std::any_of(p.caveats.begin(), p.caveats.end(), [](const auto& c) {
    return c.kind == analysis::ScalingCaveat::Kind::SuperLinear;
  });
  return analysis::formatPercent(p.efficiency, 0) + (superLinear ? "!" : "");
}

std::string coefficientText(const analysis::ComplexityCandidate& c) {
  static const char* const kG[] = {"", "log n", "n", "n log n", "n²", "n³"};
  const char* g = kG[static_cast<int>(c.complexity)];
  return printf1("%.3g s", c.coefficient) + (*g ? std::string(" × ") + g : "");
}

std::string runnerUp(const analysis::ComplexityFit& fit) {
  const analysis::ComplexityCandidate* second = nullptr;
  for (const auto& c : fit.candidates)
    if (c.complexity != fit.best.complexity && (!second || c.rms < second->rms)) second = &c;
  if (!second) return analysis::undefinedText();
  return std::string(analysis::complexityName(second->complexity)) + " (" +
         analysis::formatPercent(second->rms, 1) + ")";
}

}  // namespace tunelab::render
