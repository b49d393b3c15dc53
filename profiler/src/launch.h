#pragma once

#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/profiler/harness.h"

namespace tunelab::profiler {

// Runs a case as its own program under a launcher — `mpirun -n R tunelab __case …` for MPI
// ranks, `valgrind --tool=callgrind … tunelab __case …` for simulated counts — and returns
// the run that the case's processes wrote back: one per MPI rank (identity.ranks of them, 1
// without MPI), merged (rank_merge.h). A rank that wrote nothing makes the case crashed,
// with the rank named (Case::command explains the protocol).
//
// The launched process gets its own process group, so a Ctrl-C at the terminal reaches only
// tunelab (which finishes the case in flight, as always) and a timeout kills the whole tree
// (mpirun and its ranks) at once. What the launched programs print goes to a log whose last
// lines become the reason when the case fails. `environment` adds variables (NAME=value).
model::Run runLaunched(const Case& c, const std::vector<std::string>& launcher,
                       const std::vector<std::string>& environment, const HarnessOptions& options);

}  // namespace tunelab::profiler
