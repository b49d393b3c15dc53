#include "tunelab/workloads/calibrate.h"

#include <gtest/gtest.h>

#include <set>

#include "tunelab/model/params.h"
#include "tunelab/workloads/workload.h"

namespace tunelab::workloads {
namespace {

TEST(Calibrate, TheTableIsOneCycleThroughEverySlot) {
  for (std::size_t n : {2u, 3u, 1000u, 4096u}) {
    const auto next = calibrate::makeCycle(n, 42);
    std::set<std::uint32_t> seen;
    std::uint32_t p = 0;
    for (std::size_t i = 0; i < n; ++i) {
      seen.insert(p);
      p = next[p];
    }
    EXPECT_EQ(p, 0u) << "back at the start after exactly n steps, n = " << n;
    EXPECT_EQ(seen.size(), n) << "every slot visited once, n = " << n;
  }
  EXPECT_NE(calibrate::makeCycle(1000, 1), calibrate::makeCycle(1000, 2));
}

TEST(Calibrate, ExtraRunsThatManyMoreUnits) {
  const auto* w = findWorkload("calibrate");
  ASSERT_NE(w, nullptr);
  for (auto [extra, units, actual] :
       {std::tuple{"0", 1000.0, 0.0}, std::tuple{"1", 1010.0, 1.0},
        std::tuple{"12.5", 1125.0, 12.5}, std::tuple{"0.04", 1000.0, 0.0}}) {
    auto params = resolveParams(*w, {{"work", "1000"}, {"extra", extra}, {"table", "16"}});
    ASSERT_TRUE(params.ok()) << params.error().message;
    auto inst = w->prepare({"mixed", *params, 1, 1});
    ASSERT_TRUE(inst.ok()) << inst.error().message;
    (*inst)->run();
    const auto metrics = (*inst)->metrics();
    ASSERT_GE(metrics.size(), 2u);
    EXPECT_EQ(metrics[0].name, "units");
    EXPECT_EQ(metrics[0].value, units) << "extra=" << extra;
    EXPECT_EQ(metrics[1].name, "extra_actual_percent");
    EXPECT_DOUBLE_EQ(metrics[1].value, actual) << "rounded to whole units: extra=" << extra;
  }
}

TEST(Calibrate, SameInputSameResult) {
  const auto next = calibrate::makeCycle(1024, 7);
  std::uint32_t a = 0, b = 0;
  EXPECT_EQ(calibrate::runUnits(next.data(), 5000, a, 1),
            calibrate::runUnits(next.data(), 5000, b, 1));
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace tunelab::workloads
