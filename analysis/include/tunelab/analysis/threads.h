#pragma once

// The per-thread mode's data turned into load balance: how much busier the busiest worker
// was than the average one. A parallel step ends when its slowest thread does, so an
// imbalance of 1.25 caps the efficiency at 80 % whatever else is done.

#include <span>
#include <vector>

#include "tunelab/analysis/statistics.h"
#include "tunelab/model/run.h"

namespace tunelab::analysis {

// max / mean of the CPU time of the `workers` busiest threads of one sample (the workers of
// the case; the process may have idle helper threads too). 1 is perfect balance. NaN with
// no thread data, fewer threads than workers, or no CPU time at all; 1 for one worker.
double loadImbalance(std::span<const model::ThreadStat> threads, int workers);

struct ThreadSummary {
  bool available = false;          // every repetition has per-thread data
  Summary imbalance;               // over the repetitions
  std::vector<double> cpuPerExecution;  // per thread, median over the repetitions, seconds
};

// Over a run's repetitions; workers = threads × ranks of the run.
ThreadSummary summarizeThreads(const model::Run& run);

}  // namespace tunelab::analysis
