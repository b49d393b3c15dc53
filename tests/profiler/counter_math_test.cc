// The counter arithmetic, with synthetic kernel values: multiplex scaling, window deltas,
// rdpmc assembly from a perf_event_mmap_page, and the reasons reports show. No PMU needed.
#include "tunelab/profiler/counter_math.h"

#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tunelab::profiler {
namespace {

TEST(CounterMath, ScaleMultiplexed) {
  EXPECT_EQ(scaleMultiplexed(1000, 500, 500), 1000.0);   // always on the PMU: exact
  EXPECT_EQ(scaleMultiplexed(1000, 1000, 250), 4000.0);  // on a quarter of the time
  EXPECT_DOUBLE_EQ(*scaleMultiplexed(3, 10, 3), 10.0);
  EXPECT_FALSE(scaleMultiplexed(0, 1000, 0).has_value());  // never ran: unknown, not 0
  EXPECT_FALSE(scaleMultiplexed(7, 1000, 0).has_value());
  EXPECT_EQ(scaleMultiplexed(0, 0, 0), 0.0);      // an empty window counted nothing
  EXPECT_EQ(scaleMultiplexed(5, 100, 120), 5.0);  // running > enabled: not scaled down
  // Large counts keep their magnitude (2^60 events over half the time).
  EXPECT_DOUBLE_EQ(*scaleMultiplexed(std::uint64_t{1} << 60, 2, 1), 0x1p61);
}

TEST(CounterMath, WindowIsTheDeltaOfTwoReadings) {
  auto v = counterValueBetween("cycles", {1000, 5000, 4000}, {3000, 9000, 5000});
  EXPECT_EQ(v.event, "cycles");
  EXPECT_EQ(v.timeEnabledNs, 4000);
  EXPECT_EQ(v.timeRunningNs, 1000);
  ASSERT_TRUE(v.supported());
  EXPECT_DOUBLE_EQ(*v.value, 2000.0 * 4);
  EXPECT_TRUE(v.reason.empty());

  auto never = counterValueBetween("cache-misses", {10, 100, 50}, {10, 900, 50});
  EXPECT_FALSE(never.value.has_value());
  EXPECT_EQ(never.reason, kNeverScheduled);
  EXPECT_EQ(never.reason, std::string("never scheduled (multiplexed out)"));
  EXPECT_EQ(never.timeEnabledNs, 800);

  // Totals that wrapped past 2^64 still subtract right.
  auto wrapped = counterValueBetween("x", {~std::uint64_t{0} - 9, 0, 0}, {10, 100, 100});
  EXPECT_EQ(wrapped.value, 20.0);
}

MmapPageSnapshot rdpmcPage(std::uint16_t width, std::int64_t offset) {
  MmapPageSnapshot p;
  p.capUserRdpmc = true;
  p.index = 3;
  p.pmcWidth = width;
  p.offset = offset;
  p.timeEnabledNs = 700;
  p.timeRunningNs = 700;
  return p;
}

TEST(CounterMath, RdpmcSignExtendsTheCounterAndAddsTheOffset) {
  // 48-bit counter holding 1000: offset added.
  auto r = assembleMmapReading(rdpmcPage(48, 5000), 1000, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->value, 6000u);
  EXPECT_EQ(r->enabledNs, 700u);
  EXPECT_EQ(r->runningNs, 700u);
  // The kernel starts counters at a negative value (−16 in 48 bits): sign-extended.
  r = assembleMmapReading(rdpmcPage(48, 5000), 0xFFFF'FFFF'FFF0, 0);
  EXPECT_EQ(r->value, 4984u);
  // Bits above the width are garbage to be dropped, not part of the value.
  r = assembleMmapReading(rdpmcPage(40, 100), 0xABCD'0000'0000'0005, 0);
  EXPECT_EQ(r->value, 105u);
  // A 64-bit counter needs no extension; a negative offset is allowed.
  r = assembleMmapReading(rdpmcPage(64, -50), 80, 0);
  EXPECT_EQ(r->value, 30u);
}

TEST(CounterMath, RdpmcOnlyWhereThePageAllowsIt) {
  auto page = rdpmcPage(48, 0);
  page.capUserRdpmc = false;
  EXPECT_FALSE(assembleMmapReading(page, 1, 0));
  page = rdpmcPage(48, 0);
  page.index = 0;  // not on a hardware counter right now: read() instead
  EXPECT_FALSE(assembleMmapReading(page, 1, 0));
  page = rdpmcPage(0, 0);
  EXPECT_FALSE(assembleMmapReading(page, 1, 0));
}

TEST(CounterMath, RdpmcAddsTheTimeSinceTheLastPageUpdate) {
  auto page = rdpmcPage(48, 0);
  page.timeEnabledNs = 1000;
  page.timeRunningNs = 400;  // multiplexed: the page's times are stale by now
  page.capUserTime = true;
  page.timeShift = 10;
  page.timeMult = 3 << 10;  // 3 ns per TSC cycle
  page.timeOffset = static_cast<std::uint64_t>(-9'000'000);
  const std::uint64_t tsc = 3'000'123;  // → 9'000'369 ns, minus the offset: 369
  auto r = assembleMmapReading(page, 0, tsc);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->enabledNs, 1000u + 369u);
  EXPECT_EQ(r->runningNs, 400u + 369u);
  // A TSC so large that tsc·mult overflows 64 bits: the split multiplication still gives the
  // exact (2^50 + 12345)·(2^31 + 1) >> 31 = 2^50 + 2^19 + 12345.
  page.timeMult = 0x8000'0001;
  page.timeShift = 31;
  page.timeOffset = 0;
  const std::uint64_t bigTsc = (std::uint64_t{1} << 50) + 12345;
  const std::uint64_t exact = (std::uint64_t{1} << 50) + (std::uint64_t{1} << 19) + 12345;
  r = assembleMmapReading(page, 0, bigTsc);
  EXPECT_EQ(r->enabledNs, 1000u + exact);
  // cap_user_time_short: the TSC is taken relative to time_cycles within time_mask.
  page.capUserTimeShort = true;
  page.timeCycles = 0x1000;
  page.timeMask = 0xFFFF;
  page.timeMult = 1u << 31;  // 1 ns per cycle
  r = assembleMmapReading(page, 0, 0xABCD'0000'1234);
  EXPECT_EQ(r->enabledNs, 1000u + 0x1000u + ((0x1234u - 0x1000u) & 0xFFFFu));
}

TEST(CounterMath, OpenFailureReasons) {
  const std::string enoent = std::string("perf_event_open: ") + std::strerror(ENOENT);
  EXPECT_EQ(openFailureReason(ENOENT, true, false, 2),
            enoent + " (no hardware PMU on this machine)");
  EXPECT_EQ(openFailureReason(ENOENT, true, true, 2),
            enoent + " (this CPU's PMU does not count this event)");
  const std::string eacces = std::string("perf_event_open: ") + std::strerror(EACCES);
  EXPECT_EQ(openFailureReason(EACCES, true, true, 2), eacces + " (perf_event_paranoid is 2)");
  EXPECT_EQ(
      openFailureReason(EPERM, false, true, 3),
      std::string("perf_event_open: ") + std::strerror(EPERM) + " (perf_event_paranoid is 3)");
  EXPECT_NE(openFailureReason(EACCES, true, true, 1).find("security policy"), std::string::npos);
  EXPECT_NE(openFailureReason(EACCES, true, true, std::nullopt).find("unreadable"),
            std::string::npos);
  EXPECT_EQ(openFailureReason(EMFILE, true, true, 2),
            std::string("perf_event_open: ") + std::strerror(EMFILE));
  EXPECT_NE(kernelOnlyEventReason(false, 2).find("perf_event_paranoid is 2"), std::string::npos);
  EXPECT_NE(kernelOnlyEventReason(true, 2).find("modifiers"), std::string::npos);
}

// The live rdpmc path needs a PMU that lets user space read its counters.
TEST(CounterMath, RdpmcReadMatchesReadOnAPmu) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  const long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
  if (fd < 0)
    GTEST_SKIP() << "no hardware PMU here: perf_event_open of instructions: "
                 << std::strerror(errno);
  const auto pageSize = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* page = mmap(nullptr, pageSize, PROT_READ, MAP_SHARED, static_cast<int>(fd), 0);
  ASSERT_NE(page, MAP_FAILED) << std::strerror(errno);
  auto fast = readMmapPage(page);
  std::uint64_t slow[3] = {};
  const bool readOk = read(static_cast<int>(fd), slow, sizeof slow) == sizeof slow;
  munmap(page, pageSize);
  close(static_cast<int>(fd));
  if (!fast) GTEST_SKIP() << "the PMU does not allow rdpmc here (cap_user_rdpmc clear)";
  ASSERT_TRUE(readOk);
  EXPECT_GT(fast->value, 0u);
  EXPECT_LE(fast->value, slow[0]);  // read a moment later
  EXPECT_GT(fast->value, slow[0] / 2);
}

}  // namespace
}  // namespace tunelab::profiler
