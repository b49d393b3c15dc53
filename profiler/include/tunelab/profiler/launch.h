#pragma once

// The two ends of running a case as its own program (Case::command): the harness starts
// `launcher… command…` with TUNELAB_CASE_OUT naming a file, and the case's process writes
// its run there with writeCaseResult().

#include <string>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"

namespace tunelab::profiler {

inline constexpr const char* kCaseOutputEnv = "TUNELAB_CASE_OUT";

// The launcher that starts `ranks` MPI ranks on this machine: OpenMPI's mpirun, with
// --oversubscribe where there are more ranks than logical cores.
std::vector<std::string> mpiLauncher(int ranks, int logicalCores);

// The rank of this process in MPI_COMM_WORLD as the launcher announced it in the
// environment (OpenMPI, MPICH/Hydra, PMIx), read without initializing MPI; 0 when the
// process was not launched as a rank.
int launchedRank();

// Writes the run to the file named by $TUNELAB_CASE_OUT (via a temporary name, renamed
// when complete). Ranks other than 0 write nothing: rank 0 speaks for the case.
model::Status writeCaseResult(const model::Run& run);

// This program's own path (/proc/self/exe), for commands that start it again.
std::string selfExecutable();

}  // namespace tunelab::profiler
