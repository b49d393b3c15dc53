#include "tunelab/analysis/allocation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_runs.h"
#include "tunelab/analysis/derived_counters.h"
#include "tunelab/analysis/session_report.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

TEST(Allocation, RatesUtilizationAndFragmentation) {
  auto r = makeRun("alloc", "object-pool", {{"pattern", "fixed-churn"}}, 1, {0.01, 0.02, 0.03});
  for (auto& s : r.samples) {
    s.iterations = 2;
    // 1000 allocations of 64 B over 2 executions; the pool holds 128 KiB of which 96 KiB live.
    s.alloc = model::AllocStats{1000, 1000, 64000, 8192, 131072, 98304};
  }
  // The repetition with the median wall time (0.02 s) carries the curve that is shown.
  r.samples[1].series = {{"utilization", "", "operation", {0, 500, 1000}, {1.0, 0.5, 0.75}}};
  r.samples[0].series = {{"utilization", "", "operation", {0, 500, 1000}, {0.1, 0.1, 0.1}}};
  r.samples[2].series = {{"utilization", "", "operation", {0, 500, 1000}, {0.9, 0.9, 0.9}}};
  auto a = analyzeAllocation(r);
  ASSERT_TRUE(a.has_value());
  EXPECT_DOUBLE_EQ(a->allocationsPerExecution.median, 500);
  EXPECT_DOUBLE_EQ(a->bytesPerExecution.median, 32000);
  EXPECT_DOUBLE_EQ(a->allocationsPerSecond.median, 1000 / 0.04);  // 1000 in 2 × 20 ms
  ASSERT_TRUE(a->utilization.has_value());
  EXPECT_DOUBLE_EQ(a->utilization->median, 0.75);
  EXPECT_DOUBLE_EQ(*a->fragmentation, 0.25);
  ASSERT_EQ(a->overTime.size(), 3u);
  EXPECT_EQ(a->seriesXName, "operation");
  EXPECT_DOUBLE_EQ(a->overTime[1].fragmentation, 0.5);
  EXPECT_DOUBLE_EQ(a->minUtilization, 0.5);
  EXPECT_DOUBLE_EQ(a->meanUtilization, 0.75);
  EXPECT_DOUBLE_EQ(a->finalUtilization, 0.75);
}

// The `alloc` workload's shape: the hooks cannot see its allocators, so it reports its own
// count, rate, P, R and fragmentation (1 − live/resident) as metrics and series.
TEST(Allocation, WhatAWorkloadReportsItselfWins) {
  auto r = makeRun("alloc", "object-pool", {{"pattern", "fixed-churn"}}, 1, {0.02, 0.01, 0.03});
  for (auto& s : r.samples) {
    s.alloc = model::AllocStats{3, 3, 192, 64, std::nullopt, std::nullopt};  // the harness's own
    s.metrics = {{"allocations", 100000, ""}, {"bytes_per_s", 3.2e8, "B/s"},
                 {"pool_P", 65536, "B"},      {"R_mean", 0.8, ""},
                 {"R_final", 0.7, ""},        {"frag_final", 0.4, ""}};
  }
  r.samples[0].series = {{"R", "", "operation", {0, 10, 20}, {0.9, 0.8, 0.7}},
                         {"fragmentation", "", "operation", {10, 20, 30}, {0.3, 0.4, 0.5}}};
  r.samples[1].series = r.samples[0].series;
  r.samples[1].series[0].y = {0.1, 0.1, 0.1};  // the fastest repetition: not the one shown
  auto a = analyzeAllocation(r);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->countSource, "workload");
  EXPECT_DOUBLE_EQ(a->allocationsPerExecution.median, 100000);
  EXPECT_DOUBLE_EQ(a->allocationsPerSecond.median, 100000 / 0.02);
  EXPECT_DOUBLE_EQ(a->bytesPerSecond.median, 3.2e8);
  ASSERT_TRUE(a->utilization && a->poolBytes && a->fragmentation);
  EXPECT_DOUBLE_EQ(a->utilization->median, 0.8);
  EXPECT_DOUBLE_EQ(a->poolBytes->median, 65536);
  EXPECT_DOUBLE_EQ(*a->fragmentation, 0.4);  // the workload's own, not 1 − R
  // Joined on x: 0 has R only, 30 fragmentation only.
  ASSERT_EQ(a->overTime.size(), 4u);
  EXPECT_DOUBLE_EQ(a->overTime[0].fragmentation, 1 - 0.9);
  EXPECT_DOUBLE_EQ(a->overTime[1].utilization, 0.8);
  EXPECT_DOUBLE_EQ(a->overTime[1].fragmentation, 0.3);
  EXPECT_TRUE(std::isnan(a->overTime[3].utilization));
  EXPECT_DOUBLE_EQ(a->minUtilization, 0.7);
  EXPECT_DOUBLE_EQ(a->finalUtilization, 0.7);
}

TEST(Allocation, NoPoolStatisticsNoUtilization) {
  auto r = makeRun("kmeans", "serial", {}, 1, {0.01});
  EXPECT_FALSE(analyzeAllocation(r).has_value());  // nothing recorded at all
  r.samples[0].alloc = model::AllocStats{10, 10, 640, 64, std::nullopt, std::nullopt};
  auto a = analyzeAllocation(r);
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->utilization.has_value());  // malloc does not report P: nothing invented
  EXPECT_FALSE(a->fragmentation.has_value());
  EXPECT_TRUE(a->overTime.empty());
  EXPECT_EQ(a->countSource, "allocation hooks");
}

TEST(DerivedCounters, OnlyWhereTheEventsExist) {
  auto r = makeRun("w", "a", {}, 1, {0.01, 0.01});
  for (auto& s : r.samples)
    s.counters = {{"cycles", std::nullopt, 0, 0, false, "no PMU"},
                  {"instructions", std::nullopt, 0, 0, false, "no PMU"},
                  {"task-clock", 1e7, 1, 1, false, ""}};
  EXPECT_TRUE(deriveCounters(r).empty());  // no PMU: nothing, not 0

  for (auto& s : r.samples)
    s.counters = {
        {"cycles", 2e9, 1, 1, false, ""},       {"instructions", 3e9, 1, 1, false, ""},
        {"cache-misses", 6e6, 1, 1, false, ""}, {"cache-references", 6e7, 1, 1, false, ""},
        {"instructions", 4e9, 0, 0, true, ""},  {"LL-misses", 2e6, 0, 0, true, ""}};
  auto d = deriveCounters(r);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].name, "IPC");
  EXPECT_DOUBLE_EQ(d[0].value.median, 1.5);
  EXPECT_EQ(d[1].name, "cache-misses per kilo-instruction");
  EXPECT_DOUBLE_EQ(d[1].value.median, 2);
  EXPECT_EQ(d[2].name, "cache miss ratio");
  EXPECT_DOUBLE_EQ(d[2].value.median, 0.1);
  // Simulated misses over simulated instructions, never over the hardware count.
  EXPECT_EQ(d[3].name, "LL-misses per kilo-instruction (simulated)");
  EXPECT_TRUE(d[3].simulated);
  EXPECT_DOUBLE_EQ(d[3].value.median, 0.5);
}

TEST(SessionReport, CollectsEveryViewAsValues) {
  std::vector<model::Run> runs;
  for (int n : {1000, 2000, 4000})
    for (int p : {1, 2})
      runs.push_back(makeRun("w", "threads", {{"n", std::to_string(n)}, {"d", "8"}}, p,
                             {1e-6 * n / p * 1.1, 1e-6 * n / p}));
  model::Session session;
  session.label = "sweep";
  // What `tunelab run` stores about the workload: its work is linear in n.
  WorkloadTraits traits;
  traits.workExponents = {{"n", 1}};
  session.environment.extra = workloadTraitFacts("w", traits);
  auto report = analyzeSession(session, runs);
  EXPECT_EQ(report.session.label, "sweep");
  ASSERT_EQ(report.runs.size(), 6u);
  EXPECT_EQ(report.runs[0].run, nullptr);
  EXPECT_EQ(report.runs[1].name, "w/threads/n:1000/d:8/threads:2");
  EXPECT_EQ(report.runs[1].workers(), 2);
  EXPECT_EQ(report.scaling.size(), 3u);      // one per n, each over p = 1, 2
  EXPECT_EQ(report.complexity.size(), 2u);   // over n, at p = 1 and at p = 2
  EXPECT_EQ(report.weakScaling.size(), 2u);  // (1000, 1)→(2000, 2) and (2000, 1)→(4000, 2)
  EXPECT_EQ(report.sharedParams, "d:8");
  EXPECT_TRUE(report.allocation.empty());
}

// `tunelab run all`: nothing is shared across workloads, so each workload's own shared
// parameters are what the report states once, leaving only what varies in its rows.
TEST(SessionReport, SharedParametersPerWorkload) {
  std::vector<model::Run> runs;
  for (int n : {100, 200})
    runs.push_back(makeRun("a", "v", {{"n", std::to_string(n)}, {"d", "8"}}, 1, {1e-3}));
  for (int p : {1, 2}) runs.push_back(makeRun("b", "v", {{"op", "lu"}}, p, {1e-3}));
  runs.push_back(makeRun("c", "v", {{"size", "3"}}, 1, {1e-3}));
  auto report = analyzeSession(model::Session{}, runs);
  EXPECT_EQ(report.sharedParams, "");
  EXPECT_EQ(report.sharedParamsByWorkload.at("a"), "d:8");
  EXPECT_EQ(report.sharedParamsByWorkload.at("b"), "op:lu");
  EXPECT_EQ(report.sharedParamsByWorkload.at("c"), "");  // one run: nothing to factor out
}

// Every surface shows a multi-workload session one workload at a time: the scope keeps that
// workload's runs and series only, with its own shared parameters (a lone run's are all
// stated once).
TEST(SessionReport, ScopedToOneWorkload) {
  std::vector<model::Run> runs;
  for (int n : {100, 200})
    runs.push_back(makeRun("a", "v", {{"n", std::to_string(n)}, {"d", "8"}}, 1, {1e-3}));
  for (int p : {1, 2}) runs.push_back(makeRun("b", "v", {{"op", "lu"}}, p, {1e-3, 1.1e-3}));
  runs.push_back(makeRun("c", "v", {{"size", "3"}}, 1, {1e-3}));
  const auto report = analyzeSession(model::Session{}, runs);
  EXPECT_EQ(workloadsOf(report), (std::vector<std::string>{"a", "b", "c"}));
  const auto b = scopeToWorkload(report, "b");
  ASSERT_EQ(b.runs.size(), 2u);
  for (const auto& r : b.runs) EXPECT_EQ(r.workload, "b");
  ASSERT_EQ(b.scaling.size(), 1u);
  EXPECT_EQ(b.scaling[0].workload, "b");
  EXPECT_EQ(b.sharedParams, "op:lu");
  const auto a = scopeToWorkload(report, "a");
  EXPECT_EQ(a.runs.size(), 2u);
  EXPECT_TRUE(a.scaling.empty() || a.scaling[0].workload == "a");
  EXPECT_EQ(a.sharedParams, "d:8");
  EXPECT_EQ(scopeToWorkload(report, "c").sharedParams, "size:3");
  EXPECT_TRUE(scopeToWorkload(report, "nope").runs.empty());
}

}  // namespace
}  // namespace tunelab::analysis
