#include "tunelab/gui/loaded_session.h"

#include <utility>

namespace tunelab::gui {

LoadedSessionPtr analyzeSession(SessionResults results, bool complete) {
  auto out = std::make_shared<LoadedSession>();
  out->results = std::move(results);
  out->complete = complete;
  out->summaries.reserve(out->results.runs.size());
  out->derived.reserve(out->results.runs.size());
  for (const auto& run : out->results.runs) {
    // The first stage shows times at once; the median's bootstrap interval comes with the
    // whole session (it costs O(resamples · n), seconds on a million samples).
    out->summaries.push_back(analysis::summarizeRun(
        run, complete ? analysis::MedianInterval::Bootstrap : analysis::MedianInterval::Skip));
    out->derived.push_back(complete ? analysis::deriveCounters(run)
                                    : std::vector<analysis::DerivedCounter>{});
  }
  out->scaling = analyzeScaling(out->results.runs, complete ? Intervals::Compute : Intervals::Skip);
  if (complete) out->netCost = analysis::netCosts(out->results.runs);
  return out;
}

LoadedSessionPtr analyzeSession(const model::Session& session, const std::vector<model::Run>& runs) {
  return analyzeSession(SessionResults{session, runs}, true);
}

}  // namespace tunelab::gui
