// Cases started as their own program (profiler::Case::command / launcher): the real tunelab
// binary's `__case` under real launchers — env, a hung one, a broken one, and mpirun with
// two real ranks.
#include "tunelab/profiler/launch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "process.h"
#include "temp_dir.h"
#include "tunelab/profiler/harness.h"
#include "tunelab/profiler/rank_merge.h"
#include "tunelab/profiler/run_codec.h"
#include "tunelab/profiler/simulated.h"

namespace tunelab::profiler {
namespace {

Case kmeansCase(std::vector<std::string> launcher, int ranks = 1) {
  Case c;
  c.identity.workload = "kmeans";
  c.identity.variant = "serial";
  c.identity.params = {{"n", "300"},   {"d", "2"},        {"k", "3"},
                       {"iters", "5"}, {"spread", "1.5"}, {"seed", "7"}};
  c.identity.ranks = ranks;
  c.command = {
      TUNELAB_BINARY, "__case", "kmeans", "-v",         "serial", "-t",         "1",
      "-p",           "n=300",  "-p",     "d=2",        "-p",     "k=3",        "-p",
      "iters=5",      "-r",     "3",      "--min-time", "0",      "--counters", "task-clock"};
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
  auto summary = runCases(
      {c}, o,
      [&](const model::Run& r) -> model::Status {
        got = r;
        return model::Ok{};
      },
      nullptr);
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

const model::RegionStat* findRegion(const model::Sample& s, const std::string& name) {
  for (const auto& r : s.regions)
    if (r.name == name) return &r;
  return nullptr;
}

const model::Series* findSeries(const model::Sample& s, const std::string& name) {
  for (const auto& x : s.series)
    if (x.name == name) return &x;
  return nullptr;
}

// The serial variant under mpirun: each of the two ranks runs the whole case on its own (no
// MPI calls), so every rank measures exactly what one rank does, and the case is the sum.
TEST(Launch, TwoRealMpiRanksEachReportAndTheCaseIsTheirSum) {
  auto one = runOne(kmeansCase(mpiLauncher(1, 2), 1));
  auto two = runOne(kmeansCase(mpiLauncher(2, 2), 2));
  ASSERT_EQ(one.status, model::RunStatus::Ok) << one.reason;
  ASSERT_EQ(two.status, model::RunStatus::Ok) << two.reason;
  EXPECT_EQ(two.ranks, 2);
  ASSERT_EQ(two.samples.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& s = two.samples[i];
    const auto* assign = findRegion(s, "assign");
    const auto* assignOfOne = findRegion(one.samples[i], "assign");
    ASSERT_TRUE(assign && assignOfOne);
    EXPECT_EQ(assign->entries, 2 * assignOfOne->entries);  // both ranks' passes
    // (Sanitizer builds track no allocations: their runtime owns malloc.)
    ASSERT_EQ(s.alloc.has_value(), one.samples[i].alloc.has_value());
    if (s.alloc) {
      EXPECT_EQ(s.alloc->allocations, 2 * one.samples[i].alloc->allocations);
    }
    // The CPU time of each rank, and the case's as their sum.
    const auto* cpu = findSeries(s, kRankCpuSeries);
    ASSERT_NE(cpu, nullptr);
    ASSERT_EQ(cpu->y.size(), 2u);
    EXPECT_GT(cpu->y[0], 0);
    EXPECT_GT(cpu->y[1], 0);
    EXPECT_EQ(s.cpuSeconds, cpu->y[0] + cpu->y[1]);
    ASSERT_EQ(s.counters.size(), 1u);  // task-clock, counted in each rank and summed
    ASSERT_TRUE(s.counters[0].supported()) << s.counters[0].reason;
  }
}

TEST(Launch, ARankThatWritesNothingFailsTheCaseByName) {
  // Two ranks of a program that is not tunelab: neither writes a result. The case names the
  // first rank missing; with one rank's file there, it names the other.
  Case c = kmeansCase(mpiLauncher(2, 2), 2);
  c.command = {"sh", "-c", "exit 0"};
  auto run = runOne(c);
  EXPECT_EQ(run.status, model::RunStatus::Crashed);
  EXPECT_NE(run.reason.find("before rank 0 of the case reported"), std::string::npos) << run.reason;
  // Rank 1 exits at once; rank 0 runs the case: sh -c SCRIPT tunelab __case …
  const auto tunelabCase = kmeansCase({}).command;
  c.command = {"sh", "-c", "[ \"$OMPI_COMM_WORLD_RANK\" = 1 ] || exec \"$0\" \"$@\"; exit 0"};
  c.command.insert(c.command.end(), tunelabCase.begin(), tunelabCase.end());
  run = runOne(c);
  EXPECT_EQ(run.status, model::RunStatus::Crashed);
  EXPECT_NE(run.reason.find("before rank 1 of the case reported"), std::string::npos) << run.reason;
}

TEST(Launch, AMissingLauncherIsAFailedRunThatSaysSo) {
  auto run = runOne(kmeansCase({"tunelab-no-such-launcher"}));
  EXPECT_EQ(run.status, model::RunStatus::Failed);
  EXPECT_NE(run.reason.find("cannot start tunelab-no-such-launcher"), std::string::npos)
      << run.reason;
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
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
std::map<std::string, std::vector<double>> simulatedInstructions(
    const std::vector<std::string>& variants) {
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

// The instructions of every repetition of `c`, which must run under valgrindLauncher().
std::vector<double> instructionsOf(const Case& c) {
  auto run = runOne(c, 300);
  EXPECT_EQ(run.status, model::RunStatus::Ok) << run.reason;
  std::vector<double> out;
  for (const auto& s : run.samples)
    for (const auto& k : s.counters)
      if (k.event == "instructions" && k.value) out.push_back(*k.value);
  return out;
}

Case valgrindCase(int ranks) {
  auto launcher = mpiLauncher(ranks, 2);
  const auto vg = valgrindLauncher();
  launcher.insert(launcher.end(), vg.begin(), vg.end());
  Case c = kmeansCase(launcher, ranks);
  c.command.back() = "valgrind";  // --counters valgrind
  return c;
}

TEST(Launch, ValgrindCountsOfTwoRanksAreTheSumOfEachRanksOwn) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "valgrind cannot run a sanitized binary (it aborts under valgrind)";
#endif
  // Serial k-means on each rank (no MPI calls, so no instructions spent polling): each rank
  // counts exactly what one rank counts, and the case counts both.
  const auto one = instructionsOf(valgrindCase(1));
  const auto two = instructionsOf(valgrindCase(2));
  ASSERT_EQ(one.size(), 3u);
  ASSERT_EQ(two.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(two[i], 2 * one[i]) << "repetition " << i;
}

// The mechanism underneath, with ranks that count differently: the mpi variant on 300 points
// (one block, so rank 0 holds no points and rank 1 all of them), started the way the harness
// starts it, in a folder the test keeps. Each rank's result must hold the counts of its own
// process's callgrind dumps: with one file name for both (as before), both ranks read the
// same dump.
TEST(Launch, EachRankUnderCallgrindReadsItsOwnDumps) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "valgrind cannot run a sanitized binary (it aborts under valgrind)";
#endif
  namespace fs = std::filesystem;
  testing::TempDir dir;
  const std::string base = (dir / "run.bin").string();
  setenv(kCaseOutputEnv, base.c_str(), 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
  Case c = valgrindCase(2);
  c.command[4] = "mpi";
  c.command.insert(c.command.end(), {"--ranks", "2"});
  std::vector<std::string> args = c.launcher;
  args.insert(args.end(), c.command.begin(), c.command.end());
  auto done = testing::runProcess("/usr/bin/env", args, dir.path());
  unsetenv(kCaseOutputEnv);
  ASSERT_EQ(done.exitCode, 0) << done.err;

  // callgrind's dumps, per process: run.bin.callgrind.<pid>.<dump>
  std::map<long, std::map<int, double>> dumps;
  const std::string prefix = "run.bin.callgrind.";
  for (const auto& e : fs::directory_iterator(dir.path())) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos) continue;  // the final dump at exit, outside any window
    const auto counts = parseCallgrindDump(testing::readFile(e.path()));
    ASSERT_TRUE(counts.count("Ir")) << name;
    dumps[std::stol(rest.substr(0, dot))][std::stoi(rest.substr(dot + 1))] = counts.at("Ir");
  }
  ASSERT_EQ(dumps.size(), 2u) << "one set of dumps per rank";
  std::vector<model::Run> ranks;
  for (int r = 0; r < 2; ++r) {
    auto decoded = decodeRun(testing::readFile(rankResultPath(base, r)));
    ASSERT_TRUE(decoded.has_value()) << "rank " << r << " wrote no result";
    ASSERT_EQ(decoded->status, model::RunStatus::Ok) << decoded->reason;
    ASSERT_EQ(decoded->samples.size(), 3u);
    ranks.push_back(std::move(*decoded));
  }
  for (int i = 0; i < 3; ++i) {
    std::multiset<double> reported, dumped;
    for (const auto& run : ranks)
      for (const auto& k : run.samples[static_cast<std::size_t>(i)].counters)
        if (k.event == "instructions" && k.value) reported.insert(*k.value);
    for (const auto& [pid, perDump] : dumps) dumped.insert(perDump.at(i + 1));
    EXPECT_EQ(reported, dumped) << "repetition " << i;
    // The ranks did different work: one dump read twice would show one count twice.
    EXPECT_EQ(std::set<double>(reported.begin(), reported.end()).size(), 2u);
  }
}

}  // namespace
}  // namespace tunelab::profiler
