#pragma once

#include <linux/perf_event.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "tunelab/model/run.h"
#include "tunelab/probe/region.h"
#include "tunelab/profiler/counter_math.h"

namespace tunelab::profiler {

// Records time and entries per region while installed as the probe listener. Regions may
// nest and may be entered on any thread; each thread keeps its own stack of open regions.
// In steady state it allocates nothing (fixed tables keyed by the name's address), so it
// does not show up in the allocation statistics of the code it measures.
//
// With counters (enableCounters), each thread that enters a region gets its own
// perf_event counters for those events (opened on its first entry with nothing but system
// calls, no inherit), read at entry and exit: a region's counts are those of the threads
// that ran it, while they were inside. Each read is a system call per event, so this is a
// choice (`--region-counters`), not the default.
class RegionRecorder final : public probe::Listener {
 public:
  static constexpr std::size_t kMaxRegions = 64;   // distinct names per case; more are dropped
  static constexpr std::size_t kMaxEvents = 8;     // region counters per thread
  static constexpr std::size_t kMaxThreads = 256;  // threads with region counters

  RegionRecorder() = default;
  ~RegionRecorder() override;
  RegionRecorder(const RegionRecorder&) = delete;
  RegionRecorder& operator=(const RegionRecorder&) = delete;

  // Counts `events` per region from now on: those that open here (supported()); the rest
  // are left out and reported unsupported with the reason by counterReasons().
  void enableCounters(const std::vector<std::string>& events);

  void enter(const char* name) noexcept override;
  void exit(const char* name) noexcept override;

  // Zeroes the totals (names stay known, so the next sample allocates nothing).
  void reset() noexcept;
  // The regions entered since reset(), in first-seen order, with their counters.
  std::vector<model::RegionStat> totals() const;

 private:
  struct Slot {
    const char* name = nullptr;
    double seconds = 0;
    std::int64_t entries = 0;
    std::array<RawReading, kMaxEvents> counts{};
    // Per counted event: an entry of this region ran on a thread whose counter did not open
    // (the errno, or kNoRow past kMaxThreads). Its counts then miss that thread's share, so
    // the event is reported unsupported for this region, with the reason — never a short sum.
    std::array<int, kMaxEvents> missedErr{};
  };
  static constexpr int kNoRow = -1;
  Slot* slotFor(const char* name) noexcept;
  int threadCounters() noexcept;  // index into m_fds of the calling thread's counters; -1: none
  void readCounters(int row, std::array<RawReading, kMaxEvents>& into) const noexcept;

  mutable std::mutex m_mutex;
  std::array<Slot, kMaxRegions> m_slots{};
  std::size_t m_used = 0;

  // Region counters: the encoded events, and one row of fds per thread that entered.
  std::vector<std::string> m_events;       // as requested
  std::vector<std::string> m_reasons;      // per requested event: why not counted; empty: counted
  std::vector<perf_event_attr> m_attrs;    // the counted ones, in order
  std::vector<std::size_t> m_attrEvent;    // m_attrs[i] counts m_events[m_attrEvent[i]]
  std::array<std::array<int, kMaxEvents>, kMaxThreads> m_fds{};  // -1: did not open
  std::array<std::array<int, kMaxEvents>, kMaxThreads> m_errs{};  // errno where it did not
  std::atomic<std::size_t> m_threadsUsed{0};
  std::uint64_t m_generation = 0;  // tells this recorder's thread rows from an earlier one's
};

}  // namespace tunelab::profiler
