#include "thread_sampler.h"

#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>

namespace tunelab::profiler {
namespace {

std::vector<int> liveThreads() {
  std::vector<int> tids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    const auto name = entry.path().filename().string();
    char* end = nullptr;
    const long tid = std::strtol(name.c_str(), &end, 10);
    if (end != name.c_str() && *end == '\0') tids.push_back(static_cast<int>(tid));
  }
  return tids;
}

}  // namespace

double threadCpuSeconds(int tid) {
  // The kernel's per-thread CPU clock of any thread in the same process: clockid
  // (~tid << 3) | CPUCLOCK_PERTHREAD_MASK (4) | CPUCLOCK_SCHED (2), as glibc's
  // pthread_getcpuclockid() builds it from a pthread_t — which we do not have for threads
  // that libraries started.
  const auto clock = static_cast<clockid_t>((~static_cast<unsigned>(tid) << 3) | 6u);
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void ThreadSampler::start() {
  for (auto& [tid, t] : m_threads) t.alive = false;
  for (int tid : liveThreads()) {
    auto [it, fresh] = m_threads.try_emplace(tid);
    auto& t = it->second;
    if (fresh && !m_events.empty()) t.counters = CounterSet::openThread(m_events, tid);
    t.alive = true;
  }
  // Forget threads that are gone, so their descriptors close.
  std::erase_if(m_threads, [](const auto& kv) { return !kv.second.alive; });
  for (auto& [tid, t] : m_threads) {
    t.cpuAtStart = threadCpuSeconds(tid);
    t.counters.start();
  }
}

std::vector<model::ThreadStat> ThreadSampler::stop() {
  std::vector<model::ThreadStat> out;
  const int main = static_cast<int>(getpid());
  // The main thread first, then the others by tid: the map is ordered by tid.
  auto add = [&](int tid, PerThread& t) {
    model::ThreadStat s;
    s.thread = static_cast<int>(out.size());
    const double now = threadCpuSeconds(tid);
    s.cpuSeconds = std::isnan(now) || std::isnan(t.cpuAtStart) ? 0 : std::max(0.0, now - t.cpuAtStart);
    s.counters = t.counters.stop();
    out.push_back(std::move(s));
  };
  if (auto it = m_threads.find(main); it != m_threads.end()) add(main, it->second);
  for (auto& [tid, t] : m_threads)
    if (tid != main) add(tid, t);
  return out;
}

}  // namespace tunelab::profiler
