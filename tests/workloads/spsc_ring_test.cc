// The stream workload's single-producer/single-consumer ring: capacity, full and empty, FIFO
// through wrap-around, and two threads racing through a small ring (which `scripts/test
// tsan` runs under ThreadSanitizer: the slots are plain memory, ordered only by the indices'
// release/acquire).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "stream/spsc_ring.h"

namespace {

using tunelab::workloads::stream::SpscRing;

// An event-sized value: a torn or stale slot shows as seq and check disagreeing.
struct Event {
  std::uint64_t seq;
  std::uint64_t check;
};
Event eventOf(std::uint64_t seq) { return {seq, ~seq * 0x9E3779B97F4A7C15ull}; }

TEST(SpscRing, CapacityIsRoundedUpToAPowerOfTwoOfAtLeastTwo) {
  const std::pair<std::size_t, std::size_t> cases[] = {
      {0, 2}, {1, 2}, {2, 2}, {3, 4}, {4, 4}, {5, 8}, {1000, 1024}, {1024, 1024}, {1025, 2048}};
  for (auto [asked, got] : cases) EXPECT_EQ(SpscRing<int>(asked).capacity(), got) << "asked " << asked;
}

TEST(SpscRing, PushFailsWhenFullAndPopWhenEmpty) {
  SpscRing<int> ring(4);
  int v = -1;
  EXPECT_FALSE(ring.tryPop(v));
  EXPECT_EQ(ring.tryPopN(&v, 1), 0u);
  EXPECT_EQ(v, -1);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(ring.tryPush(i));
  EXPECT_EQ(ring.sizeApprox(), 4u);
  EXPECT_FALSE(ring.tryPush(99));
  const int more[] = {7, 8};
  EXPECT_EQ(ring.tryPushN(more, 2), 0u);
  ASSERT_TRUE(ring.tryPop(v));
  EXPECT_EQ(v, 0);
  EXPECT_EQ(ring.tryPushN(more, 2), 1u);  // as many as fit
  EXPECT_FALSE(ring.tryPush(99));
  int out[8] = {};
  ASSERT_EQ(ring.tryPopN(out, 8), 4u);
  EXPECT_EQ(std::vector<int>(out, out + 4), (std::vector<int>{1, 2, 3, 7}));
  EXPECT_FALSE(ring.tryPop(v));
  EXPECT_EQ(ring.sizeApprox(), 0u);
  EXPECT_EQ(ring.tryPushN(more, 0), 0u);
  EXPECT_EQ(ring.tryPopN(out, 0), 0u);
}

// One thread, a ring of 8, 100 000 values in pushes and pops of varying sizes (single and
// batched, batches larger than the ring, pushes into a full ring): every value comes out
// once, in order, and the ring never holds more than its capacity.
TEST(SpscRing, FifoWithoutLossThroughWrapAround) {
  SpscRing<Event> ring(8);
  constexpr std::uint64_t kCount = 100000;
  std::uint64_t pushed = 0, popped = 0;
  std::vector<Event> buf(13);
  for (std::size_t step = 0; popped < kCount; ++step) {
    const std::size_t n = std::min<std::uint64_t>(1 + step % 13, kCount - pushed);
    if (step % 3 == 0) {
      for (std::size_t i = 0; i < n && ring.tryPush(eventOf(pushed)); ++i) ++pushed;
    } else {
      for (std::size_t i = 0; i < n; ++i) buf[i] = eventOf(pushed + i);
      pushed += ring.tryPushN(buf.data(), n);
    }
    ASSERT_LE(pushed - popped, ring.capacity());
    if (step % 4 == 3) continue;  // pushes in a row: into a full ring the producer has just seen
    const std::size_t m = 1 + (step * 7) % 11;
    if (step % 2 == 0) {
      Event e;
      for (std::size_t i = 0; i < m && ring.tryPop(e); ++i, ++popped) {
        ASSERT_EQ(e.seq, popped);
        ASSERT_EQ(e.check, eventOf(popped).check);
      }
    } else {
      const std::size_t got = ring.tryPopN(buf.data(), m);
      for (std::size_t i = 0; i < got; ++i, ++popped) {
        ASSERT_EQ(buf[i].seq, popped);
        ASSERT_EQ(buf[i].check, eventOf(popped).check);
      }
    }
  }
  EXPECT_EQ(pushed, kCount);
  Event e;
  EXPECT_FALSE(ring.tryPop(e));
}

// Two threads, a ring of 16: the producer pushes 0, 1, … (single values, or batches of 1–37
// through tryPushN), the consumer pops (single, or up to 1–29 through tryPopN) and checks
// each value arrives once and in order. A side that finds the ring full or empty yields, so
// the test also runs on one CPU. 20 rounds of fresh threads over the same ring.
struct RaceCase {
  bool batchedPush;
  bool batchedPop;
};
void PrintTo(const RaceCase& c, std::ostream* os) {
  *os << (c.batchedPush ? "tryPushN" : "tryPush") << '/' << (c.batchedPop ? "tryPopN" : "tryPop");
}

// Returns how many values came out of place (0 when all arrived once, in order).
std::uint64_t race(SpscRing<Event>& ring, std::uint64_t first, std::uint64_t count, RaceCase how) {
  std::thread producer([&] {
    std::vector<Event> buf(37);
    std::uint64_t seq = first;
    const std::uint64_t end = first + count;
    for (std::size_t step = 0; seq < end; ++step) {
      if (!how.batchedPush) {
        if (ring.tryPush(eventOf(seq)))
          ++seq;
        else
          std::this_thread::yield();
        continue;
      }
      const std::size_t n = std::min<std::uint64_t>(1 + step % 37, end - seq);
      for (std::size_t i = 0; i < n; ++i) buf[i] = eventOf(seq + i);
      const std::size_t k = ring.tryPushN(buf.data(), n);
      if (k == 0) std::this_thread::yield();
      seq += k;
    }
  });
  std::uint64_t wrong = 0;
  std::vector<Event> buf(29);
  std::uint64_t expect = first;
  for (std::size_t step = 0; expect < first + count; ++step) {
    std::size_t got;
    if (how.batchedPop) {
      got = ring.tryPopN(buf.data(), std::min<std::uint64_t>(1 + step % 29, first + count - expect));
    } else {
      got = ring.tryPop(buf[0]) ? 1 : 0;
    }
    if (got == 0) std::this_thread::yield();
    for (std::size_t i = 0; i < got; ++i, ++expect)
      wrong += buf[i].seq != expect || buf[i].check != eventOf(expect).check;
  }
  producer.join();
  Event e;
  wrong += ring.tryPop(e);  // nothing left over
  return wrong;
}

class SpscRingRace : public ::testing::TestWithParam<RaceCase> {};

TEST_P(SpscRingRace, EveryValueArrivesOnceInOrder) {
  constexpr int kRounds = 20;
  constexpr std::uint64_t kPerRound = 1 << 16;  // 1.3 million values in all, 80 000 wraps
  SpscRing<Event> ring(16);
  for (int round = 0; round < kRounds; ++round)
    ASSERT_EQ(race(ring, round * kPerRound, kPerRound, GetParam()), 0u) << "round " << round;
}

INSTANTIATE_TEST_SUITE_P(, SpscRingRace,
                         ::testing::Values(RaceCase{false, false}, RaceCase{true, true},
                                           RaceCase{true, false}, RaceCase{false, true}),
                         [](const auto& test) {
                           return std::string(test.param.batchedPush ? "BatchedPush" : "SinglePush") +
                                  (test.param.batchedPop ? "BatchedPop" : "SinglePop");
                         });

}  // namespace
