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
model::AllocStats allocTrackingStop() noexcept;

}  // namespace tunelab::profiler
