#include "sqlite.h"

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <utility>

namespace tunelab::store::sql {

using model::Error;
using model::ErrorKind;
using model::Ok;

namespace {
Error dbError(sqlite3* db, std::string_view what) {
  return Error{ErrorKind::Database,
               std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}
}  // namespace

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(other.m_db) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_stmt = std::exchange(other.m_stmt, nullptr);
    m_db = other.m_db;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(m_stmt, index, value);
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bindNull(int index) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return dbError(m_db, "SQLite statement failed");
}

Status Statement::run() {
  auto r = step();
  reset();
  if (!r) return r.error();
  return Ok{};
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(m_stmt, column); }
std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(m_stmt, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
           : std::string();
}
bool Statement::isNull(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::optional<std::int64_t> Statement::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}
std::optional<double> Statement::optionalReal(int column) const {
  if (isNull(column)) return std::nullopt;
  return real(column);
}

Result<Database> Database::open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = dbError(db, "cannot open");
    sqlite3_close(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  return Database(db);
}

Database::Database(Database&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}
Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(m_db);
    m_db = std::exchange(other.m_db, nullptr);
  }
  return *this;
}
Database::~Database() { sqlite3_close(m_db); }

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return dbError(m_db, "SQLite could not prepare a statement");
  return Statement(stmt, m_db);
}

Status Database::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(m_db);
    sqlite3_free(message);
    return Error{ErrorKind::Database, text};
  }
  return Ok{};
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->int64(0) : 0;
}

Result<std::string> Database::queryText(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->text(0) : std::string();
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
bool Database::readOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }
std::string Database::lastError() const { return sqlite3_errmsg(m_db); }

Result<Transaction> Transaction::begin(Database& db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kWritePatienceSeconds);
  for (;;) {
    auto s = db.exec("BEGIN IMMEDIATE");
    if (s) return Transaction(&db);
    // SQLITE_BUSY after the busy handler gave up: the lock is still held. The run in hand is
    // worth more waiting (its measurement cannot be repeated for free); anything else is an
    // error at once.
    if ((sqlite3_extended_errcode(db.handle()) & 0xff) != SQLITE_BUSY ||
        std::chrono::steady_clock::now() >= deadline)
      return Error{ErrorKind::Database,
                   s.error().message + ((sqlite3_extended_errcode(db.handle()) & 0xff) == SQLITE_BUSY
                                            ? " (another process has held the write lock for over " +
                                                  std::to_string(kWritePatienceSeconds) + " s)"
                                            : "")};
  }
}

Transaction::~Transaction() {
  if (m_db) (void)m_db->exec("ROLLBACK");
}

Status Transaction::commit() {
  auto s = m_db->exec("COMMIT");
  if (s) m_db = nullptr;
  return s;
}

Result<ReadTransaction> ReadTransaction::begin(Database& db) {
  if (!sqlite3_get_autocommit(db.handle())) return ReadTransaction(nullptr);
  // BEGIN (deferred) takes no lock yet; the snapshot starts with the first read.
  if (auto s = db.exec("BEGIN"); !s) return s.error();
  return ReadTransaction(&db);
}

ReadTransaction::~ReadTransaction() {
  // A read transaction changed nothing: ending it by rollback or commit is the same.
  if (m_db) (void)m_db->exec("ROLLBACK");
}

Result<std::string> switchToWal(Database& db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kWritePatienceSeconds);
  // A pause of 0.1–2 ms, different in each process, so that two that collided once do not
  // collide again in step.
  std::minstd_rand jitter(static_cast<unsigned>(
      std::chrono::steady_clock::now().time_since_epoch().count() ^ reinterpret_cast<std::uintptr_t>(&db)));
  for (;;) {
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (mode) return mode;
    if ((sqlite3_extended_errcode(db.handle()) & 0xff) != SQLITE_BUSY ||
        std::chrono::steady_clock::now() >= deadline)
      return mode;
    std::this_thread::sleep_for(std::chrono::microseconds(100 + jitter() % 1900));
  }
}

}  // namespace tunelab::store::sql
