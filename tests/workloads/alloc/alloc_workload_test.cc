// The alloc workload end to end, at tiny scale: every allocator × pattern prepares, runs and
// reports what the issue asks for; parameters sweep and refuse as documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "tunelab/model/params.h"
#include "tunelab/workloads/alloc/allocator.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {

const Workload& allocWorkload() {
  const auto* w = findWorkload("alloc");
  EXPECT_NE(w, nullptr);
  return *w;
}

std::map<std::string, double> byName(const std::vector<model::Metric>& metrics) {
  std::map<std::string, double> out;
  for (const auto& m : metrics) out[m.name] = m.value;
  return out;
}

struct Combo {
  std::string allocator;
  std::string pattern;
  friend void PrintTo(const Combo& c, std::ostream* os) {
    *os << c.allocator << " × " << c.pattern;
  }
};

class EveryCombination : public ::testing::TestWithParam<Combo> {};

TEST_P(EveryCombination, RunsAndReportsRatesLatencyMemoryAndUtilization) {
  const auto& [allocator, pattern] = GetParam();
  // large-buffers makes 28 replacements at scale 1: at 0.05 one, which thread 0's half of
  // the window may not even get; at 0.25 seven.
  const char* scale = pattern == "large-buffers" ? "0.25" : "0.05";
  auto params = resolveParams(allocWorkload(), {{"pattern", pattern}, {"scale", scale}});
  ASSERT_TRUE(params.ok()) << params.error().message;
  // Two threads: one producer → consumer pair more than the minimum for producer-consumer,
  // a shared (or, for single-threaded allocators, per-thread) allocator for the others.
  auto inst = allocWorkload().prepare({allocator, *params, 2});
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  (*inst)->run();
  auto m = byName((*inst)->metrics());
  for (const char* name :
       {"ops_per_s", "ops_per_cpu_s", "p50_ns", "p99_ns", "p999_ns", "max_ns", "bytes_per_s",
        "peak_rss", "rss_after_free", "allocations", "operations"})
    EXPECT_TRUE(m.count(name)) << allocator << "/" << pattern << " lacks " << name;
  EXPECT_GT(m["ops_per_s"], 0);
  EXPECT_GT(m["allocations"], 0);
  EXPECT_LE(m["p50_ns"], m["p99_ns"]);
  EXPECT_LE(m["p99_ns"], m["max_ns"]);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizer owns malloc there: glibc's statistics do not describe it.
  if (allocator == "glibc") return;
#endif
  ASSERT_TRUE(m.count("R_final")) << allocator << "/" << pattern << ": no utilization";
  EXPECT_GT(m["R_final"], 0);
  const auto series = (*inst)->series();
  auto r = std::find_if(series.begin(), series.end(),
                        [](const model::Series& s) { return s.name == "R"; });
  ASSERT_NE(r, series.end());
  EXPECT_GE(r->x.size(), 4u) << "R is sampled along the trace";
  EXPECT_EQ(r->x.size(), r->y.size());
  EXPECT_TRUE(std::is_sorted(r->x.begin(), r->x.end()));
}

std::vector<Combo> everyCombination() {
  std::vector<Combo> out;
  for (auto a : alloc::allocatorNames())
    for (const char* p :
         {"fixed-churn", "mixed-small", "producer-consumer", "large-buffers", "phase"})
      out.push_back({std::string(a), p});
  return out;
}

INSTANTIATE_TEST_SUITE_P(Alloc, EveryCombination, ::testing::ValuesIn(everyCombination()),
                         [](const auto& param) {
                           std::string n = param.param.allocator + "_" + param.param.pattern;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(AllocWorkload, PoolsHoldExactlyTheFixedChurnWindow) {
  // fixed-churn keeps a window of 4096 64-byte objects: the object pool carves exactly that.
  auto params = resolveParams(allocWorkload(), {{"pattern", "fixed-churn"}, {"scale", "0.05"}});
  ASSERT_TRUE(params.ok());
  auto inst = allocWorkload().prepare({"object-pool", *params, 1});
  ASSERT_TRUE(inst.ok());
  (*inst)->run();
  auto m = byName((*inst)->metrics());
  EXPECT_NEAR(m["R_final"], 1.0, 0.1);
  EXPECT_EQ(m["allocations"], 4096 + 5000);
}

TEST(AllocWorkload, EveryAllocationAndFreeIsCountedOnce) {
  // The loops count their operations by the step: each allocation and each free once, a
  // reset as many frees as it releases — whatever allocator, pattern or thread count.
  for (const char* allocator : {"object-pool", "glibc", "arena"})
    for (const char* pattern : {"fixed-churn", "mixed-small", "producer-consumer", "phase"})
      for (int threads : {1, 2}) {
        auto params = resolveParams(allocWorkload(), {{"pattern", pattern}, {"scale", "0.05"}});
        ASSERT_TRUE(params.ok());
        auto inst = allocWorkload().prepare({allocator, *params, threads});
        ASSERT_TRUE(inst.ok()) << inst.error().message;
        (*inst)->run();
        auto m = byName((*inst)->metrics());
        EXPECT_EQ(m["operations"], 2 * m["allocations"])
            << allocator << " " << pattern << " p=" << threads;
      }
}

TEST(AllocWorkload, EveryThreadCountSplitsOneTrace) {
  // -t counts threads sharing one trace: at every p the same allocations, operations and
  // bytes. Each thread used to draw its own: large-buffers at p = 2 then allocated other
  // shapes (9 % more bytes at scale 1) and the group patterns one tree or request more.
  for (const char* allocator : {"glibc", "pmr-unsync", "arena"})
    for (const char* pattern :
         {"fixed-churn", "mixed-small", "producer-consumer", "large-buffers", "phase"}) {
      auto params = resolveParams(allocWorkload(), {{"pattern", pattern}, {"scale", "0.2"}});
      ASSERT_TRUE(params.ok());
      std::map<std::string, double> one;
      for (int threads : {1, 2, 3}) {
        auto inst = allocWorkload().prepare({allocator, *params, threads});
        ASSERT_TRUE(inst.ok()) << inst.error().message;
        (*inst)->run();
        auto m = byName((*inst)->metrics());
        // Both rates divide by the same seconds: their ratio is bytes per operation.
        m["bytes"] = m["bytes_per_s"] / m["ops_per_s"] * m["operations"];
        if (threads == 1) one = m;
        for (const char* name : {"allocations", "operations"})
          EXPECT_EQ(m[name], one[name]) << allocator << " " << pattern << " p=" << threads;
        EXPECT_NEAR(m["bytes"], one["bytes"], 1e-9 * one["bytes"])
            << allocator << " " << pattern << " p=" << threads;
      }
    }
}

std::vector<std::string> names(const std::vector<const VariantSpec*>& variants) {
  std::vector<std::string> out;
  for (const auto* v : variants) out.push_back(v->name);
  return out;
}

TEST(AllocFloor, ComesWithEveryComparisonAndRunsFirst) {
  // Net cost subtracts the floor of the same session: naming allocators brings it along.
  auto some = resolveVariants(allocWorkload(), {"object-pool", "glibc"});
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(names(*some), (std::vector<std::string>{"null", "object-pool", "glibc"}));
  auto all = resolveVariants(allocWorkload(), {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), alloc::allocatorNames().size() + 1);
  EXPECT_EQ(all->front()->name, "null");
  EXPECT_TRUE(all->front()->floor);
  // Alone, or named with the others, it runs once.
  auto alone = resolveVariants(allocWorkload(), {"null"});
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(names(*alone), std::vector<std::string>{"null"});
  auto named = resolveVariants(allocWorkload(), {"glibc", "null", "glibc"});
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(names(*named), (std::vector<std::string>{"glibc", "null"}));
}

TEST(AllocFloor, MakesTheTracesAllocationsWithLiveBlocksApart) {
  // Its addresses are planned ahead; the loop still writes every block and checks it at
  // its free, so a plan that handed out a live block would fail the run ("live blocks
  // overlap"). Every pattern, split among 1 to 3 threads (pairs), touched and not.
  for (const char* touch : {"lines", "none"})
    for (const char* pattern :
         {"fixed-churn", "mixed-small", "producer-consumer", "large-buffers", "phase"})
      for (int threads : {1, 2, 3}) {
        auto params = resolveParams(allocWorkload(),
                                    {{"pattern", pattern}, {"touch", touch}, {"scale", "0.2"}});
        ASSERT_TRUE(params.ok());
        auto floor = allocWorkload().prepare({"null", *params, threads});
        ASSERT_TRUE(floor.ok()) << floor.error().message;
        auto glibc = allocWorkload().prepare({"glibc", *params, threads});
        ASSERT_TRUE(glibc.ok()) << glibc.error().message;
        for (int execution = 0; execution < 2; ++execution) {
          EXPECT_NO_THROW((*floor)->run()) << pattern << " p=" << threads << " touch=" << touch;
          (*glibc)->run();
          auto m = byName((*floor)->metrics()), g = byName((*glibc)->metrics());
          EXPECT_EQ(m["loop_floor"], 1);
          EXPECT_EQ(g.count("loop_floor"), 0u);
          EXPECT_EQ(m["operations"], g["operations"]) << pattern << " p=" << threads;
          EXPECT_GT(m["ops_per_s"], 0);
        }
      }
}

TEST(AllocWorkload, TimedExecutionsReportTheObservedExecutionsCurves) {
  // The sampler observes the warm-up execution only; every timed execution reports its
  // curves and figures, and times itself without the sampler's pauses.
  auto params = resolveParams(allocWorkload(), {{"pattern", "fixed-churn"}, {"scale", "0.05"}});
  ASSERT_TRUE(params.ok());
  auto inst = allocWorkload().prepare({"object-pool", *params, 1});
  ASSERT_TRUE(inst.ok());
  (*inst)->run();
  const auto first = (*inst)->series();
  auto m1 = byName((*inst)->metrics());
  (*inst)->run();
  const auto second = (*inst)->series();
  auto m2 = byName((*inst)->metrics());
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].name, second[i].name);
    EXPECT_EQ(first[i].y, second[i].y) << first[i].name;
  }
  EXPECT_EQ(m1["R_final"], m2["R_final"]);
  // The observed execution grew the pool from nothing: its curve starts below its end.
  auto pool = std::find_if(first.begin(), first.end(),
                           [](const model::Series& s) { return s.name == "pool"; });
  ASSERT_NE(pool, first.end());
  EXPECT_LT(pool->y.front(), pool->y.back());
}

TEST(AllocWorkload, TouchNoneLeavesTheBlocksAlone) {
  // The allocator-bound view: the same trace, the blocks never written.
  for (const char* pattern : {"fixed-churn", "phase", "producer-consumer"}) {
    auto params = resolveParams(allocWorkload(),
                                {{"pattern", pattern}, {"touch", "none"}, {"scale", "0.05"}});
    ASSERT_TRUE(params.ok()) << params.error().message;
    auto inst = allocWorkload().prepare({"object-pool", *params, 1});
    ASSERT_TRUE(inst.ok()) << inst.error().message;
    (*inst)->run();
    EXPECT_GT(byName((*inst)->metrics())["ops_per_s"], 0) << pattern;
  }
}

TEST(AllocWorkload, PatternAllSweepsEveryPattern) {
  auto sets = expandParams(allocWorkload(), {});
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  ASSERT_EQ(sets->size(), 5u);
  EXPECT_EQ(model::findParam((*sets)[0], "pattern"), "fixed-churn");
  EXPECT_EQ(model::findParam((*sets)[4], "pattern"), "phase");
  auto two = expandParams(allocWorkload(), {{"pattern", "phase,mixed-small"}});
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ(model::findParam((*two)[0], "pattern"), "phase");
}

TEST(AllocWorkload, UnknownPatternNamesTheChoices) {
  auto sets = expandParams(allocWorkload(), {{"pattern", "fixed-churn,bursty"}});
  ASSERT_FALSE(sets.ok());
  EXPECT_EQ(sets.error().kind, model::ErrorKind::Usage);
  EXPECT_NE(sets.error().message.find("pattern=bursty is not one of fixed-churn,mixed-small"),
            std::string::npos)
      << sets.error().message;
}

TEST(AllocWorkload, ProducerConsumerCountsPairs) {
  // -t 2 means two producer → consumer pairs: four threads share the pool.
  auto params =
      resolveParams(allocWorkload(), {{"pattern", "producer-consumer"}, {"scale", "0.05"}});
  auto inst = allocWorkload().prepare({"object-pool", *params, 2});
  ASSERT_TRUE(inst.ok());
  (*inst)->run();
  auto m = byName((*inst)->metrics());
  EXPECT_EQ(m["allocations"], 2 * 1250);
}

TEST(Sweeps, NumbersTakeCommaLists) {
  const auto* kmeans = findWorkload("kmeans");
  ASSERT_NE(kmeans, nullptr);
  auto sets = expandParams(*kmeans, {{"n", "1000,2000"}, {"k", "3"}});
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  ASSERT_EQ(sets->size(), 2u);
  EXPECT_EQ(model::findParam((*sets)[1], "n"), "2000");
  EXPECT_EQ(model::findParam((*sets)[1], "k"), "3");
  auto bad = expandParams(*kmeans, {{"n", "1000,x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("n=x is not an integer"), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace tunelab::workloads
