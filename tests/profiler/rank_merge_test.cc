// The arithmetic of merging the runs an MPI case's ranks wrote (rank_merge.h), without
// mpirun: tests/cli/rank_launch_test.cc and launch_test.cc run real ranks.
#include "tunelab/profiler/rank_merge.h"

#include <gtest/gtest.h>

namespace tunelab::profiler {
namespace {

model::CounterValue counter(const std::string& event, double value, std::int64_t enabled,
                            std::int64_t running) {
  return {event, value, enabled, running, false, ""};
}

model::CounterValue unsupported(const std::string& event, const std::string& reason) {
  model::CounterValue c;
  c.event = event;
  c.reason = reason;
  return c;
}

// One repetition of one rank: `cpu` seconds of CPU in `wall` seconds, and a little of each
// kind of measurement, scaled by `f` so that the ranks differ.
model::Sample sample(double wall, double cpu, double f) {
  model::Sample s;
  s.wallSeconds = wall;
  s.cpuSeconds = cpu;
  s.counters = {counter("instructions", 1000 * f, 100, 100), counter("cycles", 500 * f, 100, 50)};
  s.alloc = model::AllocStats{static_cast<std::int64_t>(10 * f),
                              static_cast<std::int64_t>(8 * f),
                              static_cast<std::int64_t>(4096 * f),
                              static_cast<std::int64_t>(2048 * f),
                              std::nullopt,
                              std::nullopt};
  s.metrics = {{"inertia", 42.0 * f, ""}};
  s.regions = {{"assign", 0.5 * f, 20, {}}, {"update", 0.01 * f, 21, {}}};
  s.series = {{"inertia", "", "iteration", {1, 2}, {3 * f, 2 * f}}};
  s.threads = {{0, cpu * 0.9, {}}, {1, cpu * 0.1, {}}};
  return s;
}

model::Run rankRun(std::vector<model::Sample> samples) {
  model::Run r;
  r.workload = "kmeans";
  r.variant = "mpi";
  r.ranks = 2;
  r.samples = std::move(samples);
  return r;
}

const model::Metric* findMetric(const model::Sample& s, const std::string& name) {
  for (const auto& m : s.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

TEST(RankMerge, OneRankIsItsOwnRun) {
  auto only = rankRun({sample(1.0, 0.9, 1)});
  EXPECT_EQ(mergeRanks({only}), only);  // no imbalance metric, no per-rank series
}

TEST(RankMerge, TimesAreTheSlowestWallAndTheSumOfCpu) {
  auto merged = mergeRanks({rankRun({sample(1.0, 0.9, 1), sample(2.0, 1.8, 1)}),
                            rankRun({sample(1.2, 1.1, 2), sample(1.5, 1.4, 2)})});
  ASSERT_EQ(merged.status, model::RunStatus::Ok) << merged.reason;
  ASSERT_EQ(merged.samples.size(), 2u);
  EXPECT_EQ(merged.samples[0].wallSeconds, 1.2);
  EXPECT_EQ(merged.samples[0].cpuSeconds, 0.9 + 1.1);
  EXPECT_EQ(merged.samples[1].wallSeconds, 2.0);  // rank 0 was the slower one here
  EXPECT_EQ(merged.samples[1].cpuSeconds, 1.8 + 1.4);
}

TEST(RankMerge, CountersSumValuesAndTheirEnabledAndRunningTimes) {
  auto merged = mergeRanks({rankRun({sample(1, 1, 1)}), rankRun({sample(1, 1, 3)})});
  const auto& c = merged.samples.at(0).counters;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], counter("instructions", 4000, 200, 200));
  // Already scaled per rank (500·f was counted in half the time): summed, not rescaled; the
  // sum of the times still says "multiplexed" (running < enabled).
  EXPECT_EQ(c[1], counter("cycles", 2000, 200, 100));
}

TEST(RankMerge, AnEventOneRankCouldNotCountIsUnsupportedNotShort) {
  auto a = sample(1, 1, 1), b = sample(1, 1, 1), c = sample(1, 1, 1);
  b.counters[1] = unsupported("cycles", "perf_event_open: ENOENT");
  c.counters.pop_back();  // not reported at all
  auto merged = mergeRanks({rankRun({a}), rankRun({b}), rankRun({c})});
  const auto& k = merged.samples.at(0).counters;
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(*k[0].value, 3000);
  EXPECT_FALSE(k[1].supported());
  EXPECT_EQ(k[1].reason, "rank 1: perf_event_open: ENOENT");
  // Where rank 0 cannot count it, the reason is the machine's: said without a rank.
  auto first = mergeRanks({rankRun({b}), rankRun({a})});
  EXPECT_EQ(first.samples.at(0).counters[1].reason, "perf_event_open: ENOENT");
  auto third = mergeRanks({rankRun({a}), rankRun({a}), rankRun({c})});
  EXPECT_EQ(third.samples.at(0).counters[1].reason, "rank 2: the event was not reported");
}

TEST(RankMerge, AllocationsAreSummedPeaksToo) {
  auto a = sample(1, 1, 1), b = sample(1, 1, 2);
  a.alloc->poolBytes = 100;
  b.alloc->poolBytes = 50;
  a.alloc->allocatedBytes = 7;  // b has none: the sum would be short
  auto merged = mergeRanks({rankRun({a}), rankRun({b})});
  const auto& alloc = merged.samples.at(0).alloc;
  ASSERT_TRUE(alloc.has_value());
  EXPECT_EQ(alloc->allocations, 30);
  EXPECT_EQ(alloc->frees, 24);
  EXPECT_EQ(alloc->bytes, 3 * 4096);
  EXPECT_EQ(alloc->peakLiveBytes, 3 * 2048);  // an upper bound of the case's peak
  EXPECT_EQ(alloc->poolBytes, 150);
  EXPECT_FALSE(alloc->allocatedBytes.has_value());
  // A rank without allocation statistics: none for the case.
  b.alloc.reset();
  EXPECT_FALSE(mergeRanks({rankRun({a}), rankRun({b})}).samples.at(0).alloc.has_value());
}

TEST(RankMerge, RegionsAreSummedByNameAsOverThreads) {
  auto a = sample(1, 1, 1), b = sample(1, 1, 2);
  b.regions.insert(b.regions.begin(), {"exchange", 0.25, 40, {}});  // only rank 1 entered it
  a.regions[0].counters = {counter("instructions", 10, 5, 5)};
  b.regions[1].counters = {counter("instructions", 20, 5, 5)};
  auto merged = mergeRanks({rankRun({a}), rankRun({b})});
  const auto& r = merged.samples.at(0).regions;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].name, "assign");
  EXPECT_EQ(r[0].seconds, 0.5 + 1.0);
  EXPECT_EQ(r[0].entries, 40);
  EXPECT_EQ(r[0].counters, (std::vector{counter("instructions", 30, 10, 10)}));
  EXPECT_EQ(r[1].name, "update");
  EXPECT_EQ(r[1].entries, 42);
  EXPECT_TRUE(r[1].counters.empty());
  EXPECT_EQ(r[2].name, "exchange");
  EXPECT_EQ(r[2].seconds, 0.25);
  EXPECT_EQ(r[2].entries, 40);
}

// Each rank prepares its own shard: the run's setup regions are summed by name the same way.
TEST(RankMerge, SetupRegionsAreSummedByName) {
  auto a = rankRun({sample(1, 1, 1)}), b = rankRun({sample(1, 1, 2)});
  a.setupRegions = {{"train", 2.0, 1, {}}};
  b.setupRegions = {{"train", 3.0, 1, {}}, {"encode", 0.5, 2, {}}};
  auto merged = mergeRanks({a, b});
  ASSERT_EQ(merged.setupRegions.size(), 2u);
  EXPECT_EQ(merged.setupRegions[0], (model::RegionStat{"train", 5.0, 2, {}}));
  EXPECT_EQ(merged.setupRegions[1], (model::RegionStat{"encode", 0.5, 2, {}}));
}

TEST(RankMerge, MetricsAndSeriesAreRankZerosPlusTheRanksCpu) {
  auto merged = mergeRanks({rankRun({sample(1, 0.5, 1)}), rankRun({sample(1, 1.5, 2)})});
  const auto& s = merged.samples.at(0);
  ASSERT_EQ(s.metrics.size(), 2u);
  EXPECT_EQ(s.metrics[0].name, "inertia");
  EXPECT_EQ(s.metrics[0].value, 42.0);  // rank 0's: a global result, never summed
  const auto* imbalance = findMetric(s, kRankImbalanceMetric);
  ASSERT_NE(imbalance, nullptr);
  EXPECT_DOUBLE_EQ(imbalance->value, 1.5 / 1.0);  // busiest / mean
  ASSERT_EQ(s.series.size(), 2u);
  EXPECT_EQ(s.series[0].y, (std::vector{3.0, 2.0}));
  EXPECT_EQ(s.series[1], (model::Series{kRankCpuSeries, "s", "rank", {0, 1}, {0.5, 1.5}}));
}

TEST(RankMerge, ThreadsOfEveryRankAreNumberedOn) {
  auto merged = mergeRanks({rankRun({sample(1, 1, 1)}), rankRun({sample(1, 2, 2)})});
  const auto& t = merged.samples.at(0).threads;
  ASSERT_EQ(t.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(t[static_cast<std::size_t>(i)].thread, i);
  EXPECT_EQ(t[2].cpuSeconds, 2 * 0.9);  // rank 1's main thread
}

TEST(RankMerge, AFailedRankFailsTheCaseAndIsNamed) {
  auto bad = rankRun({});
  bad.status = model::RunStatus::Failed;
  bad.reason = "kmeans: variant mpi was asked for 2 ranks but runs in an MPI world of 1";
  auto merged = mergeRanks({rankRun({sample(1, 1, 1)}), bad});
  EXPECT_EQ(merged.status, model::RunStatus::Failed);
  EXPECT_EQ(merged.reason, "rank 1: " + bad.reason);
  EXPECT_TRUE(merged.samples.empty());
}

TEST(RankMerge, RanksOutOfStepFailTheCase) {
  auto merged =
      mergeRanks({rankRun({sample(1, 1, 1), sample(1, 1, 1)}), rankRun({sample(1, 1, 1)})});
  EXPECT_EQ(merged.status, model::RunStatus::Failed);
  EXPECT_EQ(merged.reason, "rank 1 reported 1 repetitions, rank 0 2: the ranks fell out of step");
  auto more = sample(1, 1, 1);
  more.iterations = 3;
  merged = mergeRanks({rankRun({sample(1, 1, 1)}), rankRun({more})});
  EXPECT_EQ(merged.status, model::RunStatus::Failed);
  EXPECT_NE(merged.reason.find("rank 1 ran 3 iterations in repetition 0, rank 0 1"),
            std::string::npos)
      << merged.reason;
}

}  // namespace
}  // namespace tunelab::profiler
