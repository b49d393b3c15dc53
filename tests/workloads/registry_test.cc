#include <gtest/gtest.h>

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
  for (auto [key, value, expected] : {std::tuple{"n", "12x", "not an integer"},
                                      std::tuple{"n", "", "not an integer"},
                                      std::tuple{"n", "0", "out of range"},
                                      std::tuple{"spread", "nan", "not a finite number"},
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

TEST(Prepare, MoreClustersThanPointsIsRefused) {
  auto params = resolveParams(kmeansWorkload(), {{"n", "5"}, {"k", "6"}});
  ASSERT_TRUE(params.ok());
  auto inst = kmeansWorkload().prepare({"serial", *params, 1});
  ASSERT_FALSE(inst.ok());
  EXPECT_NE(inst.error().message.find("k=6 is more than n=5"), std::string::npos);
}

TEST(Prepare, RunReportsInertiaAndIterations) {
  auto params = resolveParams(kmeansWorkload(), {{"n", "500"}, {"k", "4"}});
  auto inst = kmeansWorkload().prepare({"threads", *params, 2});
  ASSERT_TRUE(inst.ok());
  (*inst)->run();
  auto metrics = (*inst)->metrics();
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0].name, "inertia");
  EXPECT_GT(metrics[0].value, 0);
  EXPECT_GE(metrics[1].value, 1);
}

}  // namespace
}  // namespace tunelab::workloads
