#include "tunelab/analysis/threads.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tunelab::analysis {

double loadImbalance(std::span<const model::ThreadStat> threads, int workers) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (workers < 1 || threads.size() < static_cast<std::size_t>(workers)) return kNaN;
  std::vector<double> cpu;
  for (const auto& t : threads) cpu.push_back(t.cpuSeconds);
  std::sort(cpu.begin(), cpu.end(), std::greater<>());
  cpu.resize(static_cast<std::size_t>(workers));
  const double sum = std::accumulate(cpu.begin(), cpu.end(), 0.0);
  if (!(sum > 0)) return kNaN;
  return cpu.front() / (sum / static_cast<double>(workers));
}

ThreadSummary summarizeThreads(const model::Run& run) {
  ThreadSummary out;
  if (run.samples.empty()) return out;
  const int workers = std::max(1, run.threads * run.ranks);
  std::vector<double> imbalance;
  std::size_t most = 0;
  for (const auto& s : run.samples) {
    if (s.threads.empty()) return out;
    imbalance.push_back(loadImbalance(s.threads, workers));
    most = std::max(most, s.threads.size());
  }
  out.available = true;
  std::erase_if(imbalance, [](double x) { return std::isnan(x); });
  out.imbalance = summarize(imbalance);
  for (std::size_t t = 0; t < most; ++t) {
    std::vector<double> cpu;
    for (const auto& s : run.samples)
      if (t < s.threads.size())
        cpu.push_back(s.threads[t].cpuSeconds / static_cast<double>(s.iterations > 0 ? s.iterations : 1));
    out.cpuPerExecution.push_back(median(cpu));
  }
  return out;
}

}  // namespace tunelab::analysis
