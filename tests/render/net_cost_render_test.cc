// The "net of the loop" section of `tunelab report` in the terminal table, Markdown, JSON and
// the net-cost CSV view, on a fixed session of the alloc workload: a floor (`null`) and
// three allocators on fixed-churn (7 repetitions each: intervals), two on mixed-small where
// the fastest is within the noise of the floor (no ratio interval), and on phase with 5 (no
// intervals, and an arena that skips the teardown walk: below the floor).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "golden.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/model/params.h"
#include "tunelab/render/report_format.h"

namespace tunelab::render {
namespace {

using testing::expectGolden;

// `ns` per operation in each repetition: ops_per_s = 1e9 / ns; wall time 1 ms.
model::Run allocRun(const std::string& variant, const std::string& pattern,
                    const std::vector<double>& ns) {
  model::Run r;
  r.workload = "alloc";
  r.variant = variant;
  r.params = {{"pattern", pattern}, {"touch", "lines"}};
  r.threads = 1;
  r.name = model::benchmarkName(r);
  for (std::size_t i = 0; i < ns.size(); ++i) {
    model::Sample s;
    s.repetition = static_cast<int>(i);
    s.wallSeconds = s.cpuSeconds = 1e-3 * (1 + 0.01 * static_cast<double>(i % 3));
    s.metrics = {{"ops_per_s", 1e9 / ns[i], "op/s"}};
    if (variant == "null") s.metrics.push_back({"loop_floor", 1, ""});
    r.samples.push_back(s);
  }
  return r;
}

analysis::SessionReport session() {
  model::Session s;
  s.id = model::SessionId(7);
  s.label = "net";
  s.status = model::SessionStatus::Complete;
  s.startedAt = "2026-12-06T00:00:00.000Z";
  s.environment.host = "host";
  s.environment.cpuModel = "cpu";
  s.environment.logicalCores = 2;
  s.environment.compiler = "GNU 12.2.0";
  s.environment.buildType = "Release";
  const std::vector<model::Run> runs = {
      allocRun("null", "fixed-churn", {1.10, 1.12, 1.09, 1.15, 1.11, 1.13, 1.10}),
      allocRun("glibc", "fixed-churn", {5.6, 5.4, 5.9, 5.5, 5.7, 5.5, 6.3}),
      allocRun("tcmalloc", "fixed-churn", {3.0, 2.9, 3.1, 3.0, 3.2, 2.95, 3.05}),
      allocRun("object-pool", "fixed-churn", {1.40, 1.38, 1.45, 1.41, 1.39, 1.42, 1.60}),
      // An object pool within the noise of its floor: its net interval crosses 0, so the
      // ratios to it have no upper bound and no interval.
      allocRun("null", "mixed-small", {2.0, 2.1, 1.9, 2.0, 2.05, 1.95, 2.0}),
      allocRun("object-pool", "mixed-small", {2.02, 1.98, 2.1, 2.0, 2.06, 2.04, 2.03}),
      allocRun("tcmalloc", "mixed-small", {4.0, 4.1, 3.9, 4.0, 4.2, 4.05, 4.0}),
      allocRun("null", "phase", {6.5, 6.6, 6.4, 6.7, 6.5}),
      allocRun("glibc", "phase", {70, 72, 69, 75, 71}),
      allocRun("arena", "phase", {6.1, 6.3, 6.0, 6.2, 6.4}),
  };
  return analysis::analyzeSession(s, runs);
}

TEST(NetCostRender, TerminalTable) {
  const std::string table = reportTable(session(), Style{});
  const auto at = table.find("net of the loop");
  ASSERT_NE(at, std::string::npos) << table;
  expectGolden(table.substr(at), "net_cost_table.txt");
}

TEST(NetCostRender, Markdown) {
  const std::string md = reportMarkdown(session());
  const auto at = md.find("##### Net of the loop");
  ASSERT_NE(at, std::string::npos) << md;
  expectGolden(md.substr(at), "net_cost.md");
}

TEST(NetCostRender, JsonAndCsv) {
  const auto j = nlohmann::ordered_json::parse(reportJson(session()));
  expectGolden(j["net_cost"].dump(2) + "\n", "net_cost.json");
  std::ostringstream csv;
  writeReportCsv(csv, ReportView::NetCost, session());
  expectGolden(csv.str(), "net_cost.csv");
}

TEST(NetCostRender, NoFloorNoSection) {
  model::Session s;
  const auto r = analysis::analyzeSession(s, {allocRun("glibc", "phase", {70, 72, 69})});
  EXPECT_EQ(reportTable(r, Style{}).find("net of the loop"), std::string::npos);
  EXPECT_EQ(reportMarkdown(r).find("Net of the loop"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(reportJson(r))["net_cost"].empty());
}

}  // namespace
}  // namespace tunelab::render
