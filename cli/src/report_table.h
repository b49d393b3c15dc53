#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::cli {

// The terminal report of a session: a header, one line per run with the median time, its
// spread, CPU utilization, speedup and efficiency (where the series has a p = 1 run) and
// the workload's metrics, then the failures with their reasons.
void printReport(std::FILE* out, const model::Session& session, const std::vector<model::Run>& runs);

}  // namespace tunelab::cli
