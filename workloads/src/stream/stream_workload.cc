#include "stream_workload.h"

#include <sys/resource.h>

#include <array>
#include <cmath>
#include <cstdlib>

#include "tunelab/workloads/kmeans.h"
#include "tunelab/workloads/stream.h"

namespace tunelab::workloads {
namespace {

using model::Error;
using model::ErrorKind;
using stream::Query;
using stream::Variant;

const std::array kVariants = {
    VariantSpec{"naive",
                "a thread per stage, std::queue under a mutex and condition variable, new per "
                "event, std::map window state (the baseline)",
                false},
    VariantSpec{"optimized",
                "one thread, one event loop: micro-batches in a reused buffer, flat per-key "
                "window arrays; in open loop the loop is the dynamic batcher",
                false},
    VariantSpec{"threads",
                "p key-partitioned workers, each a source and a window owner, joined by "
                "single-producer rings (cached indices, own cache lines), watermark markers",
                true},
    VariantSpec{"tbb",
                "oneTBB parallel_pipeline: serial source → parallel filter/join/model → serial "
                "window; batches from tunelab's object pool",
                true},
    VariantSpec{"mpi",
                "key-partitioned across MPI ranks: one MPI_Alltoallv shuffle per micro-batch, "
                "watermark by MPI_Allreduce, windows merged on rank 0 (swept over --ranks)",
                false, true},
};

const std::array kParams = {
    ParamSpec{"query", ParamType::Text, "window-count,score",
              "passthrough (Nexmark q0: moving an event), window-count (YSB: filter, join, count "
              "per campaign and window), window-topk (Nexmark q5: hottest items per sliding "
              "window), score (a dense model per event, dynamically batched); all: every one",
              0, 0, "passthrough,window-count,window-topk,score"},
    ParamSpec{"events", ParamType::Int, "20000", "events per run (one per µs of event time)", 1,
              1e10},
    ParamSpec{"rate", ParamType::Text, "max,5e5",
              "offered load: max (closed loop, as fast as it goes) or events/s (open loop: "
              "latency from each event's scheduled time, e.g. 2e6)",
              0, 0, "", true},
    ParamSpec{"batch", ParamType::Int, "1,64",
              "micro-batch: the most events a stage takes at once (score: the model's batch)", 1,
              65536},
    ParamSpec{"window_us", ParamType::Real, "0",
              "open loop: the longest an event waits for its batch to fill (µs); 0 takes what "
              "is due",
              0, 1e7},
    ParamSpec{"window_ms", ParamType::Real, "2",
              "event-time window (ms): tumbling; window-topk slides by a quarter of it", 0.001,
              1e7},
    ParamSpec{"keys", ParamType::Int, "1000", "campaigns (window-count) or items (bid queries)", 1,
              1e7},
    ParamSpec{"hidden", ParamType::Int, "64", "score: the model's hidden units (16 inputs)", 1,
              4096},
    ParamSpec{"seed", ParamType::Int, "42", "seed of the events, the join table and the model", 0,
              9.0e15},
};

Variant variantOf(const std::string& name) {
  if (name == "naive") return Variant::Naive;
  if (name == "threads") return Variant::Threads;
  if (name == "tbb") return Variant::Tbb;
  if (name == "mpi") return Variant::Mpi;
  return Variant::Optimized;
}

// rate: "max" → 0 (closed loop); a positive number of events/s.
Result<double> parseRate(const std::string& text) {
  if (text == "max") return 0.0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    return Error{ErrorKind::Usage, "stream: parameter rate=" + text +
                                       " is neither max nor a number of events/s (e.g. rate=2e6)."};
  if (v <= 0)
    return Error{ErrorKind::Usage,
                 "stream: parameter rate=" + text +
                     " offers no load: give events/s above 0 (open loop), or rate=max for the "
                     "closed loop."};
  if (v > 1e10)
    return Error{ErrorKind::Usage, "stream: parameter rate=" + text +
                                       " is above 1e10 events/s; use rate=max for as fast as it goes."};
  return v;
}

Result<stream::StreamConfig> configOf(const std::vector<model::Param>& params) {
  stream::StreamConfig c;
  if (!stream::parseQuery(paramText(params, "query"), c.query))
    return Error{ErrorKind::Usage, "stream: unknown query " + paramText(params, "query") +
                                       "; queries: passthrough, window-count, window-topk, score."};
  auto rate = parseRate(paramText(params, "rate"));
  if (!rate) return rate.error();
  c.rate = *rate;
  c.events = static_cast<std::uint64_t>(paramInt(params, "events"));
  c.batch = static_cast<std::size_t>(paramInt(params, "batch"));
  c.windowUs = paramReal(params, "window_us");
  c.windowMs = paramReal(params, "window_ms");
  c.keys = static_cast<std::uint32_t>(paramInt(params, "keys"));
  c.hidden = static_cast<std::uint32_t>(paramInt(params, "hidden"));
  c.seed = static_cast<std::uint64_t>(paramInt(params, "seed"));
  if (c.windowMs < 0.001)
    return Error{ErrorKind::Usage, "stream: window_ms=" + paramText(params, "window_ms") +
                                       " is shorter than an event (1 µs); use window_ms >= 0.001."};
  return c;
}

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

class StreamInstance final : public Instance {
 public:
  explicit StreamInstance(stream::StreamConfig config) : m_config(config) {}

  void run() override {
    const double cpu = cpuSeconds();
    m_last = stream::runStream(m_config);
    m_cpu = cpuSeconds() - cpu;
  }

  std::vector<model::Metric> metrics() const override {
    const auto& r = m_last;
    const double events = static_cast<double>(r.events);
    auto us = [&](double q) { return r.latency.quantileNs(q) * 1e-3; };
    std::vector<model::Metric> out = {
        {"events_per_s", r.seconds > 0 ? events / r.seconds : 0.0, "events/s"},
        {"events_per_cpu_s", m_cpu > 0 ? events / m_cpu : 0.0, "events/s"},
        {"offered_rate", m_config.rate, "events/s"},
        {"latency_p50_us", us(0.5), "µs"},
        {"latency_p99_us", us(0.99), "µs"},
        {"latency_p999_us", us(0.999), "µs"},
        {"latency_max_us", static_cast<double>(r.latency.max()) * 1e-3, "µs"},
        {"events", events, ""},
        {"windows", static_cast<double>(r.windows), ""},
        {"mean_batch", r.batches ? static_cast<double>(r.latency.total()) / static_cast<double>(r.batches) : 0.0, ""},
        // The low 52 bits: a double holds them exactly, so equal answers store equal values.
        {"checksum", static_cast<double>(r.checksum & ((std::uint64_t{1} << 52) - 1)), ""},
    };
    if (r.occupancySamples)
      out.push_back({"queue_occupancy", r.occupancySum / static_cast<double>(r.occupancySamples), ""});
    if (r.maxQueued) out.push_back({"max_queued", static_cast<double>(r.maxQueued), "events"});
    if (r.producerSeconds > 0)
      out.push_back({"blocked_fraction", r.blockedSeconds / r.producerSeconds, ""});
    if (m_config.variant == Variant::Mpi)
      out.push_back({"exchange_fraction", r.seconds > 0 ? r.exchangeSeconds / r.seconds : 0.0, ""});
    return out;
  }

  // The latency distribution as HdrHistogram prints it: the CDF at four points per halving
  // of the tail (50 %, 59 %, 66 %, 72 %, 75 % … 99.9 % …) and the maximum — about 70 points
  // where the histogram has hundreds of non-empty buckets.
  std::vector<model::Series> series() const override {
    model::Series s{"latency", "", "µs", {}, {}};
    const auto cdf = m_last.latency.cdf();
    double next = 0;  // the next fraction to report
    int tick = 0;
    for (std::size_t i = 0; i < cdf.size(); ++i) {
      const auto [ns, fraction] = cdf[i];
      if (fraction < next && i + 1 < cdf.size()) continue;
      s.x.push_back(ns * 1e-3);
      s.y.push_back(fraction);
      while (next <= fraction && next < 1) next = 1 - std::exp2(-static_cast<double>(++tick) / 4);
    }
    return {s};
  }

 private:
  stream::StreamConfig m_config;
  stream::StreamResult m_last;
  double m_cpu = 0;
};

}  // namespace

std::string_view StreamWorkload::name() const { return "stream"; }
std::string_view StreamWorkload::summary() const {
  return "stream processing: windowed aggregation and dynamic batching over a Nexmark/YSB-style "
         "event stream, closed or open loop, latency percentiles";
}
std::span<const VariantSpec> StreamWorkload::variants() const { return kVariants; }
std::span<const ParamSpec> StreamWorkload::params() const { return kParams; }

Result<std::vector<model::Param>> StreamWorkload::checkParams(
    std::vector<model::Param> params) const {
  auto c = configOf(params);
  if (!c) return c.error();
  return params;
}

Result<std::unique_ptr<Instance>> StreamWorkload::prepare(const CaseConfig& config) const {
  auto c = configOf(config.params);
  if (!c) return c.error();
  c->variant = variantOf(config.variant);
  c->threads = (c->variant == Variant::Threads || c->variant == Variant::Tbb) ? config.threads : 1;
  if (c->variant == Variant::Mpi) {
    const auto world = kmeans::mpiWorld();
    if (world.size != config.ranks)
      return Error{ErrorKind::Usage,
                   "stream: variant mpi was asked for " + std::to_string(config.ranks) +
                       " ranks but runs in an MPI world of " + std::to_string(world.size) +
                       "; start it with `tunelab run stream -v mpi --ranks R`, which uses mpirun."};
  }
  return std::unique_ptr<Instance>(std::make_unique<StreamInstance>(*c));
}

}  // namespace tunelab::workloads
