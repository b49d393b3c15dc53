// The correctness suite every allocator of the alloc workload passes: alignment, no overlap
// of live blocks, contents preserved, and — for the thread-safe ones — blocks freed by
// another thread than the one that allocated them, with threads allocating concurrently.
// scripts/test tsan runs it under ThreadSanitizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "tunelab/workloads/alloc/allocator.h"

namespace tunelab::workloads::alloc {
namespace {

struct Block {
  unsigned char* p;
  std::size_t size;
  std::size_t alignment;
  unsigned char tag;
};

void fill(const Block& b) { std::memset(b.p, b.tag, b.size); }

bool intact(const Block& b) {
  for (std::size_t i = 0; i < b.size; ++i)
    if (b.p[i] != b.tag) return false;
  return true;
}

std::unique_ptr<Allocator> make(std::string_view name) {
  auto a = makeAllocator(name, AllocatorShape{64, alignof(std::max_align_t)});
  EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
  return a.ok() ? std::move(*a) : nullptr;
}

class AllocatorSuite : public ::testing::TestWithParam<std::string_view> {};

TEST_P(AllocatorSuite, AlignsToEveryPowerOfTwoUpTo4096) {
  auto a = make(GetParam());
  ASSERT_TRUE(a);
  std::vector<Block> live;
  unsigned char tag = 1;
  for (std::size_t alignment = 1; alignment <= 4096; alignment *= 2)
    for (std::size_t size : {std::size_t{1}, std::size_t{8}, std::size_t{24}, std::size_t{64},
                             std::size_t{100}, std::size_t{1000}, std::size_t{5000}}) {
      auto* p = static_cast<unsigned char*>(a->allocate(size, alignment));
      ASSERT_NE(p, nullptr) << "size " << size << " alignment " << alignment;
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % alignment, 0u)
          << GetParam() << ": size " << size << " alignment " << alignment;
      live.push_back({p, size, alignment, tag++});
      fill(live.back());
    }
  for (const auto& b : live) {
    EXPECT_TRUE(intact(b)) << "size " << b.size << " alignment " << b.alignment;
    a->deallocate(b.p, b.size, b.alignment);
  }
}

TEST_P(AllocatorSuite, LiveBlocksDoNotOverlapAndKeepTheirContents) {
  auto a = make(GetParam());
  ASSERT_TRUE(a);
  std::mt19937 rng(7);
  std::vector<Block> live;
  const std::size_t sizes[] = {8, 16, 24, 48, 64, 100, 256, 512, 777, 2048, 9000, 70000};
  for (int step = 0; step < 6000; ++step) {
    if (!live.empty() && (rng() % 3 == 0 || live.size() > 1500)) {
      const std::size_t i = rng() % live.size();
      ASSERT_TRUE(intact(live[i]))
          << GetParam() << ": block of " << live[i].size << " bytes changed";
      a->deallocate(live[i].p, live[i].size, live[i].alignment);
      live[i] = live.back();
      live.pop_back();
      continue;
    }
    const std::size_t size = sizes[rng() % std::size(sizes)];
    const std::size_t alignment = std::size_t{1} << (rng() % 7);  // 1 … 64
    auto* p = static_cast<unsigned char*>(a->allocate(size, alignment));
    ASSERT_NE(p, nullptr);
    live.push_back({p, size, alignment, static_cast<unsigned char>(step % 251 + 1)});
    fill(live.back());
  }
  auto sorted = live;
  std::sort(sorted.begin(), sorted.end(), [](const Block& x, const Block& y) { return x.p < y.p; });
  for (std::size_t i = 1; i < sorted.size(); ++i)
    EXPECT_LE(sorted[i - 1].p + sorted[i - 1].size, sorted[i].p)
        << GetParam() << ": live blocks overlap";
  for (const auto& b : live) {
    EXPECT_TRUE(intact(b));
    a->deallocate(b.p, b.size, b.alignment);
  }
}

// Producers allocate and fill, consumers on other threads check and free, while the
// producers keep allocating: the cross-thread free of a pipeline.
TEST_P(AllocatorSuite, BlocksFreedByAnotherThread) {
  auto a = make(GetParam());
  ASSERT_TRUE(a);
  if (!a->threadSafe())
    GTEST_SKIP() << GetParam() << " is single-threaded (shared only behind a mutex)";
  constexpr int kPairs = 2;
  constexpr int kPerProducer = 20000;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Block> queue;
  int producersLeft = kPairs;
  std::atomic<int> damaged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kPairs; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int i = 0; i < kPerProducer; ++i) {
        const std::size_t size = 16 + rng() % 240;
        Block b{static_cast<unsigned char*>(a->allocate(size, 16)), size, 16,
                static_cast<unsigned char>(i % 253 + 1)};
        if (!b.p) {
          damaged++;
          continue;
        }
        fill(b);
        std::lock_guard lock(mutex);
        queue.push_back(b);
        ready.notify_one();
      }
      std::lock_guard lock(mutex);
      --producersLeft;
      ready.notify_all();
    });
    threads.emplace_back([&] {
      for (;;) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !queue.empty() || producersLeft == 0; });
        if (queue.empty()) return;
        Block b = queue.front();
        queue.pop_front();
        lock.unlock();
        if (!intact(b)) damaged++;
        a->deallocate(b.p, b.size, b.alignment);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(damaged.load(), 0) << GetParam() << ": blocks lost or changed between threads";
}

// Threads allocating and freeing their own blocks at the same time.
TEST_P(AllocatorSuite, ConcurrentChurnKeepsBlocksApart) {
  auto a = make(GetParam());
  ASSERT_TRUE(a);
  if (!a->threadSafe())
    GTEST_SKIP() << GetParam() << " is single-threaded (one per thread in the workload)";
  std::atomic<int> damaged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(100 + t));
      std::vector<Block> live;
      for (int i = 0; i < 20000; ++i) {
        if (!live.empty() && rng() % 2 == 0) {
          const std::size_t k = rng() % live.size();
          if (!intact(live[k])) damaged++;
          a->deallocate(live[k].p, live[k].size, live[k].alignment);
          live[k] = live.back();
          live.pop_back();
          continue;
        }
        const std::size_t size = 8 + rng() % 500;
        Block b{static_cast<unsigned char*>(a->allocate(size, 8)), size, 8,
                static_cast<unsigned char>(t * 50 + 1)};
        if (!b.p) {
          damaged++;
          continue;
        }
        fill(b);
        live.push_back(b);
      }
      for (auto& b : live) {
        if (!intact(b)) damaged++;
        a->deallocate(b.p, b.size, b.alignment);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(damaged.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(EveryAllocator, AllocatorSuite,
                         ::testing::ValuesIn(allocatorNames().begin(), allocatorNames().end()),
                         [](const auto& param) {
                           std::string n(param.param);
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(Allocators, UnknownNameListsTheValidOnes) {
  auto a = makeAllocator("hoard", {});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("unknown allocator 'hoard'"), std::string::npos);
  EXPECT_NE(a.error().message.find("glibc, jemalloc, tcmalloc, mimalloc"), std::string::npos)
      << a.error().message;
}

}  // namespace
}  // namespace tunelab::workloads::alloc
