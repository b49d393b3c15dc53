// Counters through real perf_event file descriptors (no mocks). Hardware events need a PMU,
// which CI runners and most virtual machines lack: those tests skip with the reason, and
// the tests without a PMU check that hardware events are then reported unsupported — with a
// reason, never as 0. Software events (task-clock, page-faults …) work everywhere.
#include "tunelab/profiler/counters.h"

#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <thread>

#include "tunelab/profiler/events.h"
#include "uncharged_time.h"

namespace tunelab::profiler {
namespace {

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Burns `ms` of this thread's CPU time and returns what it burnt (seconds), measured with
// the thread's own CPU clock: robust to a loaded machine (ctest -j), unlike wall time.
double burnThreadCpu(int ms) {
  const double begin = threadCpuSeconds();
  const double until = begin + ms * 1e-3;
  volatile double x = 0;
  double now = begin;
  while ((now = threadCpuSeconds()) < until) x = x + 1;
  return now - begin;
}

// Empty when a generic cycles counter opens here; else why not (the skip message).
std::string pmuMissing() {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_CPU_CYCLES;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  const long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
  if (fd >= 0) {
    close(static_cast<int>(fd));
    return {};
  }
  return std::string("no hardware PMU here: perf_event_open of cycles: ") + std::strerror(errno);
}

const model::CounterValue& find(const std::vector<model::CounterValue>& values,
                                const std::string& event) {
  auto it = std::find_if(values.begin(), values.end(),
                         [&](const model::CounterValue& v) { return v.event == event; });
  if (it == values.end()) {
    ADD_FAILURE() << "no value for " << event;
    static const model::CounterValue none;
    return none;
  }
  return *it;
}

std::vector<std::string> resolved(const std::string& spec) {
  auto r = resolveEventList(spec);
  EXPECT_TRUE(r.ok()) << spec << ": " << r.error().message;
  return r.ok() ? *r : std::vector<std::string>{};
}

TEST(CounterEventList, PresetsResolve) {
  EXPECT_EQ(resolved("default"),
            (std::vector<std::string>{"cycles", "instructions", "branch-misses", "cache-misses",
                                      "task-clock", "page-faults", "context-switches"}));
  EXPECT_EQ(resolved("branch"), (std::vector<std::string>{"branches", "branch-misses"}));
  EXPECT_EQ(resolved("cache").size(), 6u);
  EXPECT_TRUE(resolved("none").empty());
  EXPECT_TRUE(resolved("").empty());
  // Presets mix with names; an event named twice is counted once, in first-named order.
  auto mixed = resolved("branch, L1-dcache-load-misses ,cache");
  EXPECT_EQ(mixed.at(0), "branches");
  EXPECT_EQ(mixed.at(2), "L1-dcache-load-misses");
  EXPECT_EQ(std::count(mixed.begin(), mixed.end(), "L1-dcache-load-misses"), 1);
  EXPECT_EQ(mixed.size(), 2u + 6u);
}

TEST(CounterEventList, UnknownEventIsAUsageErrorNamingIt) {
  auto r = resolveEventList("cycles,no-such-event-xyz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, model::ErrorKind::Usage);
  EXPECT_NE(r.error().message.find("'no-such-event-xyz'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("tunelab events"), std::string::npos) << r.error().message;
}

TEST(CounterSet, EmptySetsDoNothing) {
  CounterSet unopened;
  EXPECT_TRUE(unopened.empty());
  unopened.start();
  EXPECT_TRUE(unopened.stop().empty());
  auto none = CounterSet::open({});
  EXPECT_TRUE(none.empty());
  none.start();
  EXPECT_TRUE(none.stop().empty());
}

TEST(CounterSet, HardwareEventsWithoutAPmuAreUnsupportedNotZero) {
  if (pmuMissing().empty()) GTEST_SKIP() << "this machine has a PMU: hardware events count here";
  // libpfm4 knows the names whatever the machine; only the kernel refuses them.
  for (const char* name : {"cycles", "instructions"}) {
    auto probe = probeEvent(name);
    EXPECT_TRUE(probe.known) << name << ": " << probe.reason;
    EXPECT_FALSE(probe.opens) << name;
  }
  auto set = CounterSet::open({"cycles", "instructions", "task-clock"});
  EXPECT_FALSE(set.empty());
  set.start();
  burnThreadCpu(5);
  auto values = set.stop();
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0].event, "cycles");  // the requested order
  EXPECT_EQ(values[1].event, "instructions");
  for (const auto& v : {values[0], values[1]}) {
    EXPECT_FALSE(v.value.has_value()) << v.event << " must be empty, not 0";
    EXPECT_FALSE(v.supported());
    EXPECT_NE(v.reason.find("perf_event_open: "), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find("no hardware PMU"), std::string::npos) << v.reason;
  }
  EXPECT_TRUE(values[2].supported()) << values[2].reason;
}

TEST(CounterSet, HardwareEventsCountOnAPmu) {
  if (auto why = pmuMissing(); !why.empty()) GTEST_SKIP() << why;
  auto set = CounterSet::open({"cycles", "instructions", "branch-misses"});
  set.start();
  burnThreadCpu(20);
  auto values = set.stop();
  for (const auto& v : values) {
    // A PMU may still refuse one generic event; then it must say why.
    if (!v.supported()) {
      EXPECT_FALSE(v.reason.empty()) << v.event;
      continue;
    }
    EXPECT_GT(*v.value, 0) << v.event;
    EXPECT_GT(v.timeEnabledNs, 0) << v.event;
  }
  EXPECT_TRUE(find(values, "cycles").supported()) << find(values, "cycles").reason;
  EXPECT_GT(find(values, "instructions").value.value_or(0), 1e6);
}

// A fixed amount of work, the same instructions every call: ~4 per round (add, xor, compare,
// branch). Deterministic, unlike time, so instruction counts can be compared exactly enough.
__attribute__((noinline)) std::uint64_t spin(std::uint64_t rounds) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    x += i;
    x ^= x >> 7;
    asm volatile("" : "+r"(x));
  }
  return x;
}

// What matters about a hardware group on a real PMU: its events sit on the PMU for the whole
// window (time running = time enabled: nothing to scale), window after window, and each
// window counts its own work only — twice the work, twice the instructions.
TEST(CounterSet, AHardwareGroupRunsTheWholeWindowEveryWindowOnAPmu) {
  if (auto why = pmuMissing(); !why.empty()) GTEST_SKIP() << why;
  auto set = CounterSet::open({"cycles", "instructions"});
  std::vector<double> perRound;
  for (int window = 0; window < 6; ++window) {
    const std::uint64_t rounds = (window % 2 == 0 ? 1 : 2) * 20'000'000ull;
    set.start();
    (void)spin(rounds);
    const auto values = set.stop();
    for (const auto& v : values) {
      ASSERT_TRUE(v.supported()) << v.event << ": " << v.reason;
      EXPECT_GT(v.timeEnabledNs, 0) << v.event;
      EXPECT_EQ(v.timeRunningNs, v.timeEnabledNs)
          << v.event << " was multiplexed in window " << window << ": two generic events must fit";
    }
    perRound.push_back(*find(values, "instructions").value / static_cast<double>(rounds));
  }
  // Instructions per round are the same in every window, whatever its length (the windows
  // neither overlap nor leak into each other): within 5 %.
  const auto [lo, hi] = std::minmax_element(perRound.begin(), perRound.end());
  EXPECT_LT(*hi / *lo, 1.05) << "instructions per round ranged " << *lo << " … " << *hi;
  EXPECT_GT(*lo, 2.0);  // the loop is at least a few instructions a round
}

// inherit on a PMU: a thread started after the counters were opened is counted, so a window
// in which a second thread does the same work as the main thread counts twice the
// instructions.
TEST(CounterSet, HardwareCountersInheritAcrossThreadsOnAPmu) {
  if (auto why = pmuMissing(); !why.empty()) GTEST_SKIP() << why;
  auto set = CounterSet::open({"instructions"});
  constexpr std::uint64_t kRounds = 30'000'000;
  set.start();
  (void)spin(kRounds);
  const auto alone = set.stop();
  set.start();
  std::thread worker([] { (void)spin(kRounds); });
  (void)spin(kRounds);
  worker.join();
  const auto both = set.stop();
  ASSERT_TRUE(alone.at(0).supported() && both.at(0).supported()) << both[0].reason;
  EXPECT_NEAR(*both[0].value / *alone[0].value, 2.0, 0.15)
      << "alone " << *alone[0].value << ", with a worker " << *both[0].value;
}

TEST(CounterSet, DefaultPresetSoftwareEventsCountTogether) {
  // Opened side by side in one set, each software event must run (a group of them, for
  // one, leaves the members with time_running 0 on some kernels).
  auto set = CounterSet::open(resolved("default"));
  for (int window = 0; window < 2; ++window) {
    set.start();
    burnThreadCpu(5);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto values = set.stop();
    ASSERT_EQ(values.size(), 7u);
    for (const char* name : {"task-clock", "page-faults"}) {
      const auto& v = find(values, name);
      EXPECT_TRUE(v.supported()) << name << ": " << v.reason;
      EXPECT_EQ(v.timeEnabledNs, v.timeRunningNs) << name;
      EXPECT_GT(v.timeEnabledNs, 4'000'000) << name;
    }
    const auto& cs = find(values, "context-switches");
    EXPECT_EQ(cs.supported(), set.includesKernel()) << cs.reason;
  }
}

TEST(CounterSet, UnknownNameOpenedDirectlyIsUnsupported) {
  auto set = CounterSet::open({"no-such-event-xyz", "page-faults"});
  set.start();
  auto values = set.stop();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_FALSE(values[0].supported());
  EXPECT_NE(values[0].reason.find("libpfm4 does not know it"), std::string::npos);
  EXPECT_TRUE(values[1].supported());
}

// task-clock ≥ CPU time always; above it by what the host stole meanwhile (uncharged_time.h).
void expectTaskClockAgrees(double taskClock, double cpu, const testing::UnchargedWindow& window) {
  EXPECT_GE(taskClock, 0.9 * cpu);
  EXPECT_LE(taskClock, 1.1 * cpu + window.slack()) << "CPU time " << cpu << " s";
}

TEST(CounterSet, TaskClockAgreesWithThreadCpuTime) {
  auto set = CounterSet::open({"task-clock"});
  const testing::UnchargedWindow window;
  set.start();
  const double burnt = burnThreadCpu(100);
  auto values = set.stop();
  ASSERT_EQ(values.size(), 1u);
  ASSERT_TRUE(values[0].supported()) << values[0].reason;
  const double seconds = *values[0].value * 1e-9;  // task-clock counts nanoseconds
  expectTaskClockAgrees(seconds, burnt, window);
  // A software event is never multiplexed: it ran whenever it was enabled.
  EXPECT_EQ(values[0].timeEnabledNs, values[0].timeRunningNs);
}

// A worker created after open() — as a workload's prepare() creates its pool — waits for
// the window, burns, and reports what it burnt.
class Worker {
 public:
  explicit Worker(int ms)
      : m_thread([this, ms] {
          std::unique_lock<std::mutex> lock(m_mutex);
          m_cv.wait(lock, [this] { return m_go; });
          lock.unlock();
          const double burnt = burnThreadCpu(ms);
          lock.lock();
          m_burnt = burnt;
          m_done = true;
          m_cv.notify_all();
          m_cv.wait(lock, [this] { return m_exit; });
        }) {}
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker() { join(); }
  void go() { set(m_go); }
  double waitBurnt() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return m_done; });
    return m_burnt;
  }
  void join() {
    if (!m_thread.joinable()) return;
    set(m_exit);
    m_thread.join();
  }

 private:
  void set(bool& flag) {
    std::lock_guard<std::mutex> lock(m_mutex);
    flag = true;
    m_cv.notify_all();
  }
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_go = false, m_done = false, m_exit = false;
  double m_burnt = 0;
  std::thread m_thread;
};

TEST(CounterSet, ThreadsCreatedAfterOpenAreCounted) {
  // Both paths of `inherit`: one worker has exited by stop() (its counts moved into the
  // parent's counter), the other is still alive (its counts are summed at read()).
  auto set = CounterSet::open({"task-clock"});
  Worker exits(60);
  Worker stays(60);
  const testing::UnchargedWindow window;
  set.start();
  exits.go();
  stays.go();
  const double mine = burnThreadCpu(60);
  const double theirs = exits.waitBurnt() + stays.waitBurnt();
  exits.join();
  auto values = set.stop();
  stays.join();
  ASSERT_TRUE(values.at(0).supported()) << values[0].reason;
  const double seconds = *values[0].value * 1e-9;
  SCOPED_TRACE("main " + std::to_string(mine) + " s, workers " + std::to_string(theirs) + " s");
  expectTaskClockAgrees(seconds, mine + theirs, window);
}

TEST(CounterSet, EachWindowCountsOnlyItself) {
  // Totals only grow, exited threads leave theirs behind: a second window must not see the
  // first one's counts or times.
  auto set = CounterSet::open({"task-clock"});
  set.start();
  std::thread([] { burnThreadCpu(40); }).join();
  burnThreadCpu(40);
  auto first = set.stop();
  const testing::UnchargedWindow window;
  set.start();
  const double burnt = burnThreadCpu(20);
  auto second = set.stop();
  ASSERT_TRUE(first.at(0).supported() && second.at(0).supported());
  EXPECT_GT(*first[0].value * 1e-9, 0.07);
  expectTaskClockAgrees(*second[0].value * 1e-9, burnt, window);
  EXPECT_LT(second[0].timeEnabledNs, first[0].timeEnabledNs);
}

// Writes one byte to each page of a fresh anonymous mapping of `bytes` and returns the
// page-faults counted meanwhile, and the number of pages.
std::pair<double, double> faultsTouching(CounterSet& set, std::size_t bytes) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT_NE(mem, MAP_FAILED);
  if (mem == MAP_FAILED) return {0, 0};
  // Transparent huge pages would satisfy 512 pages with one fault: ask for small pages.
  madvise(mem, bytes, MADV_NOHUGEPAGE);
  auto* bytesOf = static_cast<volatile char*>(mem);
  set.start();
  for (std::size_t off = 0; off < bytes; off += page) bytesOf[off] = 1;
  auto values = set.stop();
  munmap(mem, bytes);
  EXPECT_TRUE(values.at(0).supported()) << values[0].reason;
  return {values[0].value.value_or(0), static_cast<double>(bytes / page)};
}

TEST(CounterSet, PageFaultsGrowWithPagesTouched) {
  auto set = CounterSet::open({"page-faults"});
  const auto [small, smallPages] = faultsTouching(set, std::size_t{16} << 20);
  const auto [large, largePages] = faultsTouching(set, std::size_t{64} << 20);
  // One fault per page where the kernel honours MADV_NOHUGEPAGE; a little slack for a
  // kernel that maps a few pages per fault anyway.
  EXPECT_GE(small, 0.9 * smallPages);
  EXPECT_GE(large, 0.9 * largePages);
  EXPECT_GT(large, 3 * small * 0.9);
  set.start();
  auto idle = set.stop();  // touching nothing: next to no faults
  EXPECT_LT(idle.at(0).value.value_or(1e9), 100);
}

TEST(CounterSet, ContextSwitchesAreCountedOrExplained) {
  auto set = CounterSet::open({"context-switches"});
  set.start();
  for (int i = 0; i < 5; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto values = set.stop();
  const auto& v = values.at(0);
  if (set.includesKernel()) {
    ASSERT_TRUE(v.supported()) << v.reason;
    EXPECT_GE(*v.value, 5);  // every sleep switches away
  } else {
    // User-space-only counting would read 0 for an event the scheduler emits.
    EXPECT_FALSE(v.supported());
    EXPECT_NE(v.reason.find("kernel context"), std::string::npos) << v.reason;
  }
}

TEST(CounterSet, MovesKeepTheCounters) {
  auto a = CounterSet::open({"task-clock"});
  CounterSet b = std::move(a);
  b.start();
  burnThreadCpu(5);
  auto values = b.stop();
  ASSERT_EQ(values.size(), 1u);
  EXPECT_GT(values[0].value.value_or(0), 1e6);  // > 1 ms in ns
}

TEST(CounterEvents, ListsPmusAndProbesNames) {
  ASSERT_TRUE(libpfmError().empty()) << libpfmError();
  auto pmus = listPmus();
  auto perf =
      std::find_if(pmus.begin(), pmus.end(), [](const PmuInfo& p) { return p.name == "perf"; });
  ASSERT_NE(perf, pmus.end()) << "libpfm4's perf_event PMU is present on every Linux";
  auto events = listEvents("perf");
  EXPECT_EQ(static_cast<int>(events.size()), perf->events);
  EXPECT_NE(std::find(events.begin(), events.end(), "perf::PERF_COUNT_HW_CPU_CYCLES"),
            events.end());
  EXPECT_TRUE(listEvents("no-such-pmu").empty());

  auto task = probeEvent("task-clock");
  EXPECT_TRUE(task.known);
  EXPECT_TRUE(task.opens) << task.reason;
  EXPECT_EQ(task.via, "libpfm4");
  EXPECT_NE(task.encoding.find("PERF_COUNT_SW_TASK_CLOCK"), std::string::npos) << task.encoding;
  auto unknown = probeEvent("no-such-event-xyz");
  EXPECT_FALSE(unknown.known);
  EXPECT_FALSE(unknown.opens);
  EXPECT_FALSE(unknown.reason.empty());
  EXPECT_FALSE(countingScope().empty());
}

}  // namespace
}  // namespace tunelab::profiler
