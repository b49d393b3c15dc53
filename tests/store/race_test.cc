// Processes that open one database file at the same moment, as CI jobs sharing a results file
// do: every one of them must finish its session, on a new file (they race to create it, to
// switch it to WAL and to create the schema) and on an existing one. Each race runs many
// times: the failure these tests guard against (SQLite refusing a lock upgrade without its
// busy handler) struck about one start in two on a new file, never on an existing one.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab::store {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

constexpr int kTrials = 100;  // without the fix, 4–17 of 50 failed: 100 make a pass by luck unthinkable

model::Run smallRun(int writer) {
  model::Run r;
  r.workload = "race";
  r.variant = "w" + std::to_string(writer);
  r.name = "race/" + r.variant;
  model::Sample s;
  s.wallSeconds = 0.001;
  s.cpuSeconds = 0.001;
  r.samples.push_back(s);
  return r;
}

// What a `tunelab run` does to the store: open (create, migrate), begin, add a run, finish.
std::string writeOneSession(const fs::path& db, int writer) {
  auto store = Store::open(db, OpenMode::ReadWrite);
  if (!store) return "open: " + store.error().message;
  model::Session s;
  s.label = "writer-" + std::to_string(writer);
  s.startedAt = "2026-12-06T00:00:00.000Z";
  auto id = store->beginSession(s);
  if (!id) return "beginSession: " + id.error().message;
  if (auto r = store->addRun(*id, smallRun(writer)); !r) return "addRun: " + r.error().message;
  if (auto f = store->finishSession(*id, model::SessionStatus::Complete, "2026-12-06T00:00:01.000Z");
      !f)
    return "finishSession: " + f.error().message;
  return {};
}

long countRows(const fs::path& db, const char* sql) {
  sqlite3* h = nullptr;
  long n = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

// Starts `writers` processes that wait at a gate, opens the gate so they open `db` at once,
// and returns the failure messages (empty when every writer finished its session).
std::vector<std::string> race(const fs::path& db, int writers) {
  int gate[2];
  if (pipe(gate) != 0) return {"pipe failed"};
  std::vector<pid_t> pids;
  std::vector<int> reports;
  for (int w = 0; w < writers; ++w) {
    int report[2];
    if (pipe(report) != 0) return {"pipe failed"};
    pid_t pid = fork();
    if (pid == 0) {
      close(gate[1]);
      close(report[0]);
      char c;
      (void)!read(gate[0], &c, 1);  // returns at EOF: when the parent closes its end
      std::string problem = writeOneSession(db, w);
      (void)!write(report[1], problem.data(), problem.size());
      _exit(problem.empty() ? 0 : 1);
    }
    close(report[1]);
    pids.push_back(pid);
    reports.push_back(report[0]);
  }
  close(gate[0]);
  close(gate[1]);  // all go
  std::vector<std::string> problems;
  for (int w = 0; w < writers; ++w) {
    std::string text;
    char buf[512];
    for (ssize_t n; (n = read(reports[w], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
    close(reports[w]);
    int status = 0;
    waitpid(pids[w], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      problems.push_back("writer " + std::to_string(w) + ": " + (text.empty() ? "died" : text));
  }
  return problems;
}

void raceManyTimes(int writers, bool fresh) {
  int failedTrials = 0;
  std::string first;
  for (int t = 0; t < kTrials; ++t) {
    TempDir dir;
    const auto db = dir / "shared.db";
    if (!fresh) {
      ASSERT_TRUE(Store::open(db, OpenMode::ReadWrite).ok());
    }
    auto problems = race(db, writers);
    if (!problems.empty()) {
      ++failedTrials;
      if (first.empty()) first = problems.front();
      continue;
    }
    ASSERT_EQ(countRows(db, "SELECT count(*) FROM session WHERE status = 'complete'"), writers)
        << "trial " << t;
    ASSERT_EQ(countRows(db, "SELECT count(*) FROM run"), writers) << "trial " << t;
  }
  EXPECT_EQ(failedTrials, 0) << writers << " writers on " << (fresh ? "a new" : "an existing")
                             << " file failed in " << failedTrials << " of " << kTrials
                             << " trials; the first: " << first;
}

TEST(StoreRace, TwoProcessesOpeningANewFileAtOnceBothFinish) { raceManyTimes(2, true); }
TEST(StoreRace, FourProcessesOpeningANewFileAtOnceAllFinish) { raceManyTimes(4, true); }
TEST(StoreRace, TwoProcessesOpeningAnExistingFileAtOnceBothFinish) { raceManyTimes(2, false); }
TEST(StoreRace, FourProcessesOpeningAnExistingFileAtOnceAllFinish) { raceManyTimes(4, false); }

}  // namespace
}  // namespace tunelab::store
