#pragma once

// One case run as MPI ranks is one measurement: every rank writes the run it measured
// (writeCaseResult), and the parent merges them, repetition by repetition, into the case's
// samples. The conventions are the ones a threaded case already has, where the kernel and the
// probe sum over threads:
//   wall time      the slowest rank's: the case is done when its last rank is (the ranks end
//                  each repetition in the same collective, so their walls differ only by
//                  when each started its repetition, and the slowest one spans them all)
//   CPU time       summed: CPU/wall of R busy ranks reads ≈ R, as for R threads
//   counters       values, time enabled and time running summed (see mergeCounter)
//   allocations    counts and bytes summed; peak live bytes summed too, which is an upper
//                  bound: the ranks' peaks need not fall at the same moment
//   regions        seconds and entries summed per name, as over threads (a region run by R
//                  ranks at once counts R times; its share of wall time can exceed 100 %)
//   metrics        rank 0's: a workload's metrics describe the global result (k-means' ranks
//                  agree on inertia, iterations …), and summing them would be wrong
//   threads        (--per-thread) every rank's threads, rank 0's first, numbered on
// and, to keep the per-rank view that sums lose, with more than one rank:
//   metric `rank_cpu_imbalance`  busiest rank's CPU time / the ranks' mean (1: balanced)
//   series `rank_cpu`            CPU seconds per execution of each rank (x: the rank)
// CPU time, not wall time: the ranks' walls are alike by construction (they end together).
// It measures CPU use, not useful work: MPI implementations poll while a rank waits
// (OpenMPI spins), so a rank that waits for a slower one burns about as much CPU, and the
// imbalance reads near 1. It shows ranks starved of a core (more ranks than cores, a noisy
// neighbour) or idle on purpose; the workload's regions summed over ranks (k-means' `assign`
// against `exchange`) tell computing from waiting.

#include <vector>

#include "tunelab/model/run.h"

namespace tunelab::profiler {

inline constexpr const char* kRankImbalanceMetric = "rank_cpu_imbalance";
inline constexpr const char* kRankCpuSeries = "rank_cpu";

// An event summed over ranks. Each rank's value is already scaled by its own time enabled /
// time running, so the sum of values is the estimate for the whole case; enabled and running
// are summed as well, so a case where any rank was multiplexed still shows running < enabled.
// Unsupported on any rank → unsupported (a partial sum would look like a low count), with
// that rank's reason.
model::CounterValue mergeCounter(const std::vector<const model::CounterValue*>& perRank);

// Merges the runs ranks[0], ranks[1] … wrote, rank by rank, into status, reason and samples
// (the identity fields are ranks[0]'s; the caller keeps its own). A rank that failed makes
// the case fail with that rank's status and reason, prefixed "rank R: " when there are
// several; ranks that disagree on the repetitions or iterations they ran fail the case
// (they fell out of step). One rank: returned as it is.
model::Run mergeRanks(std::vector<model::Run> ranks);

}  // namespace tunelab::profiler
