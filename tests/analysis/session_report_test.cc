// What the GUI takes from a SessionReport beyond what the CLI renders: the shared parameters
// as values, series parameters as values, per-run views by index, and the cheap first stage.

#include "tunelab/analysis/session_report.h"

#include <gtest/gtest.h>

#include "test_runs.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

std::vector<double> seven(double t) { return {t, t * 1.01, t * 0.99, t * 1.02, t, t * 0.98, t}; }

TEST(SessionReport, CommonAndDistinctParameters) {
  const std::vector<model::Param> a{{"n", "1"}, {"d", "8"}, {"k", "4"}};
  const std::vector<model::Param> b{{"d", "8"}, {"n", "2"}, {"k", "4"}};
  // In the first list's order; a key with another value is not shared.
  EXPECT_EQ(commonParams({a, b}), (std::vector<model::Param>{{"d", "8"}, {"k", "4"}}));
  EXPECT_EQ(commonParams({a}), a);  // one list: all of it
  EXPECT_TRUE(commonParams({}).empty());
  EXPECT_TRUE(commonParams({a, {}}).empty());
  EXPECT_EQ(distinctParams(b, commonParams({a, b})), (std::vector<model::Param>{{"n", "2"}}));
  EXPECT_TRUE(distinctParams(a, a).empty());
}

TEST(SessionReport, SharedParametersAsValues) {
  std::vector<model::Run> runs;
  for (int n : {100, 200})
    runs.push_back(makeRun("a", "v", {{"n", std::to_string(n)}, {"d", "8"}}, 1, {1e-3}));
  auto report = analyzeSession(model::Session{}, runs);
  EXPECT_EQ(report.sharedParamValues, (std::vector<model::Param>{{"d", "8"}}));
  EXPECT_EQ(report.sharedParams, "d:8");
  // One run: the text factors nothing out of its row; as values (one header for the whole
  // session, as the GUI shows it) they are all of that run's.
  report = analyzeSession(model::Session{}, {runs.front()});
  EXPECT_EQ(report.sharedParamValues, runs.front().params);
  EXPECT_EQ(report.sharedParams, "");
  EXPECT_TRUE(analyzeSession(model::Session{}, {}).sharedParamValues.empty());
}

TEST(SessionReport, SeriesCarryTheirParametersAsValues) {
  const std::vector<model::Param> params{{"n", "100"}, {"d", "8"}};
  const auto report = analyzeSession(
      model::Session{},
      {makeRun("w", "threads", params, 1, {2e-3}), makeRun("w", "threads", params, 2, {1e-3})});
  ASSERT_EQ(report.scaling.size(), 1u);
  EXPECT_EQ(report.scaling[0].paramValues, params);
  EXPECT_EQ(report.scaling[0].params, "n:100/d:8");
}

// The GUI's first loading stage: sample times only, no order statistics; the rest identical.
TEST(SessionReport, SkippingIntervalsLeavesThemUndefined) {
  const std::vector<model::Run> runs{makeRun("w", "threads", {}, 1, seven(4e-3)),
                                     makeRun("w", "threads", {}, 2, seven(2.1e-3)),
                                     makeRun("w", "threads", {}, 4, seven(1.2e-3))};
  const auto whole = analyzeSession(model::Session{}, runs);
  const auto quick = analyzeSession(model::Session{}, runs, MedianInterval::Skip);
  ASSERT_EQ(whole.scaling.size(), 1u);
  ASSERT_EQ(quick.scaling.size(), 1u);
  const auto& w = whole.scaling[0];
  const auto& q = quick.scaling[0];
  ASSERT_EQ(q.points.size(), w.points.size());
  EXPECT_TRUE(w.amdahl.defined);
  EXPECT_EQ(q.amdahl.defined, w.amdahl.defined);
  for (std::size_t p = 0; p < w.points.size(); ++p) {
    EXPECT_TRUE(w.points[p].speedupInterval.defined());  // S(1) = [1, 1]; seven a side beyond
    EXPECT_LE(w.points[p].speedupInterval.low, w.points[p].speedup);
    EXPECT_GE(w.points[p].speedupInterval.high, w.points[p].speedup);
    EXPECT_FALSE(q.points[p].speedupInterval.defined());
    EXPECT_DOUBLE_EQ(q.points[p].speedup, w.points[p].speedup);
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_TRUE(whole.runs[i].wallMedianInterval.defined());
    EXPECT_FALSE(quick.runs[i].wallMedianInterval.defined());
    EXPECT_DOUBLE_EQ(quick.runs[i].wall.median, whole.runs[i].wall.median);
  }
}

// Derived counters and allocation analyses say which run they are of, also within a scope.
TEST(SessionReport, PerRunViewsKnowTheirRun) {
  auto counted = makeRun("b", "v", {}, 1, {0.01, 0.01});
  for (auto& s : counted.samples)
    s.counters = {{"cycles", 2e9, 1, 1, false, ""}, {"instructions", 3e9, 1, 1, false, ""}};
  auto heap = makeRun("b", "v", {}, 2, {0.01, 0.02});
  for (auto& s : heap.samples)
    s.alloc = model::AllocStats{10, 10, 640, 64, std::nullopt, std::nullopt};
  const auto report =
      analyzeSession(model::Session{}, {makeRun("a", "v", {}, 1, {0.01}), counted, heap});
  ASSERT_EQ(report.derived.size(), 1u);
  EXPECT_EQ(report.derived[0].runIndex, 1u);
  ASSERT_EQ(report.allocation.size(), 1u);
  EXPECT_EQ(report.allocation[0].runIndex, 2u);
  EXPECT_EQ(report.runs[report.allocation[0].runIndex].name, heap.name);
  const auto b = scopeToWorkload(report, "b");
  ASSERT_EQ(b.derived.size(), 1u);
  EXPECT_EQ(b.derived[0].runIndex, 0u);
  ASSERT_EQ(b.allocation.size(), 1u);
  EXPECT_EQ(b.allocation[0].runIndex, 1u);
}

}  // namespace
}  // namespace tunelab::analysis
