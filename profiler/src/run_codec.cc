#include "tunelab/profiler/run_codec.h"

#include <cstdint>
#include <cstring>

namespace tunelab::profiler {
namespace {

class Writer {
 public:
  template <class T>
  void pod(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    m_out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    m_out += s;
  }
  template <class T>
  void opt(const std::optional<T>& v) {
    pod<std::uint8_t>(v ? 1 : 0);
    if (v) pod(*v);
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : m_in(in) {}
  template <class T>
  bool pod(T& v) {
    if (m_in.size() - m_pos < sizeof v) return false;
    std::memcpy(&v, m_in.data() + m_pos, sizeof v);
    m_pos += sizeof v;
    return true;
  }
  bool str(std::string& s) {
    std::uint64_t n = 0;
    if (!pod(n) || m_in.size() - m_pos < n) return false;
    s.assign(m_in, m_pos, n);
    m_pos += n;
    return true;
  }
  template <class T>
  bool opt(std::optional<T>& v) {
    std::uint8_t has = 0;
    if (!pod(has)) return false;
    if (!has) {
      v.reset();
      return true;
    }
    T x{};
    if (!pod(x)) return false;
    v = x;
    return true;
  }
  template <class T>
  bool count(T& n) {
    std::uint64_t c = 0;
    // A count larger than the remaining bytes cannot be right: refuse before allocating.
    if (!pod(c) || c > m_in.size() - m_pos) return false;
    n = static_cast<T>(c);
    return true;
  }
  bool done() const { return m_pos == m_in.size(); }

 private:
  const std::string& m_in;
  std::size_t m_pos = 0;
};

void putCounter(Writer& w, const model::CounterValue& c) {
  w.str(c.event);
  w.opt(c.value);
  w.pod(c.timeEnabledNs);
  w.pod(c.timeRunningNs);
  w.pod<std::uint8_t>(c.simulated ? 1 : 0);
  w.str(c.reason);
}

bool getCounter(Reader& r, model::CounterValue& c) {
  std::uint8_t sim = 0;
  if (!r.str(c.event) || !r.opt(c.value) || !r.pod(c.timeEnabledNs) || !r.pod(c.timeRunningNs) ||
      !r.pod(sim) || !r.str(c.reason))
    return false;
  c.simulated = sim != 0;
  return true;
}

void putDoubles(Writer& w, const std::vector<double>& v) {
  w.pod<std::uint64_t>(v.size());
  for (double x : v) w.pod(x);
}

bool getDoubles(Reader& r, std::vector<double>& v) {
  std::size_t n = 0;
  if (!r.count(n)) return false;
  v.resize(n);
  for (auto& x : v)
    if (!r.pod(x)) return false;
  return true;
}

void putRegions(Writer& w, const std::vector<model::RegionStat>& regions) {
  w.pod<std::uint64_t>(regions.size());
  for (const auto& g : regions) {
    w.str(g.name), w.pod(g.seconds), w.pod(g.entries);
    w.pod<std::uint64_t>(g.counters.size());
    for (const auto& c : g.counters) putCounter(w, c);
  }
}

// Into `regions`, already sized from the count read before.
bool getRegions(Reader& r, std::vector<model::RegionStat>& regions) {
  for (auto& g : regions) {
    std::size_t n = 0;
    if (!r.str(g.name) || !r.pod(g.seconds) || !r.pod(g.entries) || !r.count(n)) return false;
    g.counters.resize(n);
    for (auto& c : g.counters)
      if (!getCounter(r, c)) return false;
  }
  return true;
}

}  // namespace

std::string encodeRun(const model::Run& run) {
  Writer w;
  w.str(run.name);
  w.str(run.workload);
  w.str(run.variant);
  w.pod<std::uint64_t>(run.params.size());
  for (const auto& p : run.params) w.str(p.key), w.str(p.value);
  w.pod<std::int32_t>(run.threads);
  w.pod<std::int32_t>(run.ranks);
  w.pod<std::int32_t>(static_cast<std::int32_t>(run.status));
  w.str(run.reason);
  w.pod<std::uint64_t>(run.samples.size());
  for (const auto& s : run.samples) {
    w.pod<std::int32_t>(s.repetition);
    w.pod<std::int64_t>(s.iterations);
    w.pod(s.wallSeconds);
    w.pod(s.cpuSeconds);
    w.pod<std::uint64_t>(s.counters.size());
    for (const auto& c : s.counters) putCounter(w, c);
    w.pod<std::uint8_t>(s.alloc ? 1 : 0);
    if (s.alloc) {
      w.pod(s.alloc->allocations);
      w.pod(s.alloc->frees);
      w.pod(s.alloc->bytes);
      w.pod(s.alloc->peakLiveBytes);
      w.opt(s.alloc->poolBytes);
      w.opt(s.alloc->allocatedBytes);
    }
    w.pod<std::uint64_t>(s.metrics.size());
    for (const auto& m : s.metrics) w.str(m.name), w.pod(m.value), w.str(m.unit);
    putRegions(w, s.regions);
    w.pod<std::uint64_t>(s.series.size());
    for (const auto& c : s.series) {
      w.str(c.name), w.str(c.unit), w.str(c.xName);
      putDoubles(w, c.x);
      putDoubles(w, c.y);
    }
    w.pod<std::uint64_t>(s.threads.size());
    for (const auto& t : s.threads) {
      w.pod<std::int32_t>(t.thread);
      w.pod(t.cpuSeconds);
      w.pod<std::uint64_t>(t.counters.size());
      for (const auto& c : t.counters) putCounter(w, c);
    }
  }
  putRegions(w, run.setupRegions);
  return w.take();
}

std::optional<model::Run> decodeRun(const std::string& bytes) {
  Reader r(bytes);
  model::Run run;
  std::size_t n = 0;
  std::int32_t status = 0;
  if (!r.str(run.name) || !r.str(run.workload) || !r.str(run.variant) || !r.count(n)) return std::nullopt;
  run.params.resize(n);
  for (auto& p : run.params)
    if (!r.str(p.key) || !r.str(p.value)) return std::nullopt;
  if (!r.pod(run.threads) || !r.pod(run.ranks) || !r.pod(status) || !r.str(run.reason) || !r.count(n))
    return std::nullopt;
  if (status < 0 || status > static_cast<std::int32_t>(model::RunStatus::Crashed)) return std::nullopt;
  run.status = static_cast<model::RunStatus>(status);
  run.samples.resize(n);
  for (auto& s : run.samples) {
    std::int32_t rep = 0;
    if (!r.pod(rep) || !r.pod(s.iterations) || !r.pod(s.wallSeconds) || !r.pod(s.cpuSeconds) || !r.count(n))
      return std::nullopt;
    s.repetition = rep;
    s.counters.resize(n);
    for (auto& c : s.counters)
      if (!getCounter(r, c)) return std::nullopt;
    std::uint8_t hasAlloc = 0;
    if (!r.pod(hasAlloc)) return std::nullopt;
    if (hasAlloc) {
      model::AllocStats a;
      if (!r.pod(a.allocations) || !r.pod(a.frees) || !r.pod(a.bytes) || !r.pod(a.peakLiveBytes) ||
          !r.opt(a.poolBytes) || !r.opt(a.allocatedBytes))
        return std::nullopt;
      s.alloc = a;
    }
    if (!r.count(n)) return std::nullopt;
    s.metrics.resize(n);
    for (auto& m : s.metrics)
      if (!r.str(m.name) || !r.pod(m.value) || !r.str(m.unit)) return std::nullopt;
    if (!r.count(n)) return std::nullopt;
    s.regions.resize(n);
    if (!getRegions(r, s.regions)) return std::nullopt;
    if (!r.count(n)) return std::nullopt;
    s.series.resize(n);
    for (auto& c : s.series)
      if (!r.str(c.name) || !r.str(c.unit) || !r.str(c.xName) || !getDoubles(r, c.x) ||
          !getDoubles(r, c.y))
        return std::nullopt;
    if (!r.count(n)) return std::nullopt;
    s.threads.resize(n);
    for (auto& t : s.threads) {
      std::int32_t index = 0;
      if (!r.pod(index) || !r.pod(t.cpuSeconds) || !r.count(n)) return std::nullopt;
      t.thread = index;
      t.counters.resize(n);
      for (auto& c : t.counters)
        if (!getCounter(r, c)) return std::nullopt;
    }
  }
  if (!r.count(n)) return std::nullopt;
  run.setupRegions.resize(n);
  if (!getRegions(r, run.setupRegions)) return std::nullopt;
  if (!r.done()) return std::nullopt;
  return run;
}

}  // namespace tunelab::profiler
