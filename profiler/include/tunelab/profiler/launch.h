#pragma once

// The two ends of running a case as its own program (Case::command): the harness starts
// `launcher… command…` with TUNELAB_CASE_OUT naming a file, and each process of the case
// (each MPI rank; one without MPI) writes its run beside it with writeCaseResult(); the
// harness merges the ranks' runs (rank_merge.h).

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

// Where rank `rank` of a launched case writes its run: `base`.rank<rank>, base being
// $TUNELAB_CASE_OUT.
std::string rankResultPath(const std::string& base, int rank);

// Writes the run to rankResultPath($TUNELAB_CASE_OUT, launchedRank()), via a temporary name
// renamed when complete, so the harness never reads half a file. Every rank writes its own:
// each measured only its own process.
model::Status writeCaseResult(const model::Run& run);

// This program's own path (/proc/self/exe), for commands that start it again.
std::string selfExecutable();

}  // namespace tunelab::profiler
