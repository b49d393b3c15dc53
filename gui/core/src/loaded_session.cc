#include "tunelab/gui/loaded_session.h"

#include <utility>

#include "tunelab/analysis/overhead.h"

namespace tunelab::gui {

LoadedSessionPtr analyzeSession(SessionResults results, bool complete) {
  auto out = std::make_shared<LoadedSession>();
  out->results = std::move(results);
  out->complete = complete;
  out->summaries.reserve(out->results.runs.size());
  // Region times net of the probe's own cost, as the report shows them.
  const double regionCostNs =
      analysis::recordedRegionCostNs(out->results.session.environment.extra).value_or(0);
  out->derived.reserve(out->results.runs.size());
  for (const auto& run : out->results.runs) {
    // The first stage shows times at once; the median's interval (a sort per run) comes with
    // the whole session.
    out->summaries.push_back(analysis::summarizeRun(
        run, complete ? analysis::MedianInterval::Compute : analysis::MedianInterval::Skip,
        regionCostNs));
    out->derived.push_back(complete ? analysis::deriveCounters(run)
                                    : std::vector<analysis::DerivedCounter>{});
  }
  out->scaling = analyzeScaling(out->results.runs, complete ? Intervals::Compute : Intervals::Skip,
                                analysis::workloadTraits(out->results.session.environment.extra));
  if (complete) out->netCost = analysis::netCosts(out->results.runs);
  return out;
}

LoadedSessionPtr analyzeSession(const model::Session& session, const std::vector<model::Run>& runs) {
  return analyzeSession(SessionResults{session, runs}, true);
}

}  // namespace tunelab::gui
