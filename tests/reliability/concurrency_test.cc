// Concurrent use of one database file: two `tunelab run` writing at once, and a reader (the
// store's read API, as the GUI's DatabaseLoader calls it) polling meanwhile.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "support.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::Process;
using testing::TempDir;
namespace fs = std::filesystem;

constexpr int kCases = 30;
constexpr int kReps = 3;

std::vector<std::string> writer(const std::string& label) {
  std::string ms;
  for (int i = 0; i < kCases; ++i) ms += (ms.empty() ? "" : ",") + std::to_string(1 + i * 0.01);
  return {"run", "fault", "-v", "ok", "-p", "ms=" + ms, "-r", std::to_string(kReps), "--min-time",
          "0", "--label", label, "--no-report", "-q", "--db", "shared.db"};
}

struct ReaderStats {
  long polls = 0;
  long runsSeen = 0;
  std::vector<std::string> problems;
};

// Reads every session's runs again and again, as the GUI does when it refreshes, and checks
// that each run it sees is whole: all its repetitions, each with its metric.
void poll(const fs::path& db, const std::atomic<bool>& stop, ReaderStats& stats) {
  std::map<std::int64_t, std::size_t> lastCount;
  while (!stop.load()) {
    auto store = store::Store::open(db, store::OpenMode::ReadOnly);
    if (!store) {  // the file may not exist yet, or still be empty
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    for (int again = 0; again < 20 && !stop.load(); ++again) {
      auto sessions = store->sessions();
      if (!sessions) {
        stats.problems.push_back("sessions(): " + sessions.error().message);
        return;
      }
      for (const auto& s : *sessions) {
        auto runs = store->runs(s.id);
        if (!runs) {
          stats.problems.push_back("runs(): " + runs.error().message);
          return;
        }
        ++stats.polls;
        stats.runsSeen += static_cast<long>(runs->size());
        auto& last = lastCount[s.id.value()];
        if (runs->size() < last) stats.problems.push_back("a session lost runs");
        last = runs->size();
        for (const auto& r : *runs) {
          if (r.samples.size() != kReps)
            stats.problems.push_back(r.name + " seen with " + std::to_string(r.samples.size()) + " samples");
          for (const auto& smp : r.samples)
            if (smp.metrics.size() != 1) stats.problems.push_back(r.name + " seen without its metric");
        }
      }
    }
  }
}

TEST(Concurrency, TwoWritersBothFinishAndAReaderSeesOnlyWholeRuns) {
  testing::enableFaultWorkload();
  TempDir dir;
  std::atomic<bool> stop{false};
  ReaderStats stats;
  std::thread reader(poll, dir / "shared.db", std::cref(stop), std::ref(stats));
  // Both start at once on a file that does not exist yet: they race to create the schema too.
  Process a(TUNELAB_BINARY, writer("A"), dir.path());
  Process b(TUNELAB_BINARY, writer("B"), dir.path());
  auto ra = a.wait();
  auto rb = b.wait();
  stop = true;
  reader.join();
  EXPECT_EQ(ra.exitCode, 0) << ra.err;
  EXPECT_EQ(rb.exitCode, 0) << rb.err;
  for (const auto& p : stats.problems) ADD_FAILURE() << p;
  EXPECT_GT(stats.polls, 10) << "the reader really read while they wrote";

  const auto db = dir / "shared.db";
  EXPECT_EQ(testing::integrityCheck(db), "ok");
  auto store = store::Store::open(db, store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  for (const auto* label : {"A", "B"}) {
    auto id = store->resolveSession(label);
    ASSERT_TRUE(id.ok()) << label;
    EXPECT_EQ(store->session(*id)->status, model::SessionStatus::Complete);
    auto runs = store->runs(*id);
    ASSERT_EQ(runs->size(), static_cast<std::size_t>(kCases)) << label;
    std::set<int> seqs;
    for (const auto& r : *runs) EXPECT_EQ(r.samples.size(), static_cast<std::size_t>(kReps));
  }
  EXPECT_EQ(testing::count(db, "SELECT count(*) FROM run"), 2 * kCases);
}

// Four writers created at the same instant on one new file: the schema is made once, and
// none of them fails with "table session already exists".
TEST(Concurrency, SimultaneousFirstOpensCreateTheSchemaOnce) {
  testing::enableFaultWorkload();
  for (int round = 0; round < 3; ++round) {
    TempDir dir;
    std::vector<std::unique_ptr<Process>> ps;
    for (int i = 0; i < 4; ++i)
      ps.push_back(std::make_unique<Process>(
          TUNELAB_BINARY,
          std::vector<std::string>{"run", "fault", "-v", "ok", "-r", "1", "--min-time", "0", "-q",
                                   "--no-report", "--db", "new.db"},
          dir.path()));
    for (auto& p : ps) {
      auto r = p->wait();
      EXPECT_EQ(r.exitCode, 0) << "round " << round << ": " << r.err;
    }
    EXPECT_EQ(testing::count(dir / "new.db", "SELECT count(*) FROM session WHERE status = 'complete'"), 4);
    EXPECT_EQ(testing::integrityCheck(dir / "new.db"), "ok");
  }
}

// A writer that finds the lock held waits (busy timeout, then retries) instead of losing the
// run it has measured: here a connection takes the write lock while the writer's case runs
// (1 s) and holds it for 14 s, so the writer's commit waits longer than the 10 s busy
// timeout alone would.
TEST(Concurrency, AWriterWaitsOutALockHeldLongerThanTheBusyTimeout) {
  testing::enableFaultWorkload();
  TempDir dir;
  const auto db = dir / "locked.db";
  ASSERT_EQ(testing::tunelab({"run", "fault", "-v", "ok", "-r", "1", "--min-time", "0", "-q",
                              "--no-report", "--db", "locked.db"},
                             dir.path())
                .exitCode,
            0);
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  Process p(TUNELAB_BINARY,
            {"run", "fault", "-v", "ok", "-p", "ms=1000", "-r", "1", "--min-time", "0", "--no-report",
             "--db", "locked.db", "--label", "waited"},
            dir.path());
  // Take the lock once the writer has begun its session (its first transaction).
  for (int i = 0; i < 3000 && testing::count(db, "SELECT count(*) FROM session") < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::this_thread::sleep_for(std::chrono::seconds(14));
  ASSERT_EQ(sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  auto r = p.wait();
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(testing::count(db, "SELECT count(*) FROM run r JOIN session s ON s.id = r.session_id "
                               "WHERE s.label = 'waited'"),
            1);
}

}  // namespace
}  // namespace tunelab
