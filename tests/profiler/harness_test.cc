#include <gtest/gtest.h>
#include <algorithm>
#include <filesystem>
#include <sys/resource.h>
#include <unistd.h>

#include <time.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <set>
#include <thread>

#include "tunelab/probe/region.h"
#include "tunelab/profiler/harness.h"
#include "uncharged_time.h"

namespace tunelab::profiler {
namespace {

// ThreadSanitizer adds a thread of its own (its background thread, started with the first
// pthread_create) and makes thread creation and synchronization cost milliseconds of CPU:
// the per-thread CPU times below are then not what the workload spent.
#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitizer = true;
#else
constexpr bool kThreadSanitizer = false;
#endif

Case makeCase(const std::string& variant, std::function<model::Result<CaseBody>()> prepare) {
  model::Run id;
  id.workload = "test";
  id.variant = variant;
  id.params = {{"x", "1"}};
  return {id, std::move(prepare)};
}

CaseBody sleeper(std::chrono::microseconds d, int* calls = nullptr) {
  return {[d, calls] {
            std::this_thread::sleep_for(d);
            if (calls) ++*calls;
          },
          [] { return std::vector<model::Metric>{{"answer", 42, ""}}; }};
}

HarnessOptions opts(int repetitions, double minTime, const std::atomic<bool>* stop = nullptr) {
  HarnessOptions o;
  o.repetitions = repetitions;
  o.minTimeSeconds = minTime;
  o.stopRequested = stop;
  return o;
}

struct Collected {
  std::vector<model::Run> runs;
  RunSink sink() {
    return [this](const model::Run& r) -> model::Status {
      runs.push_back(r);
      return model::Ok{};
    };
  }
};

TEST(Harness, DeliversEveryRepetitionWithTimesAndMetrics) {
  Collected out;
  int calls = 0;
  std::vector<Case> cases = {makeCase("a", [&] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(500), &calls)); })};
  auto summary = runCases(cases, opts(4, 0.0), out.sink(), nullptr);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->ok, 1u);
  ASSERT_EQ(out.runs.size(), 1u);
  const auto& run = out.runs[0];
  EXPECT_EQ(run.status, model::RunStatus::Ok);
  EXPECT_EQ(run.name, "test/a/x:1/threads:1");
  ASSERT_EQ(run.samples.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    const auto& s = run.samples[static_cast<std::size_t>(i)];
    EXPECT_EQ(s.repetition, i);
    EXPECT_GE(s.iterations, 1);
    EXPECT_GE(s.wallSeconds, 450e-6);  // a 500 µs sleep per iteration
    EXPECT_LT(s.wallSeconds, 0.5);
    EXPECT_LT(s.cpuSeconds, s.wallSeconds);  // sleeping uses no CPU
    ASSERT_EQ(s.metrics.size(), 1u);
    EXPECT_EQ(s.metrics[0].name, "answer");
    EXPECT_EQ(s.metrics[0].value, 42);
  }
  EXPECT_GE(calls, 4);
}

// Metrics keep their units and order, and each repetition gets the series of its own last
// execution (not of Google Benchmark's iteration-count probes).
TEST(Harness, CarriesMetricUnitsAndSeriesPerRepetition) {
  Collected out;
  auto calls = std::make_shared<int>(0);
  std::vector<Case> cases = {makeCase("s", [calls] {
    CaseBody body;
    body.iterate = [calls] { ++*calls; };
    body.metrics = [calls] {
      return std::vector<model::Metric>{{"zeta", 1, "s"}, {"alpha", static_cast<double>(*calls), "GFLOP/s"}};
    };
    body.series = [calls] {
      return std::vector<model::Series>{{"calls", "", "i", {0, 1}, {0, static_cast<double>(*calls)}}};
    };
    return model::Result<CaseBody>(body);
  })};
  ASSERT_TRUE(runCases(cases, opts(3, 0.0), out.sink(), nullptr).ok());
  ASSERT_EQ(out.runs.size(), 1u);
  const auto& samples = out.runs[0].samples;
  ASSERT_EQ(samples.size(), 3u);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    ASSERT_EQ(s.metrics.size(), 2u);
    EXPECT_EQ(s.metrics[0].name, "zeta");
    EXPECT_EQ(s.metrics[0].unit, "s");
    EXPECT_EQ(s.metrics[1].unit, "GFLOP/s");
    ASSERT_EQ(s.series.size(), 1u);
    EXPECT_EQ(s.series[0].xName, "i");
    // One iteration per repetition: the series of repetition i saw i + 1 calls.
    EXPECT_EQ(s.series[0].y[1], static_cast<double>(i + 1));
    EXPECT_EQ(s.metrics[1].value, static_cast<double>(i + 1));
  }
}

TEST(Harness, MinTimeIteratesShortCases) {
  Collected out;
  std::vector<Case> cases = {makeCase("a", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(200))); })};
  ASSERT_TRUE(runCases(cases, opts(1, 0.02), out.sink(), nullptr).ok());
  ASSERT_EQ(out.runs.at(0).samples.size(), 1u);
  EXPECT_GT(out.runs[0].samples[0].iterations, 10);  // ≥ 20 ms of 200 µs iterations
}

TEST(Harness, FailedPreparationBecomesAFailedRunAndTheNextCaseRuns) {
  Collected out;
  std::vector<Case> cases = {
      makeCase("broken", [] { return model::Result<CaseBody>(model::makeError(model::ErrorKind::Input, "k > n")); }),
      makeCase("throws", []() -> model::Result<CaseBody> { throw std::runtime_error("bad_alloc-ish"); }),
      makeCase("body-throws", [] {
        return model::Result<CaseBody>(CaseBody{[] { throw std::runtime_error("boom"); }, [] { return std::vector<model::Metric>{}; }});
      }),
      makeCase("fine", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(10))); }),
  };
  auto summary = runCases(cases, opts(2, 0.0), out.sink(), nullptr);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->failed, 3u);
  EXPECT_EQ(summary->ok, 1u);
  ASSERT_EQ(out.runs.size(), 4u);
  EXPECT_EQ(out.runs[0].status, model::RunStatus::Failed);
  EXPECT_EQ(out.runs[0].reason, "k > n");
  EXPECT_TRUE(out.runs[0].samples.empty());
  EXPECT_NE(out.runs[1].reason.find("bad_alloc-ish"), std::string::npos);
  EXPECT_NE(out.runs[2].reason.find("boom"), std::string::npos);
  EXPECT_EQ(out.runs[3].status, model::RunStatus::Ok);
  EXPECT_EQ(out.runs[3].samples.size(), 2u);
}

TEST(Harness, SinkErrorStopsTheSession) {
  std::vector<Case> cases = {makeCase("a", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(1))); }),
                             makeCase("b", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(1))); })};
  int delivered = 0;
  auto summary = runCases(cases, opts(1, 0.0),
                          [&](const model::Run&) -> model::Status {
                            ++delivered;
                            return model::makeError(model::ErrorKind::Database, "disk full");
                          },
                          nullptr);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().message, "disk full");
  EXPECT_EQ(delivered, 1);
}

TEST(Harness, StopRequestSkipsTheRemainingCases) {
  std::atomic<bool> stop{false};
  Collected out;
  std::vector<Case> cases = {
      makeCase("a", [&] { return model::Result<CaseBody>(CaseBody{[&] { stop = true; }, [] { return std::vector<model::Metric>{}; }}); }),
      makeCase("b", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(1))); })};
  auto summary = runCases(cases, opts(1, 0.0, &stop), out.sink(), nullptr);
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->interrupted);
  ASSERT_EQ(out.runs.size(), 1u);  // the case in flight completed; the next never started
  EXPECT_EQ(out.runs[0].variant, "a");
}

class CountingObserver : public HarnessObserver {
 public:
  void caseStarting(std::size_t i, std::size_t total, const model::Run&) override {
    started.push_back(i);
    EXPECT_EQ(total, 2u);
  }
  void caseFinished(std::size_t i, std::size_t, const model::Run&) override { finished.push_back(i); }
  std::vector<std::size_t> started, finished;
};

TEST(Harness, ObserverSeesEachCaseStartAndFinish) {
  Collected out;
  CountingObserver obs;
  std::vector<Case> cases = {makeCase("a", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(1))); }),
                             makeCase("b", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(1))); })};
  ASSERT_TRUE(runCases(cases, opts(1, 0.0), out.sink(), &obs).ok());
  EXPECT_EQ(obs.started, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(obs.finished, (std::vector<std::size_t>{0, 1}));
}

// Burns `ms` of this thread's own CPU time, however the scheduler shares the cores.
void burnThreadCpu(int ms) {
  auto cpuNow = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  const double until = cpuNow() + ms * 1e-3;
  volatile double x = 0;
  while (cpuNow() < until) x = x + 1;
}

TEST(Harness, ProcessCpuTimeCountsWorkerThreads) {
  // The main thread and a worker each burn 20 ms of CPU: the process used ≥ 40 ms, while the
  // main thread alone used 20. Measuring the main thread only (Google Benchmark's default)
  // would hide the worker — why the harness measures process CPU time.
  Collected out;
  std::vector<Case> cases = {makeCase("burn", [&] {
    return model::Result<CaseBody>(CaseBody{[&] {
                                              std::thread t(burnThreadCpu, 20);
                                              burnThreadCpu(20);
                                              t.join();
                                            },
                                            [] { return std::vector<model::Metric>{}; }});
  })};
  ASSERT_TRUE(runCases(cases, opts(1, 0.0), out.sink(), nullptr).ok());
  const auto& s = out.runs.at(0).samples.at(0);
  EXPECT_GE(s.cpuSeconds, 0.038);
  EXPECT_LT(s.cpuSeconds, 0.2);
}

// The per-thread mode sees each worker of a pool made in prepare(): an unbalanced pair
// (40 ms against 10 ms of CPU) shows as such, and the counters are per thread.
TEST(Harness, PerThreadModeSeesEachWorkerAndTheImbalance) {
  if (kThreadSanitizer) GTEST_SKIP() << "TSan's own thread and overhead skew per-thread CPU times";
  struct Pool {
    std::mutex m;
    std::condition_variable cv;
    int generation = 0;
    int done = 0;
    bool stop = false;
    std::thread worker;
    ~Pool() {
      {
        std::lock_guard l(m);
        stop = true;
      }
      cv.notify_all();
      worker.join();
    }
  };
  Collected out;
  std::vector<Case> cases = {makeCase("pool", [&] {
    auto pool = std::make_shared<Pool>();
    pool->worker = std::thread([p = pool.get()] {
      int seen = 0;
      for (;;) {
        std::unique_lock l(p->m);
        p->cv.wait(l, [&] { return p->stop || p->generation != seen; });
        if (p->stop) return;
        seen = p->generation;
        l.unlock();
        burnThreadCpu(10);
        l.lock();
        ++p->done;
        p->cv.notify_all();
      }
    });
    CaseBody body;
    body.iterate = [pool] {
      {
        std::lock_guard l(pool->m);
        ++pool->generation;
      }
      pool->cv.notify_all();
      burnThreadCpu(40);
      std::unique_lock l(pool->m);
      pool->cv.wait(l, [&] { return pool->done == pool->generation; });
    };
    body.metrics = [] { return std::vector<model::Metric>{}; };
    return model::Result<CaseBody>(body);
  })};
  cases[0].identity.threads = 2;
  auto o = opts(2, 0.0);
  o.perThread = true;
  o.events = {"task-clock"};
  const testing::UnchargedWindow window;
  ASSERT_TRUE(runCases(cases, o, out.sink(), nullptr).ok());
  const double slack = window.slack();
  for (const auto& s : out.runs.at(0).samples) {
    ASSERT_GE(s.threads.size(), 2u);
    EXPECT_EQ(s.threads[0].thread, 0);
    EXPECT_NEAR(s.threads[0].cpuSeconds, 0.040, 0.012);  // the main thread
    EXPECT_NEAR(s.threads[1].cpuSeconds, 0.010, 0.006);  // the worker
    ASSERT_EQ(s.threads[1].counters.size(), 1u);
    ASSERT_TRUE(s.threads[1].counters[0].supported()) << s.threads[1].counters[0].reason;
    // task-clock of the worker alone, in ns, agrees with its CPU time: above it by no more
    // than the host stole meanwhile (uncharged_time.h).
    const double taskClock = *s.threads[1].counters[0].value * 1e-9;
    EXPECT_GE(taskClock, s.threads[1].cpuSeconds - 0.004);
    EXPECT_LE(taskClock, s.threads[1].cpuSeconds + 0.004 + slack);
  }
}

// --region-counters: each region gets the counts of the threads that ran inside it — the
// main thread's 30 ms in "outer", a worker's 10 ms in "worker" — and an event this machine
// cannot count is listed unsupported with the reason.
TEST(Harness, RegionCountersCountTheThreadsInsideEachRegion) {
  if (kThreadSanitizer) GTEST_SKIP() << "TSan's overhead skews the CPU time counted per region";
  Collected out;
  std::vector<Case> cases = {makeCase("regions", [] {
    CaseBody body;
    body.iterate = [] {
      TUNELAB_REGION("outer");
      std::thread t([] {
        TUNELAB_REGION("worker");
        burnThreadCpu(10);
      });
      burnThreadCpu(30);
      t.join();
    };
    body.metrics = [] { return std::vector<model::Metric>{}; };
    return model::Result<CaseBody>(body);
  })};
  auto o = opts(2, 0.0);
  o.events = {"task-clock", "cycles"};
  o.regionCounters = true;
  const testing::UnchargedWindow window;
  ASSERT_TRUE(runCases(cases, o, out.sink(), nullptr).ok());
  const double slack = window.slack();
  for (const auto& s : out.runs.at(0).samples) {
    ASSERT_EQ(s.regions.size(), 2u);
    for (const auto& r : s.regions) {
      ASSERT_EQ(r.counters.size(), 2u) << r.name;
      const auto& clock = r.counters[0];
      ASSERT_TRUE(clock.supported()) << clock.reason;
      const double expected = r.name == "outer" ? 0.030 : 0.010;
      // Above the CPU time by at most what the host stole meanwhile (uncharged_time.h).
      EXPECT_GE(*clock.value * 1e-9, expected - 0.006) << r.name;
      EXPECT_LE(*clock.value * 1e-9, expected + 0.006 + slack) << r.name;
      // cycles: counted where there is a PMU, else unsupported with the kernel's reason.
      EXPECT_TRUE(r.counters[1].supported() || !r.counters[1].reason.empty());
    }
  }
}

// The cases of one scaling series take turns, repetition by repetition, in a seeded order;
// each keeps its own prepared state, its repetitions numbered by round, and its iteration
// count from the first round. Other cases, and --no-interleave, run one after the other.
TEST(Harness, TheCasesOfOneSeriesTakeTurnsAndRecordTheirOrder) {
  std::vector<std::string> log;  // which case ran, call by call
  auto threaded = [&](int threads) {
    Case c = makeCase("t", [&log, threads] {
      CaseBody body;
      body.iterate = [&log, threads] {
        log.push_back("t" + std::to_string(threads));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      };
      body.metrics = [] { return std::vector<model::Metric>{}; };
      return model::Result<CaseBody>(body);
    });
    c.identity.threads = threads;
    return c;
  };
  Case other = makeCase("other", [&log] {
    CaseBody body;
    body.iterate = [&log] { log.push_back("other"); };
    body.metrics = [] { return std::vector<model::Metric>{}; };
    return model::Result<CaseBody>(body);
  });
  std::vector<Case> cases = {threaded(1), other, threaded(2), threaded(4)};
  Collected out;
  ASSERT_TRUE(runCases(cases, opts(4, 0.0), out.sink(), nullptr).ok());
  // The series first (its cases in plan order), then the other case.
  ASSERT_EQ(out.runs.size(), 4u);
  EXPECT_EQ(out.runs[0].threads, 1);
  EXPECT_EQ(out.runs[1].threads, 2);
  EXPECT_EQ(out.runs[2].threads, 4);
  EXPECT_EQ(out.runs[3].variant, "other");
  // 3 cases × 4 rounds, each round every case once, in an order that changes between rounds.
  ASSERT_EQ(log.size(), 16u);
  std::set<std::string> orders;
  for (int round = 0; round < 4; ++round) {
    std::vector<std::string> r(log.begin() + round * 3, log.begin() + round * 3 + 3);
    EXPECT_EQ(std::set<std::string>(r.begin(), r.end()), (std::set<std::string>{"t1", "t2", "t4"}));
    orders.insert(r[0] + r[1] + r[2]);
  }
  EXPECT_GT(orders.size(), 1u) << "the order is shuffled per round";
  std::set<std::int64_t> positions;
  for (std::size_t k = 0; k < 3; ++k) {
    ASSERT_EQ(out.runs[k].samples.size(), 4u);
    for (int rep = 0; rep < 4; ++rep) {
      const auto& smp = out.runs[k].samples[static_cast<std::size_t>(rep)];
      EXPECT_EQ(smp.repetition, rep);
      EXPECT_GE(smp.position, 3 * rep);  // round r's samples come after round r − 1's
      EXPECT_LT(smp.position, 3 * rep + 3);
      positions.insert(smp.position);
    }
  }
  for (const auto& smp : out.runs[3].samples) positions.insert(smp.position);
  EXPECT_EQ(positions.size(), 16u);
  EXPECT_EQ(*positions.rbegin(), 15);

  // The same seed gives the same order; --no-interleave runs case after case.
  std::vector<std::string> first = log;
  log.clear();
  Collected again;
  ASSERT_TRUE(runCases(cases, opts(4, 0.0), again.sink(), nullptr).ok());
  EXPECT_EQ(log, first);
  log.clear();
  auto sequential = opts(4, 0.0);
  sequential.interleave = false;
  Collected plain;
  ASSERT_TRUE(runCases(cases, sequential, plain.sink(), nullptr).ok());
  EXPECT_EQ(log, (std::vector<std::string>{"t1", "t1", "t1", "t1", "other", "other", "other", "other",
                                           "t2", "t2", "t2", "t2", "t4", "t4", "t4", "t4"}));
  EXPECT_EQ(plain.runs[1].samples[0].position, 4);
}

// The regions prepare() enters (an index trained and filled) are the run's setup regions,
// once per run, in the order entered; the samples' regions hold only what the body entered.
// Alike for one case, for the interleaved cases of a series, and with --no-regions none.
TEST(Harness, RegionsEnteredWhilePreparingAreTheRunsSetupRegions) {
  auto makeSetupCase = [](int threads) {
    Case c = makeCase("setup", [] {
      {
        TUNELAB_REGION("train");
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      for (int i = 0; i < 3; ++i) {
        TUNELAB_REGION("encode");
      }
      CaseBody body;
      body.iterate = [] { TUNELAB_REGION("search"); };
      body.metrics = [] { return std::vector<model::Metric>{}; };
      return model::Result<CaseBody>(body);
    });
    c.identity.threads = threads;
    return c;
  };
  for (const bool interleave : {false, true}) {
    SCOPED_TRACE(interleave ? "interleaved" : "one case after another");
    auto o = opts(3, 0.0);
    o.interleave = interleave;
    Collected out;
    ASSERT_TRUE(runCases({makeSetupCase(1), makeSetupCase(2)}, o, out.sink(), nullptr).ok());
    ASSERT_EQ(out.runs.size(), 2u);
    for (const auto& run : out.runs) {
      ASSERT_EQ(run.setupRegions.size(), 2u);
      EXPECT_EQ(run.setupRegions[0].name, "train");
      EXPECT_EQ(run.setupRegions[0].entries, 1);
      EXPECT_GE(run.setupRegions[0].seconds, 1.5e-3);
      EXPECT_EQ(run.setupRegions[1].name, "encode");
      EXPECT_EQ(run.setupRegions[1].entries, 3);
      ASSERT_EQ(run.samples.size(), 3u);
      for (const auto& s : run.samples) {
        ASSERT_EQ(s.regions.size(), 1u);
        EXPECT_EQ(s.regions[0].name, "search");
      }
    }
  }
  auto quiet = opts(2, 0.0);
  quiet.recordRegions = false;
  Collected none;
  ASSERT_TRUE(runCases({makeSetupCase(1)}, quiet, none.sink(), nullptr).ok());
  ASSERT_EQ(none.runs.size(), 1u);
  EXPECT_TRUE(none.runs[0].setupRegions.empty());
}

// With a min time, the first round finds each case's iteration count and the later rounds
// reuse it (Google Benchmark's rule for repetitions); a case that fails in a round stays
// failed, and the others go on.
TEST(Harness, InterleavedRoundsReuseTheIterationCountAndKeepAFailure) {
  auto calls = std::make_shared<int>(0);
  auto good = [](int threads) {
    Case c = makeCase("t", [] { return model::Result<CaseBody>(sleeper(std::chrono::microseconds(300))); });
    c.identity.threads = threads;
    return c;
  };
  Case bad = makeCase("t", [calls] {
    CaseBody body;
    body.iterate = [calls] {
      if (++*calls > 3) throw std::runtime_error("round three broke it");
    };
    body.metrics = [] { return std::vector<model::Metric>{}; };
    return model::Result<CaseBody>(body);
  });
  bad.identity.threads = 2;
  std::vector<Case> cases = {good(1), bad};
  Collected out;
  ASSERT_TRUE(runCases(cases, opts(5, 0.0), out.sink(), nullptr).ok());
  ASSERT_EQ(out.runs.size(), 2u);
  EXPECT_EQ(out.runs[0].status, model::RunStatus::Ok);
  EXPECT_EQ(out.runs[0].samples.size(), 5u);
  EXPECT_EQ(out.runs[1].status, model::RunStatus::Failed);
  EXPECT_NE(out.runs[1].reason.find("round three broke it"), std::string::npos) << out.runs[1].reason;
  EXPECT_EQ(*calls, 4) << "not run again after it failed";

  Collected timed;
  ASSERT_TRUE(runCases({good(1), good(2)}, opts(3, 0.01), timed.sink(), nullptr).ok());
  for (const auto& run : timed.runs) {
    ASSERT_EQ(run.samples.size(), 3u);
    EXPECT_GT(run.samples[0].iterations, 1);  // 300 µs bodies for at least 10 ms
    for (const auto& smp : run.samples) EXPECT_EQ(smp.iterations, run.samples[0].iterations);
  }
}

// resume() runs untimed before every batch of repetitions: once for a case run on its own,
// before every round for the cases of an interleaved series — so each can clear what the
// others left in the process (OpenBLAS's polling workers) before its time starts.
TEST(Harness, ResumeRunsBeforeEveryBatchAndOutsideTheTime) {
  std::vector<std::string> log;
  auto traced = [&](const std::string& variant, int threads) {
    Case c = makeCase(variant, [&log, variant, threads] {
      const std::string me = variant + std::to_string(threads);
      CaseBody body;
      body.iterate = [&log, me] { log.push_back("run " + me); };
      body.metrics = [] { return std::vector<model::Metric>{}; };
      body.resume = [&log, me] {
        log.push_back("resume " + me);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // never in the time
      };
      return model::Result<CaseBody>(body);
    });
    c.identity.threads = threads;
    return c;
  };
  Collected out;
  ASSERT_TRUE(runCases({traced("alone", 1), traced("t", 1), traced("t", 2)}, opts(3, 0.0), out.sink(),
                       nullptr)
                  .ok());
  auto count = [&](const std::string& what) { return std::count(log.begin(), log.end(), what); };
  EXPECT_EQ(count("resume alone1"), 1);  // one batch of 3 repetitions
  EXPECT_EQ(count("run alone1"), 3);
  EXPECT_EQ(count("resume t1"), 3);  // a batch per round
  EXPECT_EQ(count("resume t2"), 3);
  for (std::size_t i = 0; i < log.size(); ++i)  // every run of the series right after its resume
    if (log[i].rfind("run t", 0) == 0) {
      EXPECT_EQ(log[i - 1], "resume " + log[i].substr(4)) << i;
    }
  for (const auto& run : out.runs)
    for (const auto& smp : run.samples) EXPECT_LT(smp.wallSeconds, 0.015) << run.name;
}

// A region counter that cannot open on a thread (here: the thread finds no free file
// descriptor) leaves that thread's share out of the region's sum: the region's count for the
// event is then unsupported with the reason, never a short number read as the truth.
TEST(Harness, ARegionCounterThatDidNotOpenOnAThreadIsUnsupportedNotShort) {
  if (kThreadSanitizer) GTEST_SKIP() << "TSan opens descriptors of its own";
#if defined(__SANITIZE_ADDRESS__)
  // UBSan's vptr check probes memory through a pipe: with no descriptor left it reads every
  // object as invalid (seen in the ASan + UBSan suite: "std::thread … has invalid vptr").
  GTEST_SKIP() << "the sanitizer runtime needs file descriptors of its own (a pipe per check)";
#endif
  Collected out;
  std::vector<Case> cases = {makeCase("regions", [] {
    CaseBody body;
    body.iterate = [] {
      TUNELAB_REGION("outer");
      burnThreadCpu(2);
      // No descriptor left for the worker's counter: the soft limit just above the highest
      // one open, and every free number below it taken by a dup.
      rlimit saved{};
      getrlimit(RLIMIT_NOFILE, &saved);
      int highest = 0;
      for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd"))
        highest = std::max(highest, std::atoi(e.path().filename().c_str()));
      rlimit tight = saved;
      tight.rlim_cur = static_cast<rlim_t>(highest + 1);
      setrlimit(RLIMIT_NOFILE, &tight);
      std::vector<int> fillers;
      for (int fd; (fd = dup(STDIN_FILENO)) >= 0;) fillers.push_back(fd);
      std::thread t([] {
        TUNELAB_REGION("worker");
        burnThreadCpu(2);
      });
      t.join();
      for (int fd : fillers) close(fd);
      setrlimit(RLIMIT_NOFILE, &saved);
    };
    body.metrics = [] { return std::vector<model::Metric>{}; };
    return model::Result<CaseBody>(body);
  })};
  auto o = opts(1, 0.0);
  o.events = {"task-clock"};
  o.regionCounters = true;
  ASSERT_TRUE(runCases(cases, o, out.sink(), nullptr).ok());
  const auto& regions = out.runs.at(0).samples.at(0).regions;
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].name, "outer");
  ASSERT_EQ(regions[0].counters.size(), 1u);
  EXPECT_TRUE(regions[0].counters[0].supported()) << regions[0].counters[0].reason;
  EXPECT_EQ(regions[1].name, "worker");
  ASSERT_EQ(regions[1].counters.size(), 1u);
  EXPECT_FALSE(regions[1].counters[0].supported()) << "a thread's missing counter read as a count";
  EXPECT_NE(regions[1].counters[0].reason.find("did not open on a thread"), std::string::npos)
      << regions[1].counters[0].reason;
  EXPECT_EQ(regions[1].entries, 1);  // the time is still recorded
}

}  // namespace
}  // namespace tunelab::profiler
