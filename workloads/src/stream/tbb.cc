// `tbb`: the pipeline on oneTBB's parallel_pipeline, the stream framework inside the same
// harness. Three filters, a micro-batch per token, at most 2·p batches in flight:
//
//   source (serial, in order) → prepare (parallel: filter, join; score: the model)
//                             → window (serial, in order: count, emit)
//
// The window state is the serial filter's alone — TBB's way to keep state without locks —
// so only the prepare step runs on p threads; the source and the counting do not scale.
// Batches come from tunelab's object pool (alloc/object_pool.h): a block per token, made
// on one thread and freed on another, which is what its per-thread magazines are for.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <new>

#include "engine.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/alloc/object_pool.h"

namespace tunelab::workloads::stream {
namespace {

// oneTBB orders the calls of a serial filter, and hands a batch from filter to filter, with
// its own atomics; Debian's libtbb is not built with ThreadSanitizer, which therefore cannot
// see them. Under TSan each filter call acquires at entry and releases at exit on one atomic,
// so the order TBB guarantees is visible to it; in any other build this is nothing.
class TsanVisibleOrder {
 public:
#if defined(__SANITIZE_THREAD__)
  void enter() { m_seq.fetch_add(1, std::memory_order_acq_rel); }
  void exit() { m_seq.fetch_add(1, std::memory_order_acq_rel); }
  void join() { (void)m_seq.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> m_seq{0};
#else
  void enter() {}
  void exit() {}
  void join() {}
#endif
};

struct Scoped {
  explicit Scoped(TsanVisibleOrder& o) : order(o) { order.enter(); }
  ~Scoped() { order.exit(); }
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;
  TsanVisibleOrder& order;
};

struct Batch {
  std::uint64_t next = 0;  // the source's next index when this batch left it
  std::size_t n = 0;       // events after prepare
  Event* events = nullptr;
  std::uint8_t* flagged = nullptr;
};

}  // namespace

StreamResult runTbb(const StreamConfig& config, const Tables& tables) {
  const std::size_t capacity = std::max<std::size_t>(config.batch, 1);
  const std::size_t bytes = sizeof(Batch) + capacity * (sizeof(Event) + 1) + alignof(Event);
  alloc::ObjectPool pool(alloc::ObjectPool::Options{bytes, alignof(std::max_align_t)});
  Operator op(config, tables);
  const int p = std::max(1, config.threads);
  // TBB caps its workers at the cores less one; p above the cores (oversubscribed, as the
  // tests run it) needs the cap raised for this run.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(p));
  tbb::task_arena arena(p);
  const std::uint64_t start = nowNs();
  Pacer pacer(config, start, 0, 1, /*prepare=*/false);
  std::vector<Event> made;
  const bool score = config.query == Query::Score;
  TsanVisibleOrder order;

  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(2 * p),
        tbb::make_filter<void, Batch*>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> Batch* {
              Scoped visible(order);
              TUNELAB_REGION("ingest");
              std::size_t taken = 0;
              while (!pacer.done() && (taken = pacer.take(nowNs(), made, tables)) == 0)
                waitUntil(pacer.waitHintNs());
              if (!taken) {
                fc.stop();
                return nullptr;
              }
              void* block = pool.allocate(bytes, alignof(std::max_align_t));
              auto* b = new (block) Batch;
              b->events = reinterpret_cast<Event*>(static_cast<char*>(block) + sizeof(Batch));
              b->flagged = reinterpret_cast<std::uint8_t*>(b->events + capacity);
              b->n = made.size();
              std::copy(made.begin(), made.end(), b->events);
              b->next = pacer.next();
              return b;
            }) &
            tbb::make_filter<Batch*, Batch*>(
                tbb::filter_mode::parallel,
                [&](Batch* b) -> Batch* {
                  Scoped visible(order);
                  TUNELAB_REGION(score ? "score" : "window");
                  std::size_t kept = 0;
                  for (std::size_t i = 0; i < b->n; ++i)
                    if (prepareEvent(config.query, tables, b->events[i])) b->events[kept++] = b->events[i];
                  b->n = kept;
                  if (score) scoreBatch(tables, b->events, b->n, b->flagged);
                  return b;
                }) &
            tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* b) {
              Scoped visible(order);
              {
                TUNELAB_REGION(score ? "score" : "window");
                op.process(b->events, b->n, score ? b->flagged : nullptr);
              }
              TUNELAB_REGION("emit");
              op.advance(b->next);
              b->~Batch();
              pool.deallocate(b, bytes, alignof(std::max_align_t));
            }));
  });
  order.join();
  op.finish();
  return singleResult(config, op, pacer, start);
}

}  // namespace tunelab::workloads::stream
