#include "tunelab/gui/background_loader.h"

#include <algorithm>

#include <QThread>
#include <optional>
#include <utility>

namespace tunelab::gui {

// The loader's half that lives on its thread: the open database. Touched by jobs only, which
// all run on that thread, one after another.
class BackgroundLoader::Worker : public QObject {
 public:
  std::optional<DatabaseLoader> database;
  QString path;
  // The last finished session read whole: the scope bar moves within it without reading the
  // database again (a finished session does not change; opening a file drops it).
  std::optional<SessionResults> whole;
};

BackgroundLoader::BackgroundLoader(QObject* parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new Worker) {
  qRegisterMetaType<SessionList>();
  qRegisterMetaType<LoadedSessionPtr>();
  qRegisterMetaType<ComparisonPtr>();
  qRegisterMetaType<TrendPtr>();
  qRegisterMetaType<MeasuredCeilings>();
  m_thread->setObjectName(QStringLiteral("tunelab-loader"));
  m_worker->moveToThread(m_thread);
  m_thread->start();
}

BackgroundLoader::~BackgroundLoader() {
  // Whatever is queued or running stops at its next check; the thread then ends.
  ++m_openGeneration;
  ++m_sessionGeneration;
  for (auto& g : m_queryGeneration) ++g;
  m_thread->quit();
  m_thread->wait();
  delete m_worker;
}

void BackgroundLoader::post(std::function<void()> job) {
  if (m_pending++ == 0) emit busyChanged(true);
  QMetaObject::invokeMethod(
      m_worker,
      [this, job = std::move(job)] {
        job();
        QMetaObject::invokeMethod(this, &BackgroundLoader::finishRequest, Qt::QueuedConnection);
      },
      Qt::QueuedConnection);
}

void BackgroundLoader::deliver(std::function<bool()> stillWanted, std::function<void()> fn) {
  QMetaObject::invokeMethod(
      this,
      [stillWanted = std::move(stillWanted), fn = std::move(fn)] {
        if (stillWanted()) fn();
      },
      Qt::QueuedConnection);
}

void BackgroundLoader::finishRequest() {
  if (--m_pending == 0) {
    emit progress({});
    emit busyChanged(false);
  }
}

void BackgroundLoader::open(const QString& path) {
  const quint64 generation = ++m_openGeneration;
  ++m_sessionGeneration;  // a session of the old database is of no interest any more
  post([this, path, generation] {
    if (!currentOpen(generation)) return;
    const auto wanted = [this, generation] { return currentOpen(generation); };
    deliver(wanted, [this, path] { emit progress(tr("opening %1 …").arg(path)); });
    auto database = DatabaseLoader::open(path.toStdString());
    if (!database) {
      const QString message = QString::fromStdString(database.error().message);
      deliver(wanted, [this, path, message] { emit databaseFailed(path, message); });
      return;
    }
    m_worker->database.emplace(std::move(database).value());
    m_worker->path = path;
    m_worker->whole.reset();
    auto sessions =
        std::make_shared<const std::vector<model::Session>>(m_worker->database->sessions());
    deliver(wanted, [this, path, sessions] {
      m_path = path;
      emit databaseOpened(path, sessions);
    });
  });
}

void BackgroundLoader::loadSession(model::SessionId session, std::optional<analysis::Scope> scope,
                                   const QString& workload) {
  const quint64 generation = ++m_sessionGeneration;
  post([this, path = m_path, generation, session, scope, workload = workload.toStdString()] {
    // Asked of the database the UI showed when the request was made; if another has been
    // opened since, the request is about a session that is no longer on screen.
    if (!currentSession(generation) || path != m_worker->path) return;
    loadStages(generation, session, scope, workload);
  });
}

void BackgroundLoader::loadStages(quint64 generation, model::SessionId session,
                                  std::optional<analysis::Scope> scope,
                                  const std::string& workload) {
  if (!m_worker->database) return;
  const qint64 id = session.value();
  const auto wanted = [this, generation] { return currentSession(generation); };
  const auto fail = [this, wanted, id](const model::Error& error) {
    const QString message = QString::fromStdString(error.message);
    deliver(wanted, [this, id, message] { emit sessionFailed(id, message); });
  };

  // The scope bar's choice within the finished session read last: analysed again from the
  // runs in memory, in one stage.
  if (scope && m_worker->whole && m_worker->whole->session.id == session) {
    const LoadedSessionPtr whole = loadedSession(*m_worker->whole, true, scope);
    deliver(wanted, [this, whole] {
      emit sessionTimesLoaded(whole);
      emit sessionLoaded(whole);
    });
    return;
  }

  deliver(wanted, [this, id] { emit progress(tr("reading the runs of session %1 …").arg(id)); });
  auto times = m_worker->database->load(session, store::RunParts::Times);
  if (!times) return fail(times.error());
  // A large session of several workloads (the default sweep: ~150 runs) is shown one family
  // at a time: its first workload, one operation or pattern, unless the scope bar chose.
  if (!scope) {
    const auto& runs = times->runs;
    const bool known = std::any_of(runs.begin(), runs.end(),
                                   [&](const model::Run& r) { return r.workload == workload; });
    // What the workloads declared (their sizes stay open, their knobs are pinned).
    const auto traits = analysis::workloadTraits(times->session.environment.extra);
    scope = known ? analysis::defaultScope(runs, workload, traits)
                  : analysis::sessionDefaultScope(runs, traits);
  }
  const LoadedSessionPtr first = loadedSession(std::move(times).value(), false, scope);
  deliver(wanted, [this, first] { emit sessionTimesLoaded(first); });

  if (!wanted()) return;
  deliver(wanted, [this, id] {
    emit progress(tr("reading counters, metrics and regions of session %1 …").arg(id));
  });
  auto all = m_worker->database->load(session, store::RunParts::All);
  if (!all) return fail(all.error());
  if (!wanted()) return;
  if (all->session.status == model::SessionStatus::Complete)
    m_worker->whole = *all;
  else
    m_worker->whole.reset();
  const LoadedSessionPtr whole = loadedSession(std::move(all).value(), true, scope);
  deliver(wanted, [this, whole] { emit sessionLoaded(whole); });
}

void BackgroundLoader::query(Query kind, const QString& what,
                             std::function<std::function<void()>(const DatabaseLoader&, QString*)> job) {
  const quint64 generation = ++m_queryGeneration[kind];
  const auto wanted = [this, kind, generation] { return generation == m_queryGeneration[kind].load(); };
  post([this, path = m_path, wanted, what, job = std::move(job)] {
    if (!wanted() || path != m_worker->path || !m_worker->database) return;
    deliver(wanted, [this, what] { emit progress(what); });
    QString error;
    auto done = job(*m_worker->database, &error);
    if (!done) {
      deliver(wanted, [this, what, error] { emit queryFailed(what, error); });
      return;
    }
    deliver(wanted, std::move(done));
  });
}

void BackgroundLoader::compare(model::SessionId baseline, model::SessionId candidate,
                               const analysis::CompareOptions& options,
                               const analysis::Scope& scope) {
  query(CompareQuery, tr("comparing session %1 with session %2 …").arg(candidate.value()).arg(baseline.value()),
        [this, baseline, candidate, options, scope](const DatabaseLoader& db, QString* error) -> std::function<void()> {
          auto result = compareSessions(db, baseline, candidate, options, scope);
          if (!result) {
            *error = QString::fromStdString(result.error().message);
            return {};
          }
          auto value = std::make_shared<const analysis::Comparison>(std::move(result).value());
          return [this, value] { emit comparisonReady(value); };
        });
}

void BackgroundLoader::trend(const QString& benchmark, const analysis::TrendOptions& options) {
  query(TrendQuery, tr("reading %1 in every session …").arg(benchmark),
        [this, name = benchmark.toStdString(), options](const DatabaseLoader& db, QString* error) -> std::function<void()> {
          auto result = trendOf(db, name, options);
          if (!result) {
            *error = QString::fromStdString(result.error().message);
            return {};
          }
          auto value = std::make_shared<const analysis::Trend>(std::move(result).value());
          return [this, value] { emit trendReady(value); };
        });
}

void BackgroundLoader::listBenchmarks() {
  query(NamesQuery, tr("listing benchmarks …"),
        [this](const DatabaseLoader& db, QString* error) -> std::function<void()> {
          auto result = benchmarkNames(db);
          if (!result) {
            *error = QString::fromStdString(result.error().message);
            return {};
          }
          QStringList names;
          for (const auto& n : *result) names << QString::fromStdString(n);
          return [this, names] { emit benchmarksListed(names); };
        });
}

void BackgroundLoader::findCeilings() {
  query(CeilingsQuery, tr("looking for measured machine ceilings …"),
        [this](const DatabaseLoader& db, QString* error) -> std::function<void()> {
          auto result = newestCeilings(db);
          if (!result) {
            *error = QString::fromStdString(result.error().message);
            return {};
          }
          return [this, value = std::move(result).value()] { emit ceilingsFound(value); };
        });
}

}  // namespace tunelab::gui
