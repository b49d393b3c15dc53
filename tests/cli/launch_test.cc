// Cases started as their own program (profiler::Case::command / launcher): the real tunelab
// binary's `__case` under real launchers — env, a hung one, a broken one, and mpirun with
// two real ranks.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tunelab/profiler/harness.h"
#include "tunelab/profiler/launch.h"
#include "tunelab/profiler/simulated.h"

#include <map>

namespace tunelab::profiler {
namespace {

Case kmeansCase(std::vector<std::string> launcher, int ranks = 1) {
  Case c;
  c.identity.workload = "kmeans";
  c.identity.variant = "serial";
  c.identity.params = {{"n", "300"}, {"d", "2"}, {"k", "3"}, {"iters", "5"}, {"spread", "1.5"}, {"seed", "7"}};
  c.identity.ranks = ranks;
  c.command = {TUNELAB_BINARY, "__case", "kmeans", "-v", "serial", "-t", "1",
               "-p", "n=300", "-p", "d=2", "-p", "k=3", "-p", "iters=5", "-r", "3",
               "--min-time", "0", "--counters", "task-clock"};
  c.launcher = std::move(launcher);
  c.prepare = []() -> model::Result<CaseBody> {
    return model::Error{model::ErrorKind::Workload, "must not be prepared in the parent"};
  };
  return c;
}

model::Run runOne(const Case& c, double timeout = 60) {
  HarnessOptions o;
  o.timeoutSeconds = timeout;
  model::Run got;
  auto summary = runCases({c}, o, [&](const model::Run& r) -> model::Status {
    got = r;
    return model::Ok{};
  }, nullptr);
  EXPECT_TRUE(summary.ok());
  return got;
}

TEST(Launch, CaseRunsAsItsOwnProgramAndReportsEveryRepetition) {
  auto run = runOne(kmeansCase({"env", "TUNELAB_LAUNCH_TEST=1"}));
  ASSERT_EQ(run.status, model::RunStatus::Ok) << run.reason;
  ASSERT_EQ(run.samples.size(), 3u);
  for (const auto& s : run.samples) {
    EXPECT_EQ(s.iterations, 1);
    EXPECT_GT(s.wallSeconds, 0);
    ASSERT_EQ(s.counters.size(), 1u);
    EXPECT_TRUE(s.counters[0].supported()) << s.counters[0].reason;  // task-clock, in the child
    bool inertia = false;
    for (const auto& m : s.metrics) inertia = inertia || m.name == "inertia";
    EXPECT_TRUE(inertia);
  }
}

TEST(Launch, TwoRealMpiRanksRunTheCaseAndRankZeroReports) {
  auto run = runOne(kmeansCase(mpiLauncher(2, 2), 2));
  ASSERT_EQ(run.status, model::RunStatus::Ok) << run.reason;
  EXPECT_EQ(run.ranks, 2);
  EXPECT_EQ(run.samples.size(), 3u);
}

TEST(Launch, AMissingLauncherIsAFailedRunThatSaysSo) {
  auto run = runOne(kmeansCase({"tunelab-no-such-launcher"}));
  EXPECT_EQ(run.status, model::RunStatus::Failed);
  EXPECT_NE(run.reason.find("cannot start tunelab-no-such-launcher"), std::string::npos) << run.reason;
}

TEST(Launch, ALauncherThatExitsWithoutAResultIsCrashedWithItsOutput) {
  auto run = runOne(kmeansCase({"sh", "-c", "echo mpirun-like complaint >&2; exit 3", "sh"}));
  EXPECT_EQ(run.status, model::RunStatus::Crashed);
  EXPECT_NE(run.reason.find("exited with code 3"), std::string::npos) << run.reason;
  EXPECT_NE(run.reason.find("mpirun-like complaint"), std::string::npos) << run.reason;
}

TEST(Launch, AHungLauncherIsKilledWithItsChildrenAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  // The shell starts a grandchild (sleep) in the same process group: both must go.
  auto run = runOne(kmeansCase({"sh", "-c", "sleep 30 & wait", "sh"}), 0.5);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(run.status, model::RunStatus::Timeout);
  EXPECT_LT(took, 10);
}

TEST(Launch, CaseCommandRefusesToRunByHand) {
  // Without TUNELAB_CASE_OUT, __case explains who starts it (exit 2).
  unsetenv(kCaseOutputEnv);
  auto s = writeCaseResult(model::Run{});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("tunelab run"), std::string::npos);
}

// `--counters valgrind` end to end: the real tunelab under real callgrind. Instruction counts
// are the same in two runs, repetition by repetition, and include the worker threads.
std::map<std::string, std::vector<double>> simulatedInstructions(const std::vector<std::string>& variants) {
  std::map<std::string, std::vector<double>> out;
  for (const auto& v : variants) {
    const int threads = v == "threads" ? 2 : 1;
    Case c = kmeansCase(valgrindLauncher());
    c.command[4] = v;
    c.command[6] = std::to_string(threads);
    c.command.back() = "valgrind";  // --counters valgrind
    auto run = runOne(c, 300);
    EXPECT_EQ(run.status, model::RunStatus::Ok) << run.reason;
    for (const auto& s : run.samples)
      for (const auto& k : s.counters)
        if (k.event == "instructions") {
          EXPECT_TRUE(k.simulated);
          EXPECT_TRUE(k.supported()) << k.reason;
          if (k.value) out[v].push_back(*k.value);
        }
  }
  return out;
}

TEST(Launch, ValgrindCountsAreIdenticalAcrossRunsAndIncludeWorkerThreads) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "valgrind cannot run a sanitized binary (it aborts under valgrind)";
#endif
  auto first = simulatedInstructions({"serial", "threads"});
  auto second = simulatedInstructions({"serial"});
  ASSERT_EQ(first["serial"].size(), 3u);
  EXPECT_GT(first["serial"][0], 1e5);
  EXPECT_EQ(first["serial"], second["serial"]);
  // Two threads share the same work: a count of the main thread alone would be about half.
  ASSERT_EQ(first["threads"].size(), 3u);
  EXPECT_NEAR(first["threads"][1] / first["serial"][1], 1.0, 0.1);
}

}  // namespace
}  // namespace tunelab::profiler
