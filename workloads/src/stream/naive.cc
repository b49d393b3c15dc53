// `naive`: the pipeline as first written — a thread per stage, a std::queue under a mutex and
// a condition variable between them, a `new` per event, std::map for the window state:
//
//   source ──queue<Event*>──▶ window (filter, join, count / score) ──queue<rows*>──▶ sink
//
// Every event pays a lock, a possible wake-up and an allocation on each hop; the map pays a
// node per (window, key). The queues are bounded (queueCapacity): a full queue blocks the
// stage before it, which is the backpressure this variant measures. Events are taken one at
// a time (batch does not apply); score runs the model on each event alone.
#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <queue>
#include <thread>

#include "engine.h"
#include "tunelab/probe/region.h"

namespace tunelab::workloads::stream {
namespace {

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(std::size_t capacity) : m_capacity(capacity) {}
  // Returns the nanoseconds spent waiting for room.
  std::uint64_t push(T value) {
    std::unique_lock lock(m_mutex);
    std::uint64_t blocked = 0;
    if (m_queue.size() >= m_capacity) {
      const std::uint64_t t = nowNs();
      m_notFull.wait(lock, [&] { return m_queue.size() < m_capacity; });
      blocked = nowNs() - t;
    }
    m_queue.push(std::move(value));
    if (m_queue.size() > m_maxSize) m_maxSize = m_queue.size();
    m_notEmpty.notify_one();
    return blocked;
  }
  T pop(double& occupancy) {
    std::unique_lock lock(m_mutex);
    m_notEmpty.wait(lock, [&] { return !m_queue.empty(); });
    occupancy = static_cast<double>(m_queue.size()) / static_cast<double>(m_capacity);
    T v = std::move(m_queue.front());
    m_queue.pop();
    m_notFull.notify_one();
    return v;
  }
  std::size_t maxSize() {
    std::lock_guard lock(m_mutex);
    return m_maxSize;
  }

 private:
  std::size_t m_capacity;
  std::mutex m_mutex;
  std::condition_variable m_notEmpty, m_notFull;
  std::queue<T> m_queue;
  std::size_t m_maxSize = 0;
};

using Rows = std::vector<WindowRow>;

}  // namespace

StreamResult runNaive(const StreamConfig& config, const Tables& tables) {
  StreamResult result;
  BlockingQueue<Event*> events(config.queueCapacity);
  BlockingQueue<Rows*> emitted(config.queueCapacity);
  const bool topk = config.query == Query::WindowTopK;
  const std::uint64_t span = slotEvents(config);
  const std::uint64_t start = nowNs();
  std::uint64_t blocked = 0, produced = 0, sourceEnd = 0;

  std::thread source([&] {
    for (std::uint64_t i = 0; i < config.events; ++i) {
      Event* e;
      {
        TUNELAB_REGION("ingest");
        std::uint64_t arrival;
        if (config.rate > 0) {
          arrival = start + static_cast<std::uint64_t>(static_cast<double>(i) * 1e9 / config.rate);
          waitUntil(arrival);
        } else {
          arrival = nowNs();
        }
        e = new Event(makeEvent(config.query, config, i));
        e->arrivalNs = arrival;
      }
      blocked += events.push(e);  // filtered events travel too: the window stage filters
    }
    produced = config.events;
    sourceEnd = nowNs();
    events.push(nullptr);
  });

  std::thread window([&] {
    std::map<std::pair<std::uint64_t, std::uint32_t>, std::uint64_t> counts;  // (window, key)
    std::map<std::uint64_t, std::uint64_t> flagged;                            // window → n
    std::uint64_t passSum = 0, nextPane = 0;
    const std::uint64_t lastPane = config.events ? (config.events - 1) / span : 0;
    auto emitUpTo = [&](std::uint64_t watermark) {
      TUNELAB_REGION("emit");
      auto* rows = new Rows;
      auto closes = [&](std::uint64_t id) { return std::min((id + 1) * span, config.events) <= watermark; };
      if (topk) {
        for (; nextPane <= lastPane && config.events && closes(nextPane); ++nextPane) {
          std::map<std::uint32_t, std::uint64_t> sum;
          for (auto it = counts.lower_bound({nextPane >= 3 ? nextPane - 3 : 0, 0});
               it != counts.end() && it->first.first <= nextPane; ++it)
            sum[it->first.second] += it->second;
          std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
          for (auto& [item, c] : sum) order.push_back({c, item});
          std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
          });
          for (std::size_t r = 0; r < std::min<std::size_t>(config.topK, order.size()); ++r)
            rows->push_back({nextPane, order[r].second, order[r].first});
          if (nextPane >= 3) counts.erase(counts.begin(), counts.lower_bound({nextPane - 2, 0}));
        }
      } else {
        while (!counts.empty() && closes(counts.begin()->first.first)) {
          auto [key, c] = *counts.begin();
          rows->push_back({key.first, key.second, c});
          counts.erase(counts.begin());
        }
        while (!flagged.empty() && closes(flagged.begin()->first)) {
          rows->push_back({flagged.begin()->first, 0, flagged.begin()->second});
          flagged.erase(flagged.begin());
        }
      }
      if (config.query == Query::Passthrough) rows->push_back({~std::uint64_t{0}, 0, passSum});
      emitted.push(rows);
    };
    std::uint64_t processed = 0;
    for (;;) {
      double occupancy = 0;
      Event* e = events.pop(occupancy);
      result.occupancySum += occupancy;
      ++result.occupancySamples;
      if (!e) break;
      {
        TUNELAB_REGION(config.query == Query::Score ? "score" : "window");
        Event ev = *e;
        if (prepareEvent(config.query, tables, ev)) {
          switch (config.query) {
            case Query::Passthrough:
              passSum += passHash(ev);
              break;
            case Query::WindowCount:
            case Query::WindowTopK:
              ++counts[{ev.index / span, ev.key}];
              break;
            case Query::Score: {
              std::uint8_t f = 0;
              scoreBatch(tables, &ev, 1, &f);
              if (f) ++flagged[ev.index / span];
              break;
            }
          }
          if (config.stallUsPerEvent > 0) stall(config.stallUsPerEvent);
          const std::uint64_t now = nowNs();
          result.latency.record(now > ev.arrivalNs ? now - ev.arrivalNs : 0);
          ++result.batches;
        }
        ++processed;
        if (ev.index % span == span - 1 || ev.index + 1 == config.events) emitUpTo(ev.index + 1);
      }
      delete e;
    }
    emitUpTo(config.events);
    emitted.push(nullptr);
  });

  Partial all;
  for (;;) {
    double occupancy = 0;
    Rows* r = emitted.pop(occupancy);
    if (!r) break;
    for (const auto& row : *r) {
      if (row.window == ~std::uint64_t{0}) all.passSum = row.value;
      else all.emit(config, row);
    }
    delete r;
  }
  source.join();
  window.join();
  result.seconds = static_cast<double>(nowNs() - start) * 1e-9;
  result.events = produced;
  result.blockedSeconds = static_cast<double>(blocked) * 1e-9;
  result.producerSeconds = static_cast<double>(sourceEnd - start) * 1e-9;
  result.maxQueued = events.maxSize();
  finishResult(config, std::move(all), result);
  return result;
}

}  // namespace tunelab::workloads::stream
