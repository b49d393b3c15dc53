#include "tunelab/analysis/scaling.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tunelab/analysis/run_summary.h"

namespace tunelab::analysis {
namespace {

model::Run run(const std::string& variant, int threads, std::vector<double> wall,
               model::RunStatus status = model::RunStatus::Ok) {
  model::Run r;
  r.workload = "w";
  r.variant = variant;
  r.params = {{"n", "10"}};
  r.threads = threads;
  r.status = status;
  int rep = 0;
  for (double t : wall) {
    model::Sample s;
    s.repetition = rep++;
    s.wallSeconds = t;
    s.cpuSeconds = t * threads;
    s.metrics = {{"inertia", 1.0 + rep, ""}};
    r.samples.push_back(s);
  }
  return r;
}

// The seed's example: T_s = 10^6, T_p = 2.5·10^5 on p = 4 gives S = 4 and E = 1. (Its
// "25 %" is T_p/T_s, the fraction of the serial time, not an efficiency.)
TEST(Scaling, SeedExample) {
  auto series = scalingSeries({run("threads", 1, {1e6}), run("threads", 4, {2.5e5})});
  ASSERT_EQ(series.size(), 1u);
  ASSERT_TRUE(series[0].hasBaseline);
  ASSERT_EQ(series[0].points.size(), 2u);
  EXPECT_DOUBLE_EQ(series[0].points[1].speedup, 4.0);
  EXPECT_DOUBLE_EQ(series[0].points[1].efficiency, 1.0);
}

TEST(Scaling, UsesMediansAndSortsByWorkers) {
  auto series = scalingSeries({run("threads", 2, {6, 5, 100}), run("threads", 1, {10, 9, 11})});
  ASSERT_EQ(series.size(), 1u);
  const auto& p = series[0].points;
  EXPECT_EQ(p[0].workers, 1);
  EXPECT_DOUBLE_EQ(p[0].speedup, 1.0);
  EXPECT_DOUBLE_EQ(p[1].medianSeconds, 6);  // the outlier 100 does not move a median of three
  EXPECT_DOUBLE_EQ(p[1].speedup, 10.0 / 6.0);
  EXPECT_DOUBLE_EQ(p[1].efficiency, 10.0 / 12.0);
}

TEST(Scaling, SeparatesVariantsAndParameters) {
  auto other = run("threads", 1, {4});
  other.params = {{"n", "20"}};
  auto series = scalingSeries({run("serial", 1, {10}), run("threads", 1, {8}), other});
  EXPECT_EQ(series.size(), 3u);
}

TEST(Scaling, WithoutBaselineSpeedupIsUndefinedNotZero) {
  auto series = scalingSeries({run("threads", 2, {5}), run("threads", 4, {3})});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_FALSE(series[0].hasBaseline);
  EXPECT_TRUE(std::isnan(series[0].points[0].speedup));
  EXPECT_TRUE(std::isnan(series[0].points[1].efficiency));
}

TEST(Scaling, FailedRunsAreLeftOut) {
  auto series =
      scalingSeries({run("threads", 1, {10}), run("threads", 2, {}, model::RunStatus::Crashed)});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].points.size(), 1u);
  auto r2 = run("threads", 2, {}, model::RunStatus::Crashed);
  EXPECT_EQ(findPoint(series, r2), nullptr);
}

TEST(Scaling, TheFloorIsNeverTheBestVariant) {
  // alloc's null allocator runs the loop with no allocator work: it would always be the
  // fastest at one worker, and every absolute speedup would be against it.
  auto floor = run("null", 1, {1});
  for (auto& s : floor.samples) s.metrics.push_back({"loop_floor", 1, ""});
  auto series =
      scalingSeries({floor, run("pool", 1, {4}), run("pool", 2, {2}), run("glibc", 1, {8})});
  ASSERT_EQ(series.size(), 3u);
  EXPECT_TRUE(series[0].floor);
  EXPECT_FALSE(series[1].floor);
  for (const auto& s : series) {
    EXPECT_EQ(s.bestSerialVariant, "pool") << s.variant;
    EXPECT_DOUBLE_EQ(s.bestSerialSeconds, 4);
  }
  EXPECT_DOUBLE_EQ(series[1].points[1].absoluteSpeedup, 2.0);
}

TEST(RunSummary, SummarizesTimesAndMetrics) {
  auto r = run("threads", 2, {3, 1, 2});
  auto s = summarizeRun(r);
  EXPECT_DOUBLE_EQ(s.wall.median, 2);
  EXPECT_DOUBLE_EQ(s.cpu.median, 4);
  EXPECT_DOUBLE_EQ(s.cpuUtilization(), 2);
  ASSERT_EQ(s.metrics.size(), 1u);
  EXPECT_EQ(s.metrics[0].name, "inertia");
  EXPECT_DOUBLE_EQ(s.metrics[0].summary.median, 3);  // values 2, 3, 4
}

TEST(RunSummary, CountersAreMediansPerExecutionAndUnsupportedStaysUnsupported) {
  auto r = run("threads", 1, {0.01, 0.01, 0.01});
  for (auto& s : r.samples) {
    s.iterations = 10;
    s.counters = {{"task-clock", 1e8 + s.repetition * 1e7, 100, 100, false, ""},
                  {"cycles", std::nullopt, 0, 0, false, "no PMU"},
                  {"instructions", 5e9, 200, 100, false, ""}};
    s.alloc = model::AllocStats{1000, 1000, 64000, 4096, std::nullopt, std::nullopt};
    s.regions = {{"assign", 0.08, 200}};
  }
  auto s = summarizeRun(r);
  ASSERT_EQ(s.counters.size(), 3u);
  EXPECT_TRUE(s.counters[0].supported);
  EXPECT_DOUBLE_EQ(s.counters[0].perExecution.median, 1.1e7);  // (1e8 + 1e7) / 10
  EXPECT_FALSE(s.counters[1].supported);
  EXPECT_EQ(s.counters[1].reason, "no PMU");
  EXPECT_EQ(s.counters[1].perExecution.count, 0u);
  EXPECT_TRUE(s.counters[2].multiplexed);
  ASSERT_TRUE(s.alloc.has_value());
  EXPECT_DOUBLE_EQ(s.alloc->allocationsPerExecution.median, 100);
  EXPECT_DOUBLE_EQ(s.alloc->allocationsPerSecond.median, 10000);  // 1000 in 10 × 10 ms
  EXPECT_DOUBLE_EQ(s.alloc->bytesPerSecond.median, 640000);
  ASSERT_EQ(s.regions.size(), 1u);
  EXPECT_DOUBLE_EQ(s.regions[0].secondsPerExecution.median, 0.008);
  EXPECT_DOUBLE_EQ(s.regions[0].shareOfWall, 0.8);
}

}  // namespace
}  // namespace tunelab::analysis
