#include "tunelab/analysis/comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "test_runs.h"

namespace tunelab::analysis {
namespace {

using testing::makeRun;

std::vector<double> around(double center, double relative, int n, std::uint64_t seed) {
  testing::Noise noise(seed);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(center * (1 + relative * noise.uniform()));
  return out;
}

void addAllocations(model::Run& r, std::int64_t perIteration) {
  for (auto& s : r.samples)
    s.alloc = model::AllocStats{perIteration, perIteration, perIteration * 64, 4096, {}, {}};
}

void addInstructions(model::Run& r, double count, bool simulated) {
  for (auto& s : r.samples) s.counters.push_back({"instructions", count, 0, 0, simulated, ""});
}

CompareSide side(const std::string& source, std::vector<model::Run> runs) {
  CompareSide s;
  s.source = source;
  s.session.label = source;
  s.runs = std::move(runs);
  return s;
}

TEST(Compare, VerdictsPerBenchmarkAndTheSummary) {
  auto slowB = makeRun("w", "a", {}, 1, around(10e-3, 0.01, 10, 1));
  auto slowC = makeRun("w", "a", {}, 1, around(12e-3, 0.01, 10, 2));
  auto sameB = makeRun("w", "b", {}, 1, around(5e-3, 0.005, 10, 3));
  auto sameC = makeRun("w", "b", {}, 1, around(5e-3, 0.005, 10, 4));
  auto fastB = makeRun("w", "c", {}, 1, around(8e-3, 0.01, 10, 5));
  auto fastC = makeRun("w", "c", {}, 1, around(4e-3, 0.01, 10, 6));
  auto gone = makeRun("w", "d", {}, 1, {1});
  auto added = makeRun("w", "e", {}, 1, {1});
  auto c = compare(side("base", {slowB, sameB, fastB, gone}),
                   side("cand", {slowC, sameC, fastC, added}), {});
  ASSERT_EQ(c.benchmarks.size(), 5u);
  EXPECT_EQ(c.benchmarks[0].name, "w/a/threads:1");
  EXPECT_EQ(c.benchmarks[0].primary.measure, "time");
  EXPECT_EQ(c.benchmarks[0].primary.result.verdict, Verdict::Slower);
  EXPECT_TRUE(c.benchmarks[0].regression());
  EXPECT_EQ(c.benchmarks[1].primary.result.verdict, Verdict::Unchanged);
  EXPECT_EQ(c.benchmarks[2].primary.result.verdict, Verdict::Faster);
  EXPECT_EQ(c.benchmarks[3].status, BenchmarkStatus::OnlyInBaseline);
  EXPECT_EQ(c.benchmarks[4].status, BenchmarkStatus::OnlyInCandidate);
  const auto& s = c.summary;
  EXPECT_EQ(s.compared, 3u);
  EXPECT_EQ(s.slower, 1u);
  EXPECT_EQ(s.faster, 1u);
  EXPECT_EQ(s.unchanged, 1u);
  EXPECT_EQ(s.regressions, 1u);
  EXPECT_TRUE(c.hasRegression());
  ASSERT_EQ(s.geometricMeans.size(), 1u);
  const auto& g = s.geometricMeans[0];
  double expected = 1;
  for (std::size_t i = 0; i < 3; ++i) expected *= c.benchmarks[i].primary.result.ratio;
  EXPECT_NEAR(g.ratio, std::cbrt(expected), 1e-12);
  ASSERT_TRUE(g.interval.defined());
  EXPECT_LT(g.interval.low, g.ratio);
  EXPECT_GT(g.interval.high, g.ratio);
  ASSERT_FALSE(c.thresholdText.empty());
  EXPECT_NE(c.thresholdText[0].find("candidate time > baseline × 1.05"), std::string::npos)
      << c.thresholdText[0];

  auto order = reportOrder(c);
  EXPECT_EQ(order,
            (std::vector<std::size_t>{0, 2, 1, 3, 4}));  // slower, faster, unchanged, gone, new
}

TEST(Compare, SimulatedInstructionsArePrimaryWhenBothSidesHaveThem) {
  // Times say nothing (±30 %), the simulated instruction counts say +1 % exactly.
  auto b = makeRun("w", "a", {}, 1, around(10e-3, 0.3, 10, 7));
  auto c = makeRun("w", "a", {}, 1, around(10e-3, 0.3, 10, 8));
  addInstructions(b, 1e8, true);
  addInstructions(c, 1.01e8, true);
  auto cmp = compare(side("b", {b}), side("c", {c}), {});
  const auto& bc = cmp.benchmarks[0];
  EXPECT_EQ(bc.primary.measure, "instructions (simulated)");
  EXPECT_EQ(bc.primary.noise, NoiseModel::Deterministic);
  EXPECT_DOUBLE_EQ(bc.primary.threshold, 0.005);
  EXPECT_TRUE(bc.primary.result.deterministic);
  EXPECT_EQ(bc.primary.result.verdict, Verdict::Slower);
  // Time is still there, as a secondary measure.
  ASSERT_FALSE(bc.secondary.empty());
  EXPECT_EQ(bc.secondary[0].measure, "time");
  // A/A on the counts: nothing.
  auto aa = compare(side("b", {b}), side("b", {b}), {});
  EXPECT_EQ(aa.benchmarks[0].primary.result.verdict, Verdict::Unchanged);

  // Only one side simulated: time decides.
  auto plain = makeRun("w", "a", {}, 1, around(10e-3, 0.01, 10, 9));
  auto mixed = compare(side("b", {b}), side("c", {plain}), {});
  EXPECT_EQ(mixed.benchmarks[0].primary.measure, "time");
  // Asked for wall time explicitly.
  CompareOptions wall;
  wall.primary = PrimaryMeasure::WallTime;
  EXPECT_EQ(compare(side("b", {b}), side("c", {c}), wall).benchmarks[0].primary.measure, "time");
}

TEST(Compare, ARegressionIsExplainedByWhatMovedMost) {
  auto b = makeRun("w", "a", {}, 1, around(10e-3, 0.01, 10, 10));
  auto c = makeRun("w", "a", {}, 1, around(13e-3, 0.01, 10, 11));
  addAllocations(b, 100);
  addAllocations(c, 135);  // +35 % allocations per iteration
  for (auto* r : {&b, &c})
    for (auto& s : r->samples)
      s.counters.push_back(
          {"cache-misses", (r == &b ? 1e5 : 2.1e5) * (1 + 0.01 * s.repetition), 0, 0, false, ""});
  auto cmp = compare(side("b", {b}), side("c", {c}), {});
  const auto& bc = cmp.benchmarks[0];
  ASSERT_EQ(bc.primary.result.verdict, Verdict::Slower);
  ASSERT_GE(bc.explanation.size(), 2u);
  EXPECT_EQ(bc.explanation[0].measure, "cache-misses");  // 2.1× moves more than +35 %
  EXPECT_EQ(describeMovement(bc.explanation[0]), "2.1× cache-misses");
  // cpu time moved as much as time (+30 %), allocations +35 %: both explain it.
  bool allocs = false;
  for (const auto& m : bc.explanation)
    if (m.measure == "allocations/iteration") {
      allocs = true;
      EXPECT_EQ(describeMovement(m), "+35 % allocations/iteration");
    }
  EXPECT_TRUE(allocs);
  EXPECT_LE(bc.explanation.size(), 3u);
}

TEST(Compare, FailedCandidateIsARegressionAndFailedBaselineIsNot) {
  auto ok = makeRun("w", "a", {}, 1, {1, 1.1, 0.9});
  auto broken = makeRun("w", "a", {}, 1, {});
  broken.status = model::RunStatus::Crashed;
  broken.reason = "killed by SIGSEGV";
  auto c = compare(side("b", {ok}), side("c", {broken}), {});
  EXPECT_EQ(c.benchmarks[0].status, BenchmarkStatus::FailedInCandidate);
  EXPECT_EQ(c.benchmarks[0].reason, "killed by SIGSEGV");
  EXPECT_TRUE(c.hasRegression());
  auto back = compare(side("b", {broken}), side("c", {ok}), {});
  EXPECT_EQ(back.benchmarks[0].status, BenchmarkStatus::FailedInBaseline);
  EXPECT_FALSE(back.hasRegression());
}

TEST(Compare, IgnoredParametersMatchDifferentValues) {
  auto b = makeRun("calibrate", "mixed", {{"extra", "0"}, {"seed", "1"}}, 1,
                   around(10e-3, 0.01, 10, 12));
  auto c = makeRun("calibrate", "mixed", {{"extra", "10"}, {"seed", "1"}}, 1,
                   around(11e-3, 0.01, 10, 13));
  const auto apart = compare(side("b", {b}), side("c", {c}), {});
  EXPECT_EQ(apart.summary.compared, 0u);
  // What keeps them apart is offered by name, and nothing else (not seed, not threads).
  EXPECT_EQ(unmatchedParamKeys(apart), std::vector<std::string>{"extra"});
  CompareOptions o;
  o.ignoreParams = {"extra"};
  auto cmp = compare(side("b", {b}), side("c", {c}), o);
  ASSERT_EQ(cmp.summary.compared, 1u);
  EXPECT_EQ(cmp.benchmarks[0].name, "calibrate/mixed/seed:1/threads:1");
  EXPECT_EQ(cmp.benchmarks[0].primary.result.verdict, Verdict::Slower);
}

TEST(Compare, NothingToOfferWhenEveryBenchmarkMatches) {
  auto b = makeRun("w", "a", {{"n", "1"}}, 1, {1, 1.1, 0.9, 1, 1});
  auto c = makeRun("w", "a", {{"n", "1"}}, 2, {1, 1.1, 0.9, 1, 1});  // threads differ only
  EXPECT_TRUE(unmatchedParamKeys(compare(side("b", {b}), side("c", {c}), {})).empty());
}

TEST(Compare, NotesSayWhatDiffersBetweenTheSides) {
  auto b = side("b", {makeRun("w", "a", {}, 1, {1})});
  auto c = side("c", {makeRun("w", "a", {}, 1, {1}), makeRun("w", "a", {}, 1, {2})});
  b.session.environment.host = "alpha";
  c.session.environment.host = "beta";
  c.session.environment.logicalCores = 2;
  c.session.environment.extra = {{"load_average_1min", "3.5"}};
  auto cmp = compare(b, c, {});
  std::string all;
  for (const auto& n : cmp.notes) all += n + "\n";
  EXPECT_NE(all.find("different hosts (baseline: alpha; candidate: beta)"), std::string::npos)
      << all;
  EXPECT_NE(all.find("loaded (load average 3.5 on 2 cores"), std::string::npos) << all;
  EXPECT_NE(all.find("more than one run named w/a/threads:1"), std::string::npos) << all;
}

TEST(Compare, MovementsReadAsPercentOrFactor) {
  EXPECT_EQ(describeMovement({"time", 1.072, Verdict::Slower}), "+7.2 % time");
  EXPECT_EQ(describeMovement({"time", 0.88, Verdict::Faster}), "−12 % time");
  EXPECT_EQ(describeMovement({"instructions (simulated)", 1.0042, Verdict::Slower}),
            "+0.42 % instructions (simulated)");
  EXPECT_EQ(describeMovement({"cache-misses", 3.0, Verdict::Slower}), "3× cache-misses");
}

TEST(Compare, MeasuresOfARun) {
  auto r = makeRun("w", "a", {}, 2, {1, 2});
  for (auto& s : r.samples) {
    s.iterations = 10;
    s.counters = {{"task-clock", 1e9, 1, 1, false, ""},
                  {"cycles", std::nullopt, 0, 0, false, "no PMU"}};
  }
  addAllocations(r, 50);
  auto ms = measuresOf(r);
  std::vector<std::string> names;
  for (const auto& m : ms) names.push_back(m.measure);
  EXPECT_EQ(names,
            (std::vector<std::string>{"time", "cpu time", "task-clock", "allocations/iteration",
                                      "bytes allocated/iteration", "peak heap"}));
  EXPECT_EQ(ms[2].noise, NoiseModel::Timing);  // a clock jitters like time
  EXPECT_DOUBLE_EQ(ms[2].values[0], 1e8);      // per execution
  EXPECT_DOUBLE_EQ(ms[3].values[0], 5);
  EXPECT_EQ(ms[3].noise, NoiseModel::Deterministic);
}

}  // namespace
}  // namespace tunelab::analysis
