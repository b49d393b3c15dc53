// The stream workload's cross-core hop: its SpscRing against the queues a reader would reach
// for instead — Boost.Lockfree's spsc_queue, moodycamel's ReaderWriterQueue (SPSC) and
// ConcurrentQueue (MPMC, used here with one producer and one consumer token), and a
// std::queue behind a std::mutex — all through the same harness in one binary.
//
//   throughput/<item>/<queue>: one thread pushes N items (8-byte sequence numbers, 16-byte
//     pairs, or the workload's own 32-byte stream::Event), another pops them and checks each
//     arrives once and in order; items/s.
//   pingpong/<queue>: two queues, a value goes there and back N times; round_trip is the
//     wall time of one round trip. Two floors come with it: one_slot_floor (a queue of one
//     slot, value and flag in one line) and one_line_floor (a counter in one line that the
//     two threads advance in turn): what this machine's coherence allows.
// The two threads are pinned to two different CPUs where the process may use two (else they
// run unpinned and yield instead of spinning when the queue is full or empty; the label
// says which). Wall time: two threads work. Each iteration starts and joins its two
// threads, which is timed too: about 0.1 ms on the 2-core VM, against 7 ms or more for the
// fastest case's 4 Mi items (so at most ~1 %).
//
//   build/release/bench/tunelab_bench_stream_ring --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
//   (one line)
#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>

#include <boost/lockfree/spsc_queue.hpp>
#include <concurrentqueue/concurrentqueue.h>
#include <readerwriterqueue/readerwriterqueue.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include "stream/spsc_ring.h"
#include "tunelab/workloads/stream.h"

namespace {

namespace stream = tunelab::workloads::stream;

constexpr std::size_t kThroughputCapacity = 65536;
constexpr std::size_t kPingPongCapacity = 64;
constexpr std::size_t kBatch = 32;  // the batched variants move up to this many per call
constexpr std::int64_t kThroughputItems = 4 << 20;
constexpr std::int64_t kRoundTrips = 200000;

// A 16-byte item: a sequence number and a payload.
struct Pair16 {
  std::uint64_t seq;
  std::uint64_t payload;
};
static_assert(sizeof(Pair16) == 16);
static_assert(sizeof(stream::Event) == 32);

inline void setSeq(std::uint64_t& v, std::uint64_t seq) { v = seq; }
inline void setSeq(Pair16& e, std::uint64_t seq) { e = {seq, seq * 0x9E3779B97F4A7C15ull}; }
inline void setSeq(stream::Event& e, std::uint64_t seq) {
  e.index = seq;
  e.arrivalNs = seq * 1000;
  e.key = static_cast<std::uint32_t>(seq % 1000);
  e.aux = static_cast<std::uint32_t>(seq % 3);
  e.value = static_cast<std::uint32_t>(seq);
}
inline std::uint64_t seqOf(std::uint64_t v) { return v; }
inline std::uint64_t seqOf(const Pair16& e) { return e.seq; }
inline std::uint64_t seqOf(const stream::Event& e) { return e.index; }

// --- where the two threads run ---------------------------------------------------------

struct Placement {
  int cpu[2] = {-1, -1};  // -1: unpinned
  bool pinned() const { return cpu[0] >= 0; }
};

Placement placement() {
  Placement p;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return p;
  int found = 0;
  for (int c = 0; c < CPU_SETSIZE && found < 2; ++c)
    if (CPU_ISSET(c, &set)) p.cpu[found++] = c;
  if (found < 2) p.cpu[0] = p.cpu[1] = -1;
  return p;
}

// Pins the calling thread; false (and unpinned) where that fails.
bool pinTo(int cpu) {
  if (cpu < 0) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

// What a thread does when the queue is full or empty: spin on its own core, or give the
// one core to the other thread.
struct Wait {
  bool yield;
  void operator()() const {
    if (yield) std::this_thread::yield();
  }
};

// --- the queues, each behind the same small interface ----------------------------------
// Q::make(capacity) builds the queue; Q::Producer(queue) / Q::Consumer(queue) are one
// thread's ends; push(values, n) / pop(out, max) return how many moved (0 when full/empty).

template <class T>
struct Ring {
  using Queue = stream::SpscRing<T>;
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t) { return q.tryPush(*v); }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t) { return q.tryPop(*out); }
  };
};

template <class T>
struct RingBatch : Ring<T> {
  using Queue = stream::SpscRing<T>;
  static constexpr std::size_t kMaxBatch = kBatch;
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t n) { return q.tryPushN(v, n); }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t max) { return q.tryPopN(out, max); }
  };
};

template <class T>
struct BoostSpsc {
  using Queue = boost::lockfree::spsc_queue<T>;  // capacity set at run time
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t) { return q.push(*v); }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t) { return q.pop(*out); }
  };
};

template <class T>
struct BoostSpscBatch : BoostSpsc<T> {
  using Queue = boost::lockfree::spsc_queue<T>;
  static constexpr std::size_t kMaxBatch = kBatch;
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t n) { return q.push(v, n); }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t max) { return q.pop(out, max); }
  };
};

template <class T>
struct ReaderWriter {
  using Queue = moodycamel::ReaderWriterQueue<T>;
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t) { return q.try_enqueue(*v); }  // never allocates
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t) { return q.try_dequeue(*out); }
  };
};

template <class T>
struct Concurrent {
  using Queue = moodycamel::ConcurrentQueue<T>;
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  // The tokens are its fast path: one explicit producer, one consumer.
  struct Producer {
    Queue& q;
    moodycamel::ProducerToken token{q};
    std::size_t push(const T* v, std::size_t) { return q.try_enqueue(token, *v); }
  };
  struct Consumer {
    Queue& q;
    moodycamel::ConsumerToken token{q};
    std::size_t pop(T* out, std::size_t) { return q.try_dequeue(token, *out); }
  };
};

// A std::queue behind a mutex, bounded at the same capacity as the others.
template <class T>
struct Locked {
  struct Queue {
    explicit Queue(std::size_t c) : capacity(c) {}
    std::mutex mutex;
    std::queue<T> items;
    std::size_t capacity;
  };
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t) {
      std::lock_guard lock(q.mutex);
      if (q.items.size() >= q.capacity) return 0;
      q.items.push(*v);
      return 1;
    }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t) {
      std::lock_guard lock(q.mutex);
      if (q.items.empty()) return 0;
      *out = q.items.front();
      q.items.pop();
      return 1;
    }
  };
};

// The floor, for ping-pong only: one value in one cache line with a full flag (a queue of
// capacity one). A round trip through it is what the machine's coherence costs with nothing
// else moving; no queue can do better.
template <class T>
struct OneSlot {
  struct alignas(stream::kCacheLine) Queue {
    explicit Queue(std::size_t) {}
    std::atomic<bool> full{false};
    T value{};
  };
  static constexpr std::size_t kMaxBatch = 1;
  static std::unique_ptr<Queue> make(std::size_t capacity) { return std::make_unique<Queue>(capacity); }
  struct Producer {
    Queue& q;
    std::size_t push(const T* v, std::size_t) {
      if (q.full.load(std::memory_order_acquire)) return 0;
      q.value = *v;
      q.full.store(true, std::memory_order_release);
      return 1;
    }
  };
  struct Consumer {
    Queue& q;
    std::size_t pop(T* out, std::size_t) {
      if (!q.full.load(std::memory_order_acquire)) return 0;
      *out = q.value;
      q.full.store(false, std::memory_order_release);
      return 1;
    }
  };
};

// --- the harness ------------------------------------------------------------------------

// Pushes items seq, seq+1, … seq+n-1 (in batches of up to Q::kMaxBatch), waiting while full.
template <class Q, class T>
void pushSequence(typename Q::Producer& p, std::uint64_t seq, std::uint64_t n, Wait wait) {
  T buf[Q::kMaxBatch];
  const std::uint64_t end = seq + n;
  while (seq < end) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(Q::kMaxBatch, end - seq));
    for (std::size_t i = 0; i < want; ++i) setSeq(buf[i], seq + i);
    for (std::size_t done = 0; done < want;) {
      const std::size_t k = p.push(buf + done, want - done);
      if (k == 0) wait();
      done += k;
    }
    seq += want;
  }
}

// Pops n items, waiting while empty; true when they were seq, seq+1, … in order.
template <class Q, class T>
bool popSequence(typename Q::Consumer& c, std::uint64_t seq, std::uint64_t n, Wait wait) {
  T buf[Q::kMaxBatch];
  const std::uint64_t end = seq + n;
  bool inOrder = true;
  while (seq < end) {
    const std::size_t max = static_cast<std::size_t>(std::min<std::uint64_t>(Q::kMaxBatch, end - seq));
    const std::size_t k = c.pop(buf, max);
    if (k == 0) {
      wait();
      continue;
    }
    for (std::size_t i = 0; i < k; ++i) inOrder &= seqOf(buf[i]) == seq + i;
    seq += k;
  }
  return inOrder;
}

// Runs a and b on two threads (pinned to the placement's CPUs) and joins them.
template <class A, class B>
void runPair(const Placement& where, A&& a, B&& b) {
  std::thread ta([&] {
    pinTo(where.cpu[0]);
    a();
  });
  std::thread tb([&] {
    pinTo(where.cpu[1]);
    b();
  });
  ta.join();
  tb.join();
}

std::string placementLabel(const Placement& where) {
  return where.pinned() ? "cpus " + std::to_string(where.cpu[0]) + "," + std::to_string(where.cpu[1])
                        : "unpinned (one CPU)";
}

template <class Q, class T>
void throughput(benchmark::State& state) {
  const Placement where = placement();
  const Wait wait{!where.pinned()};
  const auto n = static_cast<std::uint64_t>(state.range(0));
  auto queue = Q::make(kThroughputCapacity);
  for (auto _ : state) {
    std::atomic<bool> inOrder{false};
    runPair(
        where,
        [&] {
          typename Q::Producer p{*queue};
          pushSequence<Q, T>(p, 0, n, wait);
        },
        [&] {
          typename Q::Consumer c{*queue};
          inOrder = popSequence<Q, T>(c, 0, n, wait);
        });
    if (!inOrder) {
      state.SkipWithError("items lost, repeated or out of order");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) * static_cast<std::int64_t>(sizeof(T)));
  state.SetLabel(placementLabel(where));
}

template <class Q>
void pingPong(benchmark::State& state) {
  using T = std::uint64_t;
  const Placement where = placement();
  const Wait wait{!where.pinned()};
  const auto rounds = static_cast<std::uint64_t>(state.range(0));
  auto there = Q::make(kPingPongCapacity);
  auto back = Q::make(kPingPongCapacity);
  for (auto _ : state) {
    std::atomic<bool> inOrder{true};
    runPair(
        where,
        [&] {  // sends i, waits for i to come back
          typename Q::Producer out{*there};
          typename Q::Consumer in{*back};
          bool ok = true;
          for (std::uint64_t i = 0; i < rounds; ++i) {
            pushSequence<Q, T>(out, i, 1, wait);
            ok &= popSequence<Q, T>(in, i, 1, wait);
          }
          if (!ok) inOrder = false;
        },
        [&] {  // echoes each value
          typename Q::Consumer in{*there};
          typename Q::Producer out{*back};
          T v;
          for (std::uint64_t i = 0; i < rounds; ++i) {
            while (in.pop(&v, 1) == 0) wait();
            while (out.push(&v, 1) == 0) wait();
          }
        });
    if (!inOrder) {
      state.SkipWithError("a round trip brought back the wrong value");
      break;
    }
  }
  state.counters["round_trip"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(rounds),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(placementLabel(where));
}

// The machine's floor under any queue's round trip: one atomic counter in one cache line,
// set odd by one thread and even by the other — two line transfers per round trip.
void pingPongOneLine(benchmark::State& state) {
  const Placement where = placement();
  const Wait wait{!where.pinned()};
  const auto rounds = static_cast<std::uint64_t>(state.range(0));
  struct alignas(2 * stream::kCacheLine) Line {
    std::atomic<std::uint64_t> value{0};
  };
  auto line = std::make_unique<Line>();
  for (auto _ : state) {
    line->value.store(0);
    runPair(
        where,
        [&] {
          for (std::uint64_t i = 0; i < rounds; ++i) {
            line->value.store(2 * i + 1, std::memory_order_release);
            while (line->value.load(std::memory_order_acquire) != 2 * i + 2) wait();
          }
        },
        [&] {
          for (std::uint64_t i = 0; i < rounds; ++i) {
            while (line->value.load(std::memory_order_acquire) != 2 * i + 1) wait();
            line->value.store(2 * i + 2, std::memory_order_release);
          }
        });
  }
  state.counters["round_trip"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(rounds),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetLabel(placementLabel(where));
}

template <template <class> class Q, class T>
void addThroughput(const std::string& item, const std::string& queue) {
  benchmark::RegisterBenchmark(("throughput/" + item + "/" + queue).c_str(), throughput<Q<T>, T>)
      ->Arg(kThroughputItems)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

template <template <class> class Q>
void addPingPong(const std::string& queue) {
  benchmark::RegisterBenchmark(("pingpong/" + queue).c_str(), pingPong<Q<std::uint64_t>>)
      ->Arg(kRoundTrips)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

template <class T>
void addThroughputAll(const std::string& item) {
  addThroughput<Ring, T>(item, "spsc_ring");
  addThroughput<RingBatch, T>(item, "spsc_ring_batch32");
  addThroughput<BoostSpsc, T>(item, "boost_spsc");
  addThroughput<BoostSpscBatch, T>(item, "boost_spsc_batch32");
  addThroughput<ReaderWriter, T>(item, "moodycamel_rwq");
  addThroughput<Concurrent, T>(item, "moodycamel_cq");
  addThroughput<Locked, T>(item, "std_queue_mutex");
}

// The batched variants are left out of ping-pong: one value in flight is a batch of one.
[[maybe_unused]] const bool registered = [] {
  addThroughputAll<std::uint64_t>("u64");
  addThroughputAll<Pair16>("pair16");
  addThroughputAll<stream::Event>("event32");
  addPingPong<Ring>("spsc_ring");
  addPingPong<BoostSpsc>("boost_spsc");
  addPingPong<ReaderWriter>("moodycamel_rwq");
  addPingPong<Concurrent>("moodycamel_cq");
  addPingPong<Locked>("std_queue_mutex");
  addPingPong<OneSlot>("one_slot_floor");
  benchmark::RegisterBenchmark("pingpong/one_line_floor", pingPongOneLine)
      ->Arg(kRoundTrips)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
