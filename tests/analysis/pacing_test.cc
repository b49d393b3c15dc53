// Runs whose wall time is set by a schedule (stream's open loop: events / rate seconds) are
// no measure of speed: a workload declares the parameter that paces its runs (stored with the
// session as "workload.<name>.pacing"), and scaling, weak scaling, the best-variant baselines
// and complexity leave the paced runs out. A session without the fact is analysed as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_runs.h"
#include "tunelab/analysis/scaling.h"
#include "tunelab/analysis/session_report.h"
#include "tunelab/analysis/workload_traits.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

TraitsByWorkload streamTraits() {
  TraitsByWorkload traits;
  traits["stream"].workExponents = {{"events", 1}};
  traits["stream"].pacingParam = "rate";
  traits["stream"].unpacedValue = "max";
  return traits;
}

// An open-loop run lasts events/rate whatever the variant and the workers: 20000 events at
// 5e5 events/s is 40 ms at p = 1, 2 and 4. The closed loop scales.
std::vector<model::Run> streamSweep() {
  std::vector<model::Run> runs;
  for (const char* rate : {"max", "5e5"}) {
    const bool open = std::string(rate) != "max";
    runs.push_back(makeRun("stream", "naive", {{"events", "20000"}, {"rate", rate}}, 1,
                           {open ? 0.040 : 0.030, open ? 0.0401 : 0.031}));
    for (int p : {1, 2, 4})
      runs.push_back(makeRun("stream", "threads", {{"events", "20000"}, {"rate", rate}}, p,
                             {open ? 0.040 : 0.020 / p, open ? 0.0401 : 0.021 / p}));
  }
  return runs;
}

TEST(Pacing, FactsRoundTrip) {
  const auto facts = workloadTraitFacts("stream", streamTraits()["stream"]);
  EXPECT_NE(std::find(facts.begin(), facts.end(),
                      std::pair<std::string, std::string>{"workload.stream.pacing",
                                                          "rate (unpaced: max)"}),
            facts.end());
  auto back = workloadTraits(facts);
  EXPECT_EQ(back["stream"].pacingParam, "rate");
  EXPECT_EQ(back["stream"].unpacedValue, "max");
  EXPECT_EQ(back["stream"].workExponents, (std::map<std::string, double>{{"events", 1}}));
  // Every value paces: the parameter alone.
  WorkloadTraits always;
  always.pacingParam = "period";
  const auto alwaysFacts = workloadTraitFacts("tick", always);
  auto tick = workloadTraits(alwaysFacts);
  EXPECT_EQ(tick["tick"].pacingParam, "period");
  EXPECT_EQ(tick["tick"].unpacedValue, "");
  // A workload that paces nothing writes no such fact.
  for (const auto& [key, value] : workloadTraitFacts("kmeans", WorkloadTraits{}))
    EXPECT_EQ(key.find("pacing"), std::string::npos) << key;
}

TEST(Pacing, ARunIsPacedAtAnyValueButTheUnpacedOne) {
  const auto traits = streamTraits();
  EXPECT_TRUE(isPaced(makeRun("stream", "threads", {{"rate", "5e5"}}, 2, {1}), traits));
  EXPECT_FALSE(isPaced(makeRun("stream", "threads", {{"rate", "max"}}, 2, {1}), traits));
  EXPECT_FALSE(isPaced(makeRun("stream", "threads", {{"events", "10"}}, 2, {1}), traits));
  EXPECT_FALSE(isPaced(makeRun("kmeans", "threads", {{"rate", "5e5"}}, 2, {1}), traits));
  EXPECT_FALSE(isPaced(makeRun("stream", "threads", {{"rate", "5e5"}}, 2, {1}), {}));
  EXPECT_EQ(withoutPacedRuns(streamSweep(), traits).size(), 4u);
}

TEST(Pacing, PacedRunsAreNoScalingSeries) {
  const auto runs = streamSweep();
  const auto series = scalingSeries(runs, streamTraits());
  ASSERT_EQ(series.size(), 2u);  // naive and threads, closed loop
  for (const auto& s : series) {
    EXPECT_EQ(s.params, "events:20000/rate:max") << s.variant;
    // The best serial variant is the closed loop's (threads at p = 1, 20 ms), not the
    // open-loop naive run's 40 ms schedule nor anything else paced.
    EXPECT_EQ(s.bestSerialVariant, "threads");
    EXPECT_NEAR(s.bestSerialSeconds, 0.0205, 1e-12);
  }
  const auto& threads = series[1];
  ASSERT_EQ(threads.points.size(), 3u);
  EXPECT_NEAR(threads.points[2].speedup, 4, 1e-9);
  // Where the closed and open loop were paired, S = 1.00 and E = 50 % at p = 2 were the
  // schedule's: without the fact (an older session) every run still scales, as before.
  const auto old = scalingSeries(runs);
  ASSERT_EQ(old.size(), 4u);
  EXPECT_EQ(old[3].params, "events:20000/rate:5e5");
  EXPECT_NEAR(old[3].points[1].speedup, 1, 1e-9);
  // A paced run has no point to find (the report's speedup column is "–" for it).
  EXPECT_EQ(findPoint(series, runs[6]), nullptr);
  EXPECT_NE(findPoint(series, runs[2]), nullptr);
}

TEST(Pacing, PacedRunsAreNoWeakScalingPoints) {
  // events grows with p: (10000, 1) → (20000, 2). At an offered rate, both last as long as
  // their schedules: twice as long, "50 % weak-scaling efficiency" of nothing.
  std::vector<model::Run> runs;
  for (const char* rate : {"max", "5e5"})
    for (int p : {1, 2}) {
      const int events = 10000 * p;
      const bool open = std::string(rate) != "max";
      runs.push_back(makeRun("stream", "threads",
                             {{"events", std::to_string(events)}, {"rate", rate}}, p,
                             {open ? events / 5e5 : 0.01}));
    }
  const auto weak = weakScalingSeries(runs, streamTraits());
  ASSERT_EQ(weak.size(), 1u);
  EXPECT_EQ(weak[0].fixedParams, "rate:max");
  auto unpaced = streamTraits();
  unpaced["stream"].pacingParam.clear();
  EXPECT_EQ(weakScalingSeries(runs, unpaced).size(), 2u);
}

TEST(Pacing, TheSessionReportLeavesPacedRunsToTheStreamSection) {
  // A sweep over events at the closed loop and one offered rate, as three sizes make a
  // complexity sweep: only the closed loop's T(events) is one.
  std::vector<model::Run> runs;
  for (const char* rate : {"max", "5e5"})
    for (int events : {10000, 20000, 40000})
      for (int p : {1, 2}) {
        const bool open = std::string(rate) != "max";
        runs.push_back(makeRun("stream", "threads",
                               {{"events", std::to_string(events)}, {"rate", rate}}, p,
                               {open ? events / 5e5 : 1e-6 * events / p}));
      }
  model::Session session;
  for (auto& fact : workloadTraitFacts("stream", streamTraits()["stream"]))
    session.environment.extra.push_back(fact);
  const auto report = analyzeSession(session, runs);
  EXPECT_EQ(report.runs.size(), runs.size());  // every run is still in the table
  ASSERT_EQ(report.scaling.size(), 3u);
  for (const auto& s : report.scaling) EXPECT_NE(s.params.find("rate:max"), std::string::npos);
  ASSERT_EQ(report.complexity.size(), 2u);  // over events, at p = 1 and 2
  for (const auto& c : report.complexity) EXPECT_EQ(c.fixedParams, "rate:max");
  EXPECT_EQ(report.weakScaling.size(), 2u);  // (10000, 1)→(20000, 2), (20000, 1)→(40000, 2)
  for (const auto& w : report.weakScaling) EXPECT_EQ(w.fixedParams, "rate:max");
  // The same session recorded before workloads declared their pacing: as before.
  model::Session older;
  WorkloadTraits noPacing = streamTraits()["stream"];
  noPacing.pacingParam.clear();
  older.environment.extra = workloadTraitFacts("stream", noPacing);
  const auto before = analyzeSession(older, runs);
  EXPECT_EQ(before.scaling.size(), 6u);
  EXPECT_EQ(before.complexity.size(), 4u);
  EXPECT_EQ(before.weakScaling.size(), 4u);
}

}  // namespace
}  // namespace tunelab::analysis
