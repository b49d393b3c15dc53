#include "tunelab/profiler/calibration.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "perf_event.h"
#include "region_recorder.h"
#include "tunelab/probe/region.h"
#include "tunelab/profiler/counter_math.h"

namespace tunelab::profiler {
namespace {

using Clock = std::chrono::steady_clock;

// The best of a few trials of `n` calls of f, in ns per call: the least disturbed trial
// is the cost (the others include interrupts and preemption).
template <class F>
double bestNsPerCall(int n, F&& f) {
  double best = 1e300;
  for (int trial = 0; trial < 5; ++trial) {
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) f();
    const double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / n;
    best = std::min(best, ns);
  }
  return best;
}

__attribute__((noinline)) void emptyRegion() {
  TUNELAB_REGION("calibration");
  __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void emptyLoopBody() { __asm__ volatile("" ::: "memory"); }

// Opens `name` for the calling thread alone (no inherit, as an mmap'able counter must be).
detail::OpenResult openOne(const std::string& name, bool inherit) {
  auto enc = detail::encodeEvent(name, detail::kernelCountingAllowed());
  if (!enc.known) return {-1, EINVAL};
  auto attr = detail::counterAttr(enc.attr, false, inherit);
  return detail::perfEventOpen(attr, -1);
}

void measureRead(Calibration& c, const std::vector<std::string>& events) {
  std::vector<std::string> candidates = events;
  candidates.push_back("task-clock");
  for (const auto& e : candidates) {
    auto r = openOne(e, true);
    if (r.fd < 0) continue;
    c.counterReadEvent = e;
    c.counterReadNs = bestNsPerCall(2000, [fd = r.fd] { (void)detail::readCounter(fd); });
    close(r.fd);
    return;
  }
  c.counterReadReason = "no counter opens here";
}

void measureRdpmc(Calibration& c) {
  auto enc = detail::encodeEvent("instructions", detail::kernelCountingAllowed());
  if (!enc.known) {
    c.rdpmcReason = "libpfm4 cannot encode instructions";
    return;
  }
  auto attr = detail::counterAttr(enc.attr, false, false);
  auto r = detail::perfEventOpen(attr, -1);
  if (r.fd < 0) {
    c.rdpmcReason = detail::openFailure(attr, r.err);
    return;
  }
  const long page = sysconf(_SC_PAGESIZE);
  void* map = mmap(nullptr, static_cast<std::size_t>(page), PROT_READ, MAP_SHARED, r.fd, 0);
  if (map == MAP_FAILED) {
    c.rdpmcReason = "mmap of the counter page refused";
  } else if (!readMmapPage(map)) {
    c.rdpmcReason = "the kernel does not allow rdpmc here (cap_user_rdpmc clear)";
  } else {
    c.rdpmcReadNs = bestNsPerCall(20000, [map] { (void)readMmapPage(map); });
  }
  if (map != MAP_FAILED) munmap(map, static_cast<std::size_t>(page));
  close(r.fd);
}

std::string ns(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

Calibration calibrate(const std::vector<std::string>& events) {
  Calibration c;
  // Both region figures are net of the loop and call around them.
  const double loop = bestNsPerCall(200000, emptyLoopBody);
  auto* previous = probe::listener();
  probe::setListener(nullptr);
  c.regionNoListenerNs = std::max(0.0, bestNsPerCall(200000, emptyRegion) - loop);
  RegionRecorder recorder;
  probe::setListener(&recorder);
  c.regionRecordedNs = std::max(0.0, bestNsPerCall(5000, emptyRegion) - loop);
  probe::setListener(previous);
  measureRead(c, events);
  measureRdpmc(c);
  return c;
}

std::vector<std::pair<std::string, std::string>> calibrationFacts(const Calibration& c) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("calibration.region_ns", ns(c.regionNoListenerNs));
  f.emplace_back("calibration.region_recorded_ns", ns(c.regionRecordedNs));
  f.emplace_back("calibration.counter_read_ns",
                 c.counterReadNs ? ns(*c.counterReadNs) : "unsupported: " + c.counterReadReason);
  f.emplace_back("calibration.counter_read_event", c.counterReadEvent);
  f.emplace_back("calibration.rdpmc_ns",
                 c.rdpmcReadNs ? ns(*c.rdpmcReadNs) : "unsupported: " + c.rdpmcReason);
  return f;
}

}  // namespace tunelab::profiler
