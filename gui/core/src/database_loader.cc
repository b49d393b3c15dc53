#include "tunelab/gui/database_loader.h"

#include <utility>

namespace tunelab::gui {

DatabaseLoader::DatabaseLoader(store::Store store, std::vector<model::Session> sessions)
    : m_store(std::move(store)), m_sessions(std::move(sessions)) {}

model::Result<DatabaseLoader> DatabaseLoader::open(const std::filesystem::path& path) {
  auto store = store::Store::open(path, store::OpenMode::ReadOnly);
  if (!store) return store.error();
  auto sessions = store->sessions();
  if (!sessions) return sessions.error();
  return DatabaseLoader(std::move(store).value(), std::move(sessions).value());
}

model::Result<SessionResults> DatabaseLoader::load(model::SessionId session,
                                                   store::RunParts parts) const {
  auto header = m_store.session(session);
  if (!header) return header.error();
  auto runs = m_store.runs(session, parts);
  if (!runs) return runs.error();
  return SessionResults{std::move(header).value(), std::move(runs).value()};
}

}  // namespace tunelab::gui
