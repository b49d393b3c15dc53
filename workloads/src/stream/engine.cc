#include "engine.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <thread>

namespace tunelab::workloads::stream {
namespace {

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint32_t mix32(std::uint32_t h) {
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  h *= 0x297a2d39u;
  return h ^ (h >> 15);
}

}  // namespace

std::uint64_t passHash(const Event& e) {
  return splitmix(e.index ^ (std::uint64_t{e.key} << 32 | e.value));
}

std::string_view toString(Query q) {
  switch (q) {
    case Query::Passthrough: return "passthrough";
    case Query::WindowCount: return "window-count";
    case Query::WindowTopK: return "window-topk";
    case Query::Score: return "score";
  }
  return "?";
}

bool parseQuery(std::string_view text, Query& out) {
  for (Query q : {Query::Passthrough, Query::WindowCount, Query::WindowTopK, Query::Score})
    if (toString(q) == text) {
      out = q;
      return true;
    }
  return false;
}

Event makeEvent(Query query, const StreamConfig& config, std::uint64_t index) {
  const std::uint64_t r = splitmix(config.seed * 0x632be59bd9b4e019ULL + index);
  Event e;
  e.index = index;
  if (query == Query::WindowCount) {
    // YSB: an ad event of one of keys·10 ads; a third of them are views.
    e.key = static_cast<std::uint32_t>((r >> 8) % (std::uint64_t{config.keys} * 10));
    e.aux = static_cast<std::uint32_t>(r % 3);
    e.value = static_cast<std::uint32_t>(r >> 40);
  } else {
    // Nexmark: bids, half of them on a few hot items (2 % of them), as auctions have.
    const std::uint64_t hot = std::max<std::uint64_t>(1, config.keys / 50);
    e.key = static_cast<std::uint32_t>((r & 1) ? (r >> 8) % hot : (r >> 8) % config.keys);
    e.aux = static_cast<std::uint32_t>((r >> 32) % 100000);
    e.value = static_cast<std::uint32_t>(100 + (r >> 44) % 100000);
  }
  return e;
}

Tables::Tables(const StreamConfig& config) {
  ads = config.keys * 10;
  adCampaign.resize(ads);
  for (std::uint32_t a = 0; a < ads; ++a) adCampaign[a] = a / 10;
  // Shuffled (Fisher–Yates on the seed) so a campaign's ads are not neighbours.
  std::uint64_t s = config.seed;
  for (std::uint32_t a = ads; a > 1; --a) {
    s = splitmix(s);
    std::swap(adCampaign[a - 1], adCampaign[s % a]);
  }
  if (config.query == Query::Score) {
    hidden = config.hidden;
    w1.resize(std::size_t{hidden} * kFeatures);
    b1.resize(hidden);
    w2.resize(hidden);
    auto uniform = [&s] {
      s = splitmix(s);
      return static_cast<float>(static_cast<double>(s >> 40) / static_cast<double>(1 << 24) - 0.5);
    };
    for (auto& w : w1) w = uniform() * 0.5f;
    for (auto& b : b1) b = uniform() * 0.1f;
    for (auto& w : w2) w = uniform();
    b2 = uniform() * 0.1f;
  }
}

bool prepareEvent(Query query, const Tables& tables, Event& e) {
  if (query != Query::WindowCount) return true;
  if (e.aux != 0) return false;  // views only
  e.key = tables.adCampaign[e.key];
  return true;
}

void scoreBatch(const Tables& tables, const Event* events, std::size_t n, std::uint8_t* flagged) {
  constexpr std::size_t kChunk = 64;
  constexpr std::uint32_t F = Tables::kFeatures;
  alignas(64) float x[F][kChunk];
  alignas(64) float acc[kChunk];
  alignas(64) float out[kChunk];
  for (std::size_t begin = 0; begin < n; begin += kChunk) {
    const std::size_t m = std::min(kChunk, n - begin);
    for (std::size_t b = 0; b < m; ++b) {
      const Event& e = events[begin + b];
      const std::uint32_t base = e.key * 0x9e3779b1u ^ e.aux * 0x85ebca77u ^ e.value * 0xc2b2ae3du;
      for (std::uint32_t k = 0; k < F; ++k)
        x[k][b] = static_cast<float>(mix32(base + k * 0x27d4eb2fu) & 0xffffu) / 32768.0f - 1.0f;
    }
    for (std::size_t b = 0; b < m; ++b) out[b] = tables.b2;
    for (std::uint32_t j = 0; j < tables.hidden; ++j) {
      const float* w = &tables.w1[std::size_t{j} * F];
      const float bias = tables.b1[j];
      for (std::size_t b = 0; b < m; ++b) acc[b] = bias;
      for (std::uint32_t k = 0; k < F; ++k) {
        const float wk = w[k];
        for (std::size_t b = 0; b < m; ++b) acc[b] += wk * x[k][b];
      }
      const float v = tables.w2[j];
      for (std::size_t b = 0; b < m; ++b) out[b] += v * std::max(acc[b], 0.0f);
    }
    for (std::size_t b = 0; b < m; ++b) flagged[begin + b] = out[b] > 0.0f ? 1 : 0;
  }
}

// ---- Operator ---------------------------------------------------------------------------

std::uint64_t windowEvents(const StreamConfig& config) {
  return std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(config.windowMs * 1e6 / static_cast<double>(kEventSpacingNs)));
}

std::uint64_t slotEvents(const StreamConfig& config) {
  const std::uint64_t window = windowEvents(config);
  return config.query == Query::WindowTopK ? std::max<std::uint64_t>(1, window / 4) : window;
}

StreamResult singleResult(const StreamConfig& config, Operator& op, const Pacer& pacer,
                          std::uint64_t startNs) {
  StreamResult result;
  result.seconds = static_cast<double>(nowNs() - startNs) * 1e-9;
  result.events = pacer.produced();
  result.batches = op.batches();
  result.latency = op.latency();
  finishResult(config, op.takePartial(), result);
  return result;
}

Operator::Operator(const StreamConfig& config, const Tables& tables)
    : m_config(config), m_tables(tables), m_span(slotEvents(config)) {}

Operator::Slot& Operator::slotFor(std::uint64_t id) {
  if (m_open.empty()) {
    m_open.emplace_back();
    m_open.back().id = id;
  }
  if (id < m_open.front().id) {
    // An id below the first open one: only reachable before that one was ever closed.
    while (m_open.front().id > id) {
      m_open.emplace_front();
      m_open.front().id = m_open[1].id - 1;
    }
  }
  while (m_open.back().id < id) {
    Slot s;
    if (!m_spare.empty()) {
      s = std::move(m_spare.back());
      m_spare.pop_back();
    }
    s.id = m_open.back().id + 1;
    m_open.push_back(std::move(s));
  }
  Slot& slot = m_open[id - m_open.front().id];
  if (m_config.query != Query::Score && slot.counts.empty()) slot.counts.assign(m_config.keys, 0);
  return slot;
}

void Operator::process(const Event* events, std::size_t n, const std::uint8_t* flagged) {
  if (n == 0) return;
  ++m_batches;
  m_processed += n;
  switch (m_config.query) {
    case Query::Passthrough:
      for (std::size_t i = 0; i < n; ++i) m_passSum += passHash(events[i]);
      break;
    case Query::WindowCount:
    case Query::WindowTopK: {
      // Events come in index order from each source: the slot rarely changes in a batch.
      Slot* slot = &slotFor(events[0].index / m_span);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t id = events[i].index / m_span;
        if (id != slot->id) slot = &slotFor(id);
        ++slot->counts[events[i].key];
      }
      break;
    }
    case Query::Score: {
      if (!flagged) {
        if (m_flagged.size() < n) m_flagged.resize(n);
        scoreBatch(m_tables, events, n, m_flagged.data());
        flagged = m_flagged.data();
      }
      Slot* slot = &slotFor(events[0].index / m_span);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t id = events[i].index / m_span;
        if (id != slot->id) slot = &slotFor(id);
        slot->flagged += flagged[i];
      }
      break;
    }
  }
  if (m_config.stallUsPerEvent > 0) stall(m_config.stallUsPerEvent * static_cast<double>(n));
  const std::uint64_t now = nowNs();
  for (std::size_t i = 0; i < n; ++i)
    m_latency.record(now > events[i].arrivalNs ? now - events[i].arrivalNs : 0);
}

void Operator::emitTopK(std::uint64_t endPane) {
  // The sliding window ending at pane endPane: that pane and the three before it.
  m_top.clear();
  const std::uint32_t keys = m_config.keys;
  for (std::uint32_t item = 0; item < keys; ++item) {
    std::uint32_t c = 0;
    for (const Slot& p : m_panes)
      if (p.id + 4 > endPane) c += p.counts[item];
    if (c) m_top.push_back({c, item});
  }
  const std::size_t k = std::min<std::size_t>(m_config.topK, m_top.size());
  auto better = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::partial_sort(m_top.begin(), m_top.begin() + static_cast<std::ptrdiff_t>(k), m_top.end(),
                    better);
  for (std::size_t r = 0; r < k; ++r) m_out.emit(m_config, {endPane, m_top[r].second, m_top[r].first});
}

void Operator::advance(std::uint64_t watermark) {
  const std::uint64_t end = m_config.events;
  auto closes = [&](std::uint64_t id) { return std::min((id + 1) * m_span, end) <= watermark; };
  if (m_config.query == Query::WindowTopK) {
    // Panes close in order, empty ones too (this partition may have seen no event in a pane,
    // and windows still end at it): each close emits the window of it and the three before.
    const std::uint64_t lastPane = end == 0 ? 0 : (end - 1) / m_span;
    while (end > 0 && m_nextClose <= lastPane && closes(m_nextClose)) {
      const std::uint64_t id = m_nextClose++;
      while (!m_panes.empty() && m_panes.front().id + 4 <= id) {
        m_spare.push_back(std::move(m_panes.front()));
        std::fill(m_spare.back().counts.begin(), m_spare.back().counts.end(), 0u);
        m_panes.pop_front();
      }
      if (!m_open.empty() && m_open.front().id == id) {
        m_panes.push_back(std::move(m_open.front()));
        m_open.pop_front();
      }
      emitTopK(id);
    }
    return;
  }
  while (!m_open.empty() && closes(m_open.front().id)) {
    Slot slot = std::move(m_open.front());
    m_open.pop_front();
    if (m_config.query == Query::WindowCount) {
      for (std::uint32_t c = 0; c < m_config.keys; ++c)
        if (slot.counts[c]) m_out.emit(m_config, {slot.id, c, slot.counts[c]});
    } else if (m_config.query == Query::Score && slot.flagged) {
      m_out.emit(m_config, {slot.id, 0, slot.flagged});
    }
    slot.flagged = 0;
    std::fill(slot.counts.begin(), slot.counts.end(), 0u);
    m_spare.push_back(std::move(slot));
  }
}

// ---- Pacer ------------------------------------------------------------------------------

Pacer::Pacer(const StreamConfig& config, std::uint64_t startNs, std::uint64_t offset,
             std::uint64_t stride, bool prepare)
    : m_config(config), m_start(startNs), m_stride(stride), m_next(offset), m_prepare(prepare) {}

std::uint64_t Pacer::scheduled(std::uint64_t index) const {
  return m_start + static_cast<std::uint64_t>(static_cast<double>(index) * 1e9 / m_config.rate);
}

std::size_t Pacer::take(std::uint64_t now, std::vector<Event>& out, const Tables& tables) {
  out.clear();
  if (done()) return 0;
  const std::uint64_t n = m_config.events;
  std::size_t count = 0;
  if (m_config.rate <= 0) {
    count = static_cast<std::size_t>(
        std::min<std::uint64_t>(m_config.batch, (n - m_next + m_stride - 1) / m_stride));
  } else {
    if (scheduled(m_next) > now) {
      m_waitUntil = scheduled(m_next);
      return 0;
    }
    // The last due index: (now − start)·rate/1e9, then this source's events up to it.
    const double dueD = static_cast<double>(now - m_start) * m_config.rate / 1e9;
    std::uint64_t due = std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(dueD));
    while (due + 1 < n && scheduled(due + 1) <= now) ++due;  // rounding
    while (due > m_next && scheduled(due) > now) --due;
    const std::uint64_t pending = due >= m_next ? (due - m_next) / m_stride + 1 : 0;
    const std::uint64_t remaining = (n - m_next + m_stride - 1) / m_stride;
    const std::uint64_t waitedNs = now - scheduled(m_next);
    if (pending >= m_config.batch) {
      count = m_config.batch;
    } else if (pending == remaining ||
               static_cast<double>(waitedNs) >= m_config.windowUs * 1000.0) {
      count = static_cast<std::size_t>(pending);
    } else {
      const std::uint64_t full = m_next + (m_config.batch - 1) * m_stride;
      const std::uint64_t deadline = scheduled(m_next) +
                                     static_cast<std::uint64_t>(m_config.windowUs * 1000.0);
      m_waitUntil = std::min(full < n ? scheduled(full) : deadline, deadline);
      return 0;
    }
  }
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Event e = makeEvent(m_config.query, m_config, m_next);
    e.arrivalNs = m_config.rate > 0 ? scheduled(m_next) : now;
    if (!m_prepare || prepareEvent(m_config.query, tables, e)) out.push_back(e);
    m_next += m_stride;
  }
  m_produced += count;
  return count;
}

void waitUntil(std::uint64_t ns) {
  for (;;) {
    const std::uint64_t now = nowNs();
    if (now >= ns) return;
    if (ns - now > 200000) std::this_thread::sleep_for(std::chrono::nanoseconds(ns - now - 100000));
    else
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#else
      std::this_thread::yield();
#endif
  }
}

void Backoff::idle() {
  if (++m_spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  } else {
    std::this_thread::yield();
  }
}

void stall(double microseconds) {
  const std::uint64_t until = nowNs() + static_cast<std::uint64_t>(microseconds * 1000.0);
  while (nowNs() < until) {
  }
}

// ---- merge ------------------------------------------------------------------------------

std::vector<WindowRow> mergeRows(const StreamConfig& config, std::vector<WindowRow> partial) {
  std::sort(partial.begin(), partial.end());
  std::vector<WindowRow> summed;
  for (const auto& r : partial) {
    if (!summed.empty() && summed.back().window == r.window && summed.back().key == r.key)
      summed.back().value += r.value;
    else
      summed.push_back(r);
  }
  if (config.query != Query::WindowTopK) return summed;
  // Each item lives in one partition, so its count there is whole, and the global top k is
  // among the partitions' top k.
  std::vector<WindowRow> out;
  std::size_t i = 0;
  while (i < summed.size()) {
    std::size_t j = i;
    while (j < summed.size() && summed[j].window == summed[i].window) ++j;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> cand;  // (count, item)
    for (std::size_t m = i; m < j; ++m) cand.push_back({summed[m].value, summed[m].key});
    std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t r = 0; r < std::min<std::size_t>(config.topK, cand.size()); ++r)
      out.push_back({summed[i].window, r, cand[r].second << 32 | cand[r].first});
    i = j;
  }
  return out;
}

std::uint64_t rowHash(const WindowRow& r) {
  return splitmix(r.window * 0x9e3779b97f4a7c15ULL + splitmix(r.key ^ splitmix(r.value)));
}

std::uint64_t checksumRows(const std::vector<WindowRow>& rows) {
  std::uint64_t h = 0;
  for (const auto& r : rows) h += rowHash(r);
  return h;
}

void Partial::emit(const StreamConfig& config, const WindowRow& row) {
  if (config.query != Query::WindowCount) {
    rows.push_back(row);
    return;
  }
  rowHash += stream::rowHash(row);
  if (windows.size() <= row.window) windows.resize(row.window + 1, 0);
  windows[row.window] = 1;
  if (config.keepRows) rows.push_back(row);
}

void Partial::add(Partial&& other) {
  rows.insert(rows.end(), other.rows.begin(), other.rows.end());
  rowHash += other.rowHash;
  passSum += other.passSum;
  if (windows.size() < other.windows.size()) windows.resize(other.windows.size(), 0);
  for (std::size_t i = 0; i < other.windows.size(); ++i) windows[i] |= other.windows[i];
}

void finishResult(const StreamConfig& config, Partial all, StreamResult& result) {
  if (config.query == Query::WindowCount) {
    std::sort(all.rows.begin(), all.rows.end());
    result.rows = std::move(all.rows);
    result.checksum = all.rowHash;
    result.windows = static_cast<std::uint64_t>(std::count(all.windows.begin(), all.windows.end(), 1));
    return;
  }
  result.rows = mergeRows(config, std::move(all.rows));
  result.checksum = config.query == Query::Passthrough ? all.passSum : checksumRows(result.rows);
  std::uint64_t windows = 0;
  for (std::size_t i = 0; i < result.rows.size(); ++i)
    if (i == 0 || result.rows[i].window != result.rows[i - 1].window) ++windows;
  result.windows = windows;
}

// ---- histogram --------------------------------------------------------------------------

LatencyHistogram::LatencyHistogram() : m_counts((64 - kSubBits + 1) << kSubBits, 0) {}

std::size_t LatencyHistogram::bucketOf(std::uint64_t ns) {
  constexpr std::uint64_t sub = std::uint64_t{1} << kSubBits;
  if (ns < sub) return static_cast<std::size_t>(ns);
  const int msb = 63 - std::countl_zero(ns);
  const int shift = msb - kSubBits;
  // (shift + 1) · sub rows, each with sub buckets: the value's top kSubBits + 1 bits
  return static_cast<std::size_t>((static_cast<std::uint64_t>(shift + 1) << kSubBits) +
                                  ((ns >> shift) - sub));
}

double LatencyHistogram::upperEdge(std::size_t bucket) {
  constexpr std::size_t sub = std::size_t{1} << kSubBits;
  if (bucket < sub) return static_cast<double>(bucket);
  const std::size_t row = bucket >> kSubBits;  // ≥ 1
  const std::size_t within = bucket & (sub - 1);
  const int shift = static_cast<int>(row) - 1;
  return std::ldexp(static_cast<double>(sub + within + 1), shift) - 1;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < m_counts.size(); ++i) m_counts[i] += other.m_counts[i];
  m_total += other.m_total;
  m_max = std::max(m_max, other.m_max);
}

double LatencyHistogram::quantileNs(double q) const {
  if (m_total == 0) return 0;
  const double target = std::ceil(q * static_cast<double>(m_total));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < m_counts.size(); ++i) {
    seen += m_counts[i];
    if (seen > 0 && static_cast<double>(seen) >= target)
      return std::min(upperEdge(i), static_cast<double>(m_max));
  }
  return static_cast<double>(m_max);
}

std::vector<std::pair<double, double>> LatencyHistogram::cdf() const {
  std::vector<std::pair<double, double>> out;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < m_counts.size(); ++i) {
    if (!m_counts[i]) continue;
    seen += m_counts[i];
    out.push_back({std::min(upperEdge(i), static_cast<double>(m_max)),
                   static_cast<double>(seen) / static_cast<double>(m_total)});
  }
  return out;
}

}  // namespace tunelab::workloads::stream
