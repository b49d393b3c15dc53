#include "tunelab/analysis/ceilings.h"

#include <string_view>

#include "tunelab/analysis/statistics.h"

namespace tunelab::analysis {
namespace {

// The median over a run's repetitions of one metric; nullopt if a repetition lacks it.
std::optional<double> medianMetric(const model::Run& run, std::string_view name) {
  std::vector<double> xs;
  for (const auto& s : run.samples) {
    bool found = false;
    for (const auto& m : s.metrics)
      if (m.name == name) {
        xs.push_back(m.value);
        found = true;
      }
    if (!found) return std::nullopt;
  }
  if (xs.empty()) return std::nullopt;
  return median(xs);
}

void keepBest(std::optional<Ceiling>& best, std::optional<double> value, int threads) {
  if (value && *value > 0 && (!best || *value > best->value)) best = Ceiling{*value, threads};
}

}  // namespace

std::optional<double> MachineCeilings::ridgePoint(bool f64) const {
  const auto& peak = f64 ? peakF64 : peakF32;
  if (!bandwidth || !peak || bandwidth->value <= 0) return std::nullopt;
  return peak->value / bandwidth->value;
}

MachineCeilings machineCeilings(const std::vector<model::Run>& runs) {
  MachineCeilings c;
  for (const auto& r : runs) {
    if (r.workload != "machine" || r.status != model::RunStatus::Ok) continue;
    const int workers = r.threads * r.ranks;
    if (r.variant == "triad") keepBest(c.bandwidth, medianMetric(r, "bandwidth"), workers);
    else if (r.variant == "fma-f32") keepBest(c.peakF32, medianMetric(r, "gflops"), workers);
    else if (r.variant == "fma-f64") keepBest(c.peakF64, medianMetric(r, "gflops"), workers);
  }
  return c;
}

}  // namespace tunelab::analysis
