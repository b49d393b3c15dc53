#include "tunelab/analysis/complexity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "test_runs.h"

namespace tunelab::analysis {
namespace {

// Sizes 1000 … 128000 (doubling), three repetitions each, with ±noise multiplicative error.
ComplexityFit fitSynthetic(Complexity truth, double noiseLevel, std::uint64_t seed) {
  testing::Noise noise(seed);
  std::vector<double> n, t;
  for (double size = 1000; size <= 128000; size *= 2)
    for (int rep = 0; rep < 3; ++rep) {
      n.push_back(size);
      t.push_back(3e-9 * complexityFunction(truth, size) * (1 + noiseLevel * noise.normal()));
    }
  return fitComplexity(n, t);
}

TEST(Complexity, PicksTheRightClassOnNoisySyntheticData) {
  for (auto truth : {Complexity::Linear, Complexity::Linearithmic, Complexity::Quadratic})
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      auto fit = fitSynthetic(truth, 0.05, seed);  // 5 % noise, as on a busy machine
      ASSERT_TRUE(fit.defined);
      EXPECT_EQ(fit.best.complexity, truth) << complexityName(truth) << " seed " << seed
                                            << " picked " << complexityName(fit.best.complexity);
      EXPECT_NEAR(fit.best.coefficient, 3e-9, 3e-9 * 0.05);
      EXPECT_LT(fit.best.rms, 0.1);
      EXPECT_LT(fit.margin, 1);
    }
}

TEST(Complexity, ExactDataFitExactly) {
  std::vector<double> n = {10, 100, 1000}, t;
  for (double x : n) t.push_back(2e-6 * x * x * x);
  auto fit = fitComplexity(n, t);
  EXPECT_EQ(fit.best.complexity, Complexity::Cubic);
  EXPECT_NEAR(fit.best.rms, 0, 1e-12);
  EXPECT_NEAR(predictTime(fit.best, 50), 2e-6 * 125000, 1e-12);
  ASSERT_EQ(fit.candidates.size(), 6u);
  EXPECT_EQ(complexityName(fit.candidates[3].complexity), "O(n log n)");
}

TEST(Complexity, ConstantAndLogarithmic) {
  std::vector<double> n = {1024, 4096, 16384, 65536}, flat = {1, 1.01, 0.99, 1}, logn;
  for (double x : n) logn.push_back(0.1 * std::log2(x));
  EXPECT_EQ(fitComplexity(n, flat).best.complexity, Complexity::Constant);
  EXPECT_EQ(fitComplexity(n, logn).best.complexity, Complexity::Logarithmic);
}

TEST(Complexity, DegenerateInputsAreUndefined) {
  std::vector<double> one = {100, 100}, t = {1, 2};
  EXPECT_FALSE(fitComplexity(one, t).defined);
  std::vector<double> n = {0.5, 10};
  EXPECT_FALSE(fitComplexity(n, t).defined);
  std::vector<double> ok = {10, 100}, zero = {0, 1};
  EXPECT_FALSE(fitComplexity(ok, zero).defined);
}

TEST(Complexity, SweepsAreFoundPerVariantAndFixedParameters) {
  std::vector<model::Run> runs;
  for (int n : {1000, 10000, 100000}) {
    for (int d : {4, 8}) {
      const std::vector<model::Param> params = {{"n", std::to_string(n)}, {"d", std::to_string(d)}};
      runs.push_back(testing::makeRun("w", "serial", params, 1, {1e-8 * n * d, 1.1e-8 * n * d}));
    }
  }
  auto failed = testing::makeRun("w", "serial", {{"n", "5"}, {"d", "4"}}, 1, {});
  failed.status = model::RunStatus::Failed;
  runs.push_back(failed);
  auto sweeps = complexitySweeps(runs);
  // Over n for d = 4 and d = 8; over d there are only two values: no sweep.
  ASSERT_EQ(sweeps.size(), 2u);
  for (const auto& s : sweeps) {
    EXPECT_EQ(s.sizeParam, "n");
    EXPECT_EQ(s.sizes, (std::vector<double>{1000, 10000, 100000}));
    EXPECT_EQ(s.fit.best.complexity, Complexity::Linear);
  }
  EXPECT_EQ(sweeps[0].fixedParams, "d:4");
  EXPECT_EQ(sweeps[1].fixedParams, "d:8");
}

// A workload that declares what sizes its work (its workExponents) is swept over those
// parameters only: stream's rate and batch are numbers, but T(rate) is no complexity.
TEST(Complexity, DeclaredSizeParametersAloneAreSwept) {
  std::vector<model::Run> runs;
  for (int events : {1000, 10000, 100000})
    for (int rate : {1000, 2000, 4000}) {
      const std::vector<model::Param> params = {{"events", std::to_string(events)},
                                                {"rate", std::to_string(rate)}};
      runs.push_back(testing::makeRun("stream", "optimized", params, 1,
                                      {1e-7 * events, 1.1e-7 * events}));
    }
  EXPECT_EQ(complexitySweeps(runs).size(), 6u);  // over events per rate, over rate per events
  const auto sweeps = complexitySweeps(runs, {{"stream", {"events"}}});
  ASSERT_EQ(sweeps.size(), 3u);
  for (const auto& s : sweeps) EXPECT_EQ(s.sizeParam, "events");
  // Another workload's declaration does not narrow this one's.
  EXPECT_EQ(complexitySweeps(runs, {{"kmeans", {"n"}}}).size(), 6u);
}

}  // namespace
}  // namespace tunelab::analysis
