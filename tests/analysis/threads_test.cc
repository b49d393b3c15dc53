#include <gtest/gtest.h>

#include <cmath>

#include "tunelab/analysis/threads.h"

namespace tunelab::analysis {
namespace {

std::vector<model::ThreadStat> stats(std::vector<double> cpu) {
  std::vector<model::ThreadStat> out;
  for (std::size_t i = 0; i < cpu.size(); ++i) out.push_back({static_cast<int>(i), cpu[i], {}});
  return out;
}

TEST(LoadImbalance, BusiestOverMeanOfTheWorkers) {
  // Two workers at 3 s and 1 s: mean 2, max 3 → 1.5. An idle helper thread is ignored.
  EXPECT_DOUBLE_EQ(loadImbalance(stats({3, 0.001, 1}), 2), 1.5);
  EXPECT_DOUBLE_EQ(loadImbalance(stats({2, 2, 2, 2}), 4), 1.0);
  EXPECT_DOUBLE_EQ(loadImbalance(stats({5}), 1), 1.0);
}

TEST(LoadImbalance, UndefinedWithoutData) {
  EXPECT_TRUE(std::isnan(loadImbalance({}, 2)));
  EXPECT_TRUE(std::isnan(loadImbalance(stats({1}), 2)));  // fewer threads than workers
  EXPECT_TRUE(std::isnan(loadImbalance(stats({0, 0}), 2)));
}

TEST(LoadImbalance, SummaryOverRepetitionsPerExecution) {
  model::Run r;
  r.threads = 2;
  for (int rep = 0; rep < 3; ++rep) {
    model::Sample s;
    s.iterations = 2;
    s.threads = stats({4, 2});  // per execution: 2 s and 1 s; imbalance 4/3
    r.samples.push_back(s);
  }
  auto t = summarizeThreads(r);
  ASSERT_TRUE(t.available);
  EXPECT_DOUBLE_EQ(t.imbalance.median, 4.0 / 3.0);
  ASSERT_EQ(t.cpuPerExecution.size(), 2u);
  EXPECT_DOUBLE_EQ(t.cpuPerExecution[0], 2.0);
  r.samples[1].threads.clear();
  EXPECT_FALSE(summarizeThreads(r).available);
}

}  // namespace
}  // namespace tunelab::analysis

#include "tunelab/analysis/overhead.h"
#include "tunelab/analysis/session_report.h"

namespace tunelab::analysis {
namespace {

TEST(Overhead, SubtractsTheRecordedCostPerEntry) {
  std::vector<std::pair<std::string, std::string>> facts = {{"calibration.region_ns", "0.3"},
                                                            {"calibration.region_recorded_ns", "50"}};
  auto cost = recordedRegionCostNs(facts);
  ASSERT_TRUE(cost);
  EXPECT_EQ(*cost, 50);
  // 1000 entries × 50 ns = 50 µs out of 1 ms.
  EXPECT_NEAR(regionSecondsNetOfOverhead({"assign", 1e-3, 1000}, *cost), 0.95e-3, 1e-12);
  EXPECT_EQ(regionSecondsNetOfOverhead({"tiny", 1e-6, 1000}, *cost), 0);  // never negative
  EXPECT_FALSE(recordedRegionCostNs({}));
  EXPECT_FALSE(recordedRegionCostNs({{"calibration.region_recorded_ns", "unsupported"}}));
}

// The report's region times are net of the session's measured recording cost: a region
// entered 10 000 times per execution at 50 ns each loses 0.5 ms of its 2 ms.
TEST(Overhead, TheSessionReportShowsRegionsNetOfIt) {
  model::Run run;
  run.workload = "w";
  run.variant = "v";
  run.name = "w/v";
  for (int rep = 0; rep < 3; ++rep) {
    model::Sample s;
    s.repetition = rep;
    s.iterations = 2;
    s.wallSeconds = 5e-3;
    s.regions = {{"step", 4e-3, 20000, {}}};  // per execution: 2 ms, 10 000 entries
    run.samples.push_back(s);
  }
  model::Session session;
  session.environment.extra = {{"calibration.region_recorded_ns", "50"}};
  const auto report = analyzeSession(session, {run});
  ASSERT_EQ(report.runs.at(0).regions.size(), 1u);
  const auto& r = report.runs[0].regions[0];
  EXPECT_NEAR(r.secondsPerExecution.median, 1.5e-3, 1e-12);
  EXPECT_NEAR(r.overheadSecondsPerExecution, 0.5e-3, 1e-12);
  EXPECT_DOUBLE_EQ(r.entriesPerExecution, 10000);
  EXPECT_NEAR(r.shareOfWall, 0.3, 1e-12);
  EXPECT_DOUBLE_EQ(report.regionCostNs, 50);
  // Without a measured cost the times stay raw.
  const auto raw = analyzeSession(model::Session{}, {run});
  EXPECT_NEAR(raw.runs[0].regions[0].secondsPerExecution.median, 2e-3, 1e-12);
}

}  // namespace
}  // namespace tunelab::analysis
