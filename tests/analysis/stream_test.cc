#include "tunelab/analysis/stream.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_runs.h"
#include "tunelab/analysis/scope.h"
#include "tunelab/analysis/session_report.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

// What one repetition of a stream run reported.
struct Rep {
  double wall;      // s
  double events;    // events/s achieved
  double p99;       // µs; p50 = p99 / 4, p99.9 = 2 × p99, max = 5 × p99
};

// A run of the stream workload: `rate` 0 is the closed loop (rate=max).
model::Run streamRun(const std::string& variant, const std::string& query, int threads,
                     int batch, int windowUs, double rate, const std::vector<Rep>& reps,
                     const std::string& workload = "stream") {
  std::vector<double> wall;
  for (const auto& r : reps) wall.push_back(r.wall);
  auto run = makeRun(workload, variant,
                     {{"query", query},
                      {"events", "100000"},
                      {"rate", rate > 0 ? std::to_string(static_cast<long long>(rate)) : "max"},
                      {"batch", std::to_string(batch)},
                      {"window_us", std::to_string(windowUs)},
                      {"seed", "42"}},
                     threads, wall);
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const auto& r = reps[i];
    run.samples[i].metrics = {{"events_per_s", r.events, "events/s"},
                              {"events_per_cpu_s", r.events / threads, "events/s"},
                              {"offered_rate", rate, "events/s"},
                              {"latency_p50_us", r.p99 / 4, "µs"},
                              {"latency_p99_us", r.p99, "µs"},
                              {"latency_p999_us", r.p99 * 2, "µs"},
                              {"latency_max_us", r.p99 * 5, "µs"},
                              {"queue_occupancy", 0.1 * static_cast<double>(i + 1), ""},
                              {"blocked_fraction", 0.0, ""},
                              {"mean_batch", static_cast<double>(batch), ""},
                              {"windows", 10, ""},
                              {"checksum", 12345, ""}};
    model::Series cdf;
    cdf.name = "latency";
    cdf.xName = "µs";
    cdf.x = {r.p99 / 4, r.p99, r.p99 * 5};
    cdf.y = {0.5, 0.99, 1.0};
    run.samples[i].series = {cdf};
  }
  return run;
}

// Three repetitions around a rate: the typical one (median wall) is the second.
std::vector<Rep> threeReps(double events, double p99) {
  return {{0.10, events * 0.98, p99 * 3}, {0.11, events, p99}, {0.13, events * 1.01, p99 * 0.5}};
}

const StreamCase* findCase(const StreamAnalysis& a, const std::string& variant, int batch,
                           int windowUs, double rate) {
  for (const auto& c : a.cases)
    if (c.variant == variant && c.batch == batch && c.windowUs == windowUs && c.offeredRate == rate)
      return &c;
  return nullptr;
}

TEST(Stream, ARowPerCaseWithTheMedianThroughputAndTheTypicalRepetitionsPercentiles) {
  const auto a = analyzeStream({streamRun("optimized", "score", 1, 8, 50, 20000,
                                          threeReps(20000, 300))});
  ASSERT_EQ(a.cases.size(), 1u);
  const auto& c = a.cases.front();
  EXPECT_EQ(c.workload, "stream");
  EXPECT_EQ(c.variant, "optimized");
  EXPECT_EQ(c.query, "score");
  EXPECT_EQ(c.batch, 8);
  EXPECT_EQ(c.windowUs, 50);
  EXPECT_EQ(c.offeredRate, 20000);
  EXPECT_FALSE(c.closedLoop());
  EXPECT_EQ(c.repetitions, 3u);
  EXPECT_DOUBLE_EQ(c.eventsPerSecond, 20000);  // the median of 19600, 20000, 20200
  EXPECT_DOUBLE_EQ(c.eventsPerCpuSecond, 20000);
  EXPECT_DOUBLE_EQ(c.queueOccupancy, 0.2);
  EXPECT_DOUBLE_EQ(c.meanBatch, 8);
  // One repetition's distribution, the typical one (wall 0.11 s), not medians of three.
  EXPECT_EQ(c.typicalRepetition, 1);
  EXPECT_DOUBLE_EQ(c.p99Us, 300);
  EXPECT_DOUBLE_EQ(c.p50Us, 75);
  EXPECT_DOUBLE_EQ(c.p999Us, 600);
  EXPECT_DOUBLE_EQ(c.maxUs, 1500);
  EXPECT_FALSE(c.fellBehind());
}

TEST(Stream, ACurvePerConfigurationOverItsOfferedRatesClosedLoopLast) {
  // Run order as a sweep makes it: rates interleaved with batch and wait.
  std::vector<model::Run> runs;
  for (int batch : {1, 32})
    for (double rate : {0.0, 100000.0, 20000.0})
      for (int wait : {0, 50}) {
        const double achieved = rate > 0 ? rate : 250000.0 * batch / 8;
        const double p99 = rate > 0 ? 1e6 / rate * (wait + 10) : 5000.0;
        runs.push_back(streamRun("optimized", "score", 1, batch, wait, rate, threeReps(achieved, p99)));
      }
  const auto a = analyzeStream(runs);
  ASSERT_EQ(a.cases.size(), 12u);
  ASSERT_EQ(a.curves.size(), 4u);
  // Curves in the order of their first run: (1, 0), (1, 50), (32, 0), (32, 50).
  EXPECT_EQ(a.curves[0].batch, 1);
  EXPECT_EQ(a.curves[0].windowUs, 0);
  EXPECT_EQ(a.curves[1].batch, 1);
  EXPECT_EQ(a.curves[1].windowUs, 50);
  EXPECT_EQ(a.curves[2].batch, 32);
  EXPECT_EQ(a.curves[3].windowUs, 50);
  for (const auto& k : a.curves) {
    ASSERT_EQ(k.points.size(), 3u);
    EXPECT_EQ(k.points[0].offeredRate, 20000);
    EXPECT_EQ(k.points[1].offeredRate, 100000);
    EXPECT_TRUE(k.points[2].closedLoop) << "closed loop: the curve's maximum throughput, last";
    EXPECT_EQ(k.points[2].offeredRate, 0);
    EXPECT_FALSE(k.points[0].closedLoop);
    EXPECT_EQ(k.params.find("rate"), std::string::npos) << k.params;
    EXPECT_EQ(k.query, "score");
  }
  EXPECT_DOUBLE_EQ(a.curves[1].points[0].eventsPerSecond, 20000);
  EXPECT_DOUBLE_EQ(a.curves[1].points[0].p99Us, 1e6 / 20000 * 60);
  EXPECT_DOUBLE_EQ(a.curves[3].points[2].eventsPerSecond, 1e6);
  EXPECT_DOUBLE_EQ(a.curves[3].points[2].p99Us, 5000);
  // The table follows the curves: each curve's rows together, by offered rate.
  EXPECT_EQ(a.cases[0].batch, 1);
  EXPECT_EQ(a.cases[0].windowUs, 0);
  EXPECT_EQ(a.cases[0].offeredRate, 20000);
  EXPECT_EQ(a.cases[1].offeredRate, 100000);
  EXPECT_TRUE(a.cases[2].closedLoop());
  EXPECT_EQ(a.cases[3].windowUs, 50);
  // A point names its run.
  const auto* c = findCase(a, "optimized", 32, 50, 100000);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(runs[c->runIndex].name, c->name);
  EXPECT_EQ(a.curves[3].points[1].runIndex, c->runIndex);
  // Labels: only what differs among the curves.
  EXPECT_EQ(a.curves[0].label, "optimized · batch 1 · wait 0");
  EXPECT_EQ(a.curves[1].label, "optimized · batch 1 · wait 50 µs");
  EXPECT_EQ(a.curves[3].label, "optimized · batch 32 · wait 50 µs");
}

TEST(Stream, ThreadsRanksAndVariantsAreCurvesOfTheirOwn) {
  auto mpi = streamRun("mpi", "window-count", 1, 8, 0, 0, threeReps(1e6, 900));
  mpi.ranks = 2;
  mpi.name = model::benchmarkName(mpi);
  const auto a = analyzeStream({
      streamRun("threads", "window-count", 1, 8, 0, 0, threeReps(4e5, 800)),
      streamRun("threads", "window-count", 2, 8, 0, 0, threeReps(7e5, 850)),
      streamRun("naive", "window-count", 1, 8, 0, 0, threeReps(1e5, 3000)),
      mpi,
  });
  ASSERT_EQ(a.curves.size(), 4u);
  EXPECT_EQ(a.curves[1].threads, 2);
  EXPECT_EQ(a.curves[3].ranks, 2);
  EXPECT_EQ(a.curves[3].workers(), 2);
  EXPECT_EQ(a.curves[0].label, "threads · p=1");
  EXPECT_EQ(a.curves[1].label, "threads · p=2");
  EXPECT_EQ(a.curves[2].label, "naive · p=1");
  EXPECT_EQ(a.curves[3].label, "mpi · p=2");
  // One curve alone is named by its variant.
  EXPECT_EQ(analyzeStream({mpi}).curves.front().label, "mpi");
}

TEST(Stream, QueriesAndOtherParametersKeepCurvesApartAndAreNamed) {
  auto wide = streamRun("optimized", "score", 1, 8, 0, 0, threeReps(1e6, 900));
  for (auto& p : wide.params)
    if (p.key == "events") p.value = "400000";
  const auto a = analyzeStream({
      streamRun("optimized", "score", 1, 8, 0, 0, threeReps(1e6, 900)),
      streamRun("optimized", "passthrough", 1, 8, 0, 0, threeReps(3e6, 100)),
      wide,
  });
  ASSERT_EQ(a.curves.size(), 3u);
  EXPECT_EQ(a.curves[0].label, "optimized · score · events:100000");
  EXPECT_EQ(a.curves[1].label, "optimized · passthrough · events:100000");
  EXPECT_EQ(a.curves[2].label, "optimized · score · events:400000");
}

// Allocations per event: each repetition's allocations per execution over its `events`
// metric, the median over the repetitions; NaN where the heap was not tracked.
TEST(Stream, AllocationsPerEventFromTheHeapStatisticsAndTheEventsMetric) {
  auto run = streamRun("naive", "window-count", 1, 1, 0, 0,
                       {{0.10, 1e6, 50}, {0.11, 1e6, 50}, {0.12, 1e6, 50}});
  const double allocations[] = {250000, 120000, 130000};  // per sample, 2 executions each
  for (std::size_t i = 0; i < run.samples.size(); ++i) {
    run.samples[i].iterations = 2;
    run.samples[i].metrics.push_back({"events", 50000, ""});
    model::AllocStats a;
    a.allocations = static_cast<std::int64_t>(allocations[i]);
    run.samples[i].alloc = a;
  }
  EXPECT_DOUBLE_EQ(analyzeStream({run}).cases.at(0).allocsPerEvent, 1.3);  // 130000/2/50000
  for (auto& sample : run.samples) sample.alloc.reset();
  EXPECT_TRUE(std::isnan(analyzeStream({run}).cases.at(0).allocsPerEvent));
}

TEST(Stream, AnOpenLoopRunBelowItsOfferedRateFellBehind) {
  const auto a = analyzeStream({
      streamRun("naive", "score", 1, 1, 0, 100000, threeReps(60000, 9e5)),
      streamRun("naive", "score", 1, 1, 0, 20000, threeReps(19900, 400)),
      streamRun("naive", "score", 1, 1, 0, 0, threeReps(61000, 2e4)),
  });
  ASSERT_EQ(a.cases.size(), 3u);
  EXPECT_FALSE(a.cases[0].fellBehind());  // 20 k: 99.5 % of it
  EXPECT_TRUE(a.cases[1].fellBehind());   // 100 k offered, 60 k achieved
  EXPECT_FALSE(a.cases[2].fellBehind()) << "the closed loop offers no rate to fall behind";
  EXPECT_TRUE(a.curves[0].points[1].fellBehind);
}

TEST(Stream, TheRateIsANumberOfEventsPerSecondOrMax) {
  auto exp = streamRun("optimized", "score", 1, 8, 0, 0, threeReps(5e5, 200));
  for (auto& p : exp.params)
    if (p.key == "rate") p.value = "5e5";
  const auto a = analyzeStream({exp, streamRun("optimized", "score", 1, 8, 0, 0, threeReps(6e5, 900))});
  ASSERT_EQ(a.cases.size(), 2u);
  EXPECT_EQ(a.cases[0].offeredRate, 5e5);
  EXPECT_TRUE(a.cases[1].closedLoop());
  EXPECT_EQ(a.curves.size(), 1u);
}

TEST(Stream, WithoutARateParameterTheOfferedRateMetricSaysAndNeitherIsTheClosedLoop) {
  auto noParam = streamRun("optimized", "score", 1, 8, 0, 50000, threeReps(50000, 200));
  std::erase_if(noParam.params, [](const model::Param& p) { return p.key == "rate"; });
  auto neither = noParam;
  for (auto& s : neither.samples)
    std::erase_if(s.metrics, [](const model::Metric& m) { return m.name == "offered_rate"; });
  EXPECT_EQ(analyzeStream({noParam}).cases.front().offeredRate, 50000);
  EXPECT_TRUE(analyzeStream({neither}).cases.front().closedLoop());
}

TEST(Stream, OnlySuccessfulRunsThatReportThroughputAndP99AreStreamCases) {
  auto failed = streamRun("optimized", "score", 1, 8, 0, 0, threeReps(1e6, 900));
  failed.status = model::RunStatus::Failed;
  auto partial = streamRun("optimized", "score", 1, 8, 0, 0, threeReps(1e6, 900));
  partial.samples[1].metrics.erase(partial.samples[1].metrics.begin() + 4);  // no p99 there
  const auto kmeans = makeRun("kmeans", "serial", {{"n", "1000"}}, 1, {0.1, 0.1});
  EXPECT_FALSE(isStreamRun(failed));
  EXPECT_FALSE(isStreamRun(partial));
  EXPECT_FALSE(isStreamRun(kmeans));
  const auto a = analyzeStream({failed, partial, kmeans});
  EXPECT_TRUE(a.cases.empty());
  EXPECT_TRUE(a.curves.empty());
}

TEST(Stream, ACurveSpreadsAlongTheRateTheScopeBarPins) {
  std::vector<model::Run> runs;
  for (double rate : {0.0, 20000.0, 100000.0})
    for (const char* query : {"score", "passthrough"})
      runs.push_back(streamRun("optimized", query, 1, 8, 0, rate, threeReps(rate ? rate : 9e5, 300)));
  // max beside numbers: the scope bar pins the rate like a family (the other tabs show the
  // closed loop), and a stream chart of that scope opens it again.
  const auto scope = defaultScope(runs, "stream");
  EXPECT_EQ(describe(scope), "stream · query:score rate:max");
  const auto wide = streamScope(scope);
  EXPECT_EQ(describe(wide), "stream · query:score");
  EXPECT_EQ(runsInScope(runs, scope).size(), 1u);
  const auto a = analyzeStream(runsInScope(runs, wide));
  ASSERT_EQ(a.curves.size(), 1u);
  EXPECT_EQ(a.curves[0].points.size(), 3u);
}

TEST(Stream, TheSessionReportScopesToAWorkloadAndTheScopeBarsWhere) {
  model::Session session;
  const std::vector<model::Run> runs = {
      makeRun("kmeans", "serial", {{"n", "1000"}}, 1, {0.1, 0.1}),
      streamRun("optimized", "score", 1, 8, 0, 20000, threeReps(20000, 300)),
      streamRun("optimized", "score", 1, 8, 0, 0, threeReps(9e5, 4000)),
      streamRun("optimized", "passthrough", 1, 8, 0, 0, threeReps(3e6, 100)),
  };
  const auto report = analyzeSession(session, runs);
  ASSERT_EQ(report.stream.size(), 3u);
  ASSERT_EQ(report.streamCurves.size(), 2u);
  EXPECT_EQ(report.stream[0].runIndex, 1u);
  const auto w = scopeToWorkload(report, "stream");
  ASSERT_EQ(w.stream.size(), 3u);
  EXPECT_EQ(w.stream[0].runIndex, 0u) << "an index into the scoped report's runs";
  EXPECT_EQ(w.runs[w.stream[0].runIndex].name, report.stream[0].name);
  EXPECT_EQ(w.streamCurves[0].points[1].runIndex, 1u);
  EXPECT_TRUE(scopeToWorkload(report, "kmeans").stream.empty());
  // The scope bar pins the query (a parameter that is not a number) and the rate (max beside
  // numbers); a stream chart opens the rate again, and its curves are named among themselves.
  const auto scope = streamScope(defaultScope(runs, "stream"));
  ASSERT_EQ(scope.where.size(), 1u);
  EXPECT_EQ(scope.where.front().key, "query");
  const auto scoped = analyzeSession(session, runsInScope(runs, scope));
  ASSERT_EQ(scoped.streamCurves.size(), 1u);
  EXPECT_EQ(scoped.streamCurves[0].label, "optimized");
  EXPECT_EQ(scoped.streamCurves[0].points.size(), 2u);
}

}  // namespace
}  // namespace tunelab::analysis
