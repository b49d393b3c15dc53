#include "tunelab/gui/loaded_session.h"

#include <utility>

#include "tunelab/gui/run_label.h"

namespace tunelab::gui {

LoadedSessionPtr loadedSession(SessionResults results, bool complete,
                               const std::optional<analysis::Scope>& scope) {
  auto out = std::make_shared<LoadedSession>();
  out->results = std::move(results);
  out->complete = complete;
  // The Stream tab's runs, before the scope drops the other rates: its curves spread along
  // the offered rate.
  out->streamScope = scope ? analysis::streamScope(*scope) : analysis::Scope{};
  {
    std::vector<const model::Run*> streamRuns;
    std::vector<std::vector<model::Param>> params;
    for (const auto& r : out->results.runs)
      if (analysis::inScope(r, out->streamScope) && analysis::isStreamRun(r)) {
        streamRuns.push_back(&r);
        params.push_back(r.params);
      }
    out->stream = analysis::analyzeStream(streamRuns);
    const RunLabeler labeler(analysis::commonParams(params));
    for (const auto& c : out->stream.cases) out->streamRunLabels.push_back(labeler.label(*streamRuns[c.runIndex]));
    out->streamShared = labeler.shared();
  }
  // The ANN tab's runs, likewise before the scope drops the other values of the knobs.
  out->annScope = scope ? analysis::annScope(*scope) : analysis::Scope{};
  {
    std::vector<const model::Run*> annRuns;
    for (const auto& r : out->results.runs)
      if (analysis::inScope(r, out->annScope) && analysis::isAnnRun(r)) annRuns.push_back(&r);
    out->ann = analysis::analyzeAnn(annRuns);
  }
  if (scope) {
    out->scope = *scope;
    out->choices = analysis::scopeChoices(
        out->results.runs, scope->workload,
        analysis::workloadTraits(out->results.session.environment.extra));
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
