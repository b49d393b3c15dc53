#pragma once

#include "tunelab/model/run.h"

namespace tunelab::profiler {

// Counts every heap allocation of the process between start and stop, from any thread:
// malloc, calloc, realloc, aligned_alloc, posix_memalign, memalign, free, and C++ new/delete
// in all forms. The counting hooks live in the tunelab::alloc_hooks object library, which
// a program links to enable tracking (tunelab does); without it, available() is false and
// stop() returns nothing.
bool allocTrackingAvailable() noexcept;
void allocTrackingStart() noexcept;
// allocations, frees, bytes (requested), peak live bytes (of what was allocated since start)
//
// Live and peak bytes are in usable sizes (malloc_usable_size), the only size a free can
// know without a header per block, so a block counts the same going in and coming out; they
// may exceed the requested bytes by the allocator's rounding. Live bytes start at 0 at
// start(): a free of a block allocated before start() lowers them, so the peak is the high
// point of the growth since start(). realloc of a block counts as one free of the old block
// and one allocation of the new one, moved or not (as heaptrack counts it), so the counts do
// not depend on where glibc happened to have room. Calls racing with start() or stop() in
// other threads may or may not be counted.
model::AllocStats allocTrackingStop() noexcept;

namespace detail {
// The seam between the profiler and tunelab::alloc_hooks: the hooks define these; the
// profiler references them weakly, so allocTrackingAvailable() is true exactly when the hooks
// are linked (and not compiled out by a sanitizer, which owns malloc itself).
void allocHooksStart() noexcept;
model::AllocStats allocHooksStop() noexcept;
}  // namespace detail

}  // namespace tunelab::profiler
