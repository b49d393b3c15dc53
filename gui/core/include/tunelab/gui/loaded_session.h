#pragma once

#include <memory>
#include <vector>

#include "tunelab/analysis/derived_counters.h"
#include "tunelab/analysis/net_cost.h"
#include "tunelab/analysis/run_summary.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/scaling_analysis.h"

namespace tunelab::gui {

// A session as the models receive it: its runs, and what the analysis library computes from
// them — once, on the loader's thread, so that neither the UI thread nor each model repeats
// it. Shared and immutable: the models keep a pointer, never a copy (a session can hold a
// million samples).
struct LoadedSession {
  SessionResults results;
  // Parallel to results.runs; each summary's `run` points into results.runs, which is why a
  // LoadedSession moves but never copies.
  std::vector<analysis::RunSummary> summaries;
  // Parallel to results.runs: IPC, misses per kilo-instruction … where the events were counted.
  std::vector<std::vector<analysis::DerivedCounter>> derived;
  ScalingAnalysis scaling;
  // Cost per operation net of the loop, where a floor variant ran (empty until complete:
  // the first stage has no metrics).
  std::vector<analysis::NetCostGroup> netCost;
  bool complete = false;  // false: the samples carry their times only, intervals are missing

  LoadedSession() = default;
  LoadedSession(LoadedSession&&) = default;
  LoadedSession& operator=(LoadedSession&&) = default;
  LoadedSession(const LoadedSession&) = delete;
  LoadedSession& operator=(const LoadedSession&) = delete;
};

using LoadedSessionPtr = std::shared_ptr<const LoadedSession>;

// Summaries and scaling analysis of `results` (analysis::summarizeRun, analyzeScaling).
// `complete`: the runs carry everything (not RunParts::Times); intervals are computed then.
LoadedSessionPtr analyzeSession(SessionResults results, bool complete);

// For callers that hold plain runs (tests, tools): the same, from copies.
LoadedSessionPtr analyzeSession(const model::Session& session, const std::vector<model::Run>& runs);

}  // namespace tunelab::gui
