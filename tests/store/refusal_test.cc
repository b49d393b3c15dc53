// The store refuses files it must not write to, with one clear message, and leaves them
// byte-for-byte as they were.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "temp_dir.h"
#include "tunelab/store/store.h"

namespace tunelab::store {
namespace {

using testing::readFile;
using testing::TempDir;
using testing::writeFile;
namespace fs = std::filesystem;

void execSql(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(db);
}

// Opening must fail, say `expected`, and leave the file (and no -wal/-shm) as it was.
void expectRefusedUntouched(const fs::path& path, OpenMode mode, const std::string& expected) {
  const std::string before = readFile(path);
  const auto mtime = fs::last_write_time(path);
  auto store = Store::open(path, mode);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, model::ErrorKind::Database);
  EXPECT_NE(store.error().message.find(expected), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find(path.string()), std::string::npos) << "names the file";
  EXPECT_EQ(readFile(path), before);
  EXPECT_EQ(fs::last_write_time(path), mtime);
  EXPECT_FALSE(fs::exists(path.string() + "-wal"));
}

TEST(Refusal, FileThatIsNotSqlite) {
  TempDir dir;
  writeFile(dir / "notes.db", "session,run\n1,2\nthis is a CSV file, not a database\n");
  expectRefusedUntouched(dir / "notes.db", OpenMode::ReadWrite, "is not a SQLite database");
  expectRefusedUntouched(dir / "notes.db", OpenMode::ReadOnly, "is not a SQLite database");
}

TEST(Refusal, ShortFileThatIsNotSqlite) {
  TempDir dir;
  writeFile(dir / "x.db", "hello");
  expectRefusedUntouched(dir / "x.db", OpenMode::ReadWrite, "is not a SQLite database");
}

TEST(Refusal, NewerSchema) {
  TempDir dir;
  const auto path = dir / "future.db";
  {
    auto store = Store::open(path, OpenMode::ReadWrite);
    ASSERT_TRUE(store.ok());
  }
  // Back to a rollback journal first, so the file alone holds the database.
  execSql(path, "PRAGMA journal_mode=DELETE; PRAGMA user_version = " +
                    std::to_string(currentSchemaVersion() + 1));
  expectRefusedUntouched(path, OpenMode::ReadWrite, "newer tunelab (schema version " +
                                                        std::to_string(currentSchemaVersion() + 1));
  expectRefusedUntouched(path, OpenMode::ReadOnly, "upgrade tunelab");
}

TEST(Refusal, SqliteDatabaseOfAnotherApplication) {
  TempDir dir;
  const auto path = dir / "other.db";
  execSql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
  expectRefusedUntouched(path, OpenMode::ReadWrite, "not a tunelab results database");
}

TEST(Refusal, MissingFileForReading) {
  TempDir dir;
  auto store = Store::open(dir / "absent.db", OpenMode::ReadOnly);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("no such results database"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "absent.db")) << "reading must not create the file";
}

TEST(Refusal, UnwritablePath) {
  TempDir dir;
  auto store = Store::open(dir / "no-such-folder" / "t.db", OpenMode::ReadWrite);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("cannot open"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("writable"), std::string::npos) << store.error().message;
}

TEST(Refusal, DirectoryInsteadOfFile) {
  TempDir dir;
  fs::create_directories(dir / "adir.db");
  auto store = Store::open(dir / "adir.db", OpenMode::ReadWrite);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("not a regular file"), std::string::npos);
}

TEST(Refusal, CorruptPagesAreReportedNotCrashedOn) {
  TempDir dir;
  const auto path = dir / "corrupt.db";
  {
    auto store = Store::open(path, OpenMode::ReadWrite);
    model::Session s;
    s.startedAt = "2026-11-25T10:00:00Z";
    auto id = store->beginSession(s);
    ASSERT_TRUE(id.ok());
  }
  execSql(path, "PRAGMA journal_mode=DELETE");
  // Keep the 100-byte header, overwrite the rest of the first pages with garbage.
  std::string bytes = readFile(path);
  ASSERT_GT(bytes.size(), 4096u);
  for (std::size_t i = 100; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ (i * 31));
  writeFile(path, bytes);
  auto store = Store::open(path, OpenMode::ReadOnly);
  if (store.ok()) {
    auto sessions = store->sessions();
    ASSERT_FALSE(sessions.ok());
    EXPECT_NE(sessions.error().message.find(path.string()), std::string::npos);
  } else {
    EXPECT_NE(store.error().message.find(path.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace tunelab::store
