#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

#include "tunelab/model/params.h"
#include "tunelab/store/store.h"

namespace tunelab::testing {

// Runs the real `tunelab` binary. Returns its exit code, or -1 when it did not start or
// did not finish within a minute; what it printed goes to *output.
inline int runCli(const QStringList& arguments, QString* output = nullptr) {
  QProcess process;
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(QStringLiteral(TUNELAB_CLI), arguments);
  if (!process.waitForFinished(60'000)) return -1;
  if (output) *output = QString::fromLocal8Bit(process.readAll());
  return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// A writable copy of the real `tunelab run all` session the build unpacks from
// tests/fixtures/sessions/sweep.sql.gz, as `dir`/sweep.db; empty if it cannot be made.
inline QString copySweepFixture(const QString& dir) {
  const QString db = dir + QStringLiteral("/sweep.db");
  if (!QFile::copy(QStringLiteral(TUNELAB_TEST_SESSIONS "/sweep.db"), db)) return {};
  QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner);
  return db;
}

// A small, fast sweep: both k-means variants, the threaded one at 1 and 2 threads, two
// repetitions of one iteration each. Three runs, all ok.
inline QStringList sweepArguments(const QString& db, const QString& label) {
  return {QStringLiteral("run"),        QStringLiteral("kmeans"),
          QStringLiteral("-v"),         QStringLiteral("serial,threads"),
          QStringLiteral("-r"),         QStringLiteral("2"),
          QStringLiteral("--min-time"), QStringLiteral("0"),
          QStringLiteral("-t"),         QStringLiteral("1,2"),
          QStringLiteral("-p"),         QStringLiteral("n=2000"),
          QStringLiteral("--label"),    label,
          QStringLiteral("--db"),       db,
          QStringLiteral("-q"),         QStringLiteral("--no-report")};
}

// A session whose runs all fail: 2 million points do not fit in a 64 MiB address space.
// Two runs (serial and threaded, one thread), status failed, with the harness's reason.
inline QStringList failingArguments(const QString& db, const QString& label) {
  return {QStringLiteral("run"),        QStringLiteral("kmeans"),
          QStringLiteral("-v"),         QStringLiteral("serial,threads"),
          QStringLiteral("-r"),         QStringLiteral("1"),
          QStringLiteral("--min-time"), QStringLiteral("0"),
          QStringLiteral("-t"),         QStringLiteral("1"),
          QStringLiteral("-p"),         QStringLiteral("n=2000000"),
          QStringLiteral("--memory-limit"), QStringLiteral("64"),
          QStringLiteral("--label"),    label,
          QStringLiteral("--db"),       db,
          QStringLiteral("-q"),         QStringLiteral("--no-report")};
}

// A results database written through the real Store API: with `sessions` sessions that have
// no runs (0: no session at all). What a fresh `tunelab run` that stored nothing leaves.
inline bool writeEmptyDatabase(const QString& path, int sessions) {
  auto store = store::Store::open(path.toStdString(), store::OpenMode::ReadWrite);
  if (!store) return false;
  for (int i = 0; i < sessions; ++i) {
    model::Session s;
    s.label = "empty";
    s.startedAt = "2026-01-01T00:00:00Z";
    auto id = store->beginSession(s);
    if (!id) return false;
    if (!store->finishSession(*id, model::SessionStatus::Complete, "2026-01-01T00:00:01Z")) return false;
  }
  return true;
}

// Runs the sqlite3 shell on a file (tests make foreign and newer-schema files with it).
inline bool sqliteShell(const QString& path, const QString& sql) {
  QProcess process;
  process.start(QStringLiteral("sqlite3"), {path, sql});
  return process.waitForFinished(10'000) && process.exitStatus() == QProcess::NormalExit &&
         process.exitCode() == 0;
}

// A run of the alloc workload whose repetitions took ns[i] nanoseconds per operation; the
// floor (`null`) carries loop_floor.
inline model::Run netRun(const std::string& variant, const std::string& pattern, std::vector<double> ns) {
  model::Run run;
  run.workload = "alloc";
  run.variant = variant;
  run.params = {{"pattern", pattern}};
  run.name = model::benchmarkName(run);
  for (std::size_t i = 0; i < ns.size(); ++i) {
    model::Sample s;
    s.repetition = static_cast<int>(i);
    s.wallSeconds = 0.001;
    s.metrics = {{"ops_per_s", 1e9 / ns[i], "op/s"}, {"allocations", 1e5, ""}};
    if (variant == "null") s.metrics.push_back({"loop_floor", 1, ""});
    run.samples.push_back(s);
  }
  return run;
}

// Two patterns, a floor in each: on churn glibc and object-pool above it (7 repetitions:
// intervals), on phase an arena below it and glibc with 5 (no interval).
inline std::vector<model::Run> netRuns() {
  return {netRun("null", "churn", {1.0, 1.1, 1.0, 1.05, 1.0, 1.1, 1.0}),
          netRun("glibc", "churn", {6.0, 6.2, 5.9, 6.1, 6.0, 6.3, 6.0}),
          netRun("object-pool", "churn", {1.5, 1.6, 1.5, 1.55, 1.5, 1.6, 1.5}),
          netRun("null", "phase", {6.5, 6.6, 6.4, 6.7, 6.5}),
          netRun("glibc", "phase", {70, 72, 69, 75, 71}),
          netRun("arena", "phase", {6.1, 6.3, 6.0, 6.2, 6.4})};
}

}  // namespace tunelab::testing
