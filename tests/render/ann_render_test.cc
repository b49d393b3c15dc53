// The "ANN" section of `tunelab report` in the terminal table, Markdown, JSON and the ann CSV
// view, on a fixed session of the ann workload: the exact variants (naive, gemm), pq and
// pq4fs over rerank, ivfpq over nprobe and rerank at p = 1, gemm and ivfpq also at p = 2, and
// a naive run on a second data set (n = 20000).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "golden.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/model/params.h"
#include "tunelab/render/report_format.h"
#include "tunelab/render/style.h"

namespace tunelab::render {
namespace {

using testing::expectGolden;

// An ann run of three repetitions: recall as given, q/s ±2 % around `qps`.
model::Run annRun(const std::string& variant, int threads, int nprobe, int rerank, double r1,
                  double rk, double qps, double bytes, double train, int n = 10000) {
  model::Run r;
  r.workload = "ann";
  r.variant = variant;
  r.params = {{"dataset", "synthetic"}, {"n", std::to_string(n)},    {"nq", "200"},
              {"d", "64"},              {"k", "10"},                 {"m", "16"},
              {"nlist", "64"},          {"nprobe", std::to_string(nprobe)},
              {"rerank", std::to_string(rerank)}, {"batch", "256"}, {"seed", "42"}};
  r.threads = threads;
  r.name = model::benchmarkName(r);
  const double spread[] = {0.98, 1.0, 1.02};
  for (int i = 0; i < 3; ++i) {
    model::Sample s;
    s.repetition = i;
    const double q = qps * spread[i];
    s.wallSeconds = 200 / q;
    s.cpuSeconds = s.wallSeconds * threads;
    s.metrics = {{"recall_at_1", r1, ""},
                 {"recall_at_k", rk, ""},
                 {"qps", q, "queries/s"},
                 {"qps_per_core", q / threads, "queries/s"},
                 {"ms_per_query", 1e3 / q, "ms"},
                 {"bytes_per_vector", bytes, "B"},
                 {"train_seconds", train, "s"},
                 {"encode_seconds", train / 10, "s"},
                 {"distance_evaluations", 2e6, ""}};
    r.samples.push_back(s);
  }
  return r;
}

analysis::SessionReport session() {
  model::Session s;
  s.id = model::SessionId(21);
  s.label = "ann";
  s.status = model::SessionStatus::Complete;
  s.startedAt = "2026-12-08T00:00:00.000Z";
  s.environment.host = "host";
  s.environment.cpuModel = "cpu";
  s.environment.logicalCores = 2;
  s.environment.compiler = "GNU 12.2.0";
  s.environment.buildType = "Release";
  std::vector<model::Run> runs = {
      annRun("naive", 1, 8, 4, 1.0, 1.0, 310, 256, 0),
      annRun("gemm", 1, 8, 4, 1.0, 1.0, 4200, 256, 0),
      annRun("gemm", 2, 8, 4, 1.0, 1.0, 7900, 256, 0),
      annRun("pq", 1, 8, 0, 0.42, 0.38, 9100, 16, 0.61),
      annRun("pq", 1, 8, 4, 0.93, 0.9, 6800, 16, 0.61),
      annRun("pq4fs", 1, 8, 0, 0.31, 0.29, 31000, 8, 0.35),
      annRun("pq4fs", 1, 8, 4, 0.9, 0.86, 14500, 8, 0.35),
      annRun("ivfpq", 1, 1, 4, 0.55, 0.52, 52000, 8, 0.48),
      annRun("ivfpq", 1, 8, 4, 0.91, 0.88, 16000, 8, 0.48),
      annRun("ivfpq", 1, 8, 8, 0.96, 0.95, 11800, 8, 0.48),
      annRun("ivfpq", 2, 8, 4, 0.91, 0.88, 29500, 8, 0.48),
      annRun("naive", 1, 8, 4, 1.0, 1.0, 150, 256, 0, 20000),
  };
  return analysis::analyzeSession(s, runs);
}

TEST(AnnRender, TerminalTableFits100Columns) {
  ReportOptions options;
  options.view = ReportView::Ann;
  options.layout.width = 100;
  const std::string table = reportTable(session(), Style{}, options);
  const auto at = table.find("ANN on");
  ASSERT_NE(at, std::string::npos) << table;
  expectGolden(table.substr(at), "ann_table.txt");
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);)
    EXPECT_LE(displayWidth(line), 100u) << line;
  // One table, not stacked halves: every row's figures beside its variant and knobs.
  EXPECT_EQ(table.find("\nANN ", table.find("front")), table.find("\nANN on n:20000"));
}

TEST(AnnRender, Markdown) {
  const std::string md = reportMarkdown(session());
  const auto at = md.find("##### ANN");
  ASSERT_NE(at, std::string::npos) << md;
  expectGolden(md.substr(at), "ann.md");
}

TEST(AnnRender, JsonAndCsv) {
  const auto j = nlohmann::ordered_json::parse(reportJson(session()));
  expectGolden(j["ann"].dump(2) + "\n", "ann.json");
  std::ostringstream csv;
  writeReportCsv(csv, ReportView::Ann, session());
  expectGolden(csv.str(), "ann.csv");
}

TEST(AnnRender, TheFrontIsMarkedWhereNothingIsBetter) {
  const auto j = nlohmann::json::parse(reportJson(session()));
  std::vector<std::string> front;
  for (const auto& c : j["ann"]["cases"])
    if (c["pareto"]) front.push_back(c["name"]);
  // p = 1, n = 10000: gemm (exact, fastest exact), ivfpq rerank 8, ivfpq nprobe 8 rerank 4,
  // ivfpq nprobe 1; pq, pq4fs and naive are beaten. p = 2: both. n = 20000: naive alone.
  EXPECT_EQ(front.size(), 7u) << j["ann"]["cases"].dump(1);
  for (const auto& name : front) EXPECT_EQ(name.find("/pq/"), std::string::npos) << name;
}

TEST(AnnRender, NoAnnRunsNoSection) {
  model::Session s;
  model::Run run;
  run.workload = "kmeans";
  run.variant = "serial";
  run.name = model::benchmarkName(run);
  run.samples = {model::Sample{}};
  run.samples[0].wallSeconds = 0.01;
  const auto r = analysis::analyzeSession(s, {run});
  EXPECT_EQ(reportTable(r, Style{}).find("ANN"), std::string::npos);
  EXPECT_EQ(reportMarkdown(r).find("ANN"), std::string::npos);
  const auto j = nlohmann::json::parse(reportJson(r));
  EXPECT_TRUE(j["ann"]["cases"].empty());
  EXPECT_TRUE(j["ann"]["series"].empty());
}

}  // namespace
}  // namespace tunelab::render
