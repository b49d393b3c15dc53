#pragma once

// Regions mark the phases of a workload ("assign", "update") so the profiler can attribute
// time and counters to them:
//
//   void step() {
//     { TUNELAB_REGION("assign"); assign(); }
//     { TUNELAB_REGION("update"); update(); }
//   }
//
// With no listener installed a region costs one relaxed atomic load and one well-predicted
// branch on entry and one on exit; nothing is recorded and nothing is allocated.

#include <atomic>

namespace tunelab::probe {

// Receives region boundaries. Called on the thread that entered the region; implementations
// must be thread-safe and must not throw.
class Listener {
 public:
  virtual ~Listener() = default;
  virtual void enter(const char* name) noexcept = 0;
  virtual void exit(const char* name) noexcept = 0;
};

namespace detail {
inline std::atomic<Listener*> g_listener{nullptr};
}  // namespace detail

// Installs (or with nullptr removes) the process-wide listener. The caller keeps it alive
// until it is removed and no region that saw it is still open.
inline void setListener(Listener* listener) noexcept {
  detail::g_listener.store(listener, std::memory_order_release);
}
inline Listener* listener() noexcept { return detail::g_listener.load(std::memory_order_acquire); }

class ScopedRegion {
 public:
  explicit ScopedRegion(const char* name) noexcept
      : m_listener(detail::g_listener.load(std::memory_order_relaxed)), m_name(name) {
    if (m_listener) [[unlikely]]
      m_listener->enter(m_name);
  }
  ~ScopedRegion() {
    if (m_listener) [[unlikely]]
      m_listener->exit(m_name);
  }
  ScopedRegion(const ScopedRegion&) = delete;
  ScopedRegion& operator=(const ScopedRegion&) = delete;

 private:
  Listener* m_listener;  // captured on entry, so enter and exit always pair up
  const char* m_name;
};

}  // namespace tunelab::probe

#define TUNELAB_PROBE_CONCAT_(a, b) a##b
#define TUNELAB_PROBE_CONCAT(a, b) TUNELAB_PROBE_CONCAT_(a, b)
// Marks the rest of the enclosing scope as the region `name` (a string literal).
#define TUNELAB_REGION(name) \
  ::tunelab::probe::ScopedRegion TUNELAB_PROBE_CONCAT(tunelab_region_, __LINE__) { name }

// In a program of your own, run under `tunelab run -- PROGRAM`: the regions go to the file
// tunelab names in $TUNELAB_REGIONS (see env_recorder.h). tunelab's own build measures its
// workloads with its harness and leaves this out.
#if !defined(TUNELAB_PROBE_NO_ENV_RECORDER)
#include "tunelab/probe/env_recorder.h"
#endif
