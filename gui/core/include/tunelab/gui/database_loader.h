#pragma once

#include <filesystem>
#include <vector>

#include "tunelab/model/result.h"
#include "tunelab/model/run.h"
#include "tunelab/model/session.h"
#include "tunelab/store/store.h"

namespace tunelab::gui {

// A session with every one of its runs: what the run table and the scaling chart show.
struct SessionResults {
  model::Session session;
  std::vector<model::Run> runs;
};

// Reads a results database for the GUI. The file is opened read-only: the GUI never
// migrates or writes a database, so it can look at one that `tunelab run` is still filling
// (WAL lets a reader and a writer work side by side). Errors are the Store's own messages
// ("… is not a SQLite database …"), which already say what is wrong and where.
class DatabaseLoader {
 public:
  // Opens the file and reads its session list (newest first).
  static model::Result<DatabaseLoader> open(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return m_store.path(); }
  const std::vector<model::Session>& sessions() const { return m_sessions; }

  // One session and its runs, in the order they ran. Reads the database again, so a session
  // that was still running when the list was read shows the runs stored since. With
  // RunParts::Times the samples carry their times only (what the scaling view needs).
  model::Result<SessionResults> load(model::SessionId session,
                                     store::RunParts parts = store::RunParts::All) const;

 private:
  DatabaseLoader(store::Store store, std::vector<model::Session> sessions);

  store::Store m_store;
  std::vector<model::Session> m_sessions;
};

}  // namespace tunelab::gui
