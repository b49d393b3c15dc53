#pragma once

// Everything `tunelab report` shows about one session, computed once, as values: the
// terminal table, Markdown, JSON, the CSV views and the GUI render this and compute nothing.

#include <map>
#include <string>
#include <vector>

#include "tunelab/analysis/allocation.h"
#include "tunelab/analysis/complexity.h"
#include "tunelab/analysis/derived_counters.h"
#include "tunelab/analysis/net_cost.h"
#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/analysis/threads.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::analysis {

// The derived counters of one run (IPC, misses per kilo-instruction …), where it has any.
struct RunDerivedCounters {
  std::string name;
  std::string workload;
  std::string variant;
  int workers = 1;
  std::vector<DerivedCounter> counters;
};

// The per-thread mode's view of one run (load imbalance, CPU time per thread).
struct RunThreads {
  std::string name;
  std::string workload;
  std::string variant;
  int workers = 1;
  ThreadSummary threads;
};

struct SessionReport {
  model::Session session;
  std::vector<RunSummary> runs;        // in run order; RunSummary::run is null (see there)
  std::vector<ScalingSeries> scaling;  // series with more than one worker count
  std::vector<WeakScalingSeries> weakScaling;
  std::vector<ComplexitySweep> complexity;
  std::vector<AllocationAnalysis> allocation;
  std::vector<NetCostGroup> netCost;  // groups with a floor run (alloc's `null`)
  std::vector<RunDerivedCounters> derived;
  std::vector<RunThreads> threads;  // runs measured with --per-thread
  // Parameters every run shares ("d:8/k:8"), stated once in a header instead of per row.
  std::string sharedParams;
  // The same per workload, for sessions of several workloads (`tunelab run all`): the rows of
  // one workload then show only what varies among its own runs.
  std::map<std::string, std::string> sharedParamsByWorkload;
  // The recorded cost of one region entry subtracted from every region (0: none measured).
  double regionCostNs = 0;
};

SessionReport analyzeSession(const model::Session& session, const std::vector<model::Run>& runs);

// The workloads of a report, in the order of their first run.
std::vector<std::string> workloadsOf(const SessionReport& report);

// The part of a report about one workload: its runs, series, sweeps, allocation, net cost,
// counters and threads, with the parameters every run *of that workload* shares as the
// shared parameters. Every surface shows a multi-workload session one workload at a time
// through this (the terminal's sections, the GUI's scope).
SessionReport scopeToWorkload(const SessionReport& report, const std::string& workload);

}  // namespace tunelab::analysis
