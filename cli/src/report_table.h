#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"
#include "tunelab/store/store.h"

namespace tunelab::cli {

// The terminal report of a session (render::printReportTable of analysis::analyzeSession),
// in colour when `out` is a terminal.
void printReport(std::FILE* out, const model::Session& session, const std::vector<model::Run>& runs);

// What a session says it could not measure (`tunelab run -- COMMAND`: the runs whose heap
// could not be tracked, and why), after the terminal report; nothing when there is none.
void printMeasurementNotes(std::FILE* out, const model::Session& session);

// The end of a `tunelab run` of any kind: the stored session's report on stdout unless
// `noReport`; then the exit status — after a stop signal (`stopSignal` ≠ 0: SIGINT or
// SIGTERM) a line on stderr saying how many finished runs are stored and 130 or 143, else 1
// when a run failed, else 0. A store error reading the session back is reported (exit 2).
int finishRun(store::Store& store, model::SessionId session, bool noReport, int stopSignal,
              std::size_t finishedRuns, std::size_t failedRuns);

}  // namespace tunelab::cli
