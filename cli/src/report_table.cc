#include "report_table.h"

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/report_format.h"

namespace tunelab::cli {

void printReport(std::FILE* out, const model::Session& session,
                 const std::vector<model::Run>& runs) {
  render::printReportTable(out, analysis::analyzeSession(session, runs), render::styleFor(out),
                          {render::layoutFor(out), {}});
}

}  // namespace tunelab::cli
