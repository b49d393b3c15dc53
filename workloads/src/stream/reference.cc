// The answer the plainest way: every event made, filtered and joined in order, counted in a
// std::map, the windows read off the map at the end. No pacing, no queues, no partitions —
// the tests hold every pipeline to this.
#include <algorithm>
#include <map>

#include "engine.h"

namespace tunelab::workloads::stream {

StreamResult referenceAnswer(const StreamConfig& config) {
  const Tables tables(config);
  const std::uint64_t span = slotEvents(config);
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> counts;  // (id, key)
  std::uint64_t passSum = 0;
  for (std::uint64_t i = 0; i < config.events; ++i) {
    Event e = makeEvent(config.query, config, i);
    if (!prepareEvent(config.query, tables, e)) continue;
    if (config.query == Query::Passthrough) {
      passSum += passHash(e);
    } else if (config.query == Query::Score) {
      std::uint8_t f = 0;
      scoreBatch(tables, &e, 1, &f);
      if (f) ++counts[{i / span, 0}];
    } else {
      ++counts[{i / span, e.key}];
    }
  }
  std::vector<WindowRow> rows;
  if (config.query == Query::WindowTopK) {
    const std::uint64_t panes = config.events ? (config.events - 1) / span + 1 : 0;
    for (std::uint64_t end = 0; end < panes; ++end) {
      std::map<std::uint64_t, std::uint64_t> sum;
      for (const auto& [k, c] : counts)
        if (k.first <= end && k.first + 4 > end) sum[k.second] += c;
      std::vector<std::pair<std::uint64_t, std::uint64_t>> order;  // (count, item)
      for (const auto& [item, c] : sum) order.push_back({c, item});
      std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      for (std::size_t r = 0; r < std::min<std::size_t>(config.topK, order.size()); ++r)
        rows.push_back({end, r, order[r].second << 32 | order[r].first});
    }
  } else {
    for (const auto& [k, c] : counts) rows.push_back({k.first, k.second, c});
  }
  StreamResult result;
  result.events = config.events;
  std::sort(rows.begin(), rows.end());
  result.rows = std::move(rows);
  result.checksum = config.query == Query::Passthrough ? passSum : checksumRows(result.rows);
  for (std::size_t i = 0; i < result.rows.size(); ++i)
    if (i == 0 || result.rows[i].window != result.rows[i - 1].window) ++result.windows;
  return result;
}

StreamResult runStream(const StreamConfig& config) {
  const Tables tables(config);
  switch (config.variant) {
    case Variant::Naive: return runNaive(config, tables);
    case Variant::Optimized: return runOptimized(config, tables);
    case Variant::Threads: return runThreads(config, tables);
    case Variant::Tbb: return runTbb(config, tables);
    case Variant::Mpi: return runMpi(config, tables);
  }
  return {};
}

}  // namespace tunelab::workloads::stream
