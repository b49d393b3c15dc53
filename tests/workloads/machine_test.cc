#include <gtest/gtest.h>

#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {

std::vector<model::Metric> runOnce(const std::string& variant, std::vector<model::Param> given, int threads = 1) {
  const auto* w = findWorkload("machine");
  EXPECT_NE(w, nullptr);
  auto params = resolveParams(*w, given);
  EXPECT_TRUE(params.ok());
  auto inst = w->prepare({variant, *params, threads, 1});
  EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().message);
  if (!inst) return {};
  (*inst)->run();
  return (*inst)->metrics();
}

double metric(const std::vector<model::Metric>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.name == name) return m.value;
  ADD_FAILURE() << "no metric " << name;
  return 0;
}

TEST(Machine, TriadReportsBandwidthWithStreamsByteCount) {
  auto ms = runOnce("triad", {{"mib", "8"}}, 2);
  EXPECT_GT(metric(ms, "bandwidth"), 0.1);  // GB/s; any real machine does far better
  // 2 flops per 24 bytes, and GFLOP/s is the bandwidth in those terms.
  EXPECT_DOUBLE_EQ(metric(ms, "arithmetic_intensity"), 2.0 / 24.0);
  EXPECT_NEAR(metric(ms, "gflops"), metric(ms, "bandwidth") / 12.0, 1e-9);
}

TEST(Machine, FmaKernelsRunOnEveryIsaTheCpuHas) {
  for (std::string isa : {"sse2", "avx2+fma", "avx512f"}) {
    const auto* w = findWorkload("machine");
    auto params = resolveParams(*w, {{"mflop", "20"}, {"isa", isa}});
    auto inst = w->prepare({"fma-f64", *params, 1, 1});
    if (!inst) {
      // Only an ISA this CPU lacks may be refused, and the message says which to use.
      EXPECT_NE(inst.error().message.find("does not support"), std::string::npos) << inst.error().message;
      continue;
    }
    (*inst)->run();
    const auto ms = (*inst)->metrics();
    EXPECT_GT(metric(ms, "gflops"), 0.05) << isa;
    const double bits = isa == "sse2" ? 128 : isa == "avx2+fma" ? 256 : 512;
    EXPECT_EQ(metric(ms, "vector_bits"), bits);
  }
}

TEST(Machine, UnknownIsaIsAUsageErrorListingTheChoices) {
  const auto* w = findWorkload("machine");
  auto params = resolveParams(*w, {{"isa", "neon"}});
  ASSERT_FALSE(params.ok());
  EXPECT_NE(params.error().message.find("isa=neon is not one of best,avx512f,avx2+fma,sse2"),
            std::string::npos)
      << params.error().message;
}

// The instruction sets are choices, so a list sweeps them in one run (as -p init= does).
TEST(Machine, AListOfIsasSweeps) {
  const auto* w = findWorkload("machine");
  auto sets = expandParams(*w, {{"isa", "avx2+fma,sse2"}});
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  ASSERT_EQ(sets->size(), 2u);
  auto all = expandParams(*w, {{"isa", "all"}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);
}

}  // namespace
}  // namespace tunelab::workloads
