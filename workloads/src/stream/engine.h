#pragma once

// Internals shared by the stream pipelines: the join table, the per-partition query state
// (Operator), the scoring model, the source's pacing, and the final merge of partitions.
#include <chrono>
#include <cstdint>
#include <deque>
#include <vector>

#include "tunelab/workloads/stream.h"

namespace tunelab::workloads::stream {

inline std::uint64_t nowNs() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

// A marker travels behind a source's events on every ring: "every event of mine below
// `index` has been sent" — the receiver's watermark is the least of its sources' markers.
inline constexpr std::uint32_t kMarkerKey = 0xffffffffu;
inline bool isMarker(const Event& e) { return e.key == kMarkerKey && e.aux == kMarkerKey; }
inline Event marker(std::uint64_t next) { return Event{next, 0, kMarkerKey, kMarkerKey, 0, 0}; }

// The static side of the YSB join (ad → campaign, ten ads per campaign, shuffled by the seed)
// and the model's weights: built once per case, read-only while it runs.
struct Tables {
  explicit Tables(const StreamConfig& config);
  std::vector<std::uint32_t> adCampaign;
  std::uint32_t ads = 0;
  // score: hidden × kFeatures weights (row-major), hidden biases, hidden output weights.
  static constexpr std::uint32_t kFeatures = 16;
  std::uint32_t hidden = 0;
  std::vector<float> w1, b1, w2;
  float b2 = 0;
};

// Events per window of event time (at least one), and per state slot: window-topk keeps
// panes of a quarter window, the tumbling queries whole windows.
std::uint64_t windowEvents(const StreamConfig& config);
std::uint64_t slotEvents(const StreamConfig& config);

// After a single-operator pipeline (optimized, tbb): its result, timed from `startNs`.
class Pacer;
class Operator;
StreamResult singleResult(const StreamConfig& config, Operator& op, const Pacer& pacer,
                          std::uint64_t startNs);

// The stateless first step, done where an event is made: window-count drops all but views
// and joins the ad to its campaign (key becomes the campaign). False: the event is dropped.
bool prepareEvent(Query query, const Tables& tables, Event& e);
// passthrough's answer: the sum of this over every event (order does not matter).
std::uint64_t passHash(const Event& e);
// The partition an event is routed to (its key's owner).
inline std::uint32_t partitionOf(const Event& e, std::uint32_t partitions) {
  return partitions == 1 ? 0 : e.key % partitions;
}

// The score model on a batch: for each event, score = w2·relu(W1·x + b1) + b2 over its 16
// features; flagged[i] = score > 0. Every event's arithmetic is done in the same order
// whatever the batch size (the batch is the vector dimension), so every batch size and
// every variant flag the same events.
void scoreBatch(const Tables& tables, const Event* events, std::size_t n, std::uint8_t* flagged);

// What partitions have emitted. window-count's rows are final where they are made, so they
// fold into rowHash and the windows bitmap as they come (kept too only with keepRows);
// window-topk's and score's rows are partial — merged across partitions at the end — and few.
struct Partial {
  std::vector<WindowRow> rows;
  std::uint64_t rowHash = 0;
  std::uint64_t passSum = 0;
  std::vector<std::uint8_t> windows;  // window-count: 1 where the window emitted a row
  void emit(const StreamConfig& config, const WindowRow& row);
  void add(Partial&& other);
};

// One partition's window state for one query: flat per-key arrays per open window.
class Operator {
 public:
  Operator(const StreamConfig& config, const Tables& tables);
  // Applies prepared (and, for window-count, joined) events; records their latency. score:
  // `flagged` may hold the model's answers already (scoreBatch run elsewhere).
  void process(const Event* events, std::size_t n, const std::uint8_t* flagged = nullptr);
  // Every event with index < watermark has been processed: emit the windows that closed.
  void advance(std::uint64_t watermark);
  // End of stream: emit what is still open.
  void finish() { advance(~std::uint64_t{0} >> 1); }

  // What this partition emitted. Its window-count rows are not kept in a growing vector
  // (unless keepRows): a run emits millions, and the vector's reallocation copied them all
  // at once — a multi-millisecond stall mid-stream that was the open loop's p99.
  Partial takePartial() {
    m_out.passSum = m_passSum;
    return std::move(m_out);
  }
  std::uint64_t processed() const { return m_processed; }
  std::uint64_t batches() const { return m_batches; }
  LatencyHistogram& latency() { return m_latency; }

 private:
  struct Slot {
    std::uint64_t id = 0;
    std::vector<std::uint32_t> counts;  // per key (window-count, window-topk panes)
    std::uint64_t flagged = 0;          // score
  };
  Slot& slotFor(std::uint64_t id);
  void emitTopK(std::uint64_t endPane);

  const StreamConfig& m_config;
  const Tables& m_tables;
  std::uint64_t m_span = 1;  // events per window (window-topk: per pane)
  std::deque<Slot> m_open;   // by increasing id, contiguous
  std::vector<Slot> m_spare;
  std::deque<Slot> m_panes;  // window-topk: the last closed panes (up to four), for sliding windows
  std::uint64_t m_nextClose = 0;  // window-topk: the next pane to close
  std::vector<std::uint8_t> m_flagged;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_top;  // scratch (count, item)
  Partial m_out;
  std::uint64_t m_passSum = 0, m_processed = 0, m_batches = 0;
  LatencyHistogram m_latency;
};

// When a source takes its next events. Closed loop: `batch` at once, now. Open loop: event i
// (of those this source makes: i = offset, offset + stride, …) is due at start + i/rate; the
// source takes the due events once `batch` are due or the oldest has waited windowUs.
class Pacer {
 public:
  // prepare = false: take() leaves events as made (a later stage filters and joins them).
  Pacer(const StreamConfig& config, std::uint64_t startNs, std::uint64_t offset,
        std::uint64_t stride, bool prepare = true);
  bool done() const { return m_next >= m_config.events; }
  std::uint64_t next() const { return m_next; }  // global index of the next event to make
  // Fills out[0..n) with the events to take now (made, prepared, arrival set) and returns n;
  // 0 when none is ready yet (open loop) — then waitHintNs says when the next will be.
  std::size_t take(std::uint64_t nowNs, std::vector<Event>& out, const Tables& tables);
  std::uint64_t waitHintNs() const { return m_waitUntil; }
  std::uint64_t produced() const { return m_produced; }

 private:
  std::uint64_t scheduled(std::uint64_t index) const;
  const StreamConfig& m_config;
  std::uint64_t m_start, m_stride, m_next;
  bool m_prepare;
  std::uint64_t m_waitUntil = 0, m_produced = 0;
};

// A waiting thread's manners: pause (the core's spin-wait hint) a few dozen times, then yield
// the core — with more busy threads than cores, the thread it waits for may be the one that
// needs it.
class Backoff {
 public:
  void idle();
  void reset() { m_spins = 0; }

 private:
  unsigned m_spins = 0;
};

// Spins (with a pause) until the steady clock reaches ns; sleeps through long waits.
void waitUntil(std::uint64_t ns);

// Partial rows of all partitions → the answer: rows with the same (window, key) summed;
// window-topk's per-partition candidates reduced to the top k per window as (window, rank,
// item·2^32 + count). Sorted.
std::vector<WindowRow> mergeRows(const StreamConfig& config, std::vector<WindowRow> partial);
// Fills the answer fields of result (rows, checksum, windows) from all partitions' output.
void finishResult(const StreamConfig& config, Partial all, StreamResult& result);

// The pipelines.
StreamResult runNaive(const StreamConfig& config, const Tables& tables);
StreamResult runOptimized(const StreamConfig& config, const Tables& tables);
StreamResult runThreads(const StreamConfig& config, const Tables& tables);
StreamResult runTbb(const StreamConfig& config, const Tables& tables);
StreamResult runMpi(const StreamConfig& config, const Tables& tables);

// Busy work standing in for a slow stage (tests' stalled consumer).
void stall(double microseconds);

}  // namespace tunelab::workloads::stream
