#include "region_recorder.h"

#include <unistd.h>

#include <chrono>
#include <cstring>

#include "perf_event.h"
#include "tunelab/profiler/counter_math.h"

namespace tunelab::profiler {
namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
  void* slot;  // the recorder's slot, looked up at entry (null: table full)
  Clock::time_point start;
  int row;  // the thread's counter row, -1: no region counters
  std::array<RawReading, RegionRecorder::kMaxEvents> counts;
};

// A fixed-depth stack per thread: deeper nesting than this is not recorded (and the exit of
// such a region is ignored), which keeps enter/exit free of allocation.
constexpr std::size_t kMaxDepth = 32;
thread_local std::array<Frame, kMaxDepth> t_stack;
thread_local std::size_t t_depth = 0;
thread_local std::size_t t_overflow = 0;

// The calling thread's row of region counters in the recorder of that generation.
struct Row {
  std::uint64_t generation = 0;
  int index = -1;
};
thread_local Row t_row;
std::atomic<std::uint64_t> g_generations{0};

}  // namespace

RegionRecorder::~RegionRecorder() {
  const std::size_t rows = std::min(m_threadsUsed.load(), kMaxThreads);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < m_attrs.size(); ++i)
      if (m_fds[r][i] >= 0) close(m_fds[r][i]);
}

void RegionRecorder::enableCounters(const std::vector<std::string>& events) {
  m_generation = ++g_generations;
  const bool kernel = detail::kernelCountingAllowed();
  for (const auto& e : events) {
    m_events.push_back(e);
    auto enc = detail::encodeEvent(e, kernel);
    std::string reason;
    if (!enc.known) reason = "unknown event: " + enc.error;
    else if (enc.attr.exclude_kernel && detail::countsOnlyInKernel(enc.attr))
      reason = kernelOnlyEventReason(kernel, detail::perfEventParanoid());
    else if (m_attrs.size() == kMaxEvents)
      reason = "more than " + std::to_string(kMaxEvents) + " region counters";
    if (reason.empty()) {
      // Enabled from the open on, counting the opening thread alone: reads at entry and exit
      // bracket the region.
      const perf_event_attr attr = detail::counterAttr(enc.attr, false, false);
      auto probe = detail::perfEventOpen(attr, -1);
      if (probe.fd < 0) reason = detail::openFailure(attr, probe.err);
      else close(probe.fd);
      if (reason.empty()) {
        m_attrEvent.push_back(m_reasons.size());
        m_attrs.push_back(attr);
      }
    }
    m_reasons.push_back(reason);
  }
}

int RegionRecorder::threadCounters() noexcept {
  if (m_attrs.empty()) return -1;
  if (t_row.generation == m_generation) return t_row.index;
  // First entry of this thread: open its counters with system calls only (no allocation).
  const std::size_t r = m_threadsUsed.fetch_add(1);
  t_row = {m_generation, -1};
  if (r >= kMaxThreads) return -1;
  for (std::size_t i = 0; i < m_attrs.size(); ++i) {
    // It opened once in enableCounters(), but a thread's open can still fail: out of file
    // descriptors (each thread holds one per event), or a limit on perf events.
    const auto opened = detail::perfEventOpen(m_attrs[i], -1);
    m_fds[r][i] = opened.fd;
    m_errs[r][i] = opened.fd < 0 ? opened.err : 0;
  }
  t_row.index = static_cast<int>(r);
  return t_row.index;
}

void RegionRecorder::readCounters(int row, std::array<RawReading, kMaxEvents>& into) const noexcept {
  for (std::size_t i = 0; i < m_attrs.size(); ++i) {
    const int fd = m_fds[static_cast<std::size_t>(row)][i];
    into[i] = fd >= 0 ? detail::readCounter(fd).value_or(RawReading{}) : RawReading{};
  }
}

void RegionRecorder::enter(const char* name) noexcept {
  if (t_depth == kMaxDepth) {
    ++t_overflow;
    return;
  }
  Slot* slot = nullptr;
  {
    // The slot is taken at entry so that regions are listed in the order they were entered
    // (outer before inner), which is the workload's phase order.
    std::lock_guard lock(m_mutex);
    slot = slotFor(name);
  }
  Frame& f = t_stack[t_depth++];
  f.slot = slot;
  f.row = threadCounters();
  if (f.row >= 0) readCounters(f.row, f.counts);
  f.start = Clock::now();  // last, so the counter reads are not in the region's time
}

void RegionRecorder::exit(const char* name) noexcept {
  const auto now = Clock::now();
  if (t_overflow > 0) {
    --t_overflow;
    return;
  }
  if (t_depth == 0) return;  // entered before this recorder was installed
  const Frame& f = t_stack[--t_depth];
  (void)name;  // exits pair with enters by construction (RAII), so the stack top is ours
  std::array<RawReading, kMaxEvents> end{};
  if (f.row >= 0) readCounters(f.row, end);
  std::lock_guard lock(m_mutex);
  if (auto* s = static_cast<Slot*>(f.slot)) {
    s->seconds += std::chrono::duration<double>(now - f.start).count();
    ++s->entries;
    for (std::size_t i = 0; i < m_attrs.size(); ++i) {
      const int err = f.row < 0 ? kNoRow : m_errs[static_cast<std::size_t>(f.row)][i];
      if (err != 0) {
        s->missedErr[i] = err;
        continue;
      }
      s->counts[i].value += end[i].value - f.counts[i].value;
      s->counts[i].enabledNs += end[i].enabledNs - f.counts[i].enabledNs;
      s->counts[i].runningNs += end[i].runningNs - f.counts[i].runningNs;
    }
  }
}

RegionRecorder::Slot* RegionRecorder::slotFor(const char* name) noexcept {
  // Names are string literals: compare addresses first, then contents (the same literal
  // may have several addresses across translation units).
  for (std::size_t i = 0; i < m_used; ++i)
    if (m_slots[i].name == name || std::strcmp(m_slots[i].name, name) == 0) return &m_slots[i];
  if (m_used == kMaxRegions) return nullptr;
  m_slots[m_used] = Slot{};
  m_slots[m_used].name = name;
  return &m_slots[m_used++];
}

void RegionRecorder::reset() noexcept {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_used; ++i) {
    m_slots[i].seconds = 0;
    m_slots[i].entries = 0;
    m_slots[i].counts = {};
    m_slots[i].missedErr = {};
  }
}

std::vector<model::RegionStat> RegionRecorder::totals() const {
  std::lock_guard lock(m_mutex);
  std::vector<model::RegionStat> out;
  for (std::size_t i = 0; i < m_used; ++i) {
    const auto& slot = m_slots[i];
    if (slot.entries == 0) continue;
    model::RegionStat r{slot.name, slot.seconds, slot.entries, {}};
    std::size_t counted = 0;
    for (std::size_t e = 0; e < m_events.size(); ++e) {
      if (!m_reasons[e].empty()) {
        model::CounterValue c;
        c.event = m_events[e];
        c.reason = m_reasons[e];
        r.counters.push_back(std::move(c));
        continue;
      }
      const std::size_t k = counted++;
      if (const int err = slot.missedErr[k]; err != 0) {
        model::CounterValue c;
        c.event = m_events[e];
        c.reason = err == kNoRow
                       ? "more than " + std::to_string(kMaxThreads) +
                             " threads entered regions; the others were not counted"
                       : "the counter did not open on a thread that ran this region (" +
                             detail::openFailure(m_attrs[k], err) + ")";
        r.counters.push_back(std::move(c));
        continue;
      }
      const auto& sum = slot.counts[k];
      r.counters.push_back(counterValueBetween(m_events[e], RawReading{},
                                               RawReading{sum.value, sum.enabledNs, sum.runningNs}));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace tunelab::profiler
