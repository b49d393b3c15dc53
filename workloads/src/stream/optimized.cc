// `optimized`: one thread, one event loop. The source makes a micro-batch into a buffer
// reused for the whole run (no allocation per event or per batch), the operator applies it
// to flat per-key arrays of the open windows, and closed windows are emitted as the
// watermark (the next index to make) passes them. In open loop the same loop is the dynamic
// batcher: it takes the due events once `batch` are due or the oldest has waited window_us.
#include "engine.h"
#include "tunelab/probe/region.h"

namespace tunelab::workloads::stream {

StreamResult runOptimized(const StreamConfig& config, const Tables& tables) {
  Operator op(config, tables);
  std::vector<Event> batch;
  batch.reserve(config.batch);
  const std::uint64_t start = nowNs();
  Pacer pacer(config, start, 0, 1);
  const char* work = config.query == Query::Score ? "score" : "window";
  while (!pacer.done()) {
    std::size_t taken;
    {
      TUNELAB_REGION("ingest");
      taken = pacer.take(nowNs(), batch, tables);
    }
    if (taken == 0) {
      waitUntil(pacer.waitHintNs());
      continue;
    }
    {
      TUNELAB_REGION(work);
      op.process(batch.data(), batch.size());
    }
    TUNELAB_REGION("emit");
    op.advance(pacer.next());
  }
  {
    TUNELAB_REGION("emit");
    op.finish();
  }
  return singleResult(config, op, pacer, start);
}

}  // namespace tunelab::workloads::stream
