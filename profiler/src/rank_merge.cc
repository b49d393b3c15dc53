#include "tunelab/profiler/rank_merge.h"

#include <algorithm>
#include <optional>
#include <string>

namespace tunelab::profiler {
namespace {

std::string rankPrefix(std::size_t rank, std::size_t ranks) {
  return ranks > 1 ? "rank " + std::to_string(rank) + ": " : "";
}

// The same event on every rank, found by name: every rank was asked for the same events, but
// their order is not something to rely on.
const model::CounterValue* findEvent(const std::vector<model::CounterValue>& counters,
                                     const std::string& event) {
  for (const auto& c : counters)
    if (c.event == event) return &c;
  return nullptr;
}

// Every event any rank reported, in the order of the first rank that reported events.
std::vector<model::CounterValue> mergeCounters(
    const std::vector<const std::vector<model::CounterValue>*>& perRank) {
  const auto first =
      std::find_if(perRank.begin(), perRank.end(), [](const auto* c) { return !c->empty(); });
  std::vector<model::CounterValue> out;
  if (first == perRank.end()) return out;
  for (const auto& event : **first) {
    std::vector<const model::CounterValue*> same;
    for (const auto* counters : perRank) same.push_back(findEvent(*counters, event.event));
    out.push_back(mergeCounter(same));
  }
  return out;
}

std::optional<std::int64_t> sumIfAll(const std::vector<const model::Sample*>& samples,
                                     std::optional<std::int64_t> model::AllocStats::*field) {
  std::int64_t sum = 0;
  for (const auto* s : samples) {
    if (!((*s->alloc).*field)) return std::nullopt;
    sum += *((*s->alloc).*field);
  }
  return sum;
}

// Allocation statistics of every rank summed; none unless every rank tracked them (a sum of
// some ranks would pass for the case's).
std::optional<model::AllocStats> mergeAlloc(const std::vector<const model::Sample*>& samples) {
  model::AllocStats out;
  for (const auto* s : samples) {
    if (!s->alloc) return std::nullopt;
    out.allocations += s->alloc->allocations;
    out.frees += s->alloc->frees;
    out.bytes += s->alloc->bytes;
    out.peakLiveBytes += s->alloc->peakLiveBytes;  // an upper bound, see the header
  }
  out.poolBytes = sumIfAll(samples, &model::AllocStats::poolBytes);
  out.allocatedBytes = sumIfAll(samples, &model::AllocStats::allocatedBytes);
  return out;
}

// Per name, in the order rank 0 saw them, then names only later ranks entered. Region
// counters (--region-counters) are merged like the sample's, over the ranks that entered the
// region.
std::vector<model::RegionStat> mergeRegions(
    const std::vector<const std::vector<model::RegionStat>*>& perRank) {
  std::vector<model::RegionStat> out;
  std::vector<std::vector<const std::vector<model::CounterValue>*>> counters;
  for (const auto* regions : perRank)
    for (const auto& region : *regions) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const model::RegionStat& r) { return r.name == region.name; });
      if (it == out.end()) {
        out.push_back({region.name, 0, 0, {}});
        counters.emplace_back();
        it = out.end() - 1;
      }
      it->seconds += region.seconds;
      it->entries += region.entries;
      counters[static_cast<std::size_t>(it - out.begin())].push_back(&region.counters);
    }
  for (std::size_t i = 0; i < out.size(); ++i)
    if (std::any_of(counters[i].begin(), counters[i].end(),
                    [](const auto* c) { return !c->empty(); }))
      out[i].counters = mergeCounters(counters[i]);
  return out;
}

model::Sample mergeSample(const std::vector<const model::Sample*>& samples) {
  const model::Sample& first = *samples.front();
  model::Sample out;
  out.repetition = first.repetition;
  out.iterations = first.iterations;
  std::vector<const std::vector<model::CounterValue>*> counters;
  model::Series cpu{kRankCpuSeries, "s", "rank", {}, {}};
  for (const auto* s : samples) {
    out.wallSeconds = std::max(out.wallSeconds, s->wallSeconds);
    out.cpuSeconds += s->cpuSeconds;
    counters.push_back(&s->counters);
    cpu.x.push_back(static_cast<double>(cpu.x.size()));
    cpu.y.push_back(s->cpuSeconds);
  }
  out.counters = mergeCounters(counters);
  out.alloc = mergeAlloc(samples);
  std::vector<const std::vector<model::RegionStat>*> regions;
  for (const auto* s : samples) regions.push_back(&s->regions);
  out.regions = mergeRegions(regions);
  out.metrics = first.metrics;
  out.series = first.series;
  int thread = 0;
  for (const auto* s : samples)
    for (auto t : s->threads) {
      t.thread = thread++;
      out.threads.push_back(std::move(t));
    }
  if (samples.size() > 1) {
    const double busiest = *std::max_element(cpu.y.begin(), cpu.y.end());
    const double mean = out.cpuSeconds / static_cast<double>(samples.size());
    if (mean > 0) out.metrics.push_back({kRankImbalanceMetric, busiest / mean, ""});
    out.series.push_back(std::move(cpu));
  }
  return out;
}

}  // namespace

model::CounterValue mergeCounter(const std::vector<const model::CounterValue*>& perRank) {
  model::CounterValue out = *perRank.front();
  out.value = 0.0;
  out.timeEnabledNs = 0;
  out.timeRunningNs = 0;
  for (std::size_t r = 0; r < perRank.size(); ++r) {
    const model::CounterValue* c = perRank[r];
    if (!c || !c->value) {
      out.value.reset();
      out.timeEnabledNs = out.timeRunningNs = 0;
      // Rank 0's reason is the machine's (every rank runs on it); another rank's says which.
      const std::string reason = c ? c->reason : std::string("the event was not reported");
      out.reason = r == 0 ? reason : rankPrefix(r, perRank.size()) + reason;
      return out;
    }
    *out.value += *c->value;
    out.timeEnabledNs += c->timeEnabledNs;
    out.timeRunningNs += c->timeRunningNs;
  }
  return out;
}

model::Run mergeRanks(std::vector<model::Run> ranks) {
  if (ranks.size() <= 1) return ranks.empty() ? model::Run{} : std::move(ranks.front());
  model::Run out = ranks.front();
  out.samples.clear();
  for (std::size_t r = 0; r < ranks.size(); ++r)
    if (ranks[r].status != model::RunStatus::Ok) {
      out.status = ranks[r].status;
      out.reason = rankPrefix(r, ranks.size()) + ranks[r].reason;
      return out;
    }
  auto outOfStep = [&](std::size_t r, const std::string& what) {
    out.status = model::RunStatus::Failed;
    out.reason = "rank " + std::to_string(r) + " " + what + ": the ranks fell out of step";
    return out;
  };
  const std::size_t repetitions = ranks.front().samples.size();
  for (std::size_t r = 1; r < ranks.size(); ++r) {
    if (ranks[r].samples.size() != repetitions)
      return outOfStep(r, "reported " + std::to_string(ranks[r].samples.size()) +
                              " repetitions, rank 0 " + std::to_string(repetitions));
    for (std::size_t i = 0; i < repetitions; ++i)
      if (ranks[r].samples[i].iterations != ranks.front().samples[i].iterations)
        return outOfStep(r, "ran " + std::to_string(ranks[r].samples[i].iterations) +
                                " iterations in repetition " + std::to_string(i) + ", rank 0 " +
                                std::to_string(ranks.front().samples[i].iterations));
  }
  for (std::size_t i = 0; i < repetitions; ++i) {
    std::vector<const model::Sample*> samples;
    for (const auto& run : ranks) samples.push_back(&run.samples[i]);
    out.samples.push_back(mergeSample(samples));
  }
  std::vector<const std::vector<model::RegionStat>*> setup;
  for (const auto& run : ranks) setup.push_back(&run.setupRegions);
  out.setupRegions = mergeRegions(setup);
  return out;
}

}  // namespace tunelab::profiler
