#pragma once

// A thin RAII layer over the SQLite C API: prepared statements only, errors as Results.
// Private to data_store.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tunelab/model/result.h"

namespace tunelab::store::sql {

using model::Result;
using model::Status;

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : m_stmt(stmt), m_db(db) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bindNull(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bindNull(index);
  }

  // true: a row is ready; false: done. Errors carry SQLite's message.
  Result<bool> step();
  // Runs to completion, for statements that return no rows.
  Status run();
  void reset();

  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  bool isNull(int column) const;
  std::optional<std::int64_t> optionalInt64(int column) const;
  std::optional<double> optionalReal(int column) const;

 private:
  sqlite3_stmt* m_stmt = nullptr;
  sqlite3* m_db = nullptr;
};

class Database {
 public:
  // flags: SQLITE_OPEN_* (READONLY, or READWRITE|CREATE).
  static Result<Database> open(const std::string& path, int flags);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  Result<Statement> prepare(std::string_view sql);
  // For statements without parameters (DDL, PRAGMA, BEGIN/COMMIT).
  Status exec(const std::string& sql);
  // One integer from a PRAGMA or a one-row query.
  Result<std::int64_t> queryInt(std::string_view sql);
  Result<std::string> queryText(std::string_view sql);
  std::int64_t lastInsertId() const;
  bool readOnly() const;
  std::string lastError() const;
  sqlite3* handle() const { return m_db; }

 private:
  explicit Database(sqlite3* db) : m_db(db) {}
  sqlite3* m_db = nullptr;
};

// Rolls back unless committed: one transaction per run means a failure in the middle of
// writing a run leaves no half of it behind.
class Transaction {
 public:
  // BEGIN IMMEDIATE: take the write lock now. Another process may hold it (two `tunelab run`
  // on one file): SQLite's busy handler waits up to the connection's busy timeout, and begin()
  // then tries again, up to kWritePatienceSeconds in all, before it reports the file locked.
  static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database* db) : m_db(db) {}
  Database* m_db = nullptr;
};

// A read transaction: every statement until it ends sees one snapshot of the database. In
// WAL mode each statement outside a transaction sees the newest commit, so a reader that
// reads runs, then their samples, could see samples of a run committed in between; inside
// one, it sees each run whole or not at all. A no-op when a transaction is already open.
class ReadTransaction {
 public:
  static Result<ReadTransaction> begin(Database& db);
  ReadTransaction(ReadTransaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();

 private:
  explicit ReadTransaction(Database* db) : m_db(db) {}
  Database* m_db = nullptr;
};

// Puts the database into WAL mode (a no-op when it is in it already) and returns the journal
// mode SQLite reports afterwards.
//
// Why not just `PRAGMA journal_mode = WAL`: the switch reads the header under a shared lock and
// then upgrades it to a write lock (sqlite3BtreeSetVersion: BeginTrans(read), then
// BeginTrans(write)). SQLite never runs the busy handler for an upgrade from a read transaction
// (two readers waiting for each other's upgrade would deadlock), so when two processes open a
// new file at the same moment, one of them gets SQLITE_BUSY within microseconds, whatever the
// busy timeout. Measured with two `tunelab run` on a new file: 9 failures in 20. The statement
// has ended when it fails, so its shared lock is gone: trying again after a short pause is safe,
// and the other process has usually finished its switch by then (tests/store/race_test.cc).
Result<std::string> switchToWal(Database& db);

// How long a writer waits for another process's write lock in all (busy timeout and retries).
inline constexpr int kBusyTimeoutMs = 10'000;
inline constexpr int kWritePatienceSeconds = 120;

}  // namespace tunelab::store::sql
