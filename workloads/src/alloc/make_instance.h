#pragma once

// The alloc workload's cases, declared: the definition (alloc_instance.h) is instantiated
// once per allocator in alloc_instances_*.cc, so the dispatch in alloc_workload.cc stays
// cheap to compile and the instantiations build in parallel.
#include <memory>

#include "patterns.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads::alloc {

// How a pattern touches its blocks: `lines` writes and reads a word of every cache line
// (every page of a large buffer); `none` leaves them alone, so that what remains is the
// allocator and the trace's bookkeeping — the allocator-bound view of microbenchmarks.
enum class Touch { Lines, None };

// Builds the case for allocator type A (Locked<A> where blocks must cross threads), takes
// its baselines and runs it once untimed.
template <class A>
model::Result<std::unique_ptr<Instance>> makeInstance(Pattern pattern, Touch touch,
                                                      const CaseConfig& config);

}  // namespace tunelab::workloads::alloc
