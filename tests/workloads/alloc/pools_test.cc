// What tunelab's own allocators promise beyond the shared suite: no header per block,
// memory reused and returned, thread exit handled, size classes that bound waste.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "tunelab/workloads/alloc/arena.h"
#include "tunelab/workloads/alloc/locked.h"
#include "tunelab/workloads/alloc/object_pool.h"
#include "tunelab/workloads/alloc/pmr_allocators.h"
#include "tunelab/workloads/alloc/pool_core.h"
#include "tunelab/workloads/alloc/size_class_pool.h"
#include "tunelab/workloads/alloc/span_source.h"

namespace tunelab::workloads::alloc {
namespace {

std::int64_t residentBytes() {
  long pages = 0, resident = 0;
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * sysconf(_SC_PAGESIZE);
}

TEST(ObjectPool, BlocksCarryNoHeader) {
  ObjectPool pool({64, 8});
  std::vector<char*> blocks;
  for (int i = 0; i < 16; ++i) blocks.push_back(static_cast<char*>(pool.allocate(64, 8)));
  // Carved in address order from one span: each block starts where the last one ends.
  for (std::size_t i = 1; i < blocks.size(); ++i) EXPECT_EQ(blocks[i] - blocks[i - 1], 64);
  EXPECT_EQ(pool.stride(), 64u);
  for (auto* b : blocks) pool.deallocate(b, 64, 8);
}

TEST(ObjectPool, StrideKeepsEveryBlockAligned) {
  ObjectPool pool({40, 64});
  EXPECT_EQ(pool.stride(), 64u);
  for (int i = 0; i < 100; ++i) {
    void* p = pool.allocate(40, 64);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
  }
}

TEST(ObjectPool, FreedBlocksAreReusedNotRemapped) {
  ObjectPool pool({256, 16});
  std::vector<void*> blocks;
  for (int i = 0; i < 5000; ++i) blocks.push_back(pool.allocate(256, 16));
  const auto pool1 = pool.stats().poolBytes;
  for (auto* b : blocks) pool.deallocate(b, 256, 16);
  blocks.clear();
  for (int i = 0; i < 5000; ++i) blocks.push_back(pool.allocate(256, 16));
  EXPECT_EQ(pool.stats().poolBytes, pool1);
  ASSERT_TRUE(pool1.has_value());
  EXPECT_GE(*pool1, 5000 * 256);
  EXPECT_LE(*pool1, 5000 * 256 + (1 << 20));
  for (auto* b : blocks) pool.deallocate(b, 256, 16);
}

TEST(ObjectPool, AHandleWorksOnTheThreadsMagazineAndHandsItBack) {
  ObjectPool pool({64, 8});
  void* kept = pool.allocate(64, 8);
  void* last = nullptr;
  std::vector<void*> live;
  {
    ObjectPool::Handle h(pool);
    // Past a batch (256 blocks of 64 bytes) both ways: refills and rotations go through the
    // magazine itself and come back into the handle.
    for (int i = 0; i < 1000; ++i) live.push_back(h.allocate(64, 8));
    for (int i = 0; i < 600; ++i) {
      h.deallocate(live.back(), 64, 8);
      live.pop_back();
    }
    for (int i = 0; i < 300; ++i) live.push_back(h.allocate(64, 8));
    // A free followed by an allocation returns the block just freed.
    void* b = live.back();
    h.deallocate(b, 64, 8);
    EXPECT_EQ(h.allocate(64, 8), b);
    // Requests the blocks cannot serve go to glibc through the handle too.
    void* big = h.allocate(1000, 8);
    ASSERT_NE(big, nullptr);
    std::memset(big, 0xab, 1000);
    h.deallocate(big, 1000, 8);
    last = live.back();
    live.pop_back();
    h.deallocate(last, 64, 8);
  }
  // The magazine got the handle's state back: the block freed last comes out first.
  EXPECT_EQ(pool.allocate(64, 8), last);
  live.push_back(last);
  live.push_back(kept);
  std::sort(live.begin(), live.end());
  EXPECT_EQ(std::adjacent_find(live.begin(), live.end()), live.end()) << "a block handed out twice";
  for (std::size_t i = 1; i < live.size(); ++i)
    EXPECT_GE(static_cast<char*>(live[i]) - static_cast<char*>(live[i - 1]), 64);
  // Every block carved is accounted for: the ones live and the ones free in the pool.
  ASSERT_TRUE(pool.stats().allocatedBytes.has_value());
  EXPECT_GE(*pool.stats().allocatedBytes, static_cast<std::int64_t>(live.size()) * 64);
  for (void* b : live) pool.deallocate(b, 64, 8);
}

TEST(ObjectPool, FreeingABlockLeavesItsBytesAlone) {
  // The magazines keep blocks' addresses, not links written into them: a freed block's
  // memory (the pool's own span, still mapped) reads as its last user left it.
  ObjectPool pool({64, 8});
  std::vector<unsigned char*> blocks;
  for (int i = 0; i < 600; ++i) {  // past an array of 256: rotations too
    auto* b = static_cast<unsigned char*>(pool.allocate(64, 8));
    std::memset(b, i & 0xff, 64);
    blocks.push_back(b);
  }
  for (auto* b : blocks) pool.deallocate(b, 64, 8);
  for (std::size_t i = 0; i < blocks.size(); ++i)
    for (int k = 0; k < 64; ++k)
      ASSERT_EQ(blocks[i][k], i & 0xff) << "block " << i << " byte " << k << " written by free";
}

TEST(PoolCore, BlocksKeptWithoutAnArrayComeBackFirst) {
  // Out of memory for an array, a freed block is linked into the depot instead (putLoose);
  // the next refill hands those out before carving new ones, and the census counts them.
  SpanSource spans;
  detail::ClassDepot depot(64, 64, 4, spans);
  detail::Magazine m;
  ASSERT_TRUE(depot.refill(m));
  ASSERT_EQ(m.top - m.base, 4);
  void* a = *--m.top;
  void* b = *--m.top;
  depot.putLoose(a);
  depot.putLoose(b);
  EXPECT_EQ(depot.census().free, 2);
  m.top = m.base;  // this thread's two other blocks are in use; its array is empty
  ASSERT_TRUE(depot.refill(m));
  ASSERT_EQ(m.top - m.base, 2);
  EXPECT_EQ(*--m.top, a);
  EXPECT_EQ(*--m.top, b);
  EXPECT_EQ(depot.census().free, 0);
  EXPECT_EQ(depot.census().carved, 4);
}

TEST(ObjectPool, ReturnsItsMemoryWhenDestroyed) {
  const auto before = residentBytes();
  {
    ObjectPool pool({4096, 16});
    std::vector<void*> blocks;
    for (int i = 0; i < 8192; ++i) {  // 32 MiB, every page written
      blocks.push_back(pool.allocate(4096, 16));
      std::memset(blocks.back(), 1, 4096);
    }
    EXPECT_GT(residentBytes() - before, 28 << 20);
    for (auto* b : blocks) pool.deallocate(b, 4096, 16);
    // Freed blocks stay in the pool for reuse until it goes.
    EXPECT_GT(residentBytes() - before, 28 << 20);
  }
  // Under AddressSanitizer the shadow of the 32 MiB written (one byte per eight) stays
  // resident after the spans are unmapped; it is the sanitizer's, not the pool's.
#if defined(__SANITIZE_ADDRESS__)
  constexpr std::int64_t kShadow = (32 << 20) / 8;
#else
  constexpr std::int64_t kShadow = 0;
#endif
  EXPECT_LT(residentBytes() - before, (4 << 20) + kShadow) << "the pool's spans were not unmapped";
}

TEST(ObjectPool, AThreadThatExitsGivesItsBlocksBack) {
  ObjectPool pool({64, 8});
  std::thread([&] {
    std::vector<void*> blocks;
    for (int i = 0; i < 400; ++i) blocks.push_back(pool.allocate(64, 8));
    for (auto* b : blocks) pool.deallocate(b, 64, 8);  // now in this thread's magazines
  }).join();
  const auto held = pool.stats().poolBytes;
  std::vector<void*> blocks;
  for (int i = 0; i < 400; ++i) blocks.push_back(pool.allocate(64, 8));
  EXPECT_EQ(pool.stats().poolBytes, held) << "the exited thread's blocks were not reused";
  for (auto* b : blocks) pool.deallocate(b, 64, 8);
}

TEST(ObjectPool, BigOrOverAlignedRequestsGoToGlibcAndAreCounted) {
  ObjectPool pool({64, 16});
  void* big = pool.allocate(1000, 16);
  void* aligned = pool.allocate(64, 256);
  ASSERT_NE(big, nullptr);
  ASSERT_NE(aligned, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(aligned) % 256, 0u);
  EXPECT_EQ(pool.stats().allocatedBytes, 1064);
  pool.deallocate(big, 1000, 16);
  pool.deallocate(aligned, 64, 256);
  EXPECT_EQ(pool.stats().allocatedBytes, 0);
}

TEST(SizeClassPool, ClassesBoundTheRoundingWaste) {
  SizeClassPool pool({});
  const auto& sizes = pool.classSizes();
  ASSERT_FALSE(sizes.empty());
  EXPECT_EQ(sizes.back(), 32768u);
  for (std::size_t size = 1; size <= sizes.back(); ++size) {
    const int cls = pool.classOf(size, 8);
    ASSERT_GE(cls, 0) << size;
    const std::size_t c = sizes[static_cast<std::size_t>(cls)];
    ASSERT_GE(c, size);
    if (size > 128)
      ASSERT_LE(static_cast<double>(c - size) / static_cast<double>(size), 0.25) << size;
    else
      ASSERT_LT(c - size, 16u) << size;
  }
  EXPECT_EQ(pool.classOf(sizes.back() + 1, 8), -1);  // to glibc
}

TEST(SizeClassPool, OverAlignedRequestsTakeAClassThatIsAMultipleOfTheAlignment) {
  SizeClassPool pool({});
  for (std::size_t alignment : {32u, 64u, 128u, 1024u, 4096u}) {
    const int cls = pool.classOf(100, alignment);
    ASSERT_GE(cls, 0);
    EXPECT_EQ(pool.classSizes()[static_cast<std::size_t>(cls)] % alignment, 0u);
  }
}

TEST(Arena, ResetFreesEverythingAndReusesTheChunks) {
  Arena arena({});
  void* first = arena.allocate(100, 8);
  for (int i = 0; i < 10000; ++i) arena.allocate(100, 8);
  const auto held = arena.stats().poolBytes;
  EXPECT_TRUE(arena.resetAll());
  EXPECT_EQ(arena.stats().allocatedBytes, 0);
  EXPECT_EQ(arena.allocate(100, 8), first);
  for (int i = 0; i < 10000; ++i) arena.allocate(100, 8);
  EXPECT_EQ(arena.stats().poolBytes, held);
}

TEST(Arena, LargeBlocksAreUnmappedWhenFreed) {
  Arena arena({});
  const auto before = arena.stats().poolBytes.value_or(0);
  void* big = arena.allocate(1 << 20, 64);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(arena.stats().poolBytes.value_or(0) - before, 1 << 20);
  arena.deallocate(big, 1 << 20, 64);
  EXPECT_EQ(arena.stats().poolBytes.value_or(0), before);
}

// Single-threaded allocators shared behind a mutex, as producer-consumer uses them.
template <class A>
void crossThreadThroughLock() {
  auto locked = Locked<A>::create({});
  ASSERT_TRUE(locked.ok());
  auto& a = **locked;
  std::vector<void*> blocks(20000);
  std::thread producer([&] {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      blocks[i] = a.allocate(48, 8);
      std::memset(blocks[i], static_cast<int>(i % 200 + 1), 48);
    }
  });
  producer.join();
  int damaged = 0;
  std::thread consumer([&] {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      auto* p = static_cast<unsigned char*>(blocks[i]);
      damaged += p[0] != i % 200 + 1 || p[47] != i % 200 + 1;
      a.deallocate(p, 48, 8);
    }
  });
  consumer.join();
  EXPECT_EQ(damaged, 0);
}

TEST(Locked, SharesSingleThreadedAllocatorsAcrossThreads) {
  crossThreadThroughLock<Arena>();
  crossThreadThroughLock<PmrUnsyncAllocator>();
  crossThreadThroughLock<PmrMonotonicAllocator>();
}

}  // namespace
}  // namespace tunelab::workloads::alloc
