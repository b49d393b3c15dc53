#include "tunelab/analysis/overhead.h"

#include <algorithm>
#include <cstdlib>

namespace tunelab::analysis {

std::optional<double> recordedRegionCostNs(const std::vector<std::pair<std::string, std::string>>& facts) {
  for (const auto& [key, value] : facts) {
    if (key != "calibration.region_recorded_ns") continue;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (end != value.c_str() && v >= 0) return v;
  }
  return std::nullopt;
}

double regionSecondsNetOfOverhead(const model::RegionStat& region, double recordedNsPerEntry) {
  return std::max(0.0, region.seconds - static_cast<double>(region.entries) * recordedNsPerEntry * 1e-9);
}

}  // namespace tunelab::analysis
