#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "tunelab/model/params.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {

const Workload& kmeansWorkload() {
  const auto* w = findWorkload("kmeans");
  EXPECT_NE(w, nullptr);
  return *w;
}

TEST(Registry, ListsKmeansWithVariants) {
  ASSERT_FALSE(registry().empty());
  EXPECT_EQ(findWorkload("nope"), nullptr);
  EXPECT_NE(workloadNames().find("kmeans"), std::string::npos);
  auto variants = resolveVariants(kmeansWorkload(), {});
  ASSERT_TRUE(variants.ok());
  EXPECT_GE(variants->size(), 2u);
}

// What a workload declares about its runs (stored with the session for the analysis) names
// its own parameters; only stream's open loop is paced, by its rate, and rate=max is a value
// the workload accepts.
TEST(Registry, DeclaredTraitsNameTheWorkloadsOwnParameters) {
  for (const Workload* w : registry()) {
    auto declared = [&](const std::string& name) {
      return std::any_of(w->params().begin(), w->params().end(),
                         [&](const ParamSpec& p) { return p.name == name; });
    };
    for (const auto& [param, exponent] : w->workExponents())
      EXPECT_TRUE(declared(param)) << w->name() << ": work exponent of " << param;
    if (const auto pacing = w->pacingParam()) {
      EXPECT_TRUE(declared(pacing->name)) << w->name() << ": pacing " << pacing->name;
      if (!pacing->unpaced.empty()) {
        auto cases = expandParams(*w, {{pacing->name, pacing->unpaced}});
        ASSERT_TRUE(cases.ok()) << w->name() << ": " << cases.error().message;
        for (const auto& params : *cases)
          EXPECT_EQ(model::findParam(params, pacing->name), pacing->unpaced) << w->name();
      }
    }
    EXPECT_EQ(w->pacingParam().has_value(), w->name() == "stream") << w->name();
  }
  const auto pacing = findWorkload("stream")->pacingParam();
  ASSERT_TRUE(pacing);
  EXPECT_EQ(pacing->name, "rate");
  EXPECT_EQ(pacing->unpaced, "max");
}

TEST(Params, DefaultsFillInInDeclaredOrder) {
  auto p = resolveParams(kmeansWorkload(), {{"k", "3"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->front().key, "n");
  EXPECT_EQ(model::findParam(*p, "k"), "3");
  EXPECT_EQ(paramInt(*p, "n"), 20000);
}

TEST(Params, UnknownKeyListsTheValidOnes) {
  auto p = resolveParams(kmeansWorkload(), {{"clusters", "3"}});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, model::ErrorKind::Usage);
  EXPECT_NE(p.error().message.find("unknown parameter 'clusters'"), std::string::npos);
  EXPECT_NE(p.error().message.find("n, d, k"), std::string::npos) << p.error().message;
}

TEST(Params, MalformedAndOutOfRangeValuesAreRefused) {
  for (auto [key, value, expected] :
       {std::tuple{"n", "12x", "not an integer"}, std::tuple{"n", "", "not an integer"},
        std::tuple{"n", "0", "out of range"}, std::tuple{"spread", "nan", "not a finite number"},
        std::tuple{"spread", "-1", "out of range"}}) {
    auto p = resolveParams(kmeansWorkload(), {{key, value}});
    ASSERT_FALSE(p.ok()) << key << "=" << value;
    EXPECT_NE(p.error().message.find(expected), std::string::npos) << p.error().message;
  }
}

TEST(Variants, UnknownVariantListsTheValidOnes) {
  auto v = resolveVariants(kmeansWorkload(), {"serial", "gpu"});
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("unknown variant 'gpu'"), std::string::npos);
  EXPECT_NE(v.error().message.find("serial, threads"), std::string::npos);
}

TEST(Prepare, MoreClustersThanPointsIsRefusedBeforeAnythingRuns) {
  // By resolveParams (so `tunelab run` exits 2 before it starts a session) …
  auto params = resolveParams(kmeansWorkload(), {{"n", "5"}, {"k", "6"}});
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.error().kind, model::ErrorKind::Input);
  EXPECT_EQ(params.error().message, "kmeans: k=6 is more than the n=5 points; choose k <= n.");
  // … and by prepare() for a caller that skipped it.
  auto ok = resolveParams(kmeansWorkload(), {{"n", "5"}, {"k", "5"}});
  ASSERT_TRUE(ok.ok());
  for (auto& p : *ok)
    if (p.key == "k") p.value = "6";
  auto inst = kmeansWorkload().prepare({"serial", *ok, 1});
  ASSERT_FALSE(inst.ok());
  EXPECT_NE(inst.error().message.find("k=6 is more than the n=5 points"), std::string::npos);
}

TEST(Params, ChoicesAreChecked) {
  for (auto [key, value, expected] :
       {std::tuple{"init", "kmeans", "init=kmeans is not one of kmeans++,first,random"},
        std::tuple{"simd", "avx9", "simd=avx9 is not one of auto,avx512,avx2,sse2"},
        std::tuple{"columns", "1-2",
                   "columns= selects columns of a CSV file; it needs input=FILE.csv"},
        std::tuple{"input", "/nonexistent.csv", "cannot read /nonexistent.csv"}}) {
    auto p = resolveParams(kmeansWorkload(), {{key, value}});
    ASSERT_FALSE(p.ok()) << key << "=" << value;
    EXPECT_NE(p.error().message.find(expected), std::string::npos) << p.error().message;
  }
}

TEST(Prepare, EveryVariantRunsAndReportsItsMetricsAndSeries) {
  auto params = resolveParams(kmeansWorkload(), {{"n", "500"}, {"k", "4"}});
  ASSERT_TRUE(params.ok());
  for (const auto& v : kmeansWorkload().variants()) {
    // The distributed one needs mpirun: kmeans_mpi_test.cc and the cli tests run it.
    if (v.distributed) continue;
    SCOPED_TRACE(v.name);
    auto inst = kmeansWorkload().prepare({v.name, *params, v.threaded ? 2 : 1});
    ASSERT_TRUE(inst.ok()) << inst.error().message;
    (*inst)->run();
    std::map<std::string, model::Metric> m;
    for (const auto& metric : (*inst)->metrics()) m[metric.name] = metric;
    for (const char* name : {"inertia", "iterations", "distance_evaluations", "skipped_fraction",
                             "throughput", "gflops", "assign_gflops", "arithmetic_intensity"})
      EXPECT_EQ(m.count(name), 1u) << name;
    EXPECT_GT(m["inertia"].value, 0);
    EXPECT_EQ(m["gflops"].unit, "GFLOP/s");
    EXPECT_EQ(m["arithmetic_intensity"].unit, "FLOP/B");
    EXPECT_GT(m["gflops"].value, 0);
    const double iterations = m["iterations"].value;
    EXPECT_GE(iterations, 1);
    if (v.name == "hamerly")
      EXPECT_GT(m["skipped_fraction"].value, 0);
    else
      EXPECT_EQ(m["skipped_fraction"].value, 0);
    EXPECT_NEAR(m["distance_evaluations"].value,
                500 * 4 * iterations * (1 - m["skipped_fraction"].value), 1e-6);
    auto series = (*inst)->series();
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].name, "inertia");
    ASSERT_EQ(series[0].y.size(), static_cast<std::size_t>(iterations));
    EXPECT_EQ(series[0].y.back(), m["inertia"].value);
    EXPECT_EQ(series[0].x.front(), 1.0);
  }
}

}  // namespace
}  // namespace tunelab::workloads
