// The scope a multi-workload session is shown in: one workload, one value of each parameter
// that varies within it (alloc's pattern, factor's op), unless a chart spreads along it.
#include "tunelab/analysis/scope.h"

#include <gtest/gtest.h>

#include "test_runs.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

std::vector<model::Run> session() {
  std::vector<model::Run> runs;
  for (const char* pattern : {"fixed-churn", "mixed-small"})
    for (const char* variant : {"glibc", "object-pool"})
      for (int p : {1, 2})
        runs.push_back(makeRun("alloc", variant, {{"pattern", pattern}, {"touch", "lines"}}, p, {1e-3}));
  for (int n : {100, 200})
    runs.push_back(makeRun("kmeans", "serial", {{"n", std::to_string(n)}, {"d", "8"}}, 1, {1e-3}));
  runs.push_back(makeRun("calibrate", "mixed", {{"work", "1"}}, 1, {1e-3}));
  return runs;
}

TEST(Scope, AWorkloadOpensAtItsFirstRunsValueOfEachVaryingParameter) {
  const auto runs = session();
  EXPECT_EQ(varyingParamKeys(runs, "alloc"), (std::vector<std::string>{"pattern"}));
  const auto alloc = defaultScope(runs, "alloc");
  ASSERT_EQ(alloc.where.size(), 1u);
  EXPECT_EQ(alloc.where[0].key, "pattern");
  EXPECT_EQ(alloc.where[0].value, "fixed-churn");
  const auto in = runsInScope(runs, alloc);
  EXPECT_EQ(in.size(), 4u);  // two allocators × two thread counts
  for (const auto& r : in) EXPECT_EQ(*model::findParam(r.params, "pattern"), "fixed-churn");
  EXPECT_EQ(describe(alloc), "alloc · pattern:fixed-churn");
}

TEST(Scope, ANumericParameterStaysOpenAndALoneRunIsItsOwnScope) {
  const auto runs = session();
  // kmeans' n is a size: the complexity view spreads along it, so the scope leaves it open.
  EXPECT_EQ(varyingParamKeys(runs, "kmeans"), (std::vector<std::string>{"n"}));
  EXPECT_TRUE(pinnableParamKeys(runs, "kmeans").empty());
  const auto sweep = defaultScope(runs, "kmeans");
  EXPECT_TRUE(sweep.where.empty());
  EXPECT_EQ(runsInScope(runs, sweep).size(), 2u);
  EXPECT_EQ(runsInScope(runs, defaultScope(runs, "calibrate")).size(), 1u);
  EXPECT_TRUE(runsInScope(runs, defaultScope(runs, "nope")).empty());
  EXPECT_EQ(runsInScope(runs, Scope{}).size(), runs.size());
}

TEST(Scope, ASmallSessionOpensWholeALargeOneAtItsFirstWorkload) {
  auto runs = session();  // 11 runs: every series fits one legend
  EXPECT_TRUE(sessionDefaultScope(runs).workload.empty());
  runs.push_back(makeRun("kmeans", "serial", {{"n", "300"}, {"d", "8"}}, 1, {1e-3}));
  runs.push_back(makeRun("kmeans", "serial", {{"n", "400"}, {"d", "8"}}, 1, {1e-3}));
  const auto big = sessionDefaultScope(runs);
  EXPECT_EQ(big.workload, "alloc");
  ASSERT_EQ(big.where.size(), 1u);
  EXPECT_EQ(big.where[0].value, "fixed-churn");
}

TEST(Scope, TheChoicesAreEveryWorkloadAndThePinnableValuesOfOne) {
  const auto c = scopeChoices(session(), "alloc");
  EXPECT_EQ(c.workloads, (std::vector<std::string>{"alloc", "kmeans", "calibrate"}));
  ASSERT_EQ(c.params.size(), 1u);
  EXPECT_EQ(c.params[0].first, "pattern");
  EXPECT_EQ(c.params[0].second, (std::vector<std::string>{"fixed-churn", "mixed-small"}));
  EXPECT_TRUE(scopeChoices(session(), "kmeans").params.empty());
}

// A workload that declares which parameters size its work: any other that varies is a knob
// and pinned, numbers included (stream's batch: one batch size at a time, as one pattern);
// its sizes stay open. Without the declaration (an older session, an import) a number might
// be a size and stays open, as before.
TEST(Scope, AWorkloadThatDeclaresItsSizesPinsItsNumericKnobs) {
  std::vector<model::Run> runs;
  for (const char* rate : {"max", "5e5"})
    for (const char* batch : {"1", "64"})
      for (const char* events : {"10000", "20000"})
        for (int p : {1, 2})
          runs.push_back(makeRun("stream", "threads",
                                 {{"query", "score"}, {"events", events}, {"rate", rate}, {"batch", batch}},
                                 p, {1e-3}));
  TraitsByWorkload traits;
  traits["stream"].workExponents = {{"events", 1}};
  traits["stream"].pacingParam = "rate";
  traits["stream"].unpacedValue = "max";
  // (In the order they are first seen to vary.)
  EXPECT_EQ(pinnableParamKeys(runs, "stream", traits), (std::vector<std::string>{"batch", "rate"}));
  const auto scope = defaultScope(runs, "stream", traits);
  EXPECT_EQ(describe(scope), "stream · batch:1 rate:max");
  EXPECT_EQ(runsInScope(runs, scope).size(), 4u);  // both sizes, both worker counts
  const auto choices = scopeChoices(runs, "stream", traits);
  ASSERT_EQ(choices.params.size(), 2u);
  EXPECT_EQ(choices.params[0].first, "batch");
  EXPECT_EQ(choices.params[0].second, (std::vector<std::string>{"1", "64"}));
  EXPECT_EQ(describe(sessionDefaultScope(runs, traits)), "stream · batch:1 rate:max");
  // Undeclared: only the rate (its max is no number) is pinned.
  EXPECT_EQ(pinnableParamKeys(runs, "stream"), (std::vector<std::string>{"rate"}));
  EXPECT_EQ(describe(defaultScope(runs, "stream")), "stream · rate:max");
  // Another workload's declaration changes nothing here.
  TraitsByWorkload other;
  other["kmeans"].workExponents = {{"n", 1}};
  EXPECT_EQ(pinnableParamKeys(runs, "stream", other), (std::vector<std::string>{"rate"}));
  // kmeans declares n a size: it stays open with the declaration too.
  EXPECT_TRUE(pinnableParamKeys(session(), "kmeans", other).empty());
}

}  // namespace
}  // namespace tunelab::analysis
