#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>

#include "tunelab/profiler/clock.h"
#include "tunelab/profiler/environment.h"

namespace tunelab::profiler {
namespace {

TEST(Environment, DescribesThisMachine) {
  auto env = captureEnvironment();
  EXPECT_FALSE(env.host.empty());
  EXPECT_FALSE(env.cpuModel.empty());
  EXPECT_GE(env.logicalCores, 1);
  EXPECT_GE(env.physicalCores, 1);
  EXPECT_LE(env.physicalCores, env.logicalCores);
  EXPECT_EQ(env.kernel.rfind("Linux ", 0), 0u);
  EXPECT_FALSE(env.compiler.empty());
  EXPECT_FALSE(env.buildType.empty());
  for (auto key : {"caches", "governor", "perf_event_paranoid", "pmu", "counting_scope", "load_average_1min"})
    EXPECT_FALSE(extraValue(env, key).empty()) << key;
}

// The PMU fact must agree with what the kernel says to an independent perf_event_open.
TEST(Environment, PmuAvailabilityIsTheKernelsAnswer) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
  const bool hardware = fd >= 0;
  if (fd >= 0) close(static_cast<int>(fd));
  auto pmu = extraValue(captureEnvironment(), "pmu");
  if (hardware) {
    EXPECT_EQ(pmu, "yes");
  } else {
    EXPECT_EQ(pmu.rfind("no (perf_event_open: ", 0), 0u) << pmu;
  }
}

TEST(Environment, WarnsAboutNonReleaseBuilds) {
  model::Environment env;
  env.buildType = "Debug";
  env.logicalCores = 2;
  auto w = noiseWarnings(env);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("not Release"), std::string::npos);
  env.buildType = "Release";
  env.extra = {{"governor", "powersave"}, {"load_average_1min", "3.5"}};
  EXPECT_EQ(noiseWarnings(env).size(), 2u);
}

TEST(Clock, IsoTimestampInUtcWithMilliseconds) {
  const std::string t = isoTimestampNow();
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";  // d: a digit
  ASSERT_EQ(t.size(), shape.size()) << t;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (shape[i] == 'd') EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(t[i]))) << t;
    else EXPECT_EQ(t[i], shape[i]) << t;
  }
}

}  // namespace
}  // namespace tunelab::profiler

#include "tunelab/profiler/calibration.h"

namespace tunelab::profiler {
namespace {

TEST(Calibration, MeasuresRegionsAndCounterReadsOrSaysWhyNot) {
  auto c = calibrate({"task-clock"});
  // Recording a region reads the clock twice and takes a lock: never cheaper than nothing.
  EXPECT_GT(c.regionRecordedNs, c.regionNoListenerNs);
  ASSERT_TRUE(c.counterReadNs) << c.counterReadReason;  // task-clock opens everywhere
  EXPECT_GT(*c.counterReadNs, 0);
  EXPECT_EQ(c.counterReadEvent, "task-clock");
  // rdpmc: a time where the PMU allows it, else the reason — never a silent 0.
  EXPECT_TRUE(c.rdpmcReadNs.has_value() != !c.rdpmcReason.empty());
  auto facts = calibrationFacts(c);
  ASSERT_EQ(facts.size(), 5u);
  EXPECT_EQ(facts[0].first, "calibration.region_ns");
  EXPECT_EQ(facts[3].first, "calibration.counter_read_event");
  EXPECT_EQ(facts[3].second, "task-clock");
  if (!c.rdpmcReadNs) {
    EXPECT_EQ(facts[4].second.rfind("unsupported: ", 0), 0u);
  }
}

}  // namespace
}  // namespace tunelab::profiler
