// Signals sent to a real `tunelab run`: SIGINT and SIGTERM stop it after the case in flight,
// which is stored whole; SIGKILL leaves a sound file holding every run committed before it.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::Process;
using testing::TempDir;
using testing::tunelab;
namespace fs = std::filesystem;

// 40 cases of 2 repetitions × 40 ms (ms sweeps 40, 41 … so each case is its own): about 3.5 s
// in all, so a signal always lands in the middle.
std::vector<std::string> slowSweep(std::vector<std::string> extra = {}) {
  std::string ms;
  for (int i = 40; i < 80; ++i) ms += (ms.empty() ? "" : ",") + std::to_string(i);
  std::vector<std::string> args = {"run", "fault", "-v", "ok", "-p", "ms=" + ms, "-r", "2",
                                   "--min-time", "0", "--no-report", "--label", "sweep"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Waits until the program has reported `n` finished cases on standard error (each line is
// printed after its run is committed).
bool waitForFinishedCases(const Process& p, std::size_t n) {
  for (int i = 0; i < 3000; ++i) {  // up to a minute on a loaded machine
    if (testing::countLines(p.errSoFar(), "[") >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

struct Stored {
  model::SessionStatus status = model::SessionStatus::Running;
  std::vector<model::Run> runs;
};

Stored stored(const fs::path& db) {
  Stored out;
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  EXPECT_TRUE(store.ok()) << store.error().message;
  if (!store) return out;
  auto id = store->resolveSession("sweep");
  EXPECT_TRUE(id.ok());
  if (!id) return out;
  out.status = store->session(*id)->status;
  auto runs = store->runs(*id);
  EXPECT_TRUE(runs.ok());
  if (runs) out.runs = std::move(runs).value();
  return out;
}

class Interrupt : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { testing::enableFaultWorkload(); }
};

// SIGINT → 130, SIGTERM → 143: the case in flight completes and is stored whole, later
// cases do not start, the session is marked interrupted.
TEST_P(Interrupt, StopsAfterTheCaseInFlightAndMarksTheSession) {
  const int sig = GetParam();
  TempDir dir;
  Process p(TUNELAB_BINARY, slowSweep(), dir.path());
  ASSERT_TRUE(waitForFinishedCases(p, 3)) << p.errSoFar();
  p.signal(sig);
  auto r = p.wait();
  EXPECT_EQ(r.exitCode, 128 + sig) << r.err;
  EXPECT_NE(r.err.find(sig == SIGTERM ? "terminated (SIGTERM)" : "interrupted"), std::string::npos)
      << r.err;
  const auto s = stored(dir / "tunelab.db");
  EXPECT_EQ(s.status, model::SessionStatus::Interrupted);
  EXPECT_GE(s.runs.size(), 3u);
  EXPECT_LT(s.runs.size(), 40u) << "the sweep stopped early";
  // Every case that finished is stored, the one in flight included: what the terminal listed.
  EXPECT_EQ(s.runs.size(), testing::countLines(r.err, "["));
  for (const auto& run : s.runs) {
    EXPECT_EQ(run.status, model::RunStatus::Ok);
    EXPECT_EQ(run.samples.size(), 2u) << "no half-written runs";
  }
  EXPECT_EQ(testing::integrityCheck(dir / "tunelab.db"), "ok");
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param) { return param.param == SIGINT ? "SIGINT" : "SIGTERM"; });

// A service manager stops the whole process group. The isolated child ignores the signal, so
// the case in flight is stored as measured, not as "crashed by signal 15".
TEST(InterruptIsolated, GroupSigtermLetsTheIsolatedCaseFinish) {
  testing::enableFaultWorkload();
  TempDir dir;
  Process p(TUNELAB_BINARY, slowSweep({"--isolate"}), dir.path(), /*ownProcessGroup=*/true);
  ASSERT_TRUE(waitForFinishedCases(p, 2)) << p.errSoFar();
  p.signalGroup(SIGTERM);
  auto r = p.wait();
  EXPECT_EQ(r.exitCode, 143) << r.err;
  const auto s = stored(dir / "tunelab.db");
  EXPECT_EQ(s.status, model::SessionStatus::Interrupted);
  EXPECT_GE(s.runs.size(), 2u);
  for (const auto& run : s.runs) {
    EXPECT_EQ(run.status, model::RunStatus::Ok) << run.reason;
    EXPECT_EQ(run.samples.size(), 2u);
  }
}

// SIGKILL cannot be caught: what was committed must be all there, and nothing else.
TEST(Kill, EveryCommittedRunSurvivesAndTheSessionReadsAbandoned) {
  testing::enableFaultWorkload();
  TempDir dir;
  Process p(TUNELAB_BINARY, slowSweep(), dir.path());
  ASSERT_TRUE(waitForFinishedCases(p, 5)) << p.errSoFar();
  p.signal(SIGKILL);
  auto r = p.wait();
  EXPECT_EQ(r.exitCode, 128 + SIGKILL);
  const auto db = dir / "tunelab.db";
  EXPECT_TRUE(fs::exists(dir / "tunelab.db-wal")) << "killed with its write-ahead log still open";
  EXPECT_EQ(testing::integrityCheck(db), "ok");
  // Each progress line is printed after its run's commit, so the runs stored are the lines
  // printed before the kill, or one more (committed, killed before its line was written).
  const auto printed = testing::countLines(r.err, "[");
  const auto s = stored(db);
  EXPECT_GE(s.runs.size(), printed) << r.err;
  EXPECT_LE(s.runs.size(), printed + 1) << r.err;
  for (const auto& run : s.runs) EXPECT_EQ(run.samples.size(), 2u) << "no half-written runs";
  // Still "running" in the file; the dead writer makes it read as abandoned everywhere.
  EXPECT_EQ(testing::query(db, "SELECT status FROM session"), std::vector<std::string>{"running"});
  EXPECT_EQ(s.status, model::SessionStatus::Abandoned);
  auto sessions = tunelab({"sessions"}, dir.path());
  EXPECT_NE(sessions.out.find("abandoned"), std::string::npos) << sessions.out;
  // A later writer appends to the same file as usual.
  auto again = tunelab({"run", "fault", "-v", "ok", "-r", "1", "--min-time", "0", "-q", "--no-report"},
                       dir.path());
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(testing::integrityCheck(db), "ok");
}

// A session whose writer is alive is running, not abandoned.
TEST(Kill, ALiveWriterIsRunningNotAbandoned) {
  testing::enableFaultWorkload();
  TempDir dir;
  Process p(TUNELAB_BINARY, slowSweep(), dir.path());
  ASSERT_TRUE(waitForFinishedCases(p, 1)) << p.errSoFar();
  auto sessions = tunelab({"sessions"}, dir.path());
  EXPECT_NE(sessions.out.find("running"), std::string::npos) << sessions.out;
  EXPECT_EQ(sessions.out.find("abandoned"), std::string::npos) << sessions.out;
  p.signal(SIGKILL);
  p.wait();
  auto after = tunelab({"sessions"}, dir.path());
  EXPECT_NE(after.out.find("abandoned"), std::string::npos) << after.out;
}

}  // namespace
}  // namespace tunelab
