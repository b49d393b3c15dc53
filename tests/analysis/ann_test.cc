#include "tunelab/analysis/ann.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_runs.h"
#include "tunelab/analysis/session_report.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

// What one repetition of an ann run reported.
struct Rep {
  double recall;  // recall@k; recall@1 = recall + 0.05 (capped at 1)
  double qps;
};

// A run of the ann workload on synthetic data of `n` base vectors.
model::Run annRun(const std::string& variant, int nprobe, int rerank, int threads,
                  const std::vector<Rep>& reps, int n = 10000,
                  const std::string& workload = "ann") {
  std::vector<double> wall;
  for (const auto& r : reps) wall.push_back(200 / r.qps);
  auto run = makeRun(workload, variant,
                     {{"dataset", "synthetic"},
                      {"n", std::to_string(n)},
                      {"nq", "200"},
                      {"d", "64"},
                      {"k", "10"},
                      {"m", "16"},
                      {"nlist", "64"},
                      {"nprobe", std::to_string(nprobe)},
                      {"rerank", std::to_string(rerank)},
                      {"batch", "256"},
                      {"seed", "42"}},
                     threads, wall);
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const auto& r = reps[i];
    run.samples[i].metrics = {{"recall_at_1", std::min(1.0, r.recall + 0.05), ""},
                              {"recall_at_k", r.recall, ""},
                              {"qps", r.qps, "queries/s"},
                              {"qps_per_core", r.qps / threads, "queries/s"},
                              {"ms_per_query", 1e3 / r.qps, "ms"},
                              {"bytes_per_vector", variant == "naive" ? 256.0 : 8.0, "B"},
                              {"train_seconds", variant == "naive" ? 0.0 : 0.5, "s"},
                              {"encode_seconds", 0.01 * static_cast<double>(i + 1), "s"},
                              {"distance_evaluations", 1e6, ""}};
  }
  return run;
}

TEST(ParetoFront, KeepsThePointsNothingDominates) {
  //              a     b     c     d     e (= b)  f (NaN)
  const std::vector<double> recall = {1.0, 0.9, 0.8, 0.85, 0.9, NAN};
  const std::vector<double> qps = {100, 1000, 2000, 900, 1000, 1e9};
  const auto front = paretoFront(recall, qps);
  ASSERT_EQ(front.size(), 6u);
  EXPECT_TRUE(front[0]);   // the most accurate
  EXPECT_TRUE(front[1]);   // equal to e: neither is better, both stay
  EXPECT_TRUE(front[2]);   // the fastest
  EXPECT_FALSE(front[3]);  // b is more accurate and faster
  EXPECT_TRUE(front[4]);
  EXPECT_FALSE(front[5]);  // undefined recall is on no front (and beats nothing)
  EXPECT_TRUE(paretoFront({}, {}).empty());
  EXPECT_EQ(paretoFront({0.5}, {1}), std::vector<bool>{true});
}

TEST(Ann, MediansPerCaseAndTheFrontPerDataAndWorkerCount) {
  const std::vector<model::Run> runs = {
      annRun("naive", 8, 4, 1, {{1.0, 100}, {1.0, 120}, {1.0, 80}}),
      annRun("ivfpq", 1, 0, 1, {{0.5, 9000}, {0.5, 11000}, {0.5, 10000}}),
      annRun("ivfpq", 8, 4, 1, {{0.95, 3000}, {0.95, 3000}, {0.95, 3000}}),
      annRun("pq4fs", 8, 4, 1, {{0.9, 2500}, {0.9, 2500}, {0.9, 2500}}),  // under ivfpq nprobe 8
      annRun("ivfpq", 8, 4, 2, {{0.95, 5000}, {0.95, 5000}, {0.95, 5000}}),
      annRun("naive", 8, 4, 1, {{1.0, 50}}, 20000),  // other data: its own front
  };
  auto a = analyzeAnn(runs);
  ASSERT_EQ(a.cases.size(), 6u);
  // n = 10000 at p = 1 by recall, descending; then p = 2; then n = 20000.
  EXPECT_EQ(a.cases[0].variant, "naive");
  EXPECT_EQ(a.cases[1].name, runs[2].name);
  EXPECT_EQ(a.cases[2].variant, "pq4fs");
  EXPECT_EQ(a.cases[3].name, runs[1].name);
  EXPECT_EQ(a.cases[4].threads, 2);
  EXPECT_EQ(a.cases[5].data, "dataset:synthetic/n:20000/nq:200/d:64/k:10");

  const AnnCase& naive = a.cases[0];
  EXPECT_EQ(naive.runIndex, 0u);
  EXPECT_EQ(naive.repetitions, 3u);
  EXPECT_DOUBLE_EQ(naive.qps, 100);  // the median, not the mean or the first
  EXPECT_DOUBLE_EQ(naive.recallAtK, 1.0);
  EXPECT_DOUBLE_EQ(naive.recallAt1, 1.0);
  EXPECT_DOUBLE_EQ(naive.msPerQuery, 1e3 / 100);
  EXPECT_DOUBLE_EQ(naive.bytesPerVector, 256);
  EXPECT_DOUBLE_EQ(naive.trainSeconds, 0);
  EXPECT_DOUBLE_EQ(naive.encodeSeconds, 0.02);
  EXPECT_EQ(naive.data, "dataset:synthetic/n:10000/nq:200/d:64/k:10");
  ASSERT_EQ(naive.knobs.size(), 6u);
  EXPECT_EQ(naive.knobs[0].key, "m");
  EXPECT_EQ(naive.knobs[5].key, "seed");
  EXPECT_DOUBLE_EQ(a.cases[3].qps, 10000);
  EXPECT_DOUBLE_EQ(a.cases[3].recallAt1, 0.55);

  EXPECT_TRUE(a.cases[0].pareto);
  EXPECT_TRUE(a.cases[1].pareto);
  EXPECT_FALSE(a.cases[2].pareto) << "ivfpq nprobe 8 is more accurate and faster";
  EXPECT_TRUE(a.cases[3].pareto);
  EXPECT_TRUE(a.cases[4].pareto) << "alone at p = 2: not beaten by, nor beating, p = 1";
  EXPECT_TRUE(a.cases[5].pareto) << "alone on its data";

  // A series per variant, data and p, its cases by recall ascending.
  ASSERT_EQ(a.series.size(), 5u);
  EXPECT_EQ(a.series[0].variant, "naive");
  EXPECT_EQ(a.series[1].variant, "ivfpq");
  ASSERT_EQ(a.series[1].cases.size(), 2u);
  EXPECT_EQ(a.series[1].cases[0], 3u);  // recall 0.5 first
  EXPECT_EQ(a.series[1].cases[1], 1u);
  EXPECT_EQ(a.series[1].label, "ivfpq · p=1 · n:10000");
  EXPECT_EQ(a.series[3].label, "ivfpq · p=2 · n:10000");
  EXPECT_EQ(a.series[4].label, "naive · p=1 · n:20000");
}

TEST(Ann, OnlyRunsThatReportRecallAndThroughput) {
  auto failed = annRun("pq", 8, 4, 1, {{0.8, 100}});
  failed.status = model::RunStatus::Failed;
  auto partial = annRun("pq", 8, 2, 1, {{0.8, 100}, {0.8, 100}});
  partial.samples[1].metrics.erase(partial.samples[1].metrics.begin() + 1);  // no recall_at_k
  auto other = makeRun("kmeans", "serial", {{"n", "1000"}}, 1, {0.1, 0.1});
  EXPECT_FALSE(isAnnRun(failed));
  EXPECT_FALSE(isAnnRun(partial));
  EXPECT_FALSE(isAnnRun(other));
  EXPECT_TRUE(analyzeAnn(std::vector<model::Run>{failed, partial, other}).cases.empty());
}

TEST(Ann, TheSessionReportCarriesItAndAScopeRenumbersIt) {
  const std::vector<model::Run> runs = {
      makeRun("kmeans", "serial", {{"n", "1000"}}, 1, {0.1, 0.1}),
      annRun("gemm", 8, 4, 1, {{1.0, 1000}}),
      annRun("pq", 8, 4, 1, {{0.7, 4000}}),
      annRun("pq", 8, 4, 1, {{0.6, 3000}}, 10000, "ann2"),
  };
  const auto report = analyzeSession({}, runs);
  ASSERT_EQ(report.annCases.size(), 3u);
  EXPECT_EQ(report.annSeries.size(), 3u);
  EXPECT_EQ(report.annSeries[0].label, "ann/gemm");  // two workloads: named with theirs

  const auto scoped = scopeToWorkload(report, "ann2");
  ASSERT_EQ(scoped.annCases.size(), 1u);
  EXPECT_EQ(scoped.annCases[0].runIndex, 0u);  // its run is the scope's first
  ASSERT_EQ(scoped.annSeries.size(), 1u);
  EXPECT_EQ(scoped.annSeries[0].cases, std::vector<std::size_t>{0});
  EXPECT_EQ(scoped.annSeries[0].label, "pq");
  EXPECT_TRUE(scoped.annCases[0].pareto);

  const auto ann = scopeToWorkload(report, "ann");
  ASSERT_EQ(ann.annCases.size(), 2u);
  EXPECT_EQ(ann.annCases[0].runIndex, 0u);  // gemm, the most accurate, first
  EXPECT_EQ(ann.annCases[1].runIndex, 1u);
  EXPECT_EQ(ann.annSeries[1].cases, std::vector<std::size_t>{1});
  EXPECT_EQ(ann.annSeries[1].label, "pq");
}

// The scope bar pins a knob that varies (a number that is not a size, as ann declares its
// sizes); the chart of the scope leaves the knobs open and keeps the data pinned.
TEST(Ann, ItsScopeLeavesTheKnobsOpenAndKeepsTheDataSet) {
  std::vector<model::Run> runs;
  for (int nprobe : {1, 8})
    for (int rerank : {2, 4}) runs.push_back(annRun("ivfpq", nprobe, rerank, 1, {{0.5, 100}}));
  auto fashion = annRun("ivfpq", 1, 2, 1, {{0.5, 100}});
  fashion.params[0].value = "fashion-mnist";
  runs.push_back(fashion);
  TraitsByWorkload traits;
  traits["ann"].workExponents = {{"nq", 1}, {"n", 1}, {"d", 1}};
  const Scope scope = defaultScope(runs, "ann", traits);
  EXPECT_EQ(describe(scope), "ann · rerank:2 nprobe:1 dataset:synthetic");
  const Scope open = annScope(scope);
  EXPECT_EQ(describe(open), "ann · dataset:synthetic");
  EXPECT_EQ(std::count_if(runs.begin(), runs.end(),
                          [&](const model::Run& r) { return inScope(r, open); }),
            4);
  EXPECT_EQ(describe(annScope(Scope{})), describe(Scope{}));
}

}  // namespace
}  // namespace tunelab::analysis
