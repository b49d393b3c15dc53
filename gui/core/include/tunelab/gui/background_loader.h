#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "tunelab/gui/cross_session.h"
#include "tunelab/gui/database_loader.h"
#include "tunelab/gui/loaded_session.h"
#include "tunelab/model/id.h"
#include "tunelab/model/session.h"

class QThread;

namespace tunelab::gui {

// Values handed from the loader's thread to the UI: shared, immutable.
using SessionList = std::shared_ptr<const std::vector<model::Session>>;

// Reads a results database off the UI thread, in stages, as hotspot's perf parser does: the
// session list first; then a session's runs with their sample times only (what the scaling
// view needs — on a million samples the first picture comes well before the rest); then the
// whole session (counters, metrics, allocation statistics, regions, series).
//
// The SQLite connection lives on the loader's own thread and is used there only. Each
// request supersedes the ones before it: a superseded request stops between stages, and
// whatever it still delivers is dropped, so the UI never shows an older session over a newer
// one. Signals are emitted on the thread that owns the loader (the UI thread).
class BackgroundLoader : public QObject {
  Q_OBJECT

 public:
  explicit BackgroundLoader(QObject* parent = nullptr);
  ~BackgroundLoader() override;

  // Opens a database: databaseOpened or databaseFailed. On failure the database open before
  // stays open. Supersedes every request before it.
  void open(const QString& path);
  // Loads one session of the database last reported by databaseOpened: sessionTimesLoaded,
  // then sessionLoaded (or sessionFailed). Supersedes the session loads before it.
  // The runs shown are those in `scope` (the scope bar's choice); without one, `workload` (by
  // default the session's first) in its default scope (analysis::defaultScope).
  void loadSession(model::SessionId session, std::optional<analysis::Scope> scope = std::nullopt,
                   const QString& workload = {});
  // Queries across the sessions of the database last reported by databaseOpened; each kind
  // supersedes its own earlier requests only. Failures arrive as queryFailed.
  // analysis::compare of two sessions → comparisonReady.
  void compare(model::SessionId baseline, model::SessionId candidate,
               const analysis::CompareOptions& options = {}, const analysis::Scope& scope = {});
  // One benchmark over every session that ran it → trendReady.
  void trend(const QString& benchmark, const analysis::TrendOptions& options = {});
  // Every run name, most recent first → benchmarksListed.
  void listBenchmarks();
  // The newest measured machine ceilings → ceilingsFound.
  void findCeilings();
  // Whether a request is still being worked on.
  bool busy() const { return m_pending > 0; }
  // The database last reported by databaseOpened; empty before.
  const QString& path() const { return m_path; }

 signals:
  void databaseOpened(const QString& path, tunelab::gui::SessionList sessions);
  // `message` is the Store's: what is wrong with which file, and what to do.
  void databaseFailed(const QString& path, const QString& message);
  // Stage 1: the session's runs, each sample with its times only; the scaling analysis
  // without its bootstrap intervals.
  void sessionTimesLoaded(tunelab::gui::LoadedSessionPtr session);
  // Stage 2: the session in full.
  void sessionLoaded(tunelab::gui::LoadedSessionPtr session);
  void sessionFailed(qint64 session, const QString& message);
  void comparisonReady(tunelab::gui::ComparisonPtr comparison);
  void trendReady(tunelab::gui::TrendPtr trend);
  void benchmarksListed(const QStringList& names);
  void ceilingsFound(tunelab::gui::MeasuredCeilings ceilings);
  void queryFailed(const QString& what, const QString& message);
  // "reading runs of session 3 …", for a status bar; empty when idle.
  void progress(const QString& text);
  void busyChanged(bool busy);

 private:
  class Worker;

  // Runs `job` on the loader's thread.
  void post(std::function<void()> job);
  // Hands `fn` to the UI thread, where it runs only if `stillWanted()` holds there.
  void deliver(std::function<bool()> stillWanted, std::function<void()> fn);
  void loadStages(quint64 generation, model::SessionId session,
                  std::optional<analysis::Scope> scope, const std::string& workload);
  enum Query { CompareQuery, TrendQuery, NamesQuery, CeilingsQuery, QueryCount };
  // Runs `job` on the database the UI shows now; its result is dropped if a newer query of
  // the same kind (or another database) came since.
  void query(Query kind, const QString& what, std::function<std::function<void()>(const DatabaseLoader&, QString*)> job);
  bool currentOpen(quint64 generation) const { return generation == m_openGeneration.load(); }
  bool currentSession(quint64 generation) const {
    return generation == m_sessionGeneration.load();
  }
  void finishRequest();

  QThread* m_thread;
  Worker* m_worker;  // lives on m_thread
  // Request counters: a job whose number is no longer current has been superseded. An open
  // supersedes session loads too; a session load supersedes only other session loads.
  std::atomic<quint64> m_openGeneration{0};
  std::atomic<quint64> m_sessionGeneration{0};
  std::array<std::atomic<quint64>, QueryCount> m_queryGeneration{};
  QString m_path;     // UI thread only
  int m_pending = 0;  // UI thread only
};

}  // namespace tunelab::gui

Q_DECLARE_METATYPE(tunelab::gui::SessionList)
Q_DECLARE_METATYPE(tunelab::gui::LoadedSessionPtr)
Q_DECLARE_METATYPE(tunelab::gui::ComparisonPtr)
Q_DECLARE_METATYPE(tunelab::gui::TrendPtr)
Q_DECLARE_METATYPE(tunelab::gui::MeasuredCeilings)
