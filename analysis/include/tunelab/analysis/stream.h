#pragma once

// Event-stream processing (the `stream` workload, Nexmark/YSB-style queries): what a run
// achieved at the load it was offered, and the throughput–latency curve of each
// configuration. A run is a stream case when it succeeded and every repetition reports
// `events_per_s` and `latency_p99_us`; its parameters say what it was:
//   query      passthrough | window-count | window-topk | score
//   rate       offered load in events/s; 0 (or no rate) is the closed loop: as fast as it goes
//   batch      the micro-batch / dynamic-batch size
//   window_us  the dynamic batcher's longest wait for a batch to fill (µs)
// and its metrics what happened: events_per_s (achieved), events_per_cpu_s, latency_p50_us …
// latency_max_us (from each event's scheduled arrival in open loop, so a stall is not hidden
// by the events that were never sent during it; from its ingestion in closed loop),
// queue_occupancy, blocked_fraction, mean_batch.
//
// Throughput is the median over the repetitions; the latency percentiles are one
// repetition's, the typical one (typicalSample: closest to the median wall time), so that
// p50 … max describe one distribution, not medians of different ones.
//
// A curve is one configuration — workload, variant, threads, ranks and every parameter but
// `rate` — over its offered rates: (achieved events/s, p99) per rate, sorted by offered rate,
// the closed-loop point last (the configuration's maximum throughput, offered "∞").

#include <cstddef>
#include <string>
#include <vector>

#include "tunelab/analysis/scope.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

inline constexpr const char* kEventsPerSecondMetric = "events_per_s";
inline constexpr const char* kLatencyP99Metric = "latency_p99_us";
// An open-loop run that achieved less than this share of its offered rate fell behind: its
// queue grew for the whole run, so its latency says how long the run was, not how fast the
// system is.
inline constexpr double kKeptUpShare = 0.95;

struct StreamCase {
  // Which run (copies, so the value outlives the runs it came from).
  std::string name;
  std::string workload;
  std::string variant;
  std::string params;  // formatted, as RunSummary::params
  std::vector<model::Param> paramValues;  // the same as values
  std::size_t runIndex = 0;  // its index in the runs analysed (SessionReport::runs)
  int threads = 1;
  int ranks = 1;
  int workers() const { return threads * ranks; }
  std::string query;        // "" without a query parameter
  double batch = 0;         // NaN without a batch parameter
  double windowUs = 0;      // NaN without a window_us parameter
  double offeredRate = 0;   // events/s; 0 in closed loop
  bool closedLoop() const { return !(offeredRate > 0); }

  std::size_t repetitions = 0;
  // Medians over the repetitions (NaN where the workload did not report one).
  double eventsPerSecond = 0;
  double eventsPerCpuSecond = 0;
  double queueOccupancy = 0;   // mean fraction of the queues' capacity in use
  double blockedFraction = 0;  // share of the producers' time blocked by backpressure
  double meanBatch = 0;
  // Heap allocations per event (allocations per execution / events), median over the
  // repetitions; NaN where allocations were not tracked (--no-alloc, a run under valgrind).
  double allocsPerEvent = 0;
  // The typical repetition's latency percentiles, µs (NaN where not reported).
  int typicalRepetition = 0;
  double p50Us = 0, p99Us = 0, p999Us = 0, maxUs = 0;
  // Open loop only: achieved below kKeptUpShare of the offered rate.
  bool fellBehind() const { return !closedLoop() && eventsPerSecond < kKeptUpShare * offeredRate; }
};

struct StreamPoint {
  std::size_t runIndex = 0;  // the case's run (SessionReport::runs)
  double offeredRate = 0;    // 0: closed loop
  double eventsPerSecond = 0;
  double p99Us = 0;
  bool closedLoop = false;
  bool fellBehind = false;
};

struct StreamCurve {
  std::string workload;
  std::string variant;
  std::string params;  // every parameter but `rate`, formatted
  std::vector<model::Param> paramValues;  // the same as values
  int threads = 1;
  int ranks = 1;
  int workers() const { return threads * ranks; }
  std::string query;
  double batch = 0;     // NaN without
  double windowUs = 0;  // NaN without
  // What tells it from the other curves analysed with it: "optimized · batch 8 · wait 50 µs"
  // (streamCurveLabels); the variant alone where nothing else differs.
  std::string label;
  // Sorted by offered rate, the closed-loop point last.
  std::vector<StreamPoint> points;
};

struct StreamAnalysis {
  // One per stream case: grouped by curve (in the order of each curve's first run), each
  // curve's by offered rate, closed loop last.
  std::vector<StreamCase> cases;
  std::vector<StreamCurve> curves;
};

// A stream case: ok, and every repetition reports events_per_s and latency_p99_us.
bool isStreamRun(const model::Run& run);

// The stream cases of `runs` and their curves (empty when there are none).
StreamAnalysis analyzeStream(const std::vector<model::Run>& runs);
// The same over runs held elsewhere (a scope's, uncopied); runIndex counts in `runs`.
StreamAnalysis analyzeStream(const std::vector<const model::Run*>& runs);

// The parameter a curve spreads along. The scope bar pins it like a family for the other
// views (stream's rate takes `max` beside numbers: scaling, regions, allocation then show the
// closed loop, one series per configuration), but a chart of curves needs every value of it.
inline constexpr const char* kOfferedRateParam = "rate";
// `scope` with the offered rate left open: the runs a stream chart of `scope` draws.
Scope streamScope(const Scope& scope);

// Each curve's label among `curves`: its variant, then what differs among the curves — the
// query, p, batch, wait (window_us), any other parameter as key:value — in that order.
std::vector<std::string> streamCurveLabels(const std::vector<StreamCurve>& curves);

}  // namespace tunelab::analysis
