#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"

namespace tunelab::store {

using model::Result;
using model::Status;

// The newest schema this program reads and writes (PRAGMA user_version).
int currentSchemaVersion();

// How much of each run Store::runs reads.
enum class RunParts {
  All,    // samples with their counters, allocation stats, metrics, regions, series, threads;
          // the runs' setup regions
  Times,  // samples with their times only: what a scaling chart needs, read in a fraction of
          // the time on large sessions (the GUI shows this first, the rest when it arrives)
  Headers,  // runs and their parameters, no samples: names and statuses for listing
};

enum class OpenMode {
  ReadWrite,  // create the file if missing, migrate an older schema forward
  ReadOnly,   // the file must exist and be a tunelab database of a known version
};

// The SQLite results store: sessions → runs → samples, counters, alloc stats, metrics.
// WAL journal, foreign keys on, a busy timeout for concurrent writers, one transaction per
// run, prepared statements only. A file that is not SQLite, not tunelab's, or of a newer
// schema is refused before anything is written to it.
class Store {
 public:
  static Result<Store> open(const std::filesystem::path& path, OpenMode mode);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::filesystem::path& path() const;
  int schemaVersion() const;

  // Writing a session: begin, add each run as it finishes (its own transaction), finish.
  Result<model::SessionId> beginSession(const model::Session& session);
  Result<model::RunId> addRun(model::SessionId session, const model::Run& run);
  Status finishSession(model::SessionId session, model::SessionStatus status,
                       const std::string& endedAt);
  // A descriptive fact learnt while the session runs (Environment::extra), e.g. why a run's
  // heap could not be tracked; replaces a fact of the same key.
  Status addSessionFact(model::SessionId session, const std::string& key, const std::string& value);

  // Reading. sessions() is newest first, without runs.
  Result<std::vector<model::Session>> sessions() const;
  Result<model::Session> session(model::SessionId id) const;
  // "latest", a numeric id, or a label (the newest session with that label).
  Result<model::SessionId> resolveSession(std::string_view ref) const;
  // Every run of a session in the order they ran, with samples, counters, alloc, metrics
  // (or less: see RunParts).
  Result<std::vector<model::Run>> runs(model::SessionId session,
                                       RunParts parts = RunParts::All) const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace tunelab::store
