#include "measure.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace tunelab::workloads::alloc {

ProcessMemory::ProcessMemory() : m_statm(open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) {}

ProcessMemory::~ProcessMemory() {
  if (m_statm >= 0) close(m_statm);
}

std::int64_t ProcessMemory::residentBytes() const {
  char buf[128];
  if (m_statm < 0) return 0;
  const ssize_t n = pread(m_statm, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  buf[n] = '\0';
  // "size resident shared text lib data dt", in pages
  char* end = nullptr;
  std::strtoll(buf, &end, 10);
  const long long resident = std::strtoll(end, nullptr, 10);
  return resident * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

bool ProcessMemory::resetPeak() {
  const int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = write(fd, "5", 1) == 1;
  close(fd);
  return ok;
}

std::int64_t ProcessMemory::peakBytes() const {
  std::FILE* f = std::fopen("/proc/self/status", "re");
  if (!f) return -1;
  char line[256];
  std::int64_t kib = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmHWM:", 6) == 0) kib = std::strtoll(line + 6, nullptr, 10);
  std::fclose(f);
  return kib < 0 ? -1 : kib * 1024;
}

double nanosPerTick() {
  static const double kNanosPerTick = [] {
#if defined(__x86_64__) || defined(__i386__)
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const std::uint64_t c0 = readTicks();
    while (Clock::now() - t0 < std::chrono::milliseconds(20)) {
    }
    const auto t1 = Clock::now();
    const std::uint64_t c1 = readTicks();
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
    return c1 > c0 ? ns / static_cast<double>(c1 - c0) : 1.0;
#else
    return 1.0;
#endif
  }();
  return kNanosPerTick;
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Percentiles tickPercentiles(std::vector<std::uint32_t>& ticks, double nsPerTick) {
  Percentiles p;
  if (ticks.empty()) return p;
  const auto rank = [&](double q) {
    auto k = static_cast<std::size_t>(q * static_cast<double>(ticks.size()));
    k = std::min(k, ticks.size() - 1);
    std::nth_element(ticks.begin(), ticks.begin() + static_cast<std::ptrdiff_t>(k), ticks.end());
    return static_cast<double>(ticks[k]) * nsPerTick;
  };
  p.p50 = rank(0.50);
  p.p99 = rank(0.99);
  p.p999 = rank(0.999);
  p.max = static_cast<double>(*std::max_element(ticks.begin(), ticks.end())) * nsPerTick;
  return p;
}

}  // namespace tunelab::workloads::alloc
