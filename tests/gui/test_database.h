#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
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

// A small real sweep of nearest-neighbour search (a second or two): every ann variant but the
// MPI one (its ranks need mpirun) on 2 000 synthetic vectors of 32 dimensions, 50 queries,
// at 1 and 2 threads — thirteen series to a chart at p = 1, as the default sweep's; or with
// `knobs`, the inverted file and the exact search at three nprobe each.
inline QStringList annArguments(const QString& db, const QString& label, bool knobs = false) {
  QStringList out = {QStringLiteral("run"), QStringLiteral("ann"), QStringLiteral("-v"),
                     knobs ? QStringLiteral("gemm,ivfpq")
                           : QStringLiteral("naive,gemm,lsh,pq,pq4fs,opq,ivfpq,faiss-flat,faiss-pq,"
                                            "faiss-pqfs,faiss-ivfpqfs,hnsw")};
  for (const char* p : {"n=2000", "nq=50", "d=32", "m=8", "nlist=16"})
    out << QStringLiteral("-p") << QString::fromLatin1(p);
  if (knobs) out << QStringLiteral("-p") << QStringLiteral("nprobe=1,4,16");
  out << QStringLiteral("-t") << QStringLiteral("1,2") << QStringLiteral("-r")
      << QStringLiteral("1") << QStringLiteral("--min-time") << QStringLiteral("0")
      << QStringLiteral("--label") << label << QStringLiteral("--db") << db << QStringLiteral("-q")
      << QStringLiteral("--no-report");
  return out;
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

// A run of the stream workload as `tunelab run stream` stores it (analysis/stream.h): three
// repetitions achieving `events` per second with a p99 of `p99` µs (the typical, middle one;
// the others ±), the other percentiles and the latency CDF series around it. `rate` 0 is the
// closed loop.
inline model::Run streamRun(const std::string& variant, const std::string& query, int threads,
                            int batch, int windowUs, long rate, double events, double p99) {
  model::Run run;
  run.workload = "stream";
  run.variant = variant;
  run.params = {{"query", query},
                {"events", "200000"},
                {"rate", rate ? std::to_string(rate) : std::string("max")},
                {"batch", std::to_string(batch)},
                {"window_us", std::to_string(windowUs)},
                {"window_ms", "10"},
                {"seed", "42"}};
  run.threads = threads;
  run.name = model::benchmarkName(run);
  const double walls[] = {0.101, 0.100, 0.104}, spread[] = {0.99, 1.0, 1.01}, tail[] = {1.3, 1.0, 0.8};
  for (int i = 0; i < 3; ++i) {
    model::Sample s;
    s.repetition = i;
    s.wallSeconds = walls[i];
    s.cpuSeconds = walls[i] * threads;
    const double e = events * spread[i], p = p99 * tail[i];
    const bool behind = rate > 0 && e < 0.95 * static_cast<double>(rate);
    s.metrics = {{"events_per_s", e, "events/s"},
                 {"events_per_cpu_s", e / threads, "events/s"},
                 {"offered_rate", static_cast<double>(rate), "events/s"},
                 {"latency_p50_us", p / 4, "µs"},
                 {"latency_p99_us", p, "µs"},
                 {"latency_p999_us", p * 2, "µs"},
                 {"latency_max_us", p * 6, "µs"},
                 {"queue_occupancy", rate == 0 ? 0.9 : behind ? 1.0 : 0.05, ""},
                 {"blocked_fraction", rate == 0 ? 0.35 : 0.0, ""},
                 {"mean_batch", windowUs > 0 ? std::max(1.0, batch * 0.8) : batch == 1 ? 1.0 : 3.5, ""},
                 {"windows", 20, ""},
                 {"checksum", 987654321, ""}};
    model::Series cdf;
    cdf.name = "latency";
    cdf.xName = "µs";
    for (double q : {0.25, 0.5, 1.0, 2.0, 6.0}) cdf.x.push_back(p * q);
    cdf.y = {0.3, 0.5, 0.99, 0.999, 1.0};
    s.series = {cdf};
    run.samples.push_back(s);
  }
  return run;
}

// A session of the stream workload as a sweep of dynamic batching makes it (the rate
// outermost, the closed loop first, as the harness orders `-p rate=max,…`): the score query
// at batch 1, 8 and 32, wait 0 and 50 µs, offered 20 k, 100 k and 400 k events/s and the closed
// loop; a naive variant that falls behind at 100 k and 400 k; the threaded one at p = 1 and 2;
// and the passthrough query. Batching buys throughput; waiting for a batch costs latency
// at low load.
inline std::vector<model::Run> streamRuns() {
  std::vector<model::Run> runs;
  for (long rate : {0L, 20000L, 100000L, 400000L})
    for (int batch : {1, 8, 32})
      for (int wait : {0, 50}) {
        const double top = batch == 1 ? 180000 : (wait ? 900000.0 : 650000.0) * batch / 32;
        const double events = rate ? std::min<double>(static_cast<double>(rate), top) : top;
        const bool behind = rate > 0 && events < 0.95 * static_cast<double>(rate);
        const double p99 = rate == 0 ? 4000 + 50 * batch
                           : behind  ? 2.0e6
                                     : 40 + wait * (rate == 20000 ? 1.6 : 0.6) + batch;
        runs.push_back(streamRun("optimized", "score", 1, batch, wait, rate, events, p99));
      }
  for (long rate : {0L, 20000L, 100000L, 400000L})
    runs.push_back(streamRun("naive", "score", 1, 1, 0, rate, rate ? std::min(rate, 61000L) : 62000,
                             rate == 20000 ? 310 : rate ? 1.8e6 : 21000));
  for (int threads : {1, 2})
    for (long rate : {0L, 100000L, 400000L})
      runs.push_back(streamRun("threads", "score", threads, 32, 50, rate,
                               rate ? static_cast<double>(rate) : 7.5e5 * threads, rate ? 95.0 * threads : 5200));
  for (long rate : {0L, 100000L})
    runs.push_back(streamRun("optimized", "passthrough", 1, 1, 0, rate, rate ? 1e5 : 3.1e6, rate ? 30 : 900));
  return runs;
}

// `runs` stored as one complete session of a new database at `path`.
inline bool writeDatabase(const QString& path, const std::vector<model::Run>& runs,
                          const std::string& label) {
  auto store = store::Store::open(path.toStdString(), store::OpenMode::ReadWrite);
  if (!store) return false;
  model::Session s;
  s.label = label;
  s.startedAt = "2026-12-08T00:00:00Z";
  s.environment.host = "host";
  s.environment.cpuModel = "cpu";
  s.environment.logicalCores = 2;
  auto id = store->beginSession(s);
  if (!id) return false;
  for (const auto& run : runs)
    if (!store->addRun(*id, run)) return false;
  return static_cast<bool>(store->finishSession(*id, model::SessionStatus::Complete, "2026-12-08T00:01:00Z"));
}

}  // namespace tunelab::testing
