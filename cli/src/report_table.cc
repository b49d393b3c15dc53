#include "report_table.h"

#include <string_view>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/report_format.h"

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

}  // namespace tunelab::cli
