#pragma once

// Everything `tunelab report` shows about one session, computed once, as values: the
// terminal table, Markdown, JSON, the CSV views and the GUI render this and compute nothing.

#include <map>
#include <string>
#include <vector>

#include "tunelab/analysis/allocation.h"
#include "tunelab/analysis/ann.h"
#include "tunelab/analysis/ceilings.h"
#include "tunelab/analysis/complexity.h"
#include "tunelab/analysis/derived_counters.h"
#include "tunelab/analysis/net_cost.h"
#include "tunelab/analysis/run_summary.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/analysis/stream.h"
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
  std::size_t runIndex = 0;  // its index in SessionReport::runs
};

// The per-thread mode's view of one run (load imbalance, CPU time per thread).
struct RunThreads {
  std::string name;
  std::string workload;
  std::string variant;
  int workers = 1;
  ThreadSummary threads;
  std::size_t runIndex = 0;  // its index in SessionReport::runs
};

struct SessionReport {
  model::Session session;
  // In run order, one per run analysed (the GUI indexes them as its runs); RunSummary::run is
  // null (see there).
  std::vector<RunSummary> runs;
  std::vector<ScalingSeries> scaling;  // series with more than one worker count
  std::vector<WeakScalingSeries> weakScaling;
  std::vector<ComplexitySweep> complexity;
  std::vector<AllocationAnalysis> allocation;
  std::vector<NetCostGroup> netCost;  // groups with a floor run (alloc's `null`)
  // Event-stream runs: a row per case and the throughput–p99 curve of each configuration.
  std::vector<StreamCase> stream;
  std::vector<StreamCurve> streamCurves;
  // Nearest-neighbour search runs: a row per case (Pareto front marked) and a recall–q/s
  // series per variant, data set and worker count (AnnSeries::cases index annCases).
  std::vector<AnnCase> annCases;
  std::vector<AnnSeries> annSeries;
  std::vector<RunDerivedCounters> derived;
  std::vector<RunThreads> threads;  // runs measured with --per-thread
  // Parameters every run shares ("d:8/k:8"), stated once in a header instead of per row.
  std::string sharedParams;
  // The parameters every run shares as values, in the first run's order, for a surface that
  // shows the whole session under one header (the GUI): the same as sharedParams, but all of
  // a lone run's, which such a header states once as scopeToWorkload's does. Session-wide: a
  // scopeToWorkload report states its own only as the string.
  std::vector<model::Param> sharedParamValues;
  // The same per workload, for sessions of several workloads (`tunelab run all`): the rows of
  // one workload then show only what varies among its own runs.
  std::map<std::string, std::string> sharedParamsByWorkload;
  // The recorded cost of one region entry subtracted from every region (0: none measured).
  double regionCostNs = 0;
  // Bandwidth and peak rates the session's own `machine` runs measured (the roofline's roofs).
  MachineCeilings ceilings;
};

// `intervals` Skip: the medians' and the speedups' intervals stay undefined (NaN), and every
// run costs O(n) — the GUI's first loading stage, whose runs carry sample times only.
SessionReport analyzeSession(const model::Session& session, const std::vector<model::Run>& runs,
                             MedianInterval intervals = MedianInterval::Compute);

// The parameters every list has, with the same value, in the first list's order (all of a
// single list's; none of no list's): analyzeSession's shared parameters, over the runs'.
std::vector<model::Param> commonParams(const std::vector<std::vector<model::Param>>& lists);
// `params` without those in `shared`: what a row or a legend entry states of its own.
std::vector<model::Param> distinctParams(const std::vector<model::Param>& params,
                                         const std::vector<model::Param>& shared);

// The workloads of a report, in the order of their first run.
std::vector<std::string> workloadsOf(const SessionReport& report);

// The part of a report about one workload: its runs, series, sweeps, allocation, net cost,
// counters and threads, with the parameters every run *of that workload* shares as the
// shared parameters. Every surface shows a multi-workload session one workload at a time
// through this (the terminal's sections, the GUI's scope).
SessionReport scopeToWorkload(const SessionReport& report, const std::string& workload);

}  // namespace tunelab::analysis
