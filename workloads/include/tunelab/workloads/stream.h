#pragma once

// The stream-processing workload's engine: an event generator (Nexmark-style bids,
// Yahoo-Streaming-Benchmark-style ad events), four queries, and the pipelines that run them
// (naive … mpi). The workload registration (stream_workload.cc) and the tests use this.
//
// Time. Every event has an event time: event i happens at i·kEventSpacingNs of event time
// (a stream of one million events per second of event time), so windows of event time are
// a fixed number of events whatever the machine does. Separately, each event has an arrival
// time on the machine's steady clock: in open loop (rate > 0) event i is *scheduled* to
// arrive at start + i/rate, and its latency is measured from that moment — if the pipeline
// falls behind, the events it has not yet taken still age (no coordinated omission). In
// closed loop (rate = 0) the source produces as fast as the pipeline takes events, and
// latency runs from when an event was produced.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tunelab::workloads::stream {

inline constexpr std::uint64_t kEventSpacingNs = 1000;

enum class Query { Passthrough, WindowCount, WindowTopK, Score };
std::string_view toString(Query q);
bool parseQuery(std::string_view text, Query& out);

enum class Variant { Naive, Optimized, Threads, Tbb, Mpi };

// One event, 32 bytes. The fields mean what the query's stream says: for bids (passthrough,
// window-topk, score) key is the item, aux the bidder, value the price in cents; for ad
// events (window-count) key is the ad, aux the event type (0 view, 1 click, 2 purchase),
// value the user.
struct Event {
  std::uint64_t index = 0;      // position in the stream: event time is index·kEventSpacingNs
  std::uint64_t arrivalNs = 0;  // steady clock: scheduled (open loop) or produced (closed)
  std::uint32_t key = 0;
  std::uint32_t aux = 0;
  std::uint32_t value = 0;
  std::uint32_t pad = 0;
};

struct StreamConfig {
  Query query = Query::WindowCount;
  Variant variant = Variant::Optimized;
  std::uint64_t events = 200000;
  double rate = 0;                 // events/s offered; 0 = closed loop
  std::size_t batch = 64;          // micro-batch: the most events a stage takes at once
  double windowUs = 0;             // open loop: longest wait for a batch to fill (µs)
  double windowMs = 10;            // event-time window (window-count, score: tumbling;
                                   // window-topk: sliding, this long, sliding by a quarter)
  std::uint32_t keys = 1000;       // campaigns (window-count) or items (the bid queries)
  std::uint32_t topK = 5;          // window-topk: items reported per window
  std::uint32_t hidden = 64;       // score: the model's hidden width
  std::uint64_t seed = 42;
  int threads = 1;                 // threads, tbb
  std::size_t queueCapacity = 4096;  // events a queue/ring between stages holds
  // Tests only: each event's processing is delayed this long (a slow stage / sink).
  double stallUsPerEvent = 0;
  // Keep window-count's rows in the result (tests). Otherwise they fold into the checksum as
  // they are emitted: they are final where they are made (a campaign lives in one partition),
  // and a run emits millions of them.
  bool keepRows = false;
};

// One row of a query's answer. window-count: (window, campaign, count); window-topk:
// (window, rank, item·2^32 + count); score: (window, 0, events flagged); passthrough: none.
struct WindowRow {
  std::uint64_t window = 0;
  std::uint64_t key = 0;
  std::uint64_t value = 0;
  friend bool operator==(const WindowRow&, const WindowRow&) = default;
  friend auto operator<=>(const WindowRow&, const WindowRow&) = default;
};

// A log-linear histogram of latencies in nanoseconds (HdrHistogram's layout): values below
// 2^kSubBits are exact, above they fall in 2^kSubBits buckets per power of two, so any value
// is known to within 1/2^kSubBits (0.8 %). Recording is a shift and an increment.
class LatencyHistogram {
 public:
  static constexpr int kSubBits = 7;
  LatencyHistogram();
  void record(std::uint64_t ns, std::uint64_t count = 1) {
    m_counts[bucketOf(ns)] += count;
    m_total += count;
    if (ns > m_max) m_max = ns;
  }
  void merge(const LatencyHistogram& other);
  std::uint64_t total() const { return m_total; }
  std::uint64_t max() const { return m_max; }
  // The smallest bucket upper edge with at least q of the events at or below it (ns).
  double quantileNs(double q) const;
  // (upper edge in ns, fraction of events at or below) for each non-empty bucket.
  std::vector<std::pair<double, double>> cdf() const;
  const std::vector<std::uint64_t>& counts() const { return m_counts; }
  std::vector<std::uint64_t>& counts() { return m_counts; }
  void setTotals(std::uint64_t total, std::uint64_t max) { m_total = total; m_max = max; }
  static std::size_t bucketOf(std::uint64_t ns);
  static double upperEdge(std::size_t bucket);

 private:
  std::vector<std::uint64_t> m_counts;
  std::uint64_t m_total = 0;
  std::uint64_t m_max = 0;
};

struct StreamResult {
  std::vector<WindowRow> rows;   // sorted (window-count: only with keepRows)
  std::uint64_t checksum = 0;    // Σ rowHash of the rows (passthrough: Σ over every event)
  std::uint64_t events = 0;      // processed
  std::uint64_t windows = 0;     // distinct windows emitted
  LatencyHistogram latency;
  double seconds = 0;            // first event produced → last processed
  double blockedSeconds = 0;     // producers' time waiting for room (backpressure), summed
  double producerSeconds = 0;    // producers' time in all, summed (blocked_fraction's base)
  double occupancySum = 0;       // queue fill fraction, summed over occupancySamples
  std::uint64_t occupancySamples = 0;
  std::uint64_t batches = 0;     // batches the last stage took (mean batch = events/batches)
  std::uint64_t maxQueued = 0;   // most events ever waiting in one queue or ring
  double exchangeSeconds = 0;    // mpi: time in the shuffle's collectives (this rank)
};

// Event i of the stream a query reads (pure: any thread may make any event).
Event makeEvent(Query query, const StreamConfig& config, std::uint64_t index);

// Runs the configured pipeline once. Mpi: every rank calls it; rank 0's result holds the
// whole answer and latency (the others hold their own share).
StreamResult runStream(const StreamConfig& config);

// The answer computed the plainest way, on one thread, for the tests' comparisons.
StreamResult referenceAnswer(const StreamConfig& config);

// A row's share of the checksum; the checksum is their sum (wrapping), so it does not depend
// on the order rows are emitted or gathered in.
std::uint64_t rowHash(const WindowRow& row);
std::uint64_t checksumRows(const std::vector<WindowRow>& rows);

}  // namespace tunelab::workloads::stream
