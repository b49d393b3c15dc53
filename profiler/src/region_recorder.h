#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/probe/region.h"

namespace tunelab::profiler {

// Records time and entries per region while installed as the probe listener. Regions may
// nest and may be entered on any thread; each thread keeps its own stack of open regions.
// In steady state it allocates nothing (fixed tables keyed by the name's address), so it
// does not show up in the allocation statistics of the code it measures.
class RegionRecorder final : public probe::Listener {
 public:
  static constexpr std::size_t kMaxRegions = 64;  // distinct names per case; more are dropped

  void enter(const char* name) noexcept override;
  void exit(const char* name) noexcept override;

  // Zeroes the totals (names stay known, so the next sample allocates nothing).
  void reset() noexcept;
  // The regions entered since reset(), in first-seen order.
  std::vector<model::RegionStat> totals() const;

 private:
  struct Slot {
    const char* name = nullptr;
    double seconds = 0;
    std::int64_t entries = 0;
  };
  Slot* slotFor(const char* name) noexcept;

  mutable std::mutex m_mutex;
  std::array<Slot, kMaxRegions> m_slots{};
  std::size_t m_used = 0;
};

}  // namespace tunelab::profiler
