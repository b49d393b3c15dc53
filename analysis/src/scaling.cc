#include "tunelab/analysis/scaling.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "tunelab/analysis/format.h"
#include "tunelab/analysis/inference.h"
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

namespace {

double medianOf(const model::Run& run, double model::Sample::*field) {
  std::vector<double> v;
  for (const auto& s : run.samples) v.push_back(s.*field);
  return median(v);
}

// Metrics that count work (no unit, whole numbers in every sample: operations, iterations,
// distance evaluations): equal at every worker count when the runs did the same work.
std::map<std::string, double> workCounts(const model::Run& run) {
  std::map<std::string, std::vector<double>> values;
  std::map<std::string, bool> whole;
  for (const auto& smp : run.samples)
    for (const auto& m : smp.metrics) {
      if (!m.unit.empty()) continue;
      values[m.name].push_back(m.value);
      auto [it, fresh] = whole.emplace(m.name, true);
      it->second = it->second && std::isfinite(m.value) && m.value == std::floor(m.value);
      (void)fresh;
    }
  std::map<std::string, double> out;
  for (const auto& [name, v] : values)
    if (whole[name] && v.size() == run.samples.size()) out[name] = median(v);
  return out;
}

// Why a point's efficiency is above 1.1, most likely first.
std::string superLinearCause(const model::Run& base, const model::Run& run) {
  const auto b = workCounts(base), r = workCounts(run);
  for (const char* preferred : {"operations", "iterations", ""})
    for (const auto& [name, v1] : b) {
      if (*preferred && name != preferred) continue;
      auto it = r.find(name);
      if (it == r.end() || !(v1 > 0)) continue;
      if (std::abs(it->second - v1) > 0.01 * v1)
        return "the runs did different work (" + name + " " + formatCount(v1) + " at p = 1, " +
               formatCount(it->second) + " at p = " + std::to_string(run.threads * run.ranks) + ")";
    }
  // Page faults per execution, where counted: a baseline that faults its memory in on every
  // execution (an allocator that returns its heap to the OS at the end of each, and the next
  // faults it back) is slow for a reason the p-worker run may not share.
  auto faults = [](const model::Run& which) {
    std::vector<double> v;
    for (const auto& smp : which.samples)
      for (const auto& c : smp.counters)
        if (c.event == "page-faults" && c.value)
          v.push_back(*c.value / static_cast<double>(smp.iterations > 0 ? smp.iterations : 1));
    return v.size() == which.samples.size() && !v.empty() ? median(v) : kNaN;
  };
  const double f1 = faults(base), fp = faults(run);
  if (f1 > 100 && !(fp > f1 / 4))
    return "the p = 1 run took " + formatCount(f1) + " page faults per execution, p = " +
           std::to_string(run.threads * run.ranks) + " " + formatCount(fp) +
           ": memory returned to the OS and faulted back in each execution (an allocator's "
           "trim), not the work, made p = 1 slow";
  std::vector<double> wall;
  for (const auto& s : base.samples) wall.push_back(s.wallSeconds);
  const auto sum = summarize(wall);
  if (sum.cv > 0.10)
    return "the p = 1 run was noisy (CV " + std::to_string(static_cast<int>(std::lround(sum.cv * 100))) +
           " %): its median may be high";
  return "no difference in work was recorded: each worker's share may fit a cache the whole "
         "did not (true super-linear speedup), or p = 1 ran on a slower core";
}

Interval speedupIntervalOf(const model::Run& base, const model::Run& run) {
  std::vector<double> t1, tp;
  for (const auto& s : base.samples) t1.push_back(s.wallSeconds);
  for (const auto& s : run.samples) tp.push_back(s.wallSeconds);
  // Two independent intervals, each at √0.95: both hold with probability ≥ 0.95, and then
  // S = T1/Tp lies between the extreme ratios of their ends.
  const double each = std::sqrt(0.95);
  const auto a = medianConfidenceInterval(t1, each), b = medianConfidenceInterval(tp, each);
  if (!a.defined() || !b.defined() || !(b.interval.low > 0)) return {kNaN, kNaN};
  return {a.interval.low / b.interval.high, a.interval.high / b.interval.low};
}

std::string driftText(const SeriesDrift& d) {
  const std::string pct = formatPercent(std::abs(d.change), 1);
  const std::string how = d.change > 0 ? "rose by " + pct : "fell by " + pct;
  return "drift: this series' times " + how + " over its repetitions in execution order (the "
         "later half against the earlier, each against its own thread count's median): the "
         "machine, or state the case keeps, changed while it ran" +
         (d.interleaved
              ? "; its thread counts took turns, so the drift fell on each alike and the "
                "speedups hold, but every time is that much less certain"
              : "; its thread counts ran one after another, so part of the difference between "
                "them may be this drift: run it again interleaved (the default)");
}

}  // namespace

double expectedCpuPerWall(const model::Run& run) {
  std::vector<double> v;
  for (const auto& s : run.samples)
    for (const auto& m : s.metrics)
      if (m.name == kThreadsUsedMetric) v.push_back(m.value);
  const double used = v.empty() ? 1.0 : median(v);
  return used >= 1 ? used : 1.0;
}

SeriesDrift seriesDrift(const std::vector<const model::Run*>& pointRuns) {
  SeriesDrift d;
  struct Obs {
    std::int64_t position;
    double logRatio;
    std::size_t point;
  };
  std::vector<Obs> obs;
  for (std::size_t k = 0; k < pointRuns.size(); ++k) {
    const auto& run = *pointRuns[k];
    std::vector<double> wall;
    for (const auto& s : run.samples) {
      if (s.position < 0 || !(s.wallSeconds > 0)) return d;
      wall.push_back(s.wallSeconds);
    }
    const double m = median(wall);
    if (!(m > 0)) return d;
    for (const auto& s : run.samples) obs.push_back({s.position, std::log(s.wallSeconds / m), k});
  }
  if (obs.size() < 8) return d;
  d.measured = true;
  std::sort(obs.begin(), obs.end(), [](const Obs& a, const Obs& b) { return a.position < b.position; });
  // Interleaved when the spans of two points' positions overlap.
  std::vector<std::pair<std::int64_t, std::int64_t>> span(
      pointRuns.size(), {std::numeric_limits<std::int64_t>::max(), -1});
  for (const auto& o : obs) {
    span[o.point].first = std::min(span[o.point].first, o.position);
    span[o.point].second = std::max(span[o.point].second, o.position);
  }
  for (std::size_t a = 0; a < span.size() && !d.interleaved; ++a)
    for (std::size_t b = a + 1; b < span.size(); ++b)
      d.interleaved = d.interleaved ||
                      (span[a].first < span[b].second && span[b].first < span[a].second);
  std::vector<double> early, late;
  for (std::size_t i = 0; i < obs.size(); ++i)
    (i < obs.size() / 2 ? early : late).push_back(obs[i].logRatio);
  d.change = std::exp(median(late) - median(early)) - 1;
  d.pValue = mannWhitneyU(late, early).pValue;
  d.flagged = std::abs(d.change) > kDriftThreshold && d.pValue < kDriftAlpha;
  return d;
}

std::vector<ScalingSeries> scalingSeries(const std::vector<model::Run>& runs,
                                         const TraitsByWorkload& traits, MedianInterval intervals) {
  std::vector<ScalingSeries> out;
  // Per series, every sample as (workers, seconds): the Amdahl fit weighs each repetition.
  std::vector<std::pair<std::vector<int>, std::vector<double>>> samples;
  // Per series, the run of each point (parallel to points until they are sorted).
  std::vector<std::vector<const model::Run*>> pointRuns;
  for (const auto& run : runs) {
    // A paced run's wall time is its schedule's (isPaced): no speedup to compute from it.
    if (!usable(run) || isPaced(run, traits)) continue;
    const std::string params = model::formatParams(run.params);
    auto it = std::find_if(out.begin(), out.end(), [&](const ScalingSeries& s) {
      return s.workload == run.workload && s.variant == run.variant && s.params == params;
    });
    if (it == out.end()) {
      ScalingSeries s;
      s.workload = run.workload;
      s.variant = run.variant;
      s.params = params;
      s.paramValues = run.params;
      out.push_back(std::move(s));
      samples.emplace_back();
      pointRuns.emplace_back();
      it = out.end() - 1;
    }
    it->floor = it->floor || isLoopFloor(run);
    const auto wall = wallTimes(run);
    const int workers = run.threads * run.ranks;
    ScalingPoint point;
    point.workers = workers;
    point.medianSeconds = median(wall);
    point.samples = wall.size();
    const double cpu = medianOf(run, &model::Sample::cpuSeconds);
    point.cpuPerWall = point.medianSeconds > 0 ? cpu / point.medianSeconds : kNaN;
    it->points.push_back(point);
    const auto index = static_cast<std::size_t>(it - out.begin());
    pointRuns[index].push_back(&run);
    auto& [ps, ts] = samples[index];
    for (double t : wall) {
      ps.push_back(workers);
      ts.push_back(t);
    }
  }

  auto oneOperation = [&](const std::string& workload) {
    auto t = traits.find(workload);
    return t == traits.end() || t->second.variantsAreOneOperation;
  };
  // The best serial time per operation (workload and parameters, and the variant where the
  // workload's variants are different operations).
  auto operationKey = [&](const ScalingSeries& s) {
    return s.workload + "\n" + s.params + (oneOperation(s.workload) ? "" : "\n" + s.variant);
  };
  std::map<std::string, std::pair<std::string, double>> bestSerial;
  for (const auto& s : out)
    for (const auto& p : s.points) {
      if (s.floor || p.workers != 1 || !(p.medianSeconds > 0)) continue;
      auto& best = bestSerial[operationKey(s)];
      if (best.first.empty() || p.medianSeconds < best.second) best = {s.variant, p.medianSeconds};
    }

  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& s = out[i];
    // Sort points and their runs together, by workers.
    std::vector<std::size_t> order(s.points.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return s.points[a].workers < s.points[b].workers;
    });
    std::vector<ScalingPoint> points;
    std::vector<const model::Run*> byPoint;
    for (std::size_t k : order) {
      points.push_back(s.points[k]);
      byPoint.push_back(pointRuns[i][k]);
    }
    s.points = std::move(points);
    auto base = std::find_if(s.points.begin(), s.points.end(),
                             [](const ScalingPoint& p) { return p.workers == 1; });
    s.hasBaseline = base != s.points.end() && base->medianSeconds > 0;
    const double t1 = s.hasBaseline ? base->medianSeconds : kNaN;
    const model::Run* baseRun =
        s.hasBaseline ? byPoint[static_cast<std::size_t>(base - s.points.begin())] : nullptr;
    auto best = bestSerial.find(operationKey(s));
    s.bestSerialVariant = best != bestSerial.end() ? best->second.first : "";
    s.bestSerialSeconds = best != bestSerial.end() ? best->second.second : kNaN;
    std::set<int> distinct;
    for (std::size_t k = 0; k < s.points.size(); ++k) {
      auto& p = s.points[k];
      distinct.insert(p.workers);
      const bool timed = p.medianSeconds > 0;
      p.speedup = s.hasBaseline && timed ? t1 / p.medianSeconds : kNaN;
      p.efficiency = p.speedup / p.workers;
      p.karpFlatt = karpFlatt(p.speedup, p.workers);
      p.absoluteSpeedup = timed ? s.bestSerialSeconds / p.medianSeconds : kNaN;
      p.absoluteEfficiency = p.absoluteSpeedup / p.workers;
      p.speedupInterval = {kNaN, kNaN};
      // S(1) is 1 by definition (the baseline against itself, not a ratio of two samples).
      const bool interval = baseRun && intervals == MedianInterval::Compute;
      if (interval && p.workers == 1) p.speedupInterval = {1, 1};
      if (interval && p.workers > 1) p.speedupInterval = speedupIntervalOf(*baseRun, *byPoint[k]);
      if (p.workers == 1 && p.cpuPerWall > kBusyCpuPerWall * expectedCpuPerWall(*byPoint[k]))
        p.caveats.push_back(
            {ScalingCaveat::Kind::BusyAtOneWorker,
             "CPU/wall " + formatRatio(p.cpuPerWall) +
                 " with one worker: another thread of the process was busy (a library's or "
                 "allocator's helper thread, a measuring thread), so every speedup of this "
                 "series is against a baseline that had help"});
      if (baseRun && p.workers > 1 && p.efficiency > kSuperLinearEfficiency)
        p.caveats.push_back({ScalingCaveat::Kind::SuperLinear,
                             "efficiency " + formatPercent(p.efficiency, 0) + " with " +
                                 std::to_string(p.workers) + " workers: " +
                                 superLinearCause(*baseRun, *byPoint[k])});
    }
    s.distinctWorkerCounts = distinct.size();
    s.drift = seriesDrift(byPoint);
    if (s.drift.flagged) s.caveats.push_back({ScalingCaveat::Kind::Drift, driftText(s.drift)});
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

std::vector<WeakScalingSeries> weakScalingSeries(const std::vector<model::Run>& runs,
                                                 const TraitsByWorkload& traits) {
  std::vector<std::string> keys;
  for (const auto& r : runs)
    for (const auto& p : r.params)
      if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) keys.push_back(p.key);
  auto exponentOf = [&](const std::string& workload, const std::string& key) {
    auto t = traits.find(workload);
    if (t == traits.end()) return 0.0;
    auto e = t->second.workExponents.find(key);
    return e == t->second.workExponents.end() ? 0.0 : e->second;
  };

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
    std::vector<double> groupExponent;
    for (const auto& r : runs) {
      if (!usable(r) || isPaced(r, traits)) continue;
      const double exponent = exponentOf(r.workload, key);
      if (!(exponent > 0)) continue;  // not a size of this workload's work (or not declared)
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
        groupExponent.push_back(exponent);
        it = groups.end() - 1;
      }
      it->second.push_back({r.threads * r.ranks, *size, median(wallTimes(r))});
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& entries = groups[g].second;
      const double e = groupExponent[g];
      for (const auto& base : entries) {
        if (base.workers != 1 || !(base.median > 0)) continue;
        WeakScalingSeries series;
        const auto& wv = groupNames[g].first;
        series.workload = wv.substr(0, wv.find('\n'));
        series.variant = wv.substr(wv.find('\n') + 1);
        series.sizeParam = key;
        series.workExponent = e;
        series.fixedParams = groupNames[g].second;
        series.points.push_back({1, base.size, base.median, 1, 1, 1, kNaN});
        for (const auto& en : entries) {
          if (en.workers <= 1) continue;
          const double work = std::pow(en.size / base.size, e);
          if (std::abs(work - en.workers) > kWeakWorkTolerance * en.workers || !(en.median > 0))
            continue;
          WeakScalingPoint p;
          p.workers = en.workers;
          p.size = en.size;
          p.medianSeconds = en.median;
          p.workRatio = work;
          p.scaledSpeedup = work * base.median / en.median;
          p.efficiency = p.scaledSpeedup / en.workers;
          p.serialFraction = (en.workers - p.scaledSpeedup) / (en.workers - 1);
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
