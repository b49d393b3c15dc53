// `tunelab trend` end to end on a database built with the store library: twelve sessions of
// one benchmark with a 15 % step at the eighth, two git revisions, a failed run.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "process.h"
#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab {
namespace {

using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;

ProcessResult tunelab(const std::vector<std::string>& args, const fs::path& cwd) {
  return testing::runProcess(TUNELAB_BINARY, args, cwd);
}

model::Run run(const std::string& name, double center, std::size_t session) {
  model::Run r;
  r.workload = "w";
  r.variant = "v";
  r.name = name;
  for (int i = 0; i < 10; ++i) {
    model::Sample s;
    s.repetition = i;
    // ±1 % within a session, a little drift between sessions.
    s.wallSeconds = center * (1 + 0.01 * ((i * 7 + static_cast<int>(session) * 3) % 11 - 5) / 5.0) *
                    (1 + 0.003 * static_cast<double>(session % 3));
    s.cpuSeconds = s.wallSeconds;
    r.samples.push_back(s);
  }
  return r;
}

void buildDatabase(const fs::path& db) {
  auto store = store::Store::open(db, store::OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (std::size_t i = 0; i < 12; ++i) {
    model::Session s;
    s.label = "nightly-" + std::to_string(i);
    s.startedAt = "2026-11-" + std::to_string(10 + i) + "T02:00:00.000Z";
    s.environment.gitRevision = i < 7 ? "aaaa111" : "bbbb222";
    auto id = store->beginSession(s);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(store->addRun(*id, run("w/v/n:100/threads:1", i < 7 ? 10e-3 : 11.5e-3, i)).ok());
    auto other = run("w/v/n:200/threads:1", 20e-3, i);
    if (i == 4) {
      other.status = model::RunStatus::Crashed;
      other.reason = "killed by SIGSEGV";
      other.samples.clear();
    }
    ASSERT_TRUE(store->addRun(*id, other).ok());
    ASSERT_TRUE(store->finishSession(*id, model::SessionStatus::Complete, s.startedAt).ok());
  }
}

TEST(Trend, FindsTheStepAndNamesTheSessionWhereItBegins) {
  TempDir dir;
  buildDatabase(dir / "t.db");
  auto r =
      tunelab({"trend", "w/v/n:100/threads:1", "--db", "t.db", "--format", "json"}, dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["points"].size(), 12u);
  ASSERT_EQ(j["steps"].size(), 1u) << j["conclusion"];
  EXPECT_EQ(j["steps"][0]["index"], 7);
  EXPECT_EQ(j["steps"][0]["name"], "nightly-7 (8)");
  EXPECT_EQ(j["steps"][0]["kind"], "shift");
  EXPECT_NEAR(j["steps"][0]["ratio"].get<double>(), 1.15, 0.02);
  EXPECT_NE(
      j["conclusion"].get<std::string>().find("Step change in time: +15 % from nightly-7 (8)"),
      std::string::npos)
      << j["conclusion"];

  auto table = tunelab({"trend", "n:100", "--db", "t.db"}, dir.path());  // a unique substring
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("trend of w/v/n:100/threads:1 (time, 12 points)"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("↑ step +15 %"), std::string::npos) << table.out;
}

TEST(Trend, PoolsByRevisionAndShowsFailures) {
  TempDir dir;
  buildDatabase(dir / "t.db");
  auto byRev = nlohmann::json::parse(tunelab({"trend", "w/v/n:100/threads:1", "--db", "t.db",
                                              "--by", "revision", "--format", "json"},
                                             dir.path())
                                         .out);
  ASSERT_EQ(byRev["points"].size(), 2u);
  EXPECT_EQ(byRev["points"][0]["name"], "aaaa111");
  EXPECT_EQ(byRev["points"][0]["count"], 70);  // seven sessions of ten repetitions
  ASSERT_EQ(byRev["steps"].size(), 1u);
  EXPECT_EQ(byRev["steps"][0]["name"], "bbbb222");

  auto failed = nlohmann::json::parse(
      tunelab({"trend", "w/v/n:200/threads:1", "--db", "t.db", "--format", "json"}, dir.path())
          .out);
  EXPECT_EQ(failed["points"][4]["ok"], false);
  EXPECT_EQ(failed["points"][4]["reason"], "killed by SIGSEGV");
  EXPECT_TRUE(failed["steps"].empty()) << failed["conclusion"];

  auto labelled = nlohmann::json::parse(tunelab({"trend", "w/v/n:100/threads:1", "--db", "t.db",
                                                 "--label", "nightly-1*", "--format", "json"},
                                                dir.path())
                                            .out);
  EXPECT_EQ(labelled["points"].size(), 3u);  // nightly-1, nightly-10, nightly-11
}

TEST(Trend, AmbiguousOrUnknownNamesAreUsageErrors) {
  TempDir dir;
  buildDatabase(dir / "t.db");
  auto ambiguous = tunelab({"trend", "w/v", "--db", "t.db"}, dir.path());
  EXPECT_EQ(ambiguous.exitCode, 2);
  EXPECT_NE(ambiguous.err.find("'w/v' matches 2 benchmarks; name one:\n  w/v/n:100/threads:1"),
            std::string::npos)
      << ambiguous.err;
  auto unknown = tunelab({"trend", "kmeans", "--db", "t.db"}, dir.path());
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("no benchmark named or containing 'kmeans'"), std::string::npos)
      << unknown.err;
  auto by = tunelab({"trend", "n:100", "--db", "t.db", "--by", "week"}, dir.path());
  EXPECT_EQ(by.exitCode, 2);
}

}  // namespace
}  // namespace tunelab
