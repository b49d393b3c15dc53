#include <gtest/gtest.h>

#include "tunelab/profiler/simulated.h"

namespace tunelab::profiler {
namespace {

// The head of a real dump made by valgrind-3.19's callgrind (cache and branch simulation on).
constexpr const char* kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 19913
cmd:  ./t
part: 1

desc: I1 cache: 32768 B, 64 B, 8-way associative
desc: Trigger: Client Request: rep

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
summary: 8015 1001 1007 2 1 1 2 1 1 1001 10
ob=(1) /tmp/t
fl=(1) t.c
fn=(1) main
6 8006 1001 1001 1 1 0 1 1 0 1001 10

totals: 8006 1001 1001 1 1 0 1 1 0 1001 10
)";

TEST(Callgrind, ParsesTheSummaryByEventName) {
  auto c = parseCallgrindDump(kDump);
  ASSERT_EQ(c.size(), 13u);
  EXPECT_EQ(c.at("Ir"), 8015);  // summary, not totals
  EXPECT_EQ(c.at("D1mr"), 1);
  EXPECT_EQ(c.at("Bcm"), 10);
  EXPECT_EQ(c.at("Bim"), 0);  // trailing zero columns are omitted by callgrind
}

TEST(Callgrind, FallsBackToTotalsAndRefusesGarbage) {
  auto c = parseCallgrindDump("events: Ir Dr\ntotals: 12 3\n");
  EXPECT_EQ(c.at("Ir"), 12);
  EXPECT_TRUE(parseCallgrindDump("events: Ir\nsummary: twelve\n").empty());
  EXPECT_TRUE(parseCallgrindDump("summary: 12\n").empty());
  EXPECT_TRUE(parseCallgrindDump("").empty());
}

TEST(Callgrind, MapsToPerfNamesMarkedSimulated) {
  auto counters = simulatedCounters(parseCallgrindDump(kDump));
  ASSERT_EQ(counters.size(), simulatedEventNames().size());
  std::map<std::string, model::CounterValue> by;
  for (const auto& c : counters) {
    EXPECT_TRUE(c.simulated);
    by[c.event] = c;
  }
  EXPECT_EQ(*by["instructions"].value, 8015);
  EXPECT_EQ(*by["LLC-load-misses"].value, 2 + 1);  // DLmr + ILmr
  EXPECT_EQ(*by["branches"].value, 1001 + 0);
  // Without branch simulation the branch events are unsupported, with the reason.
  auto noBranches = simulatedCounters(parseCallgrindDump("events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\nsummary: 5\n"));
  for (const auto& c : noBranches)
    if (c.event == "branch-misses") {
      EXPECT_FALSE(c.supported());
      EXPECT_NE(c.reason.find("simulation"), std::string::npos);
    }
}

TEST(Callgrind, OutsideValgrindEveryEventIsUnsupportedWithTheReason) {
  CallgrindWindow w;
  w.start();
  auto counters = w.stop();
  ASSERT_EQ(counters.size(), simulatedEventNames().size());
  for (const auto& c : counters) {
    EXPECT_FALSE(c.supported());
    EXPECT_TRUE(c.simulated);
    EXPECT_NE(c.reason.find("not running under valgrind"), std::string::npos) << c.reason;
  }
}

}  // namespace
}  // namespace tunelab::profiler
