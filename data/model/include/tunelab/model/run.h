#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tunelab/model/id.h"

namespace tunelab::model {

// ok: every repetition finished. failed: the workload refused or threw (reason says why).
// timeout / crashed: the isolated child hung or died.
enum class RunStatus { Ok, Failed, Timeout, Crashed };

struct Param {
  std::string key;
  std::string value;
  friend bool operator==(const Param&, const Param&) = default;
};

// One hardware or software event of one sample. `value` is empty when the event could not
// be read here: unsupported is not zero, and `reason` says why.
struct CounterValue {
  std::string event;
  std::optional<double> value;  // scaled by timeEnabled/timeRunning when multiplexed
  std::int64_t timeEnabledNs = 0;
  std::int64_t timeRunningNs = 0;
  bool simulated = false;  // from valgrind, not from the PMU
  std::string reason;      // why unsupported; empty when value is set
  bool supported() const { return value.has_value(); }
  friend bool operator==(const CounterValue&, const CounterValue&) = default;
};

// Heap activity during one sample. poolBytes (P) and allocatedBytes (Σaᵢ) only exist for
// allocators that report them.
struct AllocStats {
  std::int64_t allocations = 0;
  std::int64_t frees = 0;
  std::int64_t bytes = 0;
  std::int64_t peakLiveBytes = 0;
  std::optional<std::int64_t> poolBytes;
  std::optional<std::int64_t> allocatedBytes;
  friend bool operator==(const AllocStats&, const AllocStats&) = default;
};

// Time spent in one region (TUNELAB_REGION) during one sample: summed over every entry, on
// every thread (and MPI rank) that entered it, so a region run by p threads at once counts p
// times.
struct RegionStat {
  std::string name;
  double seconds = 0;
  std::int64_t entries = 0;
  // With --region-counters: the events counted by the threads inside the region, summed
  // over its entries; unsupported ones with the reason.
  std::vector<CounterValue> counters = {};
  friend bool operator==(const RegionStat&, const RegionStat&) = default;
};

// Anything a workload reports about its result: inertia, GFLOP/s, residual …
struct Metric {
  std::string name;
  double value = 0;
  std::string unit;
  friend bool operator==(const Metric&, const Metric&) = default;
};

// A curve a workload reports about one execution: inertia per iteration, utilization R
// over the allocation trace … `x` and `y` have the same length; `xName` says what x counts.
struct Series {
  std::string name;
  std::string unit;   // of y
  std::string xName;  // "iteration", "operation" …
  std::vector<double> x;
  std::vector<double> y;
  friend bool operator==(const Series&, const Series&) = default;
};

// One thread of the measured process during one sample (the per-thread mode): its CPU time
// and, where counters were requested, its own counts. `thread` numbers the threads in the
// order of their kernel ids (0 is the main thread); for MPI ranks, rank 0's threads come
// first, then rank 1's, numbered on.
struct ThreadStat {
  int thread = 0;
  double cpuSeconds = 0;
  std::vector<CounterValue> counters = {};
  friend bool operator==(const ThreadStat&, const ThreadStat&) = default;
};

// One repetition of a run. Times are per iteration (one execution of the case), like
// Google Benchmark's real_time and cpu_time; cpu time is the whole process, all threads.
// Counters, allocation stats and regions are totals over the sample's `iterations`. A run of
// several MPI ranks sums them over its ranks too (wall time: the slowest rank's; see
// profiler/rank_merge.h).
struct Sample {
  SampleId id;
  int repetition = 0;
  // Its place in the session's execution order (0, 1, …): with interleaved repetitions the
  // samples of one run are not consecutive, and drift shows only in this order. −1: not
  // recorded (older sessions, imports).
  std::int64_t position = -1;
  std::int64_t iterations = 1;
  double wallSeconds = 0;
  double cpuSeconds = 0;
  std::vector<CounterValue> counters = {};
  std::optional<AllocStats> alloc;
  std::vector<Metric> metrics;
  std::vector<RegionStat> regions;
  std::vector<Series> series;       // of the last execution of the repetition
  std::vector<ThreadStat> threads;  // per-thread mode only; empty otherwise
  friend bool operator==(const Sample&, const Sample&) = default;
};

// One case of a session: a workload variant with parameters and a thread/rank count.
struct Run {
  RunId id;
  SessionId session;
  std::string name;  // benchmark name, e.g. kmeans/lloyd-serial/n:20000/d:8/k:8/threads:1
  std::string workload;
  std::string variant;
  std::vector<Param> params;  // in the workload's declared order
  int threads = 1;
  int ranks = 1;
  RunStatus status = RunStatus::Ok;
  std::string reason;  // why the run did not succeed; empty when ok
  std::vector<Sample> samples;
  // Regions entered while the case was prepared, once per run, before its first sample (an
  // index trained and filled, a data set loaded): not part of any sample's time.
  std::vector<RegionStat> setupRegions = {};
  friend bool operator==(const Run&, const Run&) = default;
};

}  // namespace tunelab::model
