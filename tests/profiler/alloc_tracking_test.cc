// Allocation tracking, through the real hooks and glibc: exact counts for known sequences.
// Built twice: alloc_tests links tunelab::alloc_hooks; alloc_unhooked_tests does not
// (TUNELAB_TEST_ALLOC_HOOKS_LINKED=0) and checks that tracking then says it is unavailable.
//
// Between start and stop these tests do nothing but the allocations they count: no gtest
// assertion (a failing one allocates its message) and no output until stop has returned.
#include "tunelab/profiler/alloc_tracking.h"

#include <gtest/gtest.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <new>
#include <ostream>
#include <thread>
#include <vector>

#ifndef TUNELAB_TEST_ALLOC_HOOKS_LINKED
#define TUNELAB_TEST_ALLOC_HOOKS_LINKED 1
#endif

namespace tunelab::model {
// Failures name the fields instead of dumping the struct's bytes.
void PrintTo(const AllocStats& s, std::ostream* os) {
  *os << "{allocations " << s.allocations << ", frees " << s.frees << ", bytes " << s.bytes
      << ", peak " << s.peakLiveBytes << "}";
}
}  // namespace tunelab::model

namespace tunelab::profiler {
namespace {

// Storing a pointer into a volatile makes it observable, so the compiler may not elide the
// allocation (C++14 lets it drop new/delete pairs, and GCC drops unused malloc/free pairs).
void* volatile g_sink = nullptr;
template <typename T>
T* keep(T* p) {
  g_sink = p;
  return p;
}

#if TUNELAB_TEST_ALLOC_HOOKS_LINKED

// A value the compiler cannot see through, so that it neither folds nor warns about an
// impossible request.
template <typename T>
T opaque(T value) {
  volatile T v = value;
  return v;
}

void waitFor(const std::atomic<int>& value, int target) {
  while (value.load(std::memory_order_acquire) < target) std::this_thread::yield();
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr const char* kSanitized = "a sanitizer owns malloc in this build; the hooks are off";
#else
constexpr const char* kSanitized = nullptr;
#endif

// The hooks are linked into this binary: tracking must work, except where a sanitizer
// build compiled them out.
#define REQUIRE_ALLOC_TRACKING()                                 \
  do {                                                           \
    if (kSanitized) GTEST_SKIP() << kSanitized;                  \
    ASSERT_TRUE(allocTrackingAvailable()) << "hooks not linked"; \
  } while (false)

model::AllocStats stats(std::int64_t allocations, std::int64_t frees, std::int64_t bytes,
                        std::int64_t peak) {
  model::AllocStats s;
  s.allocations = allocations;
  s.frees = frees;
  s.bytes = bytes;
  s.peakLiveBytes = peak;
  return s;
}

std::int64_t usable(void* p) { return static_cast<std::int64_t>(malloc_usable_size(p)); }

TEST(AllocTracking, AvailableWhenTheHooksAreLinked) {
  if (kSanitized) {
    EXPECT_FALSE(allocTrackingAvailable());
    GTEST_SKIP() << kSanitized;
  }
  EXPECT_TRUE(allocTrackingAvailable());
}

TEST(AllocTracking, CountsEveryCAllocationFunction) {
  REQUIRE_ALLOC_TRACKING();
  allocTrackingStart();
  void* m = keep(malloc(100));
  void* c = keep(calloc(10, 20));
  void* a = keep(aligned_alloc(64, 128));
  void* pm = nullptr;
  const int pmStatus = posix_memalign(&pm, 64, 256);
  keep(pm);
  void* ma = keep(memalign(32, 64));
  void* va = keep(valloc(50));
  void* ra = keep(reallocarray(nullptr, 4, 8));
  // An allocation glibc makes itself: libc's internal calls reach the hooks too.
  char* dup = keep(strdup("abc"));
  free(m);
  free(c);
  free(a);
  free(pm);
  free(ma);
  free(va);
  free(ra);
  free(dup);
  free(nullptr);  // no block, no free
  const auto s = allocTrackingStop();

  EXPECT_EQ(pmStatus, 0);
  EXPECT_EQ(s.allocations, 8);
  EXPECT_EQ(s.frees, 8);
  EXPECT_EQ(s.bytes, 100 + 200 + 128 + 256 + 64 + 50 + 32 + 4);
  EXPECT_EQ(s.poolBytes, std::nullopt);
  EXPECT_EQ(s.allocatedBytes, std::nullopt);
}

TEST(AllocTracking, ReallocIsAFreeAndAnAllocationMovedOrNot) {
  REQUIRE_ALLOC_TRACKING();
  allocTrackingStart();
  void* p = keep(realloc(nullptr, 64));  // like malloc: one allocation
  p = keep(realloc(p, 32));              // shrinks in place: one free + one allocation
  p = keep(realloc(p, 100000));          // moves: one free + one allocation
  // p stays live when realloc fails, which GCC's -Wuse-after-free cannot know: read it back
  // through a volatile that the compiler cannot connect to the realloc.
  void* volatile stillLive = p;
  void* failed = keep(realloc(p, opaque(std::size_t{PTRDIFF_MAX})));  // fails: nothing
  void* gone = keep(realloc(stillLive, 0));                           // glibc frees: one free
  const auto s = allocTrackingStop();

  EXPECT_EQ(failed, nullptr);
  EXPECT_EQ(gone, nullptr);
  EXPECT_EQ(s.allocations, 3);
  EXPECT_EQ(s.frees, 3);
  EXPECT_EQ(s.bytes, 64 + 32 + 100000);
}

TEST(AllocTracking, FailedAllocationsAreNotCounted) {
  REQUIRE_ALLOC_TRACKING();
  const std::size_t huge = opaque(std::size_t{PTRDIFF_MAX});
  allocTrackingStart();
  void* m = keep(malloc(huge));
  void* c = keep(calloc(huge, 16));  // overflows
  void* pm = nullptr;
  const int pmBad = posix_memalign(&pm, 3, 64);  // not a power of two
  void* n = keep(::operator new(huge, std::nothrow));
  void* na = keep(::operator new[](huge, std::align_val_t{64}, std::nothrow));
  const auto s = allocTrackingStop();

  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(c, nullptr);
  EXPECT_EQ(pmBad, EINVAL);
  EXPECT_EQ(n, nullptr);
  EXPECT_EQ(na, nullptr);
  EXPECT_EQ(s, stats(0, 0, 0, 0));
}

TEST(AllocTracking, AFailedThrowingNewCountsOnlyItsExceptionObject) {
  REQUIRE_ALLOC_TRACKING();
  const std::size_t huge = opaque(std::size_t{PTRDIFF_MAX});
  allocTrackingStart();
  bool threw = false;
  try {
    keep(::operator new(huge));
  } catch (const std::bad_alloc&) {
    threw = true;
  }
  const auto s = allocTrackingStop();

  EXPECT_TRUE(threw);
  // The C++ runtime mallocs the bad_alloc it throws (and frees it after the catch): that is
  // a real allocation; the failed request is not.
  EXPECT_EQ(s.allocations, 1);
  EXPECT_EQ(s.frees, 1);
  EXPECT_LT(s.bytes, 1024);
}

struct alignas(128) Aligned {
  char bytes[128];
};

TEST(AllocTracking, CountsEveryOperatorNewAndDeleteForm) {
  REQUIRE_ALLOC_TRACKING();
  allocTrackingStart();
  delete keep(new std::int32_t(1));
  delete[] keep(new std::int32_t[10]);
  delete keep(new Aligned);       // aligned new and delete
  delete[] keep(new Aligned[3]);  // aligned array forms
  delete keep(new (std::nothrow) std::int64_t(2));
  delete[] keep(new (std::nothrow) std::int64_t[5]);
  delete keep(new (std::nothrow) Aligned);
  delete[] keep(new (std::nothrow) Aligned[2]);
  // The forms a new-expression does not reach: explicit calls, sized and nothrow deletes.
  ::operator delete(keep(::operator new(24)), 24);
  ::operator delete[](keep(::operator new[](40)), 40);
  ::operator delete (keep(::operator new (256, std::align_val_t{256})), std::align_val_t{256});
  ::operator delete (keep(::operator new (64, std::align_val_t{64})), 64, std::align_val_t{64});
  ::operator delete[](keep(::operator new[](64, std::align_val_t{64})), 64, std::align_val_t{64});
  ::operator delete(keep(::operator new(8, std::nothrow)), std::nothrow);
  ::operator delete[](keep(::operator new[](8, std::nothrow)), std::nothrow);
  ::operator delete (keep(::operator new (64, std::align_val_t{64}, std::nothrow)),
                     std::align_val_t{64}, std::nothrow);
  ::operator delete[](keep(::operator new[](64, std::align_val_t{64}, std::nothrow)),
                      std::align_val_t{64}, std::nothrow);
  ::operator delete(keep(::operator new(0)));  // size 0 still allocates: counted as 0 bytes
  const auto s = allocTrackingStop();

  EXPECT_EQ(s.allocations, 18);
  EXPECT_EQ(s.frees, 18);
  // Trivially destructible element types: no array cookie, so these are the exact sizes.
  EXPECT_EQ(s.bytes, 4 + 40 + 128 + 3 * 128 + 8 + 40 + 128 + 2 * 128 + 24 + 40 + 256 + 64 + 64 + 8 +
                         8 + 64 + 64 + 0);
}

TEST(AllocTracking, PeakLiveBytesIsTheHighPointNotTheSum) {
  REQUIRE_ALLOC_TRACKING();
  constexpr std::size_t kMiB = 1 << 20;
  allocTrackingStart();
  void* big = keep(malloc(kMiB));
  const std::int64_t bigUsable = usable(big);
  free(big);
  void* a = keep(malloc(kMiB / 4));
  void* b = keep(malloc(kMiB / 4));
  const std::int64_t smallUsable = usable(a) + usable(b);
  free(a);
  free(b);
  const auto s = allocTrackingStop();

  // Live bytes are usable sizes (what a free can know): at least what was asked for.
  EXPECT_GE(bigUsable, std::int64_t{kMiB});
  EXPECT_LT(smallUsable, bigUsable);
  EXPECT_EQ(s, stats(3, 3, 3 * kMiB / 2, bigUsable));
}

TEST(AllocTracking, PeakCountsWhatIsLiveAtOnce) {
  REQUIRE_ALLOC_TRACKING();
  allocTrackingStart();
  void* a = keep(malloc(1000));
  void* b = keep(malloc(3000));
  const std::int64_t ua = usable(a), ub = usable(b);
  free(a);
  void* c = keep(malloc(500));
  const std::int64_t uc = usable(c);
  free(b);
  free(c);
  const auto s = allocTrackingStop();
  // a and b were live together, later b and c (less).
  EXPECT_EQ(s, stats(3, 3, 4500, std::max(ua + ub, ub + uc)));
  EXPECT_EQ(s.peakLiveBytes, ua + ub);
}

TEST(AllocTracking, FreesOfOlderBlocksLowerTheBaseline) {
  REQUIRE_ALLOC_TRACKING();
  void* old = keep(malloc(4096));
  allocTrackingStart();
  free(old);
  void* fresh = keep(malloc(4096));
  free(fresh);
  const auto s = allocTrackingStop();
  // The free counts; live bytes go below zero and come back: no growth since start.
  EXPECT_EQ(s, stats(1, 2, 4096, 0));
}

TEST(AllocTracking, NothingIsCountedWhileOff) {
  REQUIRE_ALLOC_TRACKING();
  EXPECT_EQ(allocTrackingStop(), model::AllocStats{});  // never started
  allocTrackingStart();
  const auto first = allocTrackingStop();
  free(keep(malloc(100)));
  delete keep(new int(3));
  const auto again = allocTrackingStop();  // stopped: nothing since
  EXPECT_EQ(first, model::AllocStats{});
  EXPECT_EQ(again, model::AllocStats{});
}

TEST(AllocTracking, EachStartBeginsAtZero) {
  REQUIRE_ALLOC_TRACKING();
  allocTrackingStart();
  free(keep(malloc(1 << 16)));
  const auto first = allocTrackingStop();
  allocTrackingStart();
  free(keep(malloc(100)));
  const auto second = allocTrackingStop();
  EXPECT_EQ(first.allocations, 1);
  EXPECT_GE(first.peakLiveBytes, 1 << 16);
  EXPECT_EQ(second.allocations, 1);
  EXPECT_EQ(second.bytes, 100);
  EXPECT_LT(second.peakLiveBytes, 1 << 16);
}

constexpr int kOpsPerThread = 100;

// kOpsPerThread allocations and frees of 32 bytes, half malloc, half new.
void allocateAndFree() {
  for (int i = 0; i < kOpsPerThread / 2; ++i) free(keep(malloc(32)));
  for (int i = 0; i < kOpsPerThread / 2; ++i) delete keep(new std::array<char, 32>);
}

TEST(AllocTracking, CountsAllocationsOfOtherThreads) {
  REQUIRE_ALLOC_TRACKING();
  // The threads exist before start and leave after stop, so what creating and joining a
  // thread allocates stays outside the window: only their work is counted.
  constexpr int kThreads = 4;
  std::atomic<int> go{0}, done{0}, leave{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      waitFor(go, 1);
      allocateAndFree();
      done.fetch_add(1, std::memory_order_release);
      waitFor(leave, 1);
    });
  }
  allocTrackingStart();
  go.store(1, std::memory_order_release);
  allocateAndFree();  // this thread too
  waitFor(done, kThreads);
  const auto s = allocTrackingStop();
  leave.store(1, std::memory_order_release);
  for (auto& t : threads) t.join();

  EXPECT_EQ(s.allocations, (kThreads + 1) * kOpsPerThread);
  EXPECT_EQ(s.frees, (kThreads + 1) * kOpsPerThread);
  EXPECT_EQ(s.bytes, (kThreads + 1) * kOpsPerThread * 32);
}

// What creating and joining one std::thread allocates and frees (its state object, and
// whatever glibc allocates for the thread), measured here rather than assumed.
model::AllocStats threadOverhead() {
  allocTrackingStart();
  std::thread([] {}).join();
  return allocTrackingStop();
}

TEST(AllocTracking, CountsAThreadCreatedAndJoinedInsideTheWindow) {
  REQUIRE_ALLOC_TRACKING();
  threadOverhead();  // the first thread may set up caches (stacks, arenas) once
  const auto overhead = threadOverhead();
  ASSERT_EQ(threadOverhead(), overhead) << "creating a thread should allocate the same each time";
  EXPECT_GE(overhead.allocations, 1);  // at least std::thread's state object
  EXPECT_EQ(overhead.frees, overhead.allocations);

  allocTrackingStart();
  std::thread(allocateAndFree).join();
  const auto s = allocTrackingStop();
  EXPECT_EQ(s.allocations, overhead.allocations + kOpsPerThread);
  EXPECT_EQ(s.frees, overhead.frees + kOpsPerThread);
  EXPECT_EQ(s.bytes, overhead.bytes + kOpsPerThread * 32);
}

TEST(AllocTracking, StaysExactWithMoreThreadsThanSlotsAndWhenSlotsAreReused) {
  REQUIRE_ALLOC_TRACKING();
  // More threads alive at once than the hooks have per-thread slots (256): the rest share
  // one. Run twice: the second round reuses the slots the first round's threads released.
  constexpr int kThreads = 300;
  for (int round = 0; round < 2; ++round) {
    std::atomic<int> go{0}, done{0}, leave{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        waitFor(go, 1);
        free(keep(malloc(16)));
        done.fetch_add(1, std::memory_order_release);
        waitFor(leave, 1);
      });
    }
    allocTrackingStart();
    go.store(1, std::memory_order_release);
    waitFor(done, kThreads);
    const auto s = allocTrackingStop();
    leave.store(1, std::memory_order_release);
    for (auto& t : threads) t.join();
    EXPECT_EQ(s.allocations, kThreads) << "round " << round;
    EXPECT_EQ(s.frees, kThreads) << "round " << round;
    EXPECT_EQ(s.bytes, kThreads * 16) << "round " << round;
  }
}

TEST(AllocTracking, PeakAddsUpAcrossThreads) {
  REQUIRE_ALLOC_TRACKING();
  // Every thread holds its blocks until all threads hold theirs: the peak is the sum.
  constexpr int kThreads = 4;
  constexpr int kBlocks = 50;
  std::atomic<int> go{0}, holding{0}, done{0}, leave{0};
  std::atomic<std::int64_t> held{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      void* blocks[kBlocks];
      waitFor(go, 1);
      std::int64_t mine = 0;
      for (auto& b : blocks) {
        b = keep(malloc(1000));
        mine += usable(b);
      }
      held.fetch_add(mine);
      holding.fetch_add(1, std::memory_order_acq_rel);
      waitFor(holding, kThreads);
      for (auto* b : blocks) free(b);
      done.fetch_add(1, std::memory_order_release);
      waitFor(leave, 1);
    });
  }
  allocTrackingStart();
  go.store(1, std::memory_order_release);
  waitFor(done, kThreads);
  const auto s = allocTrackingStop();
  leave.store(1, std::memory_order_release);
  for (auto& t : threads) t.join();

  EXPECT_EQ(s,
            stats(kThreads * kBlocks, kThreads * kBlocks, kThreads * kBlocks * 1000, held.load()));
}

#else  // hooks not linked

TEST(AllocTrackingWithoutHooks, IsUnavailableAndCountsNothing) {
  EXPECT_FALSE(allocTrackingAvailable());
  allocTrackingStart();
  free(keep(malloc(100)));
  delete keep(new int(1));
  EXPECT_EQ(allocTrackingStop(), model::AllocStats{});
}

#endif

}  // namespace
}  // namespace tunelab::profiler
