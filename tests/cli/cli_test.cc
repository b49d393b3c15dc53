#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "csv_reader.h"
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

// Small and quick: two variants, threads 1 and 2, two repetitions each.
const std::vector<std::string> kSmallRun = {"run", "kmeans", "-v", "serial,threads", "-p", "n=3000", "-p", "k=4", "-t", "1,2",
                                            "-r", "2", "--min-time", "0", "--label", "e2e"};

TEST(Cli, RunStoresEveryCaseAndExportMatchesIt) {
  TempDir dir;
  auto run = tunelab(kSmallRun, dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_TRUE(fs::exists(dir / "tunelab.db"));
  EXPECT_NE(run.out.find("speedup"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("[3/3]"), std::string::npos) << "one progress line per case\n" << run.err;

  // The database, read by the library: serial at 1 thread, threads at 1 and 2.
  auto store = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto id = store->resolveSession("e2e");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(store->session(*id)->status, model::SessionStatus::Complete);
  auto runs = store->runs(*id);
  ASSERT_EQ(runs->size(), 3u);
  std::multimap<std::string, int> expected = {{"serial", 1}, {"threads", 1}, {"threads", 2}};
  std::multimap<std::string, int> got;
  for (const auto& r : *runs) {
    got.emplace(r.variant, r.threads);
    EXPECT_EQ(r.samples.size(), 2u);
  }
  EXPECT_EQ(got, expected);

  // Export to a file and parse it back: one row per repetition, matching the database.
  auto exp = tunelab({"export", "--session", "e2e", "--out", "samples.csv"}, dir.path());
  ASSERT_EQ(exp.exitCode, 0) << exp.err;
  auto rows = testing::parseCsv(testing::readFile(dir / "samples.csv"));
  ASSERT_EQ(rows.size(), 1u + 3u * 2u);
  const auto& header = rows[0];
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (auto name : {"session", "run", "name", "variant", "threads", "repetition", "wall_s", "cpu_s"})
    ASSERT_TRUE(col.count(name)) << name;
  std::multimap<std::string, int> exported;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(row[col["session"]], std::to_string(id->value()));
    EXPECT_EQ(row[col["status"]], "ok");
    EXPECT_GT(std::stod(row[col["wall_s"]]), 0);
    if (row[col["repetition"]] == "0") exported.emplace(row[col["variant"]], std::stoi(row[col["threads"]]));
    bool found = false;
    for (const auto& r : *runs)
      for (const auto& s : r.samples)
        found = found || (r.name == row[col["name"]] &&
                          std::to_string(s.repetition) == row[col["repetition"]] &&
                          std::stod(row[col["wall_s"]]) == s.wallSeconds);
    EXPECT_TRUE(found) << "row " << i << " is not in the database";
  }
  EXPECT_EQ(exported, expected);

  // Every repetition reports the same inertia for serial and threads: identical answers.
  auto metrics = tunelab({"export", "--view", "metrics"}, dir.path());
  ASSERT_EQ(metrics.exitCode, 0);
  std::set<std::string> inertias;
  for (const auto& row : testing::parseCsv(metrics.out))
    if (row.size() > 11 && row[10] == "inertia") inertias.insert(row[11]);
  EXPECT_EQ(inertias.size(), 1u);

  auto report = tunelab({"report"}, dir.path());
  ASSERT_EQ(report.exitCode, 0);
  EXPECT_NE(report.out.find("kmeans/threads"), std::string::npos);
  EXPECT_NE(report.out.find("1.00×"), std::string::npos) << report.out;
}

TEST(Cli, DatabaseSurvivesIntegrityCheckAndIsWal) {
  TempDir dir;
  ASSERT_EQ(tunelab({"run", "kmeans", "-v", "serial", "-p", "n=500", "-r", "1", "--min-time", "0",
                     "--db", "results/t.db", "-q", "--no-report"},
                    dir.path())
                .exitCode,
            0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "results/t.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(Cli, UnknownNamesListTheValidOnesAndExit2) {
  TempDir dir;
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const auto& c : std::vector<Case>{
           {{"run", "kmaens"}, "unknown workload 'kmaens'. Valid workloads: kmeans"},
           {{"run", "kmeans", "-v", "gpu"}, "Valid variants: naive, serial, threads"},
           {{"run", "kmeans", "-p", "n=3", "-p", "k=5"}, "kmeans: k=5 is more than the n=3 points; choose k <= n."},
           {{"run", "kmeans", "-p", "clusters=3"}, "Valid parameters: n, d, k"},
           {{"run", "kmeans", "-p", "n=ten"}, "n=ten is not an integer"},
           {{"run", "kmeans", "-p", "n"}, "is not KEY=VALUE"},
           {{"run", "kmeans", "-t", "0"}, "'0' is not a thread count"},
           {{"list", "nope"}, "Valid workloads: kmeans"},
           {{"export", "--view", "nope"}, "Valid views: samples, metrics, counters"},
           {{"frobnicate"}, "tunelab --help"},
       }) {
    auto r = tunelab(c.args, dir.path());
    EXPECT_EQ(r.exitCode, 2) << c.args[0] << " " << (c.args.size() > 1 ? c.args[1] : "");
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "tunelab.db")) << "a refused command creates no database";
}

TEST(Cli, RefusedDatabasesExit2AndStayUntouched) {
  TempDir dir;
  testing::writeFile(dir / "notes.db", "not a database\n");
  auto r = tunelab({"run", "kmeans", "--db", "notes.db", "-r", "1"}, dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("notes.db: is not a SQLite database"), std::string::npos) << r.err;
  EXPECT_EQ(testing::readFile(dir / "notes.db"), "not a database\n");

  auto missing = tunelab({"report", "--db", "absent.db"}, dir.path());
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_NE(missing.err.find("no such results database"), std::string::npos) << missing.err;

  auto unwritable = tunelab({"run", "kmeans", "--db", "/proc/tunelab/t.db", "-r", "1"}, dir.path());
  EXPECT_EQ(unwritable.exitCode, 2);
  EXPECT_NE(unwritable.err.find("/proc/tunelab/t.db"), std::string::npos) << unwritable.err;
}

TEST(Cli, NewerSchemaExits2AndStaysUntouched) {
  TempDir dir;
  ASSERT_EQ(tunelab({"run", "kmeans", "-v", "serial", "-p", "n=200", "-r", "1", "--min-time", "0", "-q", "--no-report"}, dir.path()).exitCode, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "tunelab.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  const auto before = testing::readFile(dir / "tunelab.db");
  for (auto cmd : {"run", "report", "export"}) {
    std::vector<std::string> args = {cmd};
    if (std::string(cmd) == "run") args.push_back("kmeans");
    auto r = tunelab(args, dir.path());
    EXPECT_EQ(r.exitCode, 2) << cmd;
    EXPECT_NE(r.err.find("newer tunelab (schema version 99"), std::string::npos) << r.err;
  }
  EXPECT_EQ(testing::readFile(dir / "tunelab.db"), before);
}

// A single-threaded case cannot use more CPU than wall time — unless something else in the
// process is busy while it is timed. OpenBLAS's workers, started when the library loads,
// polled a core for ~0.1 s and made the first short cases of every run read CPU/wall 2.00
// (workloads::quietLibraries stops them at start-up). The pollers yield to other processes,
// so on a busy machine they hide: this test catches them where the machine is idle.
TEST(Cli, ASerialCaseIsTheOnlyThingRunningInTheProcess) {
  TempDir dir;
  ASSERT_EQ(tunelab({"run", "calibrate", "-r", "10", "--min-time", "0", "--counters", "none", "-q",
                     "--no-report"},
                    dir.path())
                .exitCode,
            0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "tunelab.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT wall_s, cpu_s FROM sample", -1, &st, nullptr), SQLITE_OK);
  int rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    const double wall = sqlite3_column_double(st, 0), cpu = sqlite3_column_double(st, 1);
    EXPECT_LE(cpu, wall * 1.25 + 50e-6) << "repetition " << rows;  // timer granularity
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows, 10);
}

TEST(Cli, FailingCaseIsStoredAndExits1) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "--memory-limit caps the address space; sanitizers reserve terabytes of it";
#endif
  TempDir dir;
  // 2 million points do not fit in a 64 MiB address space: the case fails while preparing.
  auto r = tunelab({"run", "kmeans", "-v", "serial", "-p", "n=2000000", "--memory-limit", "64", "-r", "1"},
                   dir.path());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("FAILED: out of memory"), std::string::npos) << r.err;
  auto csv = tunelab({"export"}, dir.path());
  EXPECT_NE(csv.out.find(",failed,"), std::string::npos) << csv.out;
}

TEST(Cli, HelpListAndInfoTeach) {
  TempDir dir;
  auto help = tunelab({"--help"}, dir.path());
  EXPECT_EQ(help.exitCode, 0);
  for (auto word : {"run", "list", "report", "export", "info", "Examples", "Exit codes"})
    EXPECT_NE(help.out.find(word), std::string::npos) << word;
  auto runHelp = tunelab({"run", "--help"}, dir.path());
  EXPECT_EQ(runHelp.exitCode, 0);
  EXPECT_NE(runHelp.out.find("--threads"), std::string::npos);
  EXPECT_NE(runHelp.out.find("Examples"), std::string::npos);
  auto list = tunelab({"list", "kmeans"}, dir.path());
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_NE(list.out.find("default 20000"), std::string::npos) << list.out;
  auto info = tunelab({"info"}, dir.path());
  EXPECT_EQ(info.exitCode, 0);
  for (auto word : {"cpu", "cores", "kernel", "compiler", "pmu", "caches"})
    EXPECT_NE(info.out.find(word), std::string::npos) << word;
}

// The ceilings for rooflines are measured by tunelab and stored like any session.
// `--op X` is `-p op=X` (the factorization workload's operation), and refused by a workload
// that has no such parameter.
TEST(Cli, OpOptionSelectsTheOperation) {
  TempDir dir;
  auto run = tunelab({"run", "factor", "--op", "cholesky,lu", "-v", "naive", "-p", "n=16", "-r", "1",
                      "--min-time", "0", "--counters", "none", "-q", "--no-report"},
                     dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  auto store = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  auto runs = store->runs(*store->resolveSession("latest"));
  std::set<std::string> ops;
  for (const auto& r : *runs)
    for (const auto& p : r.params)
      if (p.key == "op") ops.insert(p.value);
  EXPECT_EQ(ops, (std::set<std::string>{"cholesky", "lu"}));
  auto wrong = tunelab({"run", "kmeans", "--op", "lu", "-q"}, dir.path());
  EXPECT_EQ(wrong.exitCode, 2);
  EXPECT_NE(wrong.err.find("unknown parameter 'op'"), std::string::npos) << wrong.err;
}

TEST(Cli, InfoMeasureStoresTheMachinesCeilings) {
  TempDir dir;
  auto info = tunelab({"info", "--measure", "-q", "--db", "m.db"}, dir.path());
  ASSERT_EQ(info.exitCode, 0) << info.err;
  for (auto word : {"memory bandwidth", "peak fp32", "peak fp64", "GB/s", "GFLOP/s"})
    EXPECT_NE(info.out.find(word), std::string::npos) << word << "\n" << info.out;
  auto store = store::Store::open(dir / "m.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  auto id = store->resolveSession("machine");
  ASSERT_TRUE(id.ok());
  auto runs = store->runs(*id);
  std::set<std::string> variants;
  for (const auto& r : *runs) {
    EXPECT_EQ(r.workload, "machine");
    EXPECT_EQ(r.status, model::RunStatus::Ok) << r.reason;
    variants.insert(r.variant);
    for (const auto& s : r.samples)
      for (const auto& m : s.metrics)
        if (m.name == "bandwidth" || m.name == "gflops") {
          EXPECT_GT(m.value, 0) << r.name;
        }
  }
  EXPECT_EQ(variants, (std::set<std::string>{"triad", "fma-f32", "fma-f64"}));
}

TEST(Cli, InterruptKeepsFinishedRunsAndMarksTheSession) {
  TempDir dir;
  // Many short cases: SIGINT lands while the sweep is in progress.
  testing::Process p(TUNELAB_BINARY,
                     {"run", "kmeans", "-t", "1-2", "-p", "n=20000", "-r", "30", "--min-time", "0.05", "-q"},
                     dir.path());
  // Wait until at least one run is committed, then interrupt.
  for (int i = 0; i < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto s = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
    if (s.ok()) {
      auto id = s->resolveSession("latest");
      if (id.ok() && !s->runs(*id)->empty()) break;
    }
  }
  p.signal(SIGINT);
  auto r = p.wait();
  EXPECT_EQ(r.exitCode, 130) << r.err;
  auto store = store::Store::open(dir / "tunelab.db", store::OpenMode::ReadOnly);
  ASSERT_TRUE(store.ok());
  auto id = store->resolveSession("latest");
  EXPECT_EQ(store->session(*id)->status, model::SessionStatus::Interrupted);
  auto runs = store->runs(*id);
  EXPECT_GE(runs->size(), 1u);
  EXPECT_LT(runs->size(), 3u);
  for (const auto& run : *runs) EXPECT_EQ(run.samples.size(), 30u) << "no half-written runs";
}

}  // namespace
}  // namespace tunelab
