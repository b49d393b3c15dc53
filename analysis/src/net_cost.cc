#include "tunelab/analysis/net_cost.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/statistics.h"
#include "tunelab/model/params.h"

namespace tunelab::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ns per operation of each repetition; empty unless every repetition has a positive rate.
std::vector<double> nsPerOperation(const model::Run& run) {
  std::vector<double> out;
  if (run.status != model::RunStatus::Ok) return {};
  for (const auto& s : run.samples) {
    const auto ops = sampleMetric(s, kOpsPerSecondMetric);
    if (!ops || !(*ops > 0)) return {};
    out.push_back(1e9 / *ops);
  }
  return out;
}

double medianRate(const model::Run& run) {
  std::vector<double> rates;
  for (const auto& s : run.samples) rates.push_back(sampleMetric(s, kOpsPerSecondMetric).value_or(kNaN));
  return median(rates);
}

bool sameGroup(const model::Run& a, const model::Run& b) {
  return a.workload == b.workload && a.threads * a.ranks == b.threads * b.ranks &&
         model::formatParams(a.params) == model::formatParams(b.params);
}

bool enough(std::size_t n) { return n >= kNetIntervalMinRepetitions; }

}  // namespace

bool isLoopFloor(const model::Run& run) {
  return run.status == model::RunStatus::Ok && !run.samples.empty() &&
         std::all_of(run.samples.begin(), run.samples.end(), [](const model::Sample& s) {
           return sampleMetric(s, kLoopFloorMetric).has_value();
         });
}

std::vector<NetCostGroup> netCosts(const std::vector<model::Run>& runs) {
  std::vector<NetCostGroup> out;
  for (std::size_t f = 0; f < runs.size(); ++f) {
    const model::Run& floor = runs[f];
    const auto floorNs = nsPerOperation(floor);
    if (!isLoopFloor(floor) || floorNs.empty()) continue;
    // One floor per group: a second one (a repeated floor case) is compared, not used.
    if (std::any_of(runs.begin(), runs.begin() + static_cast<std::ptrdiff_t>(f),
                    [&](const model::Run& r) { return isLoopFloor(r) && sameGroup(r, floor); }))
      continue;
    NetCostGroup g;
    g.workload = floor.workload;
    g.params = model::formatParams(floor.params);
    g.workers = floor.threads * floor.ranks;
    g.floorName = floor.name;
    g.floorVariant = floor.variant;
    g.floorRepetitions = floorNs.size();
    g.floorOpsPerSecond = medianRate(floor);
    g.floorNsPerOp = median(floorNs);

    std::vector<std::vector<double>> samples;  // parallel to g.costs
    for (const auto& run : runs) {
      if (&run == &floor || !sameGroup(run, floor) || isLoopFloor(run)) continue;
      auto ns = nsPerOperation(run);
      if (ns.empty()) continue;
      NetCost c;
      c.name = run.name;
      c.variant = run.variant;
      c.repetitions = ns.size();
      c.opsPerSecond = medianRate(run);
      c.nsPerOp = median(ns);
      c.netNsPerOp = c.nsPerOp - g.floorNsPerOp;
      const bool interval = enough(ns.size()) && enough(floorNs.size());
      g.tooFewRepetitions = g.tooFewRepetitions || !interval;
      c.netInterval = interval ? bootstrapDifferenceOfMedians(floorNs, ns, 0.95, kNetResamples)
                               : Interval{kNaN, kNaN};
      g.costs.push_back(std::move(c));
      samples.push_back(std::move(ns));
    }

    // The fastest: the lowest net cost above the floor.
    std::optional<std::size_t> fastest;
    for (std::size_t i = 0; i < g.costs.size(); ++i)
      if (!g.costs[i].atFloor() &&
          (!fastest || g.costs[i].netNsPerOp < g.costs[*fastest].netNsPerOp))
        fastest = i;
    if (fastest) g.fastest = g.costs[*fastest].variant;
    for (std::size_t i = 0; i < g.costs.size(); ++i) {
      auto& c = g.costs[i];
      c.perFastest = kNaN;
      c.perFastestInterval = {kNaN, kNaN};
      if (!fastest || c.atFloor()) continue;
      c.perFastest = c.netNsPerOp / g.costs[*fastest].netNsPerOp;
      if (i == *fastest) {
        c.perFastestInterval = {1, 1};  // by definition: not two samples to resample apart
        continue;
      }
      if (enough(samples[i].size()) && enough(samples[*fastest].size()) && enough(floorNs.size()))
        c.perFastestInterval = bootstrapRatioOfDifferences(floorNs, samples[i], samples[*fastest],
                                                           0.95, kNetResamples);
    }
    // At the floor first (as fast as the loop alone), then the cheapest first.
    std::stable_sort(g.costs.begin(), g.costs.end(), [](const NetCost& a, const NetCost& b) {
      if (a.atFloor() != b.atFloor()) return a.atFloor();
      return !a.atFloor() && a.netNsPerOp < b.netNsPerOp;
    });
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace tunelab::analysis
