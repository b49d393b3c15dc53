// `threads`: p workers, each both a source (events i ≡ worker mod p) and the owner of the
// keys k ≡ worker mod p. A worker makes a micro-batch, routes each event to its key's owner —
// its own go straight into its operator, the others through a single-producer ring per
// (source, owner) pair — and then drains the rings that feed it. Behind its events a source
// sends every owner a marker ("all my events below index m are sent"), once per sixteenth of
// a window of progress and at the end; an owner's watermark is the least marker of all
// sources, and windows close behind it. Nothing is shared but the rings, and each ring has
// one writer and one reader (spsc_ring.h).
//
// Backpressure: when a ring is full the source drains its own inputs while it waits (two
// workers pushing to each other's full rings would otherwise wait forever), and the time it
// spends so is its blocked time.
#include <atomic>
#include <memory>
#include <thread>

#include "engine.h"
#include "spsc_ring.h"
#include "tunelab/probe/region.h"

namespace tunelab::workloads::stream {
namespace {

struct alignas(kCacheLine) WorkerState {
  std::uint64_t blockedNs = 0, sourceNs = 0, maxQueued = 0, samples = 0, produced = 0;
  double occupancy = 0;
};

class ThreadedRun {
 public:
  ThreadedRun(const StreamConfig& config, const Tables& tables)
      : m_config(config), m_tables(tables), m_p(static_cast<std::uint32_t>(config.threads)) {
    for (std::uint32_t i = 0; i < m_p * m_p; ++i)
      m_rings.push_back(std::make_unique<SpscRing<Event>>(config.queueCapacity));
    for (std::uint32_t i = 0; i < m_p; ++i) m_ops.push_back(std::make_unique<Operator>(config, tables));
    m_state.resize(m_p);
  }

  StreamResult run() {
    std::vector<std::thread> threads;
    for (std::uint32_t w = 1; w < m_p; ++w) threads.emplace_back([this, w] { worker(w); });
    worker(0);
    for (auto& t : threads) t.join();
    StreamResult result;
    result.seconds = static_cast<double>(m_endNs.load() - m_startNs.load()) * 1e-9;
    Partial all;
    for (std::uint32_t w = 0; w < m_p; ++w) {
      Operator& op = *m_ops[w];
      all.add(op.takePartial());
      result.latency.merge(op.latency());
      result.batches += op.batches();
      const WorkerState& s = m_state[w];
      result.events += s.produced;
      result.blockedSeconds += static_cast<double>(s.blockedNs) * 1e-9;
      result.producerSeconds += static_cast<double>(s.sourceNs) * 1e-9;
      result.occupancySum += s.occupancy;
      result.occupancySamples += s.samples;
      result.maxQueued = std::max(result.maxQueued, s.maxQueued);
    }
    finishResult(m_config, std::move(all), result);
    return result;
  }

 private:
  SpscRing<Event>& ring(std::uint32_t src, std::uint32_t dst) { return *m_rings[src * m_p + dst]; }

  // The start: the last worker to arrive sets it, and all begin together.
  std::uint64_t startTogether() {
    if (m_arrived.fetch_add(1) + 1 == m_p) m_startNs.store(nowNs());
    std::uint64_t s;
    while ((s = m_startNs.load()) == 0) std::this_thread::yield();
    return s;
  }

  void worker(std::uint32_t me) {
    Operator& op = *m_ops[me];
    WorkerState& st = m_state[me];
    const std::uint64_t n = m_config.events;
    std::vector<std::uint64_t> progress(m_p);
    for (std::uint32_t s = 0; s < m_p; ++s) progress[s] = s;  // source s makes s, s+p, …
    std::vector<std::vector<Event>> out(m_p);
    std::vector<Event> made, in(std::max<std::size_t>(m_config.batch, 64));
    const char* work = m_config.query == Query::Score ? "score" : "window";
    const std::uint64_t markerEvery = std::max<std::uint64_t>(1, windowEvents(m_config) / 16);
    std::uint64_t lastMarker = 0;
    const std::uint64_t start = startTogether();
    Pacer pacer(m_config, start, me, m_p);
    if (pacer.done()) progress[me] = n;

    // Takes what the rings hold for this worker; true if anything came. While its own source
    // still has work, a worker leaves a ring holding less than a micro-batch to fill up: it
    // would otherwise take a few events at a time (its consumer is faster than a producer
    // that also does other work), and the model's batch — score's throughput — shrinks with
    // them. `force` takes everything (the source is done, or blocked on a full ring).
    const std::size_t fill = std::max<std::size_t>(1, std::min<std::size_t>(m_config.batch, 64) / 2);
    auto drain = [&](bool force) {
      bool any = false;
      for (std::uint32_t src = 0; src < m_p; ++src) {
        if (src == me || progress[src] >= n) continue;
        SpscRing<Event>& r = ring(src, me);
        const std::size_t queued = r.sizeApprox();
        if (!force && queued < fill) continue;
        const std::size_t got = r.tryPopN(in.data(), in.size());
        if (!got) continue;
        any = true;
        st.occupancy += static_cast<double>(queued) / static_cast<double>(r.capacity());
        ++st.samples;
        st.maxQueued = std::max<std::uint64_t>(st.maxQueued, queued);
        TUNELAB_REGION(work);
        std::size_t from = 0;
        for (std::size_t i = 0; i < got; ++i) {
          if (!isMarker(in[i])) continue;
          op.process(in.data() + from, i - from);
          progress[src] = in[i].index;
          from = i + 1;
        }
        op.process(in.data() + from, got - from);
      }
      return any;
    };
    Backoff backoff;
    auto push = [&](std::uint32_t dst, const Event* data, std::size_t count) {
      std::uint64_t blockedSince = 0;
      Backoff full;
      while (count) {
        const std::size_t k = ring(me, dst).tryPushN(data, count);
        data += k;
        count -= k;
        if (!count) break;
        if (!blockedSince) blockedSince = nowNs();
        if (!drain(true)) full.idle();
      }
      if (blockedSince) st.blockedNs += nowNs() - blockedSince;
    };
    auto watermark = [&] {
      std::uint64_t w = n;
      for (std::uint64_t p : progress) w = std::min(w, p);
      return w;
    };

    for (;;) {
      bool did = false;
      if (!pacer.done()) {
        std::size_t taken;
        {
          TUNELAB_REGION("ingest");
          taken = pacer.take(nowNs(), made, m_tables);
          if (taken) {
            for (auto& o : out) o.clear();
            for (const Event& e : made) out[partitionOf(e, m_p)].push_back(e);
            // A marker every sixteenth of a window (and at the end) is enough to close
            // windows on time; one behind every batch cost a cross-core hop per event at
            // batch 1 (5× slower than one thread at p = 2).
            const std::uint64_t next = std::min(pacer.next(), n);
            const bool mark = next >= n || next - lastMarker >= markerEvery;
            if (mark) lastMarker = next;
            for (std::uint32_t d = 0; d < m_p; ++d) {
              if (d == me) continue;
              if (mark) out[d].push_back(marker(next));
              if (!out[d].empty()) push(d, out[d].data(), out[d].size());
            }
          }
        }
        if (taken) {
          did = true;
          {
            TUNELAB_REGION(work);
            op.process(out[me].data(), out[me].size());
          }
          progress[me] = std::min(pacer.next(), n);
          if (pacer.done()) st.sourceNs = nowNs() - start;
          st.produced = pacer.produced();
        }
      }
      did |= drain(pacer.done() || !did);
      const std::uint64_t w = watermark();
      {
        TUNELAB_REGION("emit");
        op.advance(w);
      }
      if (w >= n) break;
      if (did) backoff.reset();
      else backoff.idle();
    }
    {
      TUNELAB_REGION("emit");
      op.finish();
    }
    // The run ends when the last worker does.
    const std::uint64_t end = nowNs();
    std::uint64_t prev = m_endNs.load();
    while (prev < end && !m_endNs.compare_exchange_weak(prev, end)) {
    }
  }

  const StreamConfig& m_config;
  const Tables& m_tables;
  std::uint32_t m_p;
  std::vector<std::unique_ptr<SpscRing<Event>>> m_rings;
  std::vector<std::unique_ptr<Operator>> m_ops;
  std::vector<WorkerState> m_state;
  std::atomic<std::uint32_t> m_arrived{0};
  std::atomic<std::uint64_t> m_startNs{0}, m_endNs{0};
};

}  // namespace

StreamResult runThreads(const StreamConfig& config, const Tables& tables) {
  ThreadedRun run(config, tables);
  return run.run();
}

}  // namespace tunelab::workloads::stream
