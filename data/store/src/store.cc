#include "tunelab/store/store.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <unordered_map>
#include <system_error>
#include <utility>

#include "schema.h"
#include "store_impl.h"
#include "sqlite.h"
#include "writer.h"
#include "tunelab/model/params.h"
#include "tunelab/model/status.h"

namespace tunelab::store {

using model::Error;
using model::ErrorKind;
using model::Ok;
using model::RunId;
using model::SessionId;
namespace fs = std::filesystem;

int currentSchemaVersion() { return schema::migrations().back().toVersion; }

namespace {

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// Checks what can be checked without SQLite touching the file: it exists (when it must),
// it is a regular file, and if it has content, that content starts with the SQLite header.
model::Status precheck(const fs::path& path, OpenMode mode) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (!fs::exists(st)) {
    if (mode == OpenMode::ReadOnly)
      return Error{ErrorKind::Database,
                   path.string() + ": no such results database. Run `tunelab run` to create it, "
                                   "or pass --db with the right file."};
    return Ok{};
  }
  if (!fs::is_regular_file(st))
    return Error{ErrorKind::Database, path.string() + ": is not a regular file. Pass --db FILE."};
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error{ErrorKind::Database, path.string() + ": cannot be read (permission denied?)."};
  char head[16] = {};
  in.read(head, sizeof head);
  auto got = static_cast<std::size_t>(in.gcount());
  // An empty file is an empty database: it gets the schema.
  if (got > 0 && (got < sizeof head || std::string_view(head, sizeof head) != kSqliteMagic))
    return Error{ErrorKind::Database,
                 path.string() +
                     ": is not a SQLite database (its first bytes are not the SQLite header). "
                     "tunelab left it untouched; pass --db with a results database or a new "
                     "file name."};
  if (mode == OpenMode::ReadWrite) {
    // Asked of the kernel, not of the permission bits: a read-only file system refuses root
    // too (EROFS), while root may write a file whose mode says read-only.
    if (access(path.c_str(), W_OK) != 0)
      return Error{ErrorKind::Database, path.string() + ": is read-only (" + std::strerror(errno) +
                                            "). Make it writable, or pass --db with another file."};
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (access(folder.c_str(), W_OK) != 0)
      return Error{ErrorKind::Database,
                   path.string() + ": its folder " + folder.string() + " is not writable (" +
                       std::strerror(errno) + "), and SQLite keeps its write-ahead log (" +
                       path.filename().string() +
                       "-wal) beside the database. Make the folder writable, or pass --db with "
                       "another file."};
  }
  return Ok{};
}

bool onReadOnlyFileSystem(const fs::path& path) {
  struct statvfs st {};
  return statvfs(path.c_str(), &st) == 0 && (st.f_flag & ST_RDONLY) != 0;
}

// "file:/abs/path?immutable=1", with the characters a URI gives meaning to escaped.
std::string immutableUri(const fs::path& path) {
  std::error_code ec;
  const auto abs = fs::absolute(path, ec);
  std::string out = "file:";
  for (unsigned char c : (ec ? path : abs).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c > 0x7e) {
      constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?immutable=1";
}

model::Status migrate(sql::Database& db, int from) {
  for (const auto& m : schema::migrations()) {
    if (m.toVersion <= from) continue;
    auto tx = sql::Transaction::begin(db);
    if (!tx) return tx.error();
    // Read the version again under the write lock: two processes that opened a new file at
    // the same moment both saw version 0, and the one that waited for the lock must not
    // apply what the other has just applied ("table session already exists").
    auto now = db.queryInt("PRAGMA user_version");
    if (!now) return now.error();
    if (*now >= m.toVersion) continue;
    if (auto s = db.exec(std::string(m.sql)); !s)
      return Error{ErrorKind::Database,
                   "migration to schema version " + std::to_string(m.toVersion) +
                       " failed: " + s.error().message};
    if (auto s = db.exec("PRAGMA application_id = " + std::to_string(schema::kApplicationId) +
                         "; PRAGMA user_version = " + std::to_string(m.toVersion));
        !s)
      return s.error();
    if (auto s = tx->commit(); !s) return s.error();
  }
  return Ok{};
}

}  // namespace

Result<Store> Store::open(const fs::path& path, OpenMode mode) {
  if (auto s = precheck(path, mode); !s) return s.error();
  int flags = mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY
                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  auto db = sql::Database::open(path.string(), flags);
  if (!db) {
    std::string hint = mode == OpenMode::ReadWrite
                           ? " Check that the folder exists and is writable, or pass --db."
                           : "";
    return Error{ErrorKind::Database, path.string() + ": " + db.error().message + "." + hint};
  }
  auto impl = std::make_unique<Impl>(Impl{path, std::move(*db)});
  auto& d = impl->db;
  sqlite3_busy_timeout(d.handle(), sql::kBusyTimeoutMs);

  // Everything up to the migration only reads, so a refused file is left as it was.
  auto version = d.queryInt("PRAGMA user_version");
  if (!version && mode == OpenMode::ReadOnly &&
      (sqlite3_extended_errcode(d.handle()) & 0xff) == SQLITE_CANTOPEN && onReadOnlyFileSystem(path)) {
    // A WAL database needs its shared-memory index (FILE-shm), which a read-only file system
    // cannot hold. Nothing can change the file there, so SQLite may read it as immutable —
    // unless a write-ahead log holds commits not yet in the file, which immutable would skip.
    fs::path wal = path;
    wal += "-wal";
    std::error_code ec;
    if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0)
      return Error{ErrorKind::Database,
                   path.string() + ": is on a read-only file system with results still in its "
                                   "write-ahead log (" + wal.filename().string() +
                       "), which SQLite can only read where it may write. Copy the database "
                       "with its -wal file to a writable folder and read it there."};
    auto frozen = sql::Database::open(immutableUri(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    if (!frozen) return Error{ErrorKind::Database, path.string() + ": " + frozen.error().message + "."};
    impl->db = std::move(*frozen);
    version = d.queryInt("PRAGMA user_version");
  }
  if (!version) return impl->fail(version.error());
  // The version, the application id and the tables must come from one snapshot: another
  // process may be creating the schema right now (racing first opens), and separate reads
  // could see its tables but not yet its version — a fresh file taken for a foreign one.
  if (auto s = d.exec("BEGIN"); !s) return impl->fail(s.error());
  version = d.queryInt("PRAGMA user_version");
  auto appId = d.queryInt("PRAGMA application_id");
  auto tables = d.queryInt("SELECT count(*) FROM sqlite_schema");
  if (auto s = d.exec("COMMIT"); !s) return impl->fail(s.error());
  if (!version) return impl->fail(version.error());
  if (!appId) return impl->fail(appId.error());
  if (!tables) return impl->fail(tables.error());

  const int known = currentSchemaVersion();
  if (*version > known)
    return Error{ErrorKind::Database,
                 path.string() + ": was written by a newer tunelab (schema version " +
                     std::to_string(*version) + "; this program knows up to " +
                     std::to_string(known) +
                     "). tunelab left it untouched: upgrade tunelab, or pass --db with another "
                     "file."};
  bool fresh = *version == 0 && *tables == 0;
  if (!fresh && *appId != schema::kApplicationId)
    return Error{ErrorKind::Database,
                 path.string() +
                     ": is a SQLite database, but not a tunelab results database. tunelab left "
                     "it untouched; pass --db with a results database or a new file name."};

  if (mode == OpenMode::ReadOnly) {
    if (fresh)
      return Error{ErrorKind::Database,
                   path.string() + ": is empty, not a results database yet. Run `tunelab run`."};
    if (*version < known)
      return Error{ErrorKind::Database,
                   path.string() + ": has schema version " + std::to_string(*version) +
                       "; open it once for writing (e.g. `tunelab run … --db` it) to migrate it "
                       "to version " + std::to_string(known) + "."};
  } else {
    if (d.readOnly())
      return Error{ErrorKind::Database,
                   path.string() +
                       ": is read-only. Make it writable, or pass --db with another file."};
    auto jm = sql::switchToWal(d);
    if (!jm) return impl->fail(jm.error());
    if (auto s = migrate(d, static_cast<int>(*version)); !s) return impl->fail(s.error());
  }
  if (auto s = d.exec("PRAGMA foreign_keys = ON"); !s) return impl->fail(s.error());
  impl->version = known;
  return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const fs::path& Store::path() const { return m_impl->path; }
int Store::schemaVersion() const { return m_impl->version; }

Result<SessionId> Store::beginSession(const model::Session& s) {
  auto& db = m_impl->db;
  auto tx = sql::Transaction::begin(db);
  if (!tx) return m_impl->fail(tx.error());
  auto stmt = db.prepare(
      "INSERT INTO session (label, status, started_at, ended_at, command_line, host, cpu_model, "
      "logical_cores, physical_cores, kernel, compiler, compiler_flags, build_type, "
      "git_revision, tunelab_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt) return m_impl->fail(stmt.error());
  const auto& e = s.environment;
  stmt->bind(1, s.label)
      .bind(2, model::toString(s.status))
      .bind(3, s.startedAt)
      .bind(4, s.endedAt)
      .bind(5, s.commandLine)
      .bind(6, e.host)
      .bind(7, e.cpuModel)
      .bind(8, e.logicalCores)
      .bind(9, e.physicalCores)
      .bind(10, e.kernel)
      .bind(11, e.compiler)
      .bind(12, e.compilerFlags)
      .bind(13, e.buildType)
      .bind(14, e.gitRevision)
      .bind(15, e.tunelabVersion);
  if (auto r = stmt->run(); !r) return m_impl->fail(r.error());
  SessionId id{db.lastInsertId()};
  auto env = db.prepare("INSERT OR REPLACE INTO session_env (session_id, key, value) VALUES (?,?,?)");
  if (!env) return m_impl->fail(env.error());
  for (const auto& [key, value] : e.extra) {
    env->bind(1, id.value()).bind(2, key).bind(3, value);
    if (auto r = env->run(); !r) return m_impl->fail(r.error());
  }
  // Who writes this session: should this process die before finishSession(), readers can
  // tell that the session is abandoned rather than still running (writer.h).
  if (s.status == model::SessionStatus::Running) {
    env->bind(1, id.value()).bind(2, writer::kKey).bind(3, writer::currentIdentity());
    if (auto r = env->run(); !r) return m_impl->fail(r.error());
  }
  if (auto c = tx->commit(); !c) return m_impl->fail(c.error());
  return id;
}

Status Store::addSessionFact(SessionId session, const std::string& key, const std::string& value) {
  auto& db = m_impl->db;
  auto env = db.prepare("INSERT OR REPLACE INTO session_env (session_id, key, value) VALUES (?,?,?)");
  if (!env) return m_impl->fail(env.error());
  env->bind(1, session.value()).bind(2, key).bind(3, value);
  if (auto r = env->run(); !r) return m_impl->fail(r.error());
  return model::Ok{};
}

Result<RunId> Store::addRun(SessionId session, const model::Run& run) {
  auto& db = m_impl->db;
  auto tx = sql::Transaction::begin(db);
  if (!tx) return m_impl->fail(tx.error());

  auto seq = db.prepare("SELECT coalesce(max(seq) + 1, 0) FROM run WHERE session_id = ?");
  if (!seq) return m_impl->fail(seq.error());
  seq->bind(1, session.value());
  if (auto r = seq->step(); !r) return m_impl->fail(r.error());
  const auto nextSeq = seq->int64(0);

  auto ins = db.prepare(
      "INSERT INTO run (session_id, seq, name, workload, variant, threads, ranks, status, reason) "
      "VALUES (?,?,?,?,?,?,?,?,?)");
  if (!ins) return m_impl->fail(ins.error());
  ins->bind(1, session.value())
      .bind(2, nextSeq)
      .bind(3, run.name.empty() ? model::benchmarkName(run) : run.name)
      .bind(4, run.workload)
      .bind(5, run.variant)
      .bind(6, run.threads)
      .bind(7, run.ranks)
      .bind(8, model::toString(run.status))
      .bind(9, run.reason);
  if (auto r = ins->run(); !r) return m_impl->fail(r.error());
  RunId runId{db.lastInsertId()};

  auto param = db.prepare("INSERT INTO run_param (run_id, position, key, value) VALUES (?,?,?,?)");
  auto sample = db.prepare(
      "INSERT INTO sample (run_id, repetition, iterations, wall_s, cpu_s, position) "
      "VALUES (?,?,?,?,?,?)");
  auto counter = db.prepare(
      "INSERT INTO counter (sample_id, event, value, supported, time_enabled_ns, "
      "time_running_ns, simulated, reason) VALUES (?,?,?,?,?,?,?,?)");
  auto alloc = db.prepare(
      "INSERT INTO alloc (sample_id, allocations, frees, bytes, peak_live_bytes, pool_bytes, "
      "allocated_bytes) VALUES (?,?,?,?,?,?,?)");
  auto metric = db.prepare("INSERT INTO metric (sample_id, name, value, unit) VALUES (?,?,?,?)");
  auto region = db.prepare("INSERT INTO region (sample_id, name, seconds, entries) VALUES (?,?,?,?)");
  auto series = db.prepare("INSERT INTO series (sample_id, name, unit, x_name) VALUES (?,?,?,?)");
  auto point = db.prepare("INSERT INTO series_point (series_id, idx, x, y) VALUES (?,?,?,?)");
  auto thread = db.prepare("INSERT INTO thread_stat (sample_id, thread, cpu_s) VALUES (?,?,?)");
  auto threadCounter = db.prepare(
      "INSERT INTO thread_counter (sample_id, thread, event, value, time_enabled_ns, "
      "time_running_ns, reason) VALUES (?,?,?,?,?,?,?)");
  auto regionCounter = db.prepare(
      "INSERT INTO region_counter (sample_id, region, event, value, time_enabled_ns, "
      "time_running_ns, reason) VALUES (?,?,?,?,?,?,?)");
  for (auto* s : {&param, &sample, &counter, &alloc, &metric, &region, &series, &point, &thread,
                  &threadCounter, &regionCounter})
    if (!*s) return m_impl->fail(s->error());

  auto setup = db.prepare("INSERT INTO setup_region (run_id, name, seconds, entries) VALUES (?,?,?,?)");
  if (!setup) return m_impl->fail(setup.error());
  for (const auto& g : run.setupRegions) {
    setup->bind(1, runId.value()).bind(2, g.name).bind(3, g.seconds).bind(4, g.entries);
    if (auto r = setup->run(); !r) return m_impl->fail(r.error());
  }
  for (std::size_t i = 0; i < run.params.size(); ++i) {
    param->bind(1, runId.value())
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, run.params[i].key)
        .bind(4, run.params[i].value);
    if (auto r = param->run(); !r) return m_impl->fail(r.error());
  }
  for (const auto& s : run.samples) {
    sample->bind(1, runId.value())
        .bind(2, s.repetition)
        .bind(3, s.iterations)
        .bind(4, s.wallSeconds)
        .bind(5, s.cpuSeconds);
    if (s.position >= 0) sample->bind(6, s.position);
    else sample->bindNull(6);
    if (auto r = sample->run(); !r) return m_impl->fail(r.error());
    const auto sampleId = db.lastInsertId();
    for (const auto& c : s.counters) {
      counter->bind(1, sampleId)
          .bind(2, c.event)
          .bind(3, c.value)
          .bind(4, c.supported() ? 1 : 0)
          .bind(5, c.timeEnabledNs)
          .bind(6, c.timeRunningNs)
          .bind(7, c.simulated ? 1 : 0)
          .bind(8, c.reason);
      if (auto r = counter->run(); !r) return m_impl->fail(r.error());
    }
    if (s.alloc) {
      const auto& a = *s.alloc;
      alloc->bind(1, sampleId)
          .bind(2, a.allocations)
          .bind(3, a.frees)
          .bind(4, a.bytes)
          .bind(5, a.peakLiveBytes)
          .bind(6, a.poolBytes)
          .bind(7, a.allocatedBytes);
      if (auto r = alloc->run(); !r) return m_impl->fail(r.error());
    }
    for (const auto& m : s.metrics) {
      metric->bind(1, sampleId).bind(2, m.name).bind(3, m.value).bind(4, m.unit);
      if (auto r = metric->run(); !r) return m_impl->fail(r.error());
    }
    for (const auto& g : s.regions) {
      region->bind(1, sampleId).bind(2, g.name).bind(3, g.seconds).bind(4, g.entries);
      if (auto r = region->run(); !r) return m_impl->fail(r.error());
      for (const auto& c : g.counters) {
        regionCounter->bind(1, sampleId)
            .bind(2, g.name)
            .bind(3, c.event)
            .bind(4, c.value)
            .bind(5, c.timeEnabledNs)
            .bind(6, c.timeRunningNs)
            .bind(7, c.reason);
        if (auto r = regionCounter->run(); !r) return m_impl->fail(r.error());
      }
    }
    for (const auto& c : s.series) {
      series->bind(1, sampleId).bind(2, c.name).bind(3, c.unit).bind(4, c.xName);
      if (auto r = series->run(); !r) return m_impl->fail(r.error());
      const auto seriesId = db.lastInsertId();
      const auto n = std::min(c.x.size(), c.y.size());
      for (std::size_t i = 0; i < n; ++i) {
        point->bind(1, seriesId).bind(2, static_cast<std::int64_t>(i)).bind(3, c.x[i]).bind(4, c.y[i]);
        if (auto r = point->run(); !r) return m_impl->fail(r.error());
      }
    }
    for (const auto& t : s.threads) {
      thread->bind(1, sampleId).bind(2, t.thread).bind(3, t.cpuSeconds);
      if (auto r = thread->run(); !r) return m_impl->fail(r.error());
      for (const auto& c : t.counters) {
        threadCounter->bind(1, sampleId)
            .bind(2, t.thread)
            .bind(3, c.event)
            .bind(4, c.value)
            .bind(5, c.timeEnabledNs)
            .bind(6, c.timeRunningNs)
            .bind(7, c.reason);
        if (auto r = threadCounter->run(); !r) return m_impl->fail(r.error());
      }
    }
  }
  if (auto c = tx->commit(); !c) return m_impl->fail(c.error());
  return runId;
}

Status Store::finishSession(SessionId session, model::SessionStatus status,
                            const std::string& endedAt) {
  // An explicit transaction for one statement: it waits for the write lock as addRun does.
  auto tx = sql::Transaction::begin(m_impl->db);
  if (!tx) return m_impl->fail(tx.error());
  auto stmt = m_impl->db.prepare("UPDATE session SET status = ?, ended_at = ? WHERE id = ?");
  if (!stmt) return m_impl->fail(stmt.error());
  stmt->bind(1, model::toString(status)).bind(2, endedAt).bind(3, session.value());
  if (auto r = stmt->run(); !r) return m_impl->fail(r.error());
  if (auto c = tx->commit(); !c) return m_impl->fail(c.error());
  return Ok{};
}

namespace {

constexpr std::string_view kSessionColumns =
    "SELECT id, label, status, started_at, ended_at, command_line, host, cpu_model, "
    "logical_cores, physical_cores, kernel, compiler, compiler_flags, build_type, git_revision, "
    "tunelab_version FROM session";

model::Session readSession(const sql::Statement& q) {
  model::Session s;
  s.id = SessionId{q.int64(0)};
  s.label = q.text(1);
  s.status = model::sessionStatusFromString(q.text(2)).value_or(model::SessionStatus::Running);
  s.startedAt = q.text(3);
  if (!q.isNull(4)) s.endedAt = q.text(4);
  s.commandLine = q.text(5);
  auto& e = s.environment;
  e.host = q.text(6);
  e.cpuModel = q.text(7);
  e.logicalCores = static_cast<int>(q.int64(8));
  e.physicalCores = static_cast<int>(q.int64(9));
  e.kernel = q.text(10);
  e.compiler = q.text(11);
  e.compilerFlags = q.text(12);
  e.buildType = q.text(13);
  e.gitRevision = q.text(14);
  e.tunelabVersion = q.text(15);
  return s;
}

}  // namespace

Result<std::vector<model::Session>> Store::sessions() const {
  auto read = sql::ReadTransaction::begin(m_impl->db);
  if (!read) return m_impl->fail(read.error());
  auto q = m_impl->db.prepare(std::string(kSessionColumns) + " ORDER BY id DESC");
  if (!q) return m_impl->fail(q.error());
  std::vector<model::Session> out;
  for (;;) {
    auto row = q->step();
    if (!row) return m_impl->fail(row.error());
    if (!*row) break;
    out.push_back(readSession(*q));
  }
  // Sessions still marked running whose writer is gone will never finish: say so.
  auto w = m_impl->db.prepare(
      "SELECT e.session_id, e.value FROM session_env e JOIN session s ON s.id = e.session_id "
      "WHERE e.key = ? AND s.status = 'running'");
  if (!w) return m_impl->fail(w.error());
  w->bind(1, writer::kKey);
  for (;;) {
    auto row = w->step();
    if (!row) return m_impl->fail(row.error());
    if (!*row) break;
    if (writer::stateOf(w->text(1)) != writer::State::Gone) continue;
    for (auto& s : out)
      if (s.id.value() == w->int64(0)) s.status = model::SessionStatus::Abandoned;
  }
  return out;
}

Result<model::Session> Store::session(SessionId id) const {
  auto read = sql::ReadTransaction::begin(m_impl->db);
  if (!read) return m_impl->fail(read.error());
  auto q = m_impl->db.prepare(std::string(kSessionColumns) + " WHERE id = ?");
  if (!q) return m_impl->fail(q.error());
  q->bind(1, id.value());
  auto row = q->step();
  if (!row) return m_impl->fail(row.error());
  if (!*row)
    return Error{ErrorKind::Usage, m_impl->path.string() + ": has no session " +
                                       std::to_string(id.value()) +
                                       ". `tunelab sessions` lists them."};
  auto s = readSession(*q);
  auto env = m_impl->db.prepare("SELECT key, value FROM session_env WHERE session_id = ? ORDER BY key");
  if (!env) return m_impl->fail(env.error());
  env->bind(1, id.value());
  for (;;) {
    auto r = env->step();
    if (!r) return m_impl->fail(r.error());
    if (!*r) break;
    // The writer's identity is the store's bookkeeping, not a fact about the machine: it
    // decides the status and stays out of the environment (which reads back as written).
    if (env->text(0) == writer::kKey) {
      if (s.status == model::SessionStatus::Running &&
          writer::stateOf(env->text(1)) == writer::State::Gone)
        s.status = model::SessionStatus::Abandoned;
      continue;
    }
    s.environment.extra.emplace_back(env->text(0), env->text(1));
  }
  return s;
}

Result<SessionId> Store::resolveSession(std::string_view ref) const {
  auto& db = m_impl->db;
  Result<sql::Statement> q = Error{};
  bool numeric = !ref.empty() && ref.find_first_not_of("0123456789") == std::string_view::npos;
  if (ref == "latest") {
    q = db.prepare("SELECT max(id) FROM session");
  } else if (numeric) {
    q = db.prepare("SELECT id FROM session WHERE id = ?");
    if (q) q->bind(1, static_cast<std::int64_t>(std::stoll(std::string(ref))));
  } else {
    q = db.prepare("SELECT max(id) FROM session WHERE label = ?");
    if (q) q->bind(1, ref);
  }
  if (!q) return m_impl->fail(q.error());
  auto row = q->step();
  if (!row) return m_impl->fail(row.error());
  if (!*row || q->isNull(0))
    return Error{ErrorKind::Usage,
                 m_impl->path.string() + ": no session '" + std::string(ref) +
                     "' (give an id, a label, or 'latest'; `tunelab sessions` lists them)."};
  return SessionId{q->int64(0)};
}

}  // namespace tunelab::store
