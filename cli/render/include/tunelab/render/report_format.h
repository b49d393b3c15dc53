#pragma once

// The outputs of `tunelab report` (and `tunelab export --view` for the report views), each a
// rendering of one analysis::SessionReport value:
//   table     the terminal: runs, what the profiler saw, derived counters, scaling with
//             Karp–Flatt and the Amdahl fit, weak scaling, complexity, heap utilization,
//             cost per operation net of the loop (where a floor variant ran), event-stream
//             throughput and latency percentiles (where stream runs are), nearest-neighbour
//             recall, queries/s and the recall–q/s Pareto front (where ann runs are)
//   markdown  the same sections as GitHub tables
//   json      everything, for scripts (NaN as null)
//   csv       one view per call, with a stable header (docs/SCHEMA.md, "Report views")

#include <cstdio>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "tunelab/analysis/session_report.h"
#include "tunelab/render/style.h"
#include "tunelab/render/table.h"

namespace tunelab::render {

// The CSV views computed by the analysis (the raw ones — samples, counters … — are the
// store's). Columns are only ever appended.
enum class ReportView {
  Summary,
  Scaling,
  WeakScaling,
  Complexity,
  Allocation,
  Utilization,
  Derived,
  NetCost,  // "net-cost": each run's cost per operation less its floor's (analysis/net_cost.h)
  Stream,    // "stream": each event-stream case's throughput and latency (analysis/stream.h)
  Ann        // "ann": each nearest-neighbour case's recall and q/s, Pareto front (analysis/ann.h)
};
// What a rendering shows: every section, or one view's (`tunelab report --view`), and how wide
// the terminal table may be.
struct ReportOptions {
  Layout layout;                   // the terminal table only
  std::optional<ReportView> view;  // only this view's sections; all when empty
};

// The terminal report: a header, then one section per workload (only the columns that have a
// value, parameters every run of the workload shares stated once, tables split to the width).
void printReportTable(std::FILE* out, const analysis::SessionReport& report, const Style& style,
                      const ReportOptions& options = {});
std::string reportTable(const analysis::SessionReport& report, const Style& style,
                        const ReportOptions& options = {});
std::string reportMarkdown(const analysis::SessionReport& report,
                           const ReportOptions& options = {});
// With a view: the session, then only that view's key ("runs", "scaling", …).
std::string reportJson(const analysis::SessionReport& report, const ReportOptions& options = {});

std::span<const std::string_view> reportViewNames();  // "summary", "scaling", "weak-scaling" …
bool reportViewFromString(std::string_view name, ReportView& view);
void writeReportCsv(std::ostream& out, ReportView view, const analysis::SessionReport& report);

}  // namespace tunelab::render
