// The "stream" section of `tunelab report` in the terminal table, Markdown, JSON and the
// stream CSV view, on a fixed session of the stream workload: the score query with dynamic
// batching (batch 1 and 32, wait 0 and 50 µs) at two offered rates and in closed loop, a naive
// variant that falls behind at the higher rate, a threaded one at p = 2, and one passthrough
// case in closed loop.
#include <gtest/gtest.h>

#include <algorithm>
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

// A stream run of three repetitions: achieved `events` per second (±1 %), a p99 of `p99` µs
// in the typical repetition (the middle wall time), p50 a quarter of it, p99.9 twice, max 6×.
model::Run streamRun(const std::string& variant, const std::string& query, int threads, int batch,
                     int windowUs, long rate, double events, double p99) {
  model::Run r;
  r.workload = "stream";
  r.variant = variant;
  r.params = {{"query", query},          {"events", "200000"},
              {"rate", rate ? std::to_string(rate) : std::string("max")}, {"batch", std::to_string(batch)},
              {"window_us", std::to_string(windowUs)}, {"window_ms", "10"},
              {"seed", "42"}};
  r.threads = threads;
  r.name = model::benchmarkName(r);
  const double walls[] = {0.101, 0.100, 0.104};
  const double spread[] = {0.99, 1.0, 1.01};
  const double tail[] = {1.3, 1.0, 0.8};
  for (int i = 0; i < 3; ++i) {
    model::Sample s;
    s.repetition = i;
    s.wallSeconds = walls[i];
    s.cpuSeconds = walls[i] * threads;
    const double e = events * spread[i], p = p99 * tail[i];
    s.metrics = {{"events_per_s", e, "events/s"},
                 {"events_per_cpu_s", e / threads / 0.9, "events/s"},
                 {"offered_rate", static_cast<double>(rate), "events/s"},
                 {"latency_p50_us", p / 4, "µs"},
                 {"latency_p99_us", p, "µs"},
                 {"latency_p999_us", p * 2, "µs"},
                 {"latency_max_us", p * 6, "µs"},
                 {"queue_occupancy", rate == 0 ? 0.9 : e < 0.95 * rate ? 1.0 : 0.05, ""},
                 {"blocked_fraction", rate == 0 ? 0.35 : 0.0, ""},
                 {"mean_batch", windowUs > 0 ? std::max(1.0, batch * 0.8) : batch == 1 ? 1.0 : 3.5, ""},
                 {"windows", 20, ""},
                 {"checksum", 987654321, ""}};
    r.samples.push_back(s);
  }
  return r;
}

analysis::SessionReport session() {
  model::Session s;
  s.id = model::SessionId(9);
  s.label = "stream";
  s.status = model::SessionStatus::Complete;
  s.startedAt = "2026-12-08T00:00:00.000Z";
  s.environment.host = "host";
  s.environment.cpuModel = "cpu";
  s.environment.logicalCores = 2;
  s.environment.compiler = "GNU 12.2.0";
  s.environment.buildType = "Release";
  std::vector<model::Run> runs;
  for (int batch : {1, 32})
    for (int wait : {0, 50})
      for (long rate : {20000L, 100000L, 0L}) {
        // Batching buys throughput; waiting for a batch to fill costs latency at low load.
        const double top = batch == 1 ? 180000 : wait ? 900000 : 650000;
        const double events = rate ? std::min<double>(rate, top) : top;
        const double p99 = rate == 0 ? 4000 + 50 * batch : 40 + wait * (rate == 20000 ? 1.6 : 0.6) + batch;
        runs.push_back(streamRun("optimized", "score", 1, batch, wait, rate, events, p99));
      }
  runs.push_back(streamRun("naive", "score", 1, 1, 0, 20000, 19950, 310));
  runs.push_back(streamRun("naive", "score", 1, 1, 0, 100000, 61000, 1.8e6));
  runs.push_back(streamRun("naive", "score", 1, 1, 0, 0, 62000, 21000));
  runs.push_back(streamRun("threads", "score", 2, 32, 50, 100000, 100000, 95));
  runs.push_back(streamRun("threads", "score", 2, 32, 50, 0, 1.4e6, 5200));
  runs.push_back(streamRun("optimized", "passthrough", 1, 1, 0, 0, 3.1e6, 900));
  return analysis::analyzeSession(s, runs);
}

TEST(StreamRender, TerminalTableFits120Columns) {
  ReportOptions options;
  options.view = ReportView::Stream;
  const std::string table = reportTable(session(), Style{}, options);
  const auto at = table.find("event stream");
  ASSERT_NE(at, std::string::npos) << table;
  expectGolden(table.substr(at), "stream_table.txt");
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);)
    EXPECT_LE(displayWidth(line), 120u) << line;
}

TEST(StreamRender, Markdown) {
  const std::string md = reportMarkdown(session());
  const auto at = md.find("##### Stream");
  ASSERT_NE(at, std::string::npos) << md;
  expectGolden(md.substr(at), "stream.md");
}

TEST(StreamRender, JsonAndCsv) {
  const auto j = nlohmann::ordered_json::parse(reportJson(session()));
  expectGolden(j["stream"].dump(2) + "\n", "stream.json");
  std::ostringstream csv;
  writeReportCsv(csv, ReportView::Stream, session());
  expectGolden(csv.str(), "stream.csv");
}

TEST(StreamRender, NoStreamRunsNoSection) {
  model::Session s;
  model::Run run;
  run.workload = "kmeans";
  run.variant = "serial";
  run.name = model::benchmarkName(run);
  run.samples = {model::Sample{}};
  run.samples[0].wallSeconds = 0.01;
  const auto r = analysis::analyzeSession(s, {run});
  EXPECT_EQ(reportTable(r, Style{}).find("event stream"), std::string::npos);
  EXPECT_EQ(reportMarkdown(r).find("Stream"), std::string::npos);
  const auto j = nlohmann::json::parse(reportJson(r));
  EXPECT_TRUE(j["stream"]["cases"].empty());
  EXPECT_TRUE(j["stream"]["curves"].empty());
}

}  // namespace
}  // namespace tunelab::render
