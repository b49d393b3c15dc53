#pragma once

#include "tunelab/model/run.h"
#include "tunelab/profiler/harness.h"

namespace tunelab::profiler {

// Runs one case in a forked child process (the harness inside it, not isolated again) and
// returns its run. A child that dies by a signal is `crashed`, one that outlives the
// timeout is killed and `timeout`, one that runs out of its address-space limit is
// `failed` with "out of memory"; the parent process is never at risk.
model::Run runIsolated(const Case& c, const HarnessOptions& options);

}  // namespace tunelab::profiler
