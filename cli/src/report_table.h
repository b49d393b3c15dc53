#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::cli {

// The terminal report of a session (render::printReportTable of analysis::analyzeSession),
// in colour when `out` is a terminal.
void printReport(std::FILE* out, const model::Session& session, const std::vector<model::Run>& runs);

// What a session says it could not measure (`tunelab run -- COMMAND`: the runs whose heap
// could not be tracked, and why), after the terminal report; nothing when there is none.
void printMeasurementNotes(std::FILE* out, const model::Session& session);

}  // namespace tunelab::cli
