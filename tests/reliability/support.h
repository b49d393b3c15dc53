#pragma once

// What the reliability tests share: the real tunelab binary run in a temporary directory,
// with the test-only `fault` workload switched on, and the database checked through SQLite
// itself (PRAGMA integrity_check) besides the store library.

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "process.h"
#include "temp_dir.h"

namespace tunelab::testing {

inline ProcessResult tunelab(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  return runProcess(TUNELAB_BINARY, args, cwd);
}

// Child processes inherit the environment: `tunelab run fault …` finds the workload.
inline void enableFaultWorkload() { setenv("TUNELAB_FAULT_WORKLOAD", "1", 1); }

// The first column of every row of `sql`, as text ("" for NULL); {"error: …"} on failure.
inline std::vector<std::string> query(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out.push_back(std::string("error: ") + sqlite3_errmsg(h));
    sqlite3_close(h);
    return out;
  }
  sqlite3_busy_timeout(h, 10'000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    out.push_back(std::string("error: ") + sqlite3_errmsg(h));
    sqlite3_close(h);
    return out;
  }
  int rc = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(st, 0);
    out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
  }
  if (rc != SQLITE_DONE) out.push_back(std::string("error: ") + sqlite3_errmsg(h));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

inline std::string integrityCheck(const std::filesystem::path& db) {
  std::string all;
  for (const auto& line : query(db, "PRAGMA integrity_check")) all += (all.empty() ? "" : "\n") + line;
  return all;
}

inline long long count(const std::filesystem::path& db, const std::string& sql) {
  auto rows = query(db, sql);
  if (rows.size() != 1 || rows[0].rfind("error", 0) == 0) return -1;
  return std::stoll(rows[0]);
}

// Lines of `text` that start with `prefix`.
inline std::size_t countLines(const std::string& text, const std::string& prefix) {
  std::size_t n = 0, pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) break;  // a line still being written does not count
    if (text.compare(pos, prefix.size(), prefix) == 0) ++n;
    pos = end + 1;
  }
  return n;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace tunelab::testing
