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
// With `tunelab run --region-counters`, tunelab also names events in $TUNELAB_REGION_EVENTS:
// each thread that enters a region opens its own counters for them (perf_event_open, this
// thread only), read at entry and exit, so a region's counts are those of the threads inside
// it. A program that ends in _exit(), abort() or a signal writes nothing: tunelab then reports
// its regions as not recorded. At most kMaxRegions names, kMaxDepth open regions per thread and
// kMaxEvents events; more are counted as dropped in the file.
//
// The file, text, one line each: "tunelab-regions 2", "dropped <n>", "events <n>" and a line
// "event <name>" per event, then per region "<entries>\t<seconds>" followed, per event, by
// "\t<value>,<enabled ns>,<running ns>" (or "\t!<errno>" where a thread could not open that
// counter), then "\t<name>". tunelab's reader is profiler::readRegionFile.

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
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
  static constexpr std::size_t kMaxEvents = 8;

  // $TUNELAB_REGION_EVENTS: "type,config,config1,config2,exclude_kernel,exclude_hv,name;…".
  void parseEvents(const char* spec) noexcept {
    while (spec && *spec && m_events < kMaxEvents) {
      const char* end = std::strchr(spec, ';');
      const std::size_t length = end ? static_cast<std::size_t>(end - spec) : std::strlen(spec);
      char item[320] = {};
      std::memcpy(item, spec, length < sizeof item - 1 ? length : sizeof item - 1);
      unsigned type = 0, exclk = 0, exclhv = 0;
      unsigned long long config = 0, config1 = 0, config2 = 0;
      int used = 0;
      if (std::sscanf(item, "%u,%llx,%llx,%llx,%u,%u,%n", &type, &config, &config1, &config2,
                      &exclk, &exclhv, &used) == 6 && used > 0) {
        perf_event_attr& a = m_attrs[m_events];
        std::memset(&a, 0, sizeof a);
        a.size = sizeof a;
        a.type = type;
        a.config = config;
        a.config1 = config1;
        a.config2 = config2;
        a.exclude_kernel = exclk;
        a.exclude_hv = exclhv;
        a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
        std::snprintf(m_names[m_events], sizeof m_names[m_events], "%s", item + used);
        ++m_events;
      }
      spec = end ? end + 1 : nullptr;
    }
  }

  void enter(const char* name) noexcept override {
    Stack& s = stack();
    if (s.depth == kMaxDepth) {
      ++s.overflow;
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    Frame& f = s.frames[s.depth++];
    f.name = name;
    openCounters(s);
    read(s, f.counts);
    f.start = Clock::now();  // last, so the reads are not in the region's time
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
    std::array<Reading, kMaxEvents> end{};
    read(s, end);
    const double seconds = std::chrono::duration<double>(now - f.start).count();
    std::lock_guard lock(m_mutex);
    Slot* slot = find(f.name);
    if (!slot) {
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    slot->seconds += seconds;
    ++slot->entries;
    for (std::size_t i = 0; i < m_events; ++i) {
      if (s.err[i] != 0) {
        slot->err[i] = s.err[i];
        continue;
      }
      slot->counts[i].value += end[i].value - f.counts[i].value;
      slot->counts[i].enabled += end[i].enabled - f.counts[i].enabled;
      slot->counts[i].running += end[i].running - f.counts[i].running;
    }
  }

  // Writes the totals to `path`; false (and nothing written) if the file cannot be opened.
  bool write(const char* path) noexcept {
    std::FILE* out = std::fopen(path, "w");
    if (!out) return false;
    std::lock_guard lock(m_mutex);
    std::fprintf(out, "tunelab-regions 2\ndropped %lld\nevents %zu\n",
                 static_cast<long long>(m_dropped.load(std::memory_order_relaxed)), m_events);
    for (std::size_t i = 0; i < m_events; ++i) std::fprintf(out, "event %s\n", m_names[i]);
    for (std::size_t r = 0; r < m_used; ++r) {
      const Slot& slot = m_slots[r];
      std::fprintf(out, "%lld\t%.9g", slot.entries, slot.seconds);
      for (std::size_t i = 0; i < m_events; ++i) {
        if (slot.err[i] != 0)
          std::fprintf(out, "\t!%d", slot.err[i]);
        else
          std::fprintf(out, "\t%llu,%llu,%llu", static_cast<unsigned long long>(slot.counts[i].value),
                       static_cast<unsigned long long>(slot.counts[i].enabled),
                       static_cast<unsigned long long>(slot.counts[i].running));
      }
      std::fprintf(out, "\t%s\n", slot.name);
    }
    return std::fclose(out) == 0;
  }

 private:
  using Clock = std::chrono::steady_clock;
  struct Reading {
    std::uint64_t value = 0, enabled = 0, running = 0;
  };
  struct Frame {
    const char* name;
    Clock::time_point start;
    std::array<Reading, kMaxEvents> counts;
  };
  struct Stack {
    std::array<Frame, kMaxDepth> frames{};
    std::size_t depth = 0;
    std::size_t overflow = 0;
    bool opened = false;
    std::array<int, kMaxEvents> fds{};
    std::array<int, kMaxEvents> err{};  // errno of a counter this thread could not open
    Stack() = default;
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;
    ~Stack() {  // the thread ends: its counters go
      if (opened)
        for (int fd : fds)
          if (fd > 0) ::close(fd);
    }
  };
  struct Slot {
    const char* name = nullptr;
    double seconds = 0;
    long long entries = 0;
    std::array<Reading, kMaxEvents> counts{};
    std::array<int, kMaxEvents> err{};
  };

  static Stack& stack() noexcept {
    thread_local Stack s;
    return s;
  }
  // This thread's counters, on its first entry: counting from the open on, this thread only.
  void openCounters(Stack& s) noexcept {
    if (s.opened) return;
    s.opened = true;
    s.fds.fill(-1);
    for (std::size_t i = 0; i < m_events; ++i) {
      perf_event_attr attr = m_attrs[i];
      s.fds[i] = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
      s.err[i] = s.fds[i] < 0 ? (errno != 0 ? errno : EINVAL) : 0;
    }
  }
  void read(const Stack& s, std::array<Reading, kMaxEvents>& into) const noexcept {
    for (std::size_t i = 0; i < m_events; ++i) {
      std::uint64_t v[3] = {0, 0, 0};
      if (s.fds[i] >= 0 && ::read(s.fds[i], v, sizeof v) == static_cast<ssize_t>(sizeof v))
        into[i] = {v[0], v[1], v[2]};
    }
  }
  // By the literal's address first, then by its text (one name from two translation units).
  Slot* find(const char* name) noexcept {
    for (std::size_t i = 0; i < m_used; ++i)
      if (m_slots[i].name == name || std::strcmp(m_slots[i].name, name) == 0) return &m_slots[i];
    if (m_used == kMaxRegions) return nullptr;
    m_slots[m_used] = Slot{};
    m_slots[m_used].name = name;
    return &m_slots[m_used++];
  }

  std::mutex m_mutex;
  std::array<Slot, kMaxRegions> m_slots{};
  std::size_t m_used = 0;
  std::atomic<long long> m_dropped{0};
  std::array<perf_event_attr, kMaxEvents> m_attrs{};
  std::array<char[256], kMaxEvents> m_names{};
  std::size_t m_events = 0;
};

// Installed once per program, before main(), where $TUNELAB_REGIONS names a file; written
// at exit. Never destroyed: a region may end in another static object's destructor.
inline bool installEnvRecorder() noexcept {
  const char* path = std::getenv("TUNELAB_REGIONS");
  if (!path || !*path) return false;
  static EnvRecorder* recorder = new EnvRecorder;
  static const char* file = path;
  recorder->parseEvents(std::getenv("TUNELAB_REGION_EVENTS"));
  setListener(recorder);
  std::atexit([] { recorder->write(file); });
  return true;
}
inline const bool g_envRecorderInstalled = installEnvRecorder();

}  // namespace tunelab::probe::detail
