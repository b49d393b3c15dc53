#pragma once

#include <ostream>
#include <span>
#include <string_view>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::store {

// The CSV views of stored data. Their headers are part of tunelab's interface: columns are
// only ever appended, never renamed or reordered (docs/SCHEMA.md lists them).
enum class CsvView {
  Samples,   // one row per repetition: times, iterations, run identity
  Metrics,   // one row per repetition and metric (long format)
  Counters,  // one row per repetition and event; unsupported events have an empty value
  Regions,   // one row per repetition and region: seconds and entries
  Alloc,     // one row per repetition with allocation statistics
  Series,    // one row per repetition, series and point: x, y (inertia per iteration …)
  Threads,   // one row per repetition and thread (per-thread mode): CPU seconds
  RegionCounters,  // one row per repetition, region and event (--region-counters)
  SetupRegions,    // one row per run and region entered while it was prepared; no repetition
};

std::span<const std::string_view> csvViewNames();
bool csvViewFromString(std::string_view name, CsvView& view);

void writeCsv(std::ostream& out, CsvView view, const model::Session& session,
              const std::vector<model::Run>& runs);

}  // namespace tunelab::store
