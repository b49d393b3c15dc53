#include <gtest/gtest.h>
#include <sqlite3.h>

#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab::store {
namespace {

using testing::TempDir;

model::Session makeSession(const std::string& label) {
  model::Session s;
  s.label = label;
  s.startedAt = "2026-11-25T10:00:00.000Z";
  s.commandLine = "tunelab run kmeans";
  auto& e = s.environment;
  e.host = "host";
  e.cpuModel = "cpu";
  e.logicalCores = 2;
  e.physicalCores = 1;
  e.kernel = "Linux 6";
  e.compiler = "GNU 12";
  e.compilerFlags = "-O3";
  e.buildType = "Release";
  e.gitRevision = "abc123";
  e.tunelabVersion = "0.1.0";
  e.extra = {{"caches", "L1d 32K"}, {"pmu", "no (reason)"}};
  return s;
}

// A run that uses every table and every optional column, both present and absent.
model::Run makeRun(int threads) {
  model::Run r;
  r.workload = "kmeans";
  r.variant = "threads";
  r.params = {{"n", "100"}, {"k", "3"}, {"d", "2"}};  // not alphabetical: order must survive
  r.threads = threads;
  r.name = "kmeans/threads/n:100/k:3/d:2/threads:" + std::to_string(threads);
  for (int rep = 0; rep < 3; ++rep) {
    model::Sample s;
    s.repetition = rep;
    s.iterations = 10 + rep;
    s.wallSeconds = 0.001 * (rep + 1);
    s.cpuSeconds = 0.002 * (rep + 1);
    s.counters = {{"task-clock", 1.5e6, 100, 100, false, ""},
                  {"cycles", std::nullopt, 0, 0, false, "perf_event_open: No such file or directory"},
                  {"instructions", 12345.0, 0, 0, true, ""}};
    s.alloc = model::AllocStats{7, 6, 4096, 1024, std::nullopt, std::nullopt};
    if (rep == 1) s.alloc = model::AllocStats{1, 1, 64, 64, 65536, 64};
    if (rep == 2) s.alloc.reset();
    s.metrics = {{"inertia", 12.5 + rep, ""}, {"gflops", 3.25, "GFLOP/s"}};
    s.regions = {{"assign", 0.0007, 20, {{"task-clock", 7e5, 10, 10, false, ""},
                                         {"cycles", std::nullopt, 0, 0, false, "no PMU"}}},
                 {"update", 0.0001, 20, {}}};
    s.series = {{"inertia", "", "iteration", {0, 1, 2}, {10.5, 3.25, 3.0 + rep}},
                {"none", "u", "x", {}, {}}};
    if (rep == 1)
      s.threads = {{0, 0.5, {{"task-clock", 4e5, 9, 9, false, ""},
                             {"cycles", std::nullopt, 0, 0, false, "no PMU"}}},
                   {1, 0.25, {}}};
    r.samples.push_back(s);
  }
  // Not in alphabetical order: the order prepare() entered them must survive.
  r.setupRegions = {{"train", 0.25, 1, {}}, {"encode", 0.125, 2, {}}};
  return r;
}

// Ids are assigned by the store; equality below is about everything else.
void clearIds(std::vector<model::Run>& runs) {
  for (auto& r : runs) {
    r.id = {};
    r.session = {};
    for (auto& s : r.samples) s.id = {};
  }
}

TEST(Store, RoundTripsEveryTable) {
  TempDir dir;
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto session = makeSession("round-trip");
  auto id = store->beginSession(session);
  ASSERT_TRUE(id.ok()) << id.error().message;
  std::vector<model::Run> written = {makeRun(1), makeRun(2)};
  model::Run failed;
  failed.workload = "kmeans";
  failed.variant = "serial";
  failed.name = "kmeans/serial/threads:1";
  failed.status = model::RunStatus::Failed;
  failed.reason = "k=9 is more than n=3 points";
  written.push_back(failed);
  for (const auto& r : written) ASSERT_TRUE(store->addRun(*id, r).ok());
  ASSERT_TRUE(store->finishSession(*id, model::SessionStatus::Complete, "2026-11-25T10:01:00.000Z").ok());

  // Read back through a second, read-only connection: what is on disk, not in a cache.
  auto reader = Store::open(dir / "t.db", OpenMode::ReadOnly);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  auto back = reader->session(*id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->label, "round-trip");
  EXPECT_EQ(back->status, model::SessionStatus::Complete);
  EXPECT_EQ(back->endedAt, "2026-11-25T10:01:00.000Z");
  EXPECT_EQ(back->commandLine, session.commandLine);
  EXPECT_EQ(back->environment.cpuModel, "cpu");
  EXPECT_EQ(back->environment.physicalCores, 1);
  EXPECT_EQ(back->environment.gitRevision, "abc123");
  EXPECT_EQ(back->environment.extra, session.environment.extra);

  auto runs = reader->runs(*id);
  ASSERT_TRUE(runs.ok()) << runs.error().message;
  for (const auto& r : *runs) {
    EXPECT_TRUE(r.id.valid());
    EXPECT_EQ(r.session, *id);
  }
  clearIds(*runs);
  EXPECT_EQ(*runs, written);
}

TEST(Store, TimesAndHeadersReadLessOfEachRun) {
  TempDir dir;
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto id = store->beginSession(makeSession("times"));
  ASSERT_TRUE(id.ok());
  const std::vector<model::Run> written = {makeRun(1), makeRun(2)};
  for (const auto& r : written) ASSERT_TRUE(store->addRun(*id, r).ok());

  auto times = store->runs(*id, RunParts::Times);
  ASSERT_TRUE(times.ok()) << times.error().message;
  ASSERT_EQ(times->size(), written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    const auto& got = (*times)[i];
    EXPECT_EQ(got.name, written[i].name);
    EXPECT_EQ(got.params, written[i].params);
    EXPECT_EQ(got.threads, written[i].threads);
    ASSERT_EQ(got.samples.size(), written[i].samples.size());
    for (std::size_t s = 0; s < got.samples.size(); ++s) {
      const auto& sample = got.samples[s];
      EXPECT_EQ(sample.wallSeconds, written[i].samples[s].wallSeconds);
      EXPECT_EQ(sample.cpuSeconds, written[i].samples[s].cpuSeconds);
      EXPECT_EQ(sample.iterations, written[i].samples[s].iterations);
      EXPECT_TRUE(sample.counters.empty());
      EXPECT_TRUE(sample.metrics.empty());
      EXPECT_TRUE(sample.regions.empty());
      EXPECT_TRUE(sample.series.empty());
      EXPECT_FALSE(sample.alloc.has_value());
    }
    EXPECT_TRUE(got.setupRegions.empty());
  }
  auto headers = store->runs(*id, RunParts::Headers);
  ASSERT_TRUE(headers.ok());
  ASSERT_EQ(headers->size(), written.size());
  EXPECT_EQ((*headers)[1].params, written[1].params);
  EXPECT_EQ((*headers)[1].name, written[1].name);
  EXPECT_TRUE((*headers)[1].samples.empty());

  // The default still reads everything.
  auto all = store->runs(*id);
  ASSERT_TRUE(all.ok());
  clearIds(*all);
  EXPECT_EQ(*all, written);
}

TEST(Store, UnsupportedCounterIsStoredAsNullNotZero) {
  TempDir dir;
  {
    auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok());
    auto id = store->beginSession(makeSession(""));
    ASSERT_TRUE(store->addRun(*id, makeRun(1)).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "t.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM counter WHERE event='cycles' AND value IS NULL AND supported=0",
                     -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 3);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(Store, NewFileGetsCurrentSchemaInWalMode) {
  TempDir dir;
  {
    auto store = Store::open(dir / "new.db", OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(store->schemaVersion(), currentSchemaVersion());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "new.db").c_str(), &db), SQLITE_OK);
  auto text = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    std::string out = sqlite3_step(st) == SQLITE_ROW
                          ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                          : "";
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_EQ(text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(text("PRAGMA user_version"), std::to_string(currentSchemaVersion()));
  for (auto table : {"session", "session_env", "run", "run_param", "sample", "counter", "alloc", "metric", "region"})
    EXPECT_EQ(text(("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='" +
                    std::string(table) + "'").c_str()),
              "1")
        << table;
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok");
  sqlite3_close(db);
}

TEST(Store, MigratesAnEmptyFile) {
  TempDir dir;
  testing::writeFile(dir / "empty.db", "");
  auto store = Store::open(dir / "empty.db", OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->schemaVersion(), currentSchemaVersion());
  auto id = store->beginSession(makeSession("x"));
  EXPECT_TRUE(id.ok());
}

TEST(Store, AFailedRunWriteLeavesNothingBehind) {
  TempDir dir;
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  auto id = store->beginSession(makeSession(""));
  ASSERT_TRUE(store->addRun(*id, makeRun(1)).ok());
  auto bad = makeRun(2);
  bad.samples[2].repetition = 0;  // violates UNIQUE(run_id, repetition) after two samples went in
  auto r = store->addRun(*id, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("t.db"), std::string::npos) << r.error().message;
  auto runs = store->runs(*id);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);  // the half-written run was rolled back whole
  EXPECT_EQ(runs->front().threads, 1);
  // And the store is still usable afterwards.
  EXPECT_TRUE(store->addRun(*id, makeRun(4)).ok());
}

TEST(Store, ResolvesSessionsByIdLabelAndLatest) {
  TempDir dir;
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  auto a = store->beginSession(makeSession("baseline"));
  auto b = store->beginSession(makeSession("candidate"));
  auto c = store->beginSession(makeSession("baseline"));
  EXPECT_EQ(*store->resolveSession("latest"), *c);
  EXPECT_EQ(*store->resolveSession(std::to_string(a->value())), *a);
  EXPECT_EQ(*store->resolveSession("candidate"), *b);
  EXPECT_EQ(*store->resolveSession("baseline"), *c);  // the newest with that label
  auto missing = store->resolveSession("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no session 'nope'"), std::string::npos);
  EXPECT_FALSE(store->resolveSession("999").ok());
  auto all = store->sessions();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().id, *c);  // newest first
}

TEST(Store, LabelsAreDataNeverSql) {
  TempDir dir;
  const std::string hostile = "'; DROP TABLE run; --";
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  auto id = store->beginSession(makeSession(hostile));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store->addRun(*id, makeRun(1)).ok());
  EXPECT_EQ(*store->resolveSession(hostile), *id);
  EXPECT_EQ(store->session(*id)->label, hostile);
  EXPECT_EQ(store->runs(*id)->size(), 1u);
}

TEST(Store, SessionWithoutRunsReadsBackEmpty) {
  TempDir dir;
  auto store = Store::open(dir / "t.db", OpenMode::ReadWrite);
  auto id = store->beginSession(makeSession(""));
  auto runs = store->runs(*id);
  ASSERT_TRUE(runs.ok());
  EXPECT_TRUE(runs->empty());
  EXPECT_EQ(store->session(*id)->status, model::SessionStatus::Running);
}

}  // namespace
}  // namespace tunelab::store

namespace tunelab::store {
namespace {

// Writes the SQL of tests/fixtures/`name` (a database an earlier tunelab made) into `path`.
void loadFixtureSql(const std::filesystem::path& path, const std::string& name) {
  const std::string sql = testing::readFile(std::filesystem::path(TUNELAB_TEST_FIXTURES) / name);
  ASSERT_FALSE(sql.empty()) << name;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

// A database written by schema version 1 (the first tunelab) opens, migrates to the current
// version in place, keeps its data, and takes new runs with regions.
TEST(Store, MigratesAVersion1DatabaseKeepingItsData) {
  TempDir dir;
  const auto path = dir / "v1.db";
  ASSERT_NO_FATAL_FAILURE(loadFixtureSql(path, "schema_v1.sql"));

  auto store = Store::open(path, OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->schemaVersion(), currentSchemaVersion());
  auto old = store->runs(model::SessionId{1});
  ASSERT_TRUE(old.ok()) << old.error().message;
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ(old->front().name, "kmeans/serial/n:100/threads:1");
  ASSERT_EQ(old->front().samples.size(), 1u);
  EXPECT_DOUBLE_EQ(old->front().samples[0].wallSeconds, 0.01);
  EXPECT_TRUE(old->front().samples[0].regions.empty());
  auto id = store->beginSession(makeSession("after-migration"));
  ASSERT_TRUE(store->addRun(*id, makeRun(1)).ok());
  EXPECT_EQ(store->runs(*id)->front().samples[0].regions.size(), 2u);
}

// A database written by schema version 5 (before setup regions) migrates in place: its runs
// and their sample regions read back as they were, with no setup regions, and a new run's
// setup regions are kept in the order they were entered.
TEST(Store, MigratesAVersion5DatabaseKeepingItsData) {
  TempDir dir;
  const auto path = dir / "v5.db";
  ASSERT_NO_FATAL_FAILURE(loadFixtureSql(path, "schema_v5.sql"));

  // Read-only, an older file is refused with what to do; for writing it migrates.
  auto readOnly = Store::open(path, OpenMode::ReadOnly);
  ASSERT_FALSE(readOnly.ok());
  EXPECT_NE(readOnly.error().message.find("schema version 5"), std::string::npos) << readOnly.error().message;
  auto store = Store::open(path, OpenMode::ReadWrite);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->schemaVersion(), currentSchemaVersion());
  auto old = store->runs(model::SessionId{1});
  ASSERT_TRUE(old.ok()) << old.error().message;
  ASSERT_EQ(old->size(), 1u);
  EXPECT_EQ(old->front().workload, "kmeans");
  ASSERT_EQ(old->front().samples.size(), 2u);
  std::vector<std::string> regions;
  for (const auto& g : old->front().samples[0].regions) regions.push_back(g.name);
  EXPECT_EQ(regions, (std::vector<std::string>{"update", "assign", "reduce"}));
  EXPECT_TRUE(old->front().setupRegions.empty());

  auto id = store->beginSession(makeSession("after-migration"));
  ASSERT_TRUE(store->addRun(*id, makeRun(1)).ok());
  const auto added = store->runs(*id);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->front().setupRegions, makeRun(1).setupRegions);
}

}  // namespace
}  // namespace tunelab::store
