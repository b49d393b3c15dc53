// Text from the command line is data, never SQL: labels, session references and imported
// names travel as bound parameters. Each hostile string below would drop a table, or match
// every session, if it were spliced into a statement.

#include <gtest/gtest.h>

#include "support.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::TempDir;
using testing::tunelab;

const std::vector<std::string> kHostile = {
    "'; DROP TABLE run; --",
    "\"; DROP TABLE session; --",
    "x' OR '1'='1",
    "1 OR 1=1",
    "latest'; DELETE FROM sample; --",
    "%",
    "_",
    "Robert'); DROP TABLE sample;--",
};

std::vector<std::string> tables(const std::filesystem::path& db) {
  return testing::query(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
}

TEST(Injection, HostileLabelsAndSessionReferencesAreData) {
  testing::enableFaultWorkload();
  TempDir dir;
  const auto db = dir / "tunelab.db";
  ASSERT_EQ(tunelab({"run", "fault", "-v", "ok", "-r", "1", "--min-time", "0", "-q", "--no-report",
                     "--label", "plain"},
                    dir.path())
                .exitCode,
            0);
  const auto before = tables(db);
  ASSERT_GE(before.size(), 8u);

  for (const auto& hostile : kHostile) {
    SCOPED_TRACE(hostile);
    auto run = tunelab({"run", "fault", "-v", "ok", "-r", "1", "--min-time", "0", "-q", "--no-report",
                        "--label", hostile},
                       dir.path());
    ASSERT_EQ(run.exitCode, 0) << run.err;
    // Stored verbatim, found by exactly that text, and by nothing looser.
    EXPECT_EQ(testing::query(db, "SELECT label FROM session ORDER BY id DESC LIMIT 1"),
              std::vector<std::string>{hostile});
    auto report = tunelab({"report", "--session", hostile}, dir.path());
    EXPECT_EQ(report.exitCode, 0) << report.err;
    auto exported = tunelab({"export", "--session", hostile}, dir.path());
    EXPECT_EQ(exported.exitCode, 0) << exported.err;
    EXPECT_EQ(testing::countLines(exported.out, ""), 2u) << "header and this session's one sample";
  }
  // A reference that names no session is refused, however it is spelled.
  for (const auto& ref : {"x' OR 1=1 --", "' OR ''='", "2; DROP TABLE run"}) {
    auto r = tunelab({"report", "--session", ref}, dir.path());
    EXPECT_EQ(r.exitCode, 2) << ref;
    EXPECT_NE(r.err.find("no session"), std::string::npos) << r.err;
  }
  auto sessions = tunelab({"sessions"}, dir.path());
  EXPECT_EQ(sessions.exitCode, 0);
  for (const auto& hostile : kHostile) EXPECT_NE(sessions.out.find(hostile), std::string::npos) << hostile;

  EXPECT_EQ(tables(db), before) << "no table was dropped or added";
  EXPECT_EQ(testing::count(db, "SELECT count(*) FROM run"), 1 + static_cast<long long>(kHostile.size()));
  EXPECT_EQ(testing::count(db, "SELECT count(*) FROM sample"), 1 + static_cast<long long>(kHostile.size()));
  EXPECT_EQ(testing::integrityCheck(db), "ok");
}

// Google Benchmark files are input from elsewhere: hostile benchmark names, labels and
// context values are stored as text.
TEST(Injection, ImportedNamesAreData) {
  TempDir dir;
  testing::writeFile(dir / "evil.json", R"({
  "context": {"date": "2026-01-01T00:00:00+00:00", "host_name": "h'; DROP TABLE session; --",
              "executable": "x\"); DROP TABLE run; --", "num_cpus": 2},
  "benchmarks": [
    {"name": "BM_x'; DROP TABLE run; --/8", "run_name": "BM_x'; DROP TABLE run; --/8", "run_type": "iteration",
     "repetitions": 1, "repetition_index": 0, "threads": 1, "iterations": 10, "real_time": 1.5,
     "cpu_time": 1.5, "time_unit": "ns", "label": "'); DELETE FROM sample; --",
     "evil'; DROP TABLE metric; --": 3}
  ]
})");
  auto r = tunelab({"import", "evil.json", "--label", "'; DROP TABLE run; --"}, dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto db = dir / "tunelab.db";
  EXPECT_EQ(testing::query(db, "SELECT name FROM run"),
            std::vector<std::string>{"BM_x'; DROP TABLE run; --/8"});
  EXPECT_EQ(testing::query(db, "SELECT host FROM session"),
            std::vector<std::string>{"h'; DROP TABLE session; --"});
  EXPECT_EQ(testing::query(db, "SELECT name FROM metric"),
            std::vector<std::string>{"evil'; DROP TABLE metric; --"});
  EXPECT_EQ(testing::count(db, "SELECT count(*) FROM sample"), 1);
  auto report = tunelab({"report", "--session", "'; DROP TABLE run; --"}, dir.path());
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_EQ(testing::integrityCheck(db), "ok");
}

}  // namespace
}  // namespace tunelab
