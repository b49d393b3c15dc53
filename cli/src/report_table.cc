#include "report_table.h"

#include <fmt/core.h>

#include <csignal>

#include <string_view>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/report_format.h"
#include "common.h"

namespace tunelab::cli {

void printReport(std::FILE* out, const model::Session& session,
                 const std::vector<model::Run>& runs) {
  render::printReportTable(out, analysis::analyzeSession(session, runs), render::styleFor(out),
                          {render::layoutFor(out), {}});
  printMeasurementNotes(out, session);
}

void printMeasurementNotes(std::FILE* out, const model::Session& session) {
  constexpr std::string_view kKey = "allocation_tracking.";
  bool first = true;
  for (const auto& [key, value] : session.environment.extra) {
    if (key.compare(0, kKey.size(), kKey) != 0) continue;
    if (first) std::fputs("\nheap statistics:\n", out);
    first = false;
    std::fprintf(out, "  %s: allocation tracking %s\n", key.substr(kKey.size()).c_str(), value.c_str());
  }
}

int finishRun(store::Store& store, model::SessionId session, bool noReport, int stopSignal,
              std::size_t finishedRuns, std::size_t failedRuns) {
  if (!noReport) {
    auto stored = store.session(session);
    auto runs = store.runs(session);
    if (!stored) return reportError(stored.error());
    if (!runs) return reportError(runs.error());
    fmt::print("\n");
    printReport(stdout, *stored, *runs);
  }
  if (stopSignal != 0) {
    fmt::print(stderr, "tunelab: {}; the {} finished run(s) are stored in session {}.\n",
               stopSignal == SIGTERM ? "terminated (SIGTERM)" : "interrupted", finishedRuns, session.value());
    return stopSignal == SIGTERM ? kExitTerminated : kExitInterrupted;
  }
  return failedRuns > 0 ? kExitFailure : kExitOk;
}

}  // namespace tunelab::cli
