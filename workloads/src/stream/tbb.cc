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

#include <new>

#include "engine.h"
#include "tunelab/probe/region.h"
#include "tunelab/workloads/alloc/object_pool.h"

namespace tunelab::workloads::stream {
namespace {

struct Batch {
  std::uint64_t next = 0;  // the source's next index when this batch left it
  std::size_t n = 0;       // events after prepare
  Event* events = nullptr;
  std::uint8_t* flagged = nullptr;
};

}  // namespace

StreamResult runTbb(const StreamConfig& config, const Tables& tables) {
  StreamResult result;
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

  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(2 * p),
        tbb::make_filter<void, Batch*>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> Batch* {
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
                  TUNELAB_REGION(score ? "score" : "window");
                  std::size_t kept = 0;
                  for (std::size_t i = 0; i < b->n; ++i)
                    if (prepareEvent(config.query, tables, b->events[i])) b->events[kept++] = b->events[i];
                  b->n = kept;
                  if (score) scoreBatch(tables, b->events, b->n, b->flagged);
                  return b;
                }) &
            tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* b) {
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
  op.finish();
  result.seconds = static_cast<double>(nowNs() - start) * 1e-9;
  result.events = pacer.produced();
  result.batches = op.batches();
  result.latency = op.latency();
  finishResult(config, std::move(op.rows()), op.passSum(), result);
  return result;
}

}  // namespace tunelab::workloads::stream
