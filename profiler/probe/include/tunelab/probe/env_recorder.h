#pragma once

// The region API in a program of your own (the SDK): when the program runs under
// `tunelab run -- PROGRAM …`, tunelab names a file in $TUNELAB_REGIONS, and this recorder —
// installed before main() by including tunelab/probe/region.h — adds up the time and the
// entries of every TUNELAB_REGION and writes them there when the program exits (returns from
// main or calls exit()). Without $TUNELAB_REGIONS nothing is installed, and a region costs
// what region.h says: one relaxed load and a branch. tunelab's own workloads are measured by
// its harness instead and build without this recorder (TUNELAB_PROBE_NO_ENV_RECORDER).
//
// What it records: per region name, wall time from entry to exit summed over every entry on
// every thread (nested regions are counted in their parents too), and the number of entries.
// A program that ends in _exit(), abort() or a signal writes nothing: tunelab then reports its
// regions as not recorded. At most kMaxRegions names and kMaxDepth open regions per thread;
// more are counted as dropped in the file.
//
// The file, text, one line each: "tunelab-regions 1", "dropped <n>", then per region
// "<entries>\t<seconds>\t<name>". tunelab's reader is profiler::readRegionFile.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "tunelab/probe/region.h"

namespace tunelab::probe::detail {

class EnvRecorder final : public Listener {
 public:
  static constexpr std::size_t kMaxRegions = 256;
  static constexpr std::size_t kMaxDepth = 64;

  void enter(const char* name) noexcept override {
    Stack& s = stack();
    if (s.depth == kMaxDepth) {
      ++s.overflow;
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    s.frames[s.depth++] = {name, Clock::now()};
  }

  void exit(const char*) noexcept override {
    const auto now = Clock::now();
    Stack& s = stack();
    if (s.overflow > 0) {
      --s.overflow;
      return;
    }
    if (s.depth == 0) return;
    const Frame& f = s.frames[--s.depth];
    const double seconds = std::chrono::duration<double>(now - f.start).count();
    std::lock_guard lock(m_mutex);
    Slot* slot = find(f.name);
    if (!slot) {
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    slot->seconds += seconds;
    ++slot->entries;
  }

  // Writes the totals to `path`; false (and nothing written) if the file cannot be opened.
  bool write(const char* path) noexcept {
    std::FILE* out = std::fopen(path, "w");
    if (!out) return false;
    std::lock_guard lock(m_mutex);
    std::fprintf(out, "tunelab-regions 1\ndropped %lld\n",
                 static_cast<long long>(m_dropped.load(std::memory_order_relaxed)));
    for (std::size_t i = 0; i < m_used; ++i)
      std::fprintf(out, "%lld\t%.9g\t%s\n", static_cast<long long>(m_slots[i].entries),
                   m_slots[i].seconds, m_slots[i].name);
    return std::fclose(out) == 0;
  }

 private:
  using Clock = std::chrono::steady_clock;
  struct Frame {
    const char* name;
    Clock::time_point start;
  };
  struct Stack {
    std::array<Frame, kMaxDepth> frames{};
    std::size_t depth = 0;
    std::size_t overflow = 0;
  };
  struct Slot {
    const char* name = nullptr;
    double seconds = 0;
    long long entries = 0;
  };

  static Stack& stack() noexcept {
    thread_local Stack s;
    return s;
  }
  // By the literal's address first, then by its text (one name from two translation units).
  Slot* find(const char* name) noexcept {
    for (std::size_t i = 0; i < m_used; ++i)
      if (m_slots[i].name == name || std::strcmp(m_slots[i].name, name) == 0) return &m_slots[i];
    if (m_used == kMaxRegions) return nullptr;
    m_slots[m_used] = {name, 0, 0};
    return &m_slots[m_used++];
  }

  std::mutex m_mutex;
  std::array<Slot, kMaxRegions> m_slots{};
  std::size_t m_used = 0;
  std::atomic<long long> m_dropped{0};
};

// Installed once per program, before main(), where $TUNELAB_REGIONS names a file; written
// at exit. Never destroyed: a region may end in another static object's destructor.
inline bool installEnvRecorder() noexcept {
  const char* path = std::getenv("TUNELAB_REGIONS");
  if (!path || !*path) return false;
  static EnvRecorder* recorder = new EnvRecorder;
  static const char* file = path;
  setListener(recorder);
  std::atexit([] { recorder->write(file); });
  return true;
}
inline const bool g_envRecorderInstalled = installEnvRecorder();

}  // namespace tunelab::probe::detail
