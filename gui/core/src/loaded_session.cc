#include "tunelab/gui/loaded_session.h"

#include <utility>

namespace tunelab::gui {

LoadedSessionPtr loadedSession(SessionResults results, bool complete,
                               const std::optional<analysis::Scope>& scope) {
  auto out = std::make_shared<LoadedSession>();
  out->results = std::move(results);
  out->complete = complete;
  if (scope) {
    out->scope = *scope;
    out->choices = analysis::scopeChoices(out->results.runs, scope->workload);
    std::erase_if(out->results.runs,
                  [&](const model::Run& r) { return !analysis::inScope(r, *scope); });
  }
  // The first stage shows times at once; the intervals (a sort per run) come with the whole
  // session.
  out->report = analysis::analyzeSession(
      out->results.session, out->results.runs,
      complete ? analysis::MedianInterval::Compute : analysis::MedianInterval::Skip);
  return out;
}

LoadedSessionPtr loadedSession(const model::Session& session, const std::vector<model::Run>& runs) {
  return loadedSession(SessionResults{session, runs}, true);
}

}  // namespace tunelab::gui
