#include "region_recorder.h"

#include <chrono>
#include <cstring>

namespace tunelab::profiler {
namespace {

struct Frame {
  void* slot;  // the recorder's slot, looked up at entry (null: table full)
  std::chrono::steady_clock::time_point start;
};

// A fixed-depth stack per thread: deeper nesting than this is not recorded (and the exit of
// such a region is ignored), which keeps enter/exit free of allocation.
constexpr std::size_t kMaxDepth = 32;
thread_local std::array<Frame, kMaxDepth> t_stack;
thread_local std::size_t t_depth = 0;
thread_local std::size_t t_overflow = 0;

}  // namespace

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
  t_stack[t_depth++] = {slot, std::chrono::steady_clock::now()};
}

void RegionRecorder::exit(const char* name) noexcept {
  const auto now = std::chrono::steady_clock::now();
  if (t_overflow > 0) {
    --t_overflow;
    return;
  }
  if (t_depth == 0) return;  // entered before this recorder was installed
  const Frame f = t_stack[--t_depth];
  (void)name;  // exits pair with enters by construction (RAII), so the stack top is ours
  std::lock_guard lock(m_mutex);
  if (auto* s = static_cast<Slot*>(f.slot)) {
    s->seconds += std::chrono::duration<double>(now - f.start).count();
    ++s->entries;
  }
}

RegionRecorder::Slot* RegionRecorder::slotFor(const char* name) noexcept {
  // Names are string literals: compare addresses first, then contents (the same literal
  // may have several addresses across translation units).
  for (std::size_t i = 0; i < m_used; ++i)
    if (m_slots[i].name == name || std::strcmp(m_slots[i].name, name) == 0) return &m_slots[i];
  if (m_used == kMaxRegions) return nullptr;
  m_slots[m_used] = {name, 0, 0};
  return &m_slots[m_used++];
}

void RegionRecorder::reset() noexcept {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_used; ++i) m_slots[i].seconds = 0, m_slots[i].entries = 0;
}

std::vector<model::RegionStat> RegionRecorder::totals() const {
  std::lock_guard lock(m_mutex);
  std::vector<model::RegionStat> out;
  for (std::size_t i = 0; i < m_used; ++i)
    if (m_slots[i].entries > 0) out.push_back({m_slots[i].name, m_slots[i].seconds, m_slots[i].entries});
  return out;
}

}  // namespace tunelab::profiler
