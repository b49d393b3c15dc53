#pragma once

#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "tunelab/analysis/ann.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/analysis/stream.h"
#include "tunelab/gui/database_loader.h"

namespace tunelab::gui {

// A session as the models receive it: its runs, and the analysis::SessionReport of them —
// the value `tunelab report` renders, computed once, on the loader's thread, so that neither
// the UI thread nor each model repeats it. Shared and immutable: the models keep a pointer,
// never a copy (a session can hold a million samples).
struct LoadedSession {
  SessionResults results;
  // Of results: report.runs is parallel to results.runs, and its per-run views (allocation,
  // derived counters, threads) name their run by that index.
  analysis::SessionReport report;
  // false: the runs carry their sample times only (the first loading stage); the report's
  // medians and speedups have no intervals then, and what counters, metrics and regions give
  // is empty.
  bool complete = false;
  // What of the session results.runs and the report hold: one workload and one value of each
  // of its pinnable parameters (analysis::defaultScope, or the scope bar's choice); empty
  // workload: every run. `choices` is what the scope bar offers, from all of the session's runs.
  analysis::Scope scope;
  analysis::ScopeChoices choices;
  // What the Stream tab draws: the stream cases and throughput–p99 curves of the runs in
  // `streamScope` — `scope` at every offered rate (analysis::streamScope: a curve spreads
  // along the rate, which the scope pins for the other tabs) —, each case's run named as the
  // run table names runs (parallel to stream.cases), and the parameters those runs share.
  analysis::Scope streamScope;
  analysis::StreamAnalysis stream;
  std::vector<QString> streamRunLabels;
  QString streamShared;
  // What the ANN tab draws: the nearest-neighbour cases, fronts and series of the runs in
  // `annScope` — `scope` with the index's knobs open (analysis::annScope: a variant's series
  // spreads along nprobe, rerank …, which the scope pins for the other tabs).
  analysis::Scope annScope;
  analysis::AnnAnalysis ann;

  LoadedSession() = default;
  LoadedSession(LoadedSession&&) = default;
  LoadedSession& operator=(LoadedSession&&) = default;
  LoadedSession(const LoadedSession&) = delete;
  LoadedSession& operator=(const LoadedSession&) = delete;
};

using LoadedSessionPtr = std::shared_ptr<const LoadedSession>;

// analysis::analyzeSession of `results`, on the calling thread (the loader's).
// `complete`: the runs carry everything (not RunParts::Times); intervals are computed then.
// With a scope, only the runs in it are kept and analysed (`choices` still come from all).
LoadedSessionPtr loadedSession(SessionResults results, bool complete,
                               const std::optional<analysis::Scope>& scope = std::nullopt);

// For callers that hold plain runs (tests, tools): the same, from copies, complete.
LoadedSessionPtr loadedSession(const model::Session& session, const std::vector<model::Run>& runs);

}  // namespace tunelab::gui
