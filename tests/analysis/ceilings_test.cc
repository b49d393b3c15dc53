#include <gtest/gtest.h>

#include "tunelab/analysis/ceilings.h"

namespace tunelab::analysis {
namespace {

model::Run machineRun(const std::string& variant, int threads, const std::string& metric,
                      std::vector<double> values) {
  model::Run r;
  r.workload = "machine";
  r.variant = variant;
  r.threads = threads;
  for (double v : values) {
    model::Sample s;
    s.metrics = {{metric, v, ""}};
    r.samples.push_back(s);
  }
  return r;
}

TEST(Ceilings, BestMedianOverThreadCounts) {
  std::vector<model::Run> runs = {
      machineRun("triad", 1, "bandwidth", {10, 12, 11}),      // median 11
      machineRun("triad", 2, "bandwidth", {14, 100, 15}),     // median 15: one outlier ignored
      machineRun("fma-f32", 1, "gflops", {200, 210, 205}),
      machineRun("fma-f32", 2, "gflops", {390, 400, 410}),
      machineRun("fma-f64", 2, "gflops", {200}),
  };
  model::Run failed = machineRun("fma-f64", 4, "gflops", {9999});
  failed.status = model::RunStatus::Failed;
  runs.push_back(failed);
  model::Run other = machineRun("triad", 1, "bandwidth", {999});
  other.workload = "kmeans";
  runs.push_back(other);

  auto c = machineCeilings(runs);
  ASSERT_TRUE(c.bandwidth);
  EXPECT_EQ(c.bandwidth->value, 15);
  EXPECT_EQ(c.bandwidth->threads, 2);
  EXPECT_EQ(c.peakF32->value, 400);
  EXPECT_EQ(c.peakF64->value, 200);
  EXPECT_DOUBLE_EQ(*c.ridgePoint(true), 200.0 / 15.0);
}

TEST(Ceilings, NoneWithoutMachineRuns) {
  auto c = machineCeilings({});
  EXPECT_FALSE(c.any());
  EXPECT_FALSE(c.ridgePoint(false));
}

}  // namespace
}  // namespace tunelab::analysis
