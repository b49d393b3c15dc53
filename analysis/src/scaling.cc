#include "tunelab/analysis/scaling.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "tunelab/analysis/net_cost.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> wallTimes(const model::Run& run) {
  std::vector<double> wall;
  for (const auto& s : run.samples) wall.push_back(s.wallSeconds);
  return wall;
}

bool usable(const model::Run& run) {
  return run.status == model::RunStatus::Ok && !run.samples.empty();
}

std::optional<double> numeric(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs) {
  std::vector<ScalingSeries> out;
  // Per series, every sample as (workers, seconds): the Amdahl fit weighs each repetition.
  std::vector<std::pair<std::vector<int>, std::vector<double>>> samples;
  for (const auto& run : runs) {
    if (!usable(run)) continue;
    const std::string params = model::formatParams(run.params);
    auto it = std::find_if(out.begin(), out.end(), [&](const ScalingSeries& s) {
      return s.workload == run.workload && s.variant == run.variant && s.params == params;
    });
    if (it == out.end()) {
      ScalingSeries s;
      s.workload = run.workload;
      s.variant = run.variant;
      s.params = params;
      out.push_back(std::move(s));
      samples.emplace_back();
      it = out.end() - 1;
    }
    it->floor = it->floor || isLoopFloor(run);
    const auto wall = wallTimes(run);
    const int workers = run.threads * run.ranks;
    ScalingPoint point;
    point.workers = workers;
    point.medianSeconds = median(wall);
    point.samples = wall.size();
    it->points.push_back(point);
    auto& [ps, ts] = samples[static_cast<std::size_t>(it - out.begin())];
    for (double t : wall) {
      ps.push_back(workers);
      ts.push_back(t);
    }
  }

  // The best serial time per workload and parameters, over every variant.
  std::map<std::string, std::pair<std::string, double>> bestSerial;
  for (const auto& s : out)
    for (const auto& p : s.points) {
      if (s.floor || p.workers != 1 || !(p.medianSeconds > 0)) continue;
      auto& best = bestSerial[s.workload + "\n" + s.params];
      if (best.first.empty() || p.medianSeconds < best.second) best = {s.variant, p.medianSeconds};
    }

  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& s = out[i];
    std::stable_sort(
        s.points.begin(), s.points.end(),
        [](const ScalingPoint& a, const ScalingPoint& b) { return a.workers < b.workers; });
    auto base = std::find_if(s.points.begin(), s.points.end(),
                             [](const ScalingPoint& p) { return p.workers == 1; });
    s.hasBaseline = base != s.points.end() && base->medianSeconds > 0;
    const double t1 = s.hasBaseline ? base->medianSeconds : kNaN;
    auto best = bestSerial.find(s.workload + "\n" + s.params);
    s.bestSerialVariant = best != bestSerial.end() ? best->second.first : "";
    s.bestSerialSeconds = best != bestSerial.end() ? best->second.second : kNaN;
    for (auto& p : s.points) {
      const bool timed = p.medianSeconds > 0;
      p.speedup = s.hasBaseline && timed ? t1 / p.medianSeconds : kNaN;
      p.efficiency = p.speedup / p.workers;
      p.karpFlatt = karpFlatt(p.speedup, p.workers);
      p.absoluteSpeedup = timed ? s.bestSerialSeconds / p.medianSeconds : kNaN;
      p.absoluteEfficiency = p.absoluteSpeedup / p.workers;
    }
    s.amdahl = fitAmdahl(samples[i].first, samples[i].second);
  }
  return out;
}

const ScalingPoint* findPoint(const std::vector<ScalingSeries>& series, const model::Run& run) {
  const std::string params = model::formatParams(run.params);
  for (const auto& s : series) {
    if (s.workload != run.workload || s.variant != run.variant || s.params != params) continue;
    for (const auto& p : s.points)
      if (p.workers == run.threads * run.ranks) return &p;
  }
  return nullptr;
}

std::vector<WeakScalingSeries> weakScalingSeries(const std::vector<model::Run>& runs) {
  std::vector<std::string> keys;
  for (const auto& r : runs)
    for (const auto& p : r.params)
      if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) keys.push_back(p.key);

  std::vector<WeakScalingSeries> out;
  for (const auto& key : keys) {
    // Runs of one workload/variant/other parameters, by (workers, size).
    struct Entry {
      int workers;
      double size;
      double median;
    };
    std::vector<std::pair<std::string, std::vector<Entry>>> groups;
    std::vector<std::pair<std::string, std::string>> groupNames;  // fixed params per group
    for (const auto& r : runs) {
      if (!usable(r)) continue;
      auto text = model::findParam(r.params, key);
      if (!text) continue;
      auto size = numeric(*text);
      if (!size || !(*size > 0)) continue;
      std::vector<model::Param> rest;
      for (const auto& p : r.params)
        if (p.key != key) rest.push_back(p);
      const std::string fixed = model::formatParams(rest);
      const std::string id = r.workload + "\n" + r.variant + "\n" + fixed;
      auto it =
          std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == id; });
      if (it == groups.end()) {
        groups.push_back({id, {}});
        groupNames.emplace_back(r.workload + "\n" + r.variant, fixed);
        it = groups.end() - 1;
      }
      it->second.push_back({r.threads * r.ranks, *size, median(wallTimes(r))});
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& entries = groups[g].second;
      for (const auto& base : entries) {
        if (base.workers != 1 || !(base.median > 0)) continue;
        WeakScalingSeries series;
        const auto& wv = groupNames[g].first;
        series.workload = wv.substr(0, wv.find('\n'));
        series.variant = wv.substr(wv.find('\n') + 1);
        series.sizeParam = key;
        series.fixedParams = groupNames[g].second;
        series.points.push_back({1, base.size, base.median, 1, 1, kNaN});
        for (const auto& e : entries) {
          if (e.workers <= 1) continue;
          const double expected = base.size * e.workers;
          if (std::abs(e.size - expected) > 1e-9 * expected || !(e.median > 0)) continue;
          WeakScalingPoint p;
          p.workers = e.workers;
          p.size = e.size;
          p.medianSeconds = e.median;
          p.efficiency = base.median / e.median;
          p.scaledSpeedup = e.workers * p.efficiency;
          p.serialFraction = (e.workers - p.scaledSpeedup) / (e.workers - 1);
          series.points.push_back(p);
        }
        if (series.points.size() < 2) continue;
        std::stable_sort(series.points.begin(), series.points.end(),
                         [](const WeakScalingPoint& a, const WeakScalingPoint& b) {
                           return a.workers < b.workers;
                         });
        double num = 0, den = 0;
        for (const auto& p : series.points) {
          if (p.workers <= 1) continue;
          num += (p.workers - p.scaledSpeedup) * (p.workers - 1);
          den += static_cast<double>(p.workers - 1) * (p.workers - 1);
        }
        series.serialFraction = den > 0 ? num / den : kNaN;
        out.push_back(std::move(series));
      }
    }
  }
  return out;
}

}  // namespace tunelab::analysis
