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

}  // namespace tunelab::cli
