#pragma once

// Subtracting what measuring costs (the session's self-calibration) from what was measured:
// worth it only for regions that are entered very often and are very short, where the
// recorder's two clock reads per entry are a visible share.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::analysis {

// The session's calibration fact "calibration.region_recorded_ns", if it has one.
std::optional<double> recordedRegionCostNs(const std::vector<std::pair<std::string, std::string>>& facts);

// A region's seconds minus entries × the recorded cost per entry, never below 0.
double regionSecondsNetOfOverhead(const model::RegionStat& region, double recordedNsPerEntry);

}  // namespace tunelab::analysis
