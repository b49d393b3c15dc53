// fixed-churn — the alloc workload's own pattern loop (64-byte objects, 4096 live, a random
// one replaced per step, each block written and read back) — over a plain free list and the
// allocators it is compared with. The plain free list is the reference the object pool is
// held to: a single-threaded intrusive list in one struct, no thread-local cache, no
// statistics, every call visible to the compiler. `object-pool / plain` says how much of that
// speed the pool keeps while it adds a magazine per thread and its statistics;
// `plain / glibc` is the most any allocator can gain over glibc in this loop.
//
//   build/release/bench/tunelab_bench_pools --benchmark_repetitions=11
//       --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
//   (one line)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "pattern_runs.h"
#include "patterns.h"
#include "recorder.h"
#include "tunelab/workloads/alloc/object_pool.h"
#include "tunelab/workloads/alloc/system_allocators.h"

namespace {

namespace alloc = tunelab::workloads::alloc;

// A free list as a textbook writes it: blocks carved from 64 KiB chunks, the link in the
// free block's first word.
class PlainFreeList {
 public:
  static constexpr bool kResets = false;
  static constexpr bool kThreadSafe = false;
  PlainFreeList() = default;
  PlainFreeList(const PlainFreeList&) = delete;
  PlainFreeList& operator=(const PlainFreeList&) = delete;
  ~PlainFreeList() {
    for (void* c : m_chunks) std::free(c);
  }

  void* allocate(std::size_t, std::size_t) {
    if (!m_head) [[unlikely]]
      carve();
    Block* b = m_head;
    m_head = b->next;
    return b;
  }
  void deallocate(void* p, std::size_t, std::size_t) noexcept {
    auto* b = static_cast<Block*>(p);
    b->next = m_head;
    m_head = b;
  }
  alloc::AllocatorStats stats() const { return {}; }

 private:
  struct Block {
    Block* next;
  };
  static constexpr std::size_t kChunk = 65536;
  [[gnu::noinline]] void carve() {
    auto* c = static_cast<char*>(std::aligned_alloc(64, kChunk));
    if (!c) throw std::bad_alloc();
    m_chunks.push_back(c);
    for (std::size_t off = kChunk; off >= alloc::kChurnObject; off -= alloc::kChurnObject)
      deallocate(c + off - alloc::kChurnObject, alloc::kChurnObject, 8);
  }
  Block* m_head = nullptr;
  std::vector<void*> m_chunks;
};

template <class A>
std::unique_ptr<A> make(benchmark::State& state) {
  if constexpr (std::is_same_v<A, PlainFreeList>) {
    return std::make_unique<PlainFreeList>();
  } else {
    auto a = A::create({alloc::kChurnObject, 8});
    if (!a) {
      state.SkipWithError(a.error().message.c_str());
      return nullptr;
    }
    return std::move(*a);
  }
}

// One iteration: one execution of the trace (about 208 000 allocations and frees), after
// one untimed execution that warms the allocator up, as the workload does.
template <class A, bool kTouch>
void BM_FixedChurn(benchmark::State& state) {
  auto a = make<A>(state);
  if (!a) return;
  const auto traces = alloc::makeTraces({alloc::Pattern::FixedChurn, 1.0, 1, 42});
  const alloc::ThreadTrace& t = traces[0];
  std::vector<alloc::Published> published(1);
  alloc::ThreadRecorder rec(published[0], nullptr, nullptr, 2 * t.sizes.size());
  alloc::Scratch scratch;
  scratch.slots.resize(t.window);
  const auto once = [&] {
    rec.reset(false);
    alloc::runSlots<8, kTouch, alloc::kChurnObject>(*a, t, rec, scratch, false);
  };
  once();
  for (auto _ : state) once();
  if (rec.damaged()) state.SkipWithError("blocks changed between allocation and free");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * rec.operations());
}

#define TUNELAB_CHURN(A, name)                                        \
  BENCHMARK(BM_FixedChurn<A, true>)->Name("fixed-churn/lines/" name); \
  BENCHMARK(BM_FixedChurn<A, false>)->Name("fixed-churn/none/" name)

TUNELAB_CHURN(PlainFreeList, "plain-free-list");
TUNELAB_CHURN(alloc::ObjectPool, "object-pool");
TUNELAB_CHURN(alloc::GlibcAllocator, "glibc");
TUNELAB_CHURN(alloc::TcmallocAllocator, "tcmalloc");
TUNELAB_CHURN(alloc::MimallocAllocator, "mimalloc");
TUNELAB_CHURN(alloc::JemallocAllocator, "jemalloc");

}  // namespace
