// Faults during a run, through the real `tunelab run`: the test-only `fault` workload
// segfaults, aborts, hangs, throws or exhausts memory on demand.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "support.h"
#include "tunelab/model/status.h"
#include "tunelab/store/store.h"
#include "tunelab/workloads/workload.h"

namespace tunelab {
namespace {

using testing::TempDir;
using testing::tunelab;
namespace fs = std::filesystem;

class Faults : public ::testing::Test {
 protected:
  void SetUp() override { testing::enableFaultWorkload(); }

  std::map<std::string, model::Run> runsByVariant(const fs::path& db, const std::string& label) {
    auto store = store::Store::open(db, store::OpenMode::ReadOnly);
    EXPECT_TRUE(store.ok()) << store.error().message;
    std::map<std::string, model::Run> out;
    if (!store) return out;
    auto id = store->resolveSession(label);
    EXPECT_TRUE(id.ok());
    if (!id) return out;
    m_status = store->session(*id)->status;
    auto runs = store->runs(*id);
    EXPECT_TRUE(runs.ok());
    if (!runs) return out;
    for (const auto& r : runs.value()) out[r.variant] = r;
    return out;
  }
  model::SessionStatus m_status = model::SessionStatus::Running;
};

TEST_F(Faults, EachFaultIsRecordedWithItsReasonAndTheSessionGoesOn) {
  TempDir dir;
  const auto start = std::chrono::steady_clock::now();
  auto r = tunelab({"run", "fault", "-v", "segv,abort,hang,throw,ok", "--timeout", "2", "-r", "2",
                    "--min-time", "0", "--label", "faults", "--no-report"},
                   dir.path());
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exitCode, 1) << "a failed case exits 1\n" << r.err;
  EXPECT_LT(took, 60) << "the hang was cut at --timeout 2";
  auto runs = runsByVariant(dir / "tunelab.db", "faults");
  ASSERT_EQ(runs.size(), 5u) << r.err;
  EXPECT_EQ(m_status, model::SessionStatus::Complete);

  EXPECT_EQ(runs["segv"].status, model::RunStatus::Crashed);
  EXPECT_EQ(runs["abort"].status, model::RunStatus::Crashed);
  if (!testing::kSanitized) {
    // Under a sanitizer its own handler catches the fault and aborts instead.
    EXPECT_NE(runs["segv"].reason.find("signal 11 (Segmentation fault)"), std::string::npos)
        << runs["segv"].reason;
    EXPECT_NE(runs["abort"].reason.find("signal 6 (Aborted)"), std::string::npos) << runs["abort"].reason;
  }
  EXPECT_EQ(runs["hang"].status, model::RunStatus::Timeout);
  EXPECT_NE(runs["hang"].reason.find("timeout of 2"), std::string::npos) << runs["hang"].reason;
  EXPECT_EQ(runs["throw"].status, model::RunStatus::Failed);
  EXPECT_NE(runs["throw"].reason.find("threw, as asked"), std::string::npos) << runs["throw"].reason;
  for (const auto* v : {"segv", "abort", "hang", "throw"}) EXPECT_TRUE(runs[v].samples.empty()) << v;
  // The session went on after four faults: the last case is whole.
  EXPECT_EQ(runs["ok"].status, model::RunStatus::Ok);
  EXPECT_EQ(runs["ok"].samples.size(), 2u);

  // Every fault is on the terminal too, with its reason.
  EXPECT_NE(r.err.find("fault/segv"), std::string::npos);
  EXPECT_NE(r.err.find("FAILED: no result within the timeout"), std::string::npos) << r.err;
  EXPECT_EQ(testing::integrityCheck(dir / "tunelab.db"), "ok");
}

TEST_F(Faults, OutOfMemoryUnderMemoryLimitIsReportedAsSuch) {
  if (testing::kSanitized)
    GTEST_SKIP() << "sanitizers reserve terabytes of address space: RLIMIT_AS cannot apply";
  TempDir dir;
  auto r = tunelab({"run", "fault", "-v", "oom,ok", "-p", "mib=2048", "--memory-limit", "256", "-r",
                    "1", "--min-time", "0", "--label", "oom", "--no-report"},
                   dir.path());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  auto runs = runsByVariant(dir / "tunelab.db", "oom");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs["oom"].status, model::RunStatus::Failed);
  EXPECT_NE(runs["oom"].reason.find("out of memory: the case exceeded --memory-limit of 256 MiB"),
            std::string::npos)
      << runs["oom"].reason;
  EXPECT_EQ(runs["ok"].status, model::RunStatus::Ok);
}

// Without --isolate a crash takes tunelab down with it: every run committed before stays, the
// file stays sound, and the session reads as abandoned, not as still running.
TEST_F(Faults, CrashWithoutIsolationKeepsEarlierRunsAndTheSessionReadsAbandoned) {
  TempDir dir;
  auto r = tunelab({"run", "fault", "-v", "ok,segv", "-r", "2", "--min-time", "0", "--label", "bare",
                    "--no-report"},
                   dir.path());
  EXPECT_NE(r.exitCode, 0);
  if (!testing::kSanitized) {
    EXPECT_EQ(r.exitCode, 128 + SIGSEGV) << r.err;
  }
  EXPECT_EQ(testing::integrityCheck(dir / "tunelab.db"), "ok");
  auto runs = runsByVariant(dir / "tunelab.db", "bare");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs["ok"].samples.size(), 2u);
  EXPECT_EQ(m_status, model::SessionStatus::Abandoned);
  auto sessions = tunelab({"sessions"}, dir.path());
  EXPECT_NE(sessions.out.find("abandoned"), std::string::npos) << sessions.out;
  auto report = tunelab({"report", "--session", "bare"}, dir.path());
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_NE(report.out.find("· abandoned ·"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("killed before it could finish"), std::string::npos) << report.out;
}

// The fault workload never reaches users: not listed, not in `tunelab run all`, not found by
// name unless TUNELAB_FAULT_WORKLOAD=1.
TEST(FaultWorkload, HiddenFromListsAndTheDefaultSweep) {
  testing::enableFaultWorkload();
  for (const auto* w : workloads::registry()) EXPECT_NE(w->name(), "fault");
  EXPECT_EQ(workloads::workloadNames().find("fault"), std::string::npos);
  EXPECT_NE(workloads::findWorkload("fault"), nullptr);
  TempDir dir;
  auto list = tunelab({"list"}, dir.path());
  EXPECT_EQ(list.out.rfind("fault ", 0), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("\nfault "), std::string::npos) << list.out;

  unsetenv("TUNELAB_FAULT_WORKLOAD");
  EXPECT_EQ(workloads::findWorkload("fault"), nullptr);
  auto r = tunelab({"run", "fault", "-v", "ok", "-r", "1"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown workload 'fault'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "tunelab.db"));
}

}  // namespace
}  // namespace tunelab
