#include "tunelab/analysis/run_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tunelab/analysis/overhead.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {

RunSummary summarizeRun(const model::Run& run, MedianInterval interval, double regionCostNs) {
  RunSummary out;
  out.run = &run;
  std::vector<double> wall, cpu;
  for (const auto& s : run.samples) {
    wall.push_back(s.wallSeconds);
    cpu.push_back(s.cpuSeconds);
  }
  out.name = run.name;
  out.workload = run.workload;
  out.variant = run.variant;
  out.params = model::formatParams(run.params);
  out.threads = run.threads;
  out.ranks = run.ranks;
  out.status = run.status;
  out.reason = run.reason;
  out.setupRegions = run.setupRegions;
  out.wall = summarize(wall);
  out.cpu = summarize(cpu);
  if (interval == MedianInterval::Compute && !wall.empty()) {
    const auto mci = medianConfidenceInterval(wall, 0.95);
    out.wallMedianInterval = mci.interval;
    out.wallMedianCoverage = mci.coverage;
  } else {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.wallMedianInterval = {nan, nan};
  }
  out.wallMad = medianAbsoluteDeviation(wall);
  const auto flags = outlierFlags(wall);
  out.wallOutliers = static_cast<std::size_t>(std::count(flags.begin(), flags.end(), true));
  if (!run.samples.empty()) {
    for (const auto& m : run.samples.front().metrics) {
      std::vector<double> values;
      for (const auto& s : run.samples)
        for (const auto& sm : s.metrics)
          if (sm.name == m.name) values.push_back(sm.value);
      out.metrics.push_back({m.name, m.unit, summarize(values)});
    }
    for (const auto& c : run.samples.front().counters) {
      CounterSummary cs;
      cs.event = c.event;
      cs.supported = true;
      std::vector<double> values;
      for (const auto& s : run.samples)
        for (const auto& sc : s.counters) {
          if (sc.event != c.event) continue;
          if (!sc.value) {
            cs.supported = false;
            if (cs.reason.empty()) cs.reason = sc.reason;
            continue;
          }
          cs.simulated = cs.simulated || sc.simulated;
          cs.multiplexed =
              cs.multiplexed || (sc.timeRunningNs > 0 && sc.timeRunningNs < sc.timeEnabledNs);
          values.push_back(*sc.value / static_cast<double>(s.iterations > 0 ? s.iterations : 1));
        }
      if (cs.supported) cs.perExecution = summarize(values);
      out.counters.push_back(std::move(cs));
    }
    bool allAlloc = true;
    std::vector<double> perExec, perSec, bytesPerSec, peak;
    for (const auto& s : run.samples) {
      if (!s.alloc) {
        allAlloc = false;
        break;
      }
      const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
      const double seconds = s.wallSeconds * iters;
      perExec.push_back(static_cast<double>(s.alloc->allocations) / iters);
      perSec.push_back(seconds > 0 ? static_cast<double>(s.alloc->allocations) / seconds : 0);
      bytesPerSec.push_back(seconds > 0 ? static_cast<double>(s.alloc->bytes) / seconds : 0);
      peak.push_back(static_cast<double>(s.alloc->peakLiveBytes));
    }
    if (allAlloc)
      out.alloc = AllocSummary{summarize(perExec), summarize(perSec), summarize(bytesPerSec),
                               summarize(peak)};
    for (const auto& r : run.samples.front().regions) {
      std::vector<double> values, entries, overhead;
      for (const auto& s : run.samples)
        for (const auto& sr : s.regions)
          if (sr.name == r.name) {
            const double iters = static_cast<double>(s.iterations > 0 ? s.iterations : 1);
            const double net = regionSecondsNetOfOverhead(sr, regionCostNs);
            values.push_back(net / iters);
            entries.push_back(static_cast<double>(sr.entries) / iters);
            overhead.push_back((sr.seconds - net) / iters);
          }
      auto sum = summarize(values);
      out.regions.push_back({r.name, sum, out.wall.median > 0 ? sum.median / out.wall.median : 0,
                             median(entries), median(overhead)});
    }
  }
  return out;
}

std::optional<double> sampleMetric(const model::Sample& sample, std::string_view name) {
  for (const auto& m : sample.metrics)
    if (m.name == name && std::isfinite(m.value)) return m.value;
  return std::nullopt;
}

double metricMedian(const model::Run& run, std::string_view name) {
  std::vector<double> values;
  for (const auto& s : run.samples)
    if (auto v = sampleMetric(s, name)) values.push_back(*v);
  return values.empty() ? std::numeric_limits<double>::quiet_NaN() : median(values);
}

const model::Sample* typicalSample(const model::Run& run,
                                  const std::function<bool(const model::Sample&)>& eligible) {
  std::vector<double> wall;
  for (const auto& s : run.samples) wall.push_back(s.wallSeconds);
  const double middle = median(wall);
  const model::Sample* best = nullptr;
  for (const auto& s : run.samples) {
    if (eligible && !eligible(s)) continue;
    if (!best || std::abs(s.wallSeconds - middle) < std::abs(best->wallSeconds - middle)) best = &s;
  }
  return best;
}

}  // namespace tunelab::analysis
