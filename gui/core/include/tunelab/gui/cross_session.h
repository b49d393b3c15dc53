#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tunelab/analysis/ceilings.h"
#include "tunelab/analysis/comparison.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/analysis/trend.h"
#include "tunelab/gui/database_loader.h"

namespace tunelab::gui {

// What the views that look across sessions ask of a database: a comparison of two sessions,
// one benchmark's trend over all of them, the benchmark names there are, the newest measured
// machine ceilings. Plain functions on the calling thread; the background loader runs them on
// its thread, tunelab-plot directly. The numbers are analysis::compare's and analyzeTrend's.

// Baseline against candidate (analysis::compare), sides named "FILE:ID" as the CLI names them;
// with a scope of a workload, only the runs in it on either side (the GUI's scope bar).
model::Result<analysis::Comparison> compareSessions(const DatabaseLoader& database,
                                                    model::SessionId baseline,
                                                    model::SessionId candidate,
                                                    const analysis::CompareOptions& options,
                                                    const analysis::Scope& scope = {});

// Every run name in the database, most recently measured first, each once.
model::Result<std::vector<std::string>> benchmarkNames(const DatabaseLoader& database);

// The benchmark `name` in every session that ran it, oldest first (analysis::analyzeTrend).
// Each point is named by the session's label (or "session N").
model::Result<analysis::Trend> trendOf(const DatabaseLoader& database, const std::string& name,
                                       const analysis::TrendOptions& options);

// The ceilings of the newest session that ran the `machine` workload (`tunelab info
// --measure`, or a sweep that included it); `source` says which session. No ceilings (and an
// empty source) when no session measured them.
struct MeasuredCeilings {
  analysis::MachineCeilings ceilings;
  std::string source;
};
model::Result<MeasuredCeilings> newestCeilings(const DatabaseLoader& database);

using ComparisonPtr = std::shared_ptr<const analysis::Comparison>;
using TrendPtr = std::shared_ptr<const analysis::Trend>;

}  // namespace tunelab::gui
