#include "tunelab/gui_app/main_window.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include "tunelab/gui_app/scope_bar.h"
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

#include "tunelab/gui/compare_model.h"
#include "tunelab/gui/counter_table_model.h"
#include "tunelab/gui/format.h"
#include "tunelab/gui/region_model.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/roofline_model.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui/session_models.h"
#include "tunelab/gui/trend_model.h"
#include "tunelab/gui_app/compare_view.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/table_view.h"
#include "tunelab/gui_app/trend_view.h"
#include "tunelab/gui_app/views.h"

namespace tunelab::gui {

namespace {

// SQLite says "database disk image is malformed" for a results database that was cut short
// or overwritten; the dialog adds what can be done about it.
QString withAdvice(const QString& message) {
  if (!message.contains(QLatin1String("malformed"))) return message;
  return message + QObject::tr(
                       "\n\nThe file is damaged (cut short, or overwritten while it was "
                       "written). tunelab left it as it is; `sqlite3 FILE .recover` may "
                       "save what is left, and new runs can go into a new database.");
}

// The session list takes what its columns need within these bounds; the views get the rest.
constexpr int kMinSessionListWidth = 240;
constexpr int kMaxSessionListWidth = 320;

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_loader(new BackgroundLoader(this)),
      m_models(new SessionModels(this)),
      m_sessions(m_models->sessions()),
      m_sessionFilter(new QSortFilterProxyModel(this)),
      m_splitter(new QSplitter),
      m_sessionSearch(new QLineEdit),
      m_sessionView(new QTreeView),
      m_sessionHeader(new QLabel),
      m_scopeBar(new ScopeBar),
      m_tabs(new QTabWidget),
      m_pathLabel(new QLabel),
      m_progressLabel(new QLabel),
      m_countsLabel(new QLabel) {
  setWindowTitle(QStringLiteral("tunelab"));
  setAcceptDrops(true);

  m_sessionFilter->setSourceModel(m_sessions);
  m_sessionFilter->setSortRole(SortRole);
  m_sessionFilter->setFilterKeyColumn(-1);
  m_sessionFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_sessionSearch->setObjectName(QStringLiteral("sessionFilter"));
  m_sessionSearch->setPlaceholderText(tr("Filter sessions (label, status, date)…"));
  m_sessionSearch->setClearButtonEnabled(true);
  connect(m_sessionSearch, &QLineEdit::textChanged, m_sessionFilter,
          &QSortFilterProxyModel::setFilterFixedString);

  m_sessionView->setObjectName(QStringLiteral("sessionList"));
  m_sessionView->setModel(m_sessionFilter);
  m_sessionView->setRootIsDecorated(false);
  m_sessionView->setUniformRowHeights(true);
  m_sessionView->setAlternatingRowColors(true);
  m_sessionView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_sessionView->setSortingEnabled(true);
  m_sessionView->sortByColumn(SessionListModel::IdColumn, Qt::DescendingOrder);
  connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &MainWindow::sessionActivated);

  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->setSpacing(2);
  leftLayout->addWidget(m_sessionSearch);
  leftLayout->addWidget(m_sessionView, 1);

  m_tabs->setObjectName(QStringLiteral("tabs"));
  for (ViewKind kind : allViews()) {
    View* v = createView(kind, m_models);
    m_views.append(v);
    m_tabs->addTab(v, viewLabel(kind));
  }
  m_runsView = qobject_cast<TableView*>(view(ViewKind::Runs));
  m_scalingView = qobject_cast<ScalingView*>(view(ViewKind::Scaling));
  m_countersView = qobject_cast<TableView*>(view(ViewKind::Counters));
  m_compareView = qobject_cast<CompareView*>(view(ViewKind::Compare));
  m_trendView = qobject_cast<TrendView*>(view(ViewKind::Trend));
  connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
    updateActions();
    refreshCrossSessionViews();
  });
  connect(m_compareView, &CompareView::compareRequested, this,
          [this](model::SessionId baseline, model::SessionId candidate) {
            m_compareStale = false;
            analysis::CompareOptions options;
            for (const QString& key : m_compareView->ignoredParams())
              options.ignoreParams.push_back(key.toStdString());
            // The runs of the scope on screen (a comparison of the whole default sweep is a
            // hundred and fifty rows no chart can hold; "every workload" still gives them).
            m_loader->compare(baseline, candidate, options, m_scope);
          });
  connect(m_trendView, &TrendView::trendRequested, this, [this](const QString& benchmark) {
    m_trendStale = false;
    m_loader->trend(benchmark);
  });

  m_sessionHeader->setObjectName(QStringLiteral("sessionHeader"));
  m_sessionHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_sessionHeader->setWordWrap(true);
  m_sessionHeader->setContentsMargins(4, 2, 4, 4);

  auto* right = new QWidget;
  auto* layout = new QVBoxLayout(right);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_sessionHeader);
  layout->addWidget(m_scopeBar);
  layout->addWidget(m_tabs, 1);
  // A session of several workloads shows one at a time: the loader re-reads the session in
  // the chosen scope, off the UI thread, and every model gets that one value.
  connect(m_scopeBar, &ScopeBar::workloadChosen, this, [this](const QString& workload) {
    if (m_shownSession.value() > 0) m_loader->loadSession(m_shownSession, std::nullopt, workload);
  });
  connect(m_scopeBar, &ScopeBar::scopeChosen, this, [this] {
    if (m_shownSession.value() > 0) m_loader->loadSession(m_shownSession, m_scopeBar->scope());
  });

  m_splitter->setObjectName(QStringLiteral("mainSplitter"));
  m_splitter->addWidget(left);
  m_splitter->addWidget(right);
  m_splitter->setStretchFactor(1, 1);
  m_splitter->setSizes({kMinSessionListWidth, 1200 - kMinSessionListWidth});
  m_splitter->setChildrenCollapsible(false);
  setCentralWidget(m_splitter);

  m_pathLabel->setObjectName(QStringLiteral("statusPath"));
  m_progressLabel->setObjectName(QStringLiteral("statusProgress"));
  m_countsLabel->setObjectName(QStringLiteral("statusCounts"));
  statusBar()->addWidget(m_pathLabel, 1);
  statusBar()->addWidget(m_progressLabel);
  statusBar()->addPermanentWidget(m_countsLabel);

  connect(m_loader, &BackgroundLoader::databaseOpened, this, &MainWindow::onOpened);
  connect(m_loader, &BackgroundLoader::databaseFailed, this, &MainWindow::onOpenFailed);
  connect(m_loader, &BackgroundLoader::sessionTimesLoaded, this, &MainWindow::onTimes);
  connect(m_loader, &BackgroundLoader::sessionLoaded, this, &MainWindow::onLoaded);
  connect(m_loader, &BackgroundLoader::sessionFailed, this, &MainWindow::onSessionFailed);
  connect(m_loader, &BackgroundLoader::progress, m_progressLabel, &QLabel::setText);
  connect(m_loader, &BackgroundLoader::comparisonReady, this, [this](ComparisonPtr comparison) {
    m_models->compare()->setComparison(std::move(comparison));
  });
  connect(m_loader, &BackgroundLoader::trendReady, this,
          [this](TrendPtr trend) { m_models->trend()->setTrend(std::move(trend)); });
  connect(m_loader, &BackgroundLoader::benchmarksListed, this, [this](const QStringList& names) {
    m_trendView->setBenchmarks(names);
    m_trendStale = true;
    refreshCrossSessionViews();
  });
  connect(m_loader, &BackgroundLoader::ceilingsFound, this, [this](const MeasuredCeilings& found) {
    m_models->roofline()->setFallbackCeilings(found.ceilings, toQString(found.source));
  });
  connect(m_loader, &BackgroundLoader::queryFailed, this,
          [this](const QString& what, const QString& message) {
            statusBar()->showMessage(tr("%1 failed: %2").arg(what, message), 10'000);
          });

  createMenus();
  resize(1200, 720);
  restoreSettings();
  updateHeader();
  updateStatus();
  updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::openDatabase(const QString& path, model::SessionId select, bool interactive) {
  m_wantedSession = select;
  m_interactiveOpen = interactive;
  m_lastLoadFailed = false;
  m_lastError.clear();
  m_loader->open(path);
}

bool MainWindow::waitUntilIdle(int timeoutMs) {
  QElapsedTimer timer;
  timer.start();
  while ((m_loader->busy() || (!m_lastLoadFailed && m_sessions->rowCount() > 0 &&
                               !m_models->complete())) &&
         timer.elapsed() < timeoutMs)
    QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
  return !m_loader->busy() && !m_lastLoadFailed;
}

bool MainWindow::loadDatabase(const QString& path, QString* error, model::SessionId select) {
  openDatabase(path, select, false);
  const bool ok = waitUntilIdle() && m_path == QFileInfo(path).absoluteFilePath();
  if (!ok && error) *error = m_lastError.isEmpty() ? tr("%1: timed out").arg(path) : m_lastError;
  return ok;
}

void MainWindow::onOpened(const QString& path, SessionList sessions) {
  m_path = QFileInfo(path).absoluteFilePath();
  rememberFile(m_path);
  m_models->clear();
  m_models->compare()->clear();
  m_models->trend()->clear();
  m_models->roofline()->setFallbackCeilings({}, {});
  m_compareStale = m_trendStale = true;
  // Once per database: what the trend view offers, and measured ceilings for the roofline.
  m_loader->listBenchmarks();
  m_loader->findCeilings();
  m_sessions->setSessions(*sessions);
  setWindowTitle(QStringLiteral("%1 — tunelab").arg(QFileInfo(path).fileName()));
  fitSessionColumns();
  emit databaseShown(m_path);
  // The session asked for, else the newest (sessions sort newest first).
  if (m_sessions->rowCount() > 0) {
    if (!m_wantedSession.valid() || !selectSession(m_wantedSession))
      m_sessionView->setCurrentIndex(m_sessionFilter->index(0, 0));
  } else {
    m_sessionView->setCurrentIndex({});
  }
  m_wantedSession = {};
  updateHeader();
  updateStatus();
  updateActions();
}

void MainWindow::onOpenFailed(const QString& path, const QString& message) {
  m_lastLoadFailed = true;
  m_lastError = message;
  emit openFailed(path, withAdvice(message));
  if (m_interactiveOpen) showError(tr("Cannot open the database"), withAdvice(message));
}

bool MainWindow::selectSession(model::SessionId id) {
  const int row = m_sessions->rowOf(id);
  if (row < 0) return false;
  QModelIndex index = m_sessionFilter->mapFromSource(m_sessions->index(row, 0));
  if (!index.isValid()) {
    // Hidden by the filter: clear it rather than show a session the list does not.
    m_sessionSearch->clear();
    index = m_sessionFilter->mapFromSource(m_sessions->index(row, 0));
  }
  m_sessionView->setCurrentIndex(index);
  return true;
}

void MainWindow::sessionActivated(const QModelIndex& current) {
  if (!current.isValid()) {
    m_models->clear();
    updateHeader();
    updateStatus();
    return;
  }
  const qint64 id = current.data(IdRole).toLongLong();
  m_lastLoadFailed = false;
  m_loader->loadSession(model::SessionId(id));
}

void MainWindow::showWorkload(const QString& workload) {
  if (m_shownSession.value() > 0) m_loader->loadSession(m_shownSession, std::nullopt, workload);
}

void MainWindow::showScope(const analysis::Scope& scope) {
  if (m_shownSession.value() > 0) m_loader->loadSession(m_shownSession, scope);
}

void MainWindow::onTimes(LoadedSessionPtr session) {
  m_models->showTimes(session);
  m_shownSession = session->results.session.id;
  m_scope = session->scope;
  m_scopeBar->setChoices(session->choices, session->scope);
  // Chart titles name the scope where the session has more than it shows.
  const bool scoped = !session->scope.workload.empty() &&
                      (session->choices.workloads.size() > 1 || !session->scope.where.empty());
  const QString scope =
      scoped ? QStringLiteral(" · ") + QString::fromStdString(describe(session->scope)) : QString();
  const QString context = tr("session %1").arg(session->results.session.id.value()) + scope;
  for (View* v : m_views) v->setContext(context);
  updateHeader();
  updateStatus();
  emit sessionShown(session->results.session.id.value(), false);
}

void MainWindow::onLoaded(LoadedSessionPtr session) {
  m_models->show(session);
  m_shownSession = session->results.session.id;
  m_scope = session->scope;
  m_scopeBar->setChoices(session->choices, session->scope);
  // Compare follows the session shown: it is the candidate, the one before it the baseline.
  const int row = m_sessions->rowOf(session->results.session.id);
  if (row >= 0 && row + 1 < m_sessions->rowCount()) {
    m_compareView->setSessions(m_sessions->sessions()[static_cast<std::size_t>(row + 1)].id,
                               session->results.session.id);
    m_compareStale = true;
  }
  // Trend follows it too, when the benchmark picked is not one of its runs.
  const auto& runs = session->results.runs;
  const std::string current = m_trendView->benchmark().toStdString();
  if (!runs.empty() && std::none_of(runs.begin(), runs.end(),
                                    [&](const model::Run& r) { return r.name == current; })) {
    m_pendingTrend = toQString(runs.front().name);
    m_trendStale = true;
  }
  refreshCrossSessionViews();
  updateHeader();
  updateStatus();
  emit sessionShown(session->results.session.id.value(), true);
}

void MainWindow::refreshCrossSessionViews() {
  // Comparisons and trends read whole sessions: only for the tab on screen, and only once.
  if (m_tabs->currentWidget() == m_compareView && m_compareStale) {
    m_compareStale = false;
    m_compareView->request();
  }
  if (m_tabs->currentWidget() == m_trendView && m_trendStale) {
    m_trendStale = false;
    if (!m_pendingTrend.isEmpty()) {
      m_trendView->setBenchmark(m_pendingTrend);
      m_pendingTrend.clear();
    } else if (!m_trendView->benchmark().isEmpty()) {
      m_trendView->setBenchmark(m_trendView->benchmark());
    }
  }
}

void MainWindow::onSessionFailed(qint64 session, const QString& message) {
  m_lastLoadFailed = true;
  m_lastError = message;
  showError(tr("Cannot read session %1").arg(session), withAdvice(message));
}

void MainWindow::updateHeader() {
  const RunTableModel* runs = m_models->runs();
  if (m_path.isEmpty()) {
    m_sessionHeader->setText(tr("Open a results database with File → Open (Ctrl+O), drop one "
                                "here, or start a measurement with Run → New run (Ctrl+R)."));
    return;
  }
  if (m_sessions->rowCount() == 0) {
    m_sessionHeader->setText(tr("This database has no sessions yet. Run → New run (Ctrl+R) "
                                "measures one."));
    return;
  }
  if (m_models->session().startedAt.empty()) {
    m_sessionHeader->setText(tr("Select a session."));
    return;
  }
  QString header = describeSession(m_models->session());
  if (!runs->commonParams().isEmpty())
    header += QLatin1Char('\n') + tr("Parameters of every run: %1").arg(runs->commonParams());
  m_sessionHeader->setText(header);
  // With nothing that differs between runs the parameters column would be empty; the
  // header above states them instead.
  m_runsView->tableView()->setColumnHidden(RunTableModel::ParamsColumn,
                                           !runs->hasDistinctParams());
  m_countersView->setNote(
      m_models->complete() && !m_models->counters()->hasCounters()
          ? tr("No counters were recorded (tunelab run --counters none?).")
          : tr("Median per execution. \"unsupported\": this machine cannot count the event "
               "(hover for the kernel's reason); ≈ simulated by valgrind; * multiplexed."));
}

void MainWindow::fitSessionColumns() {
  int needed = 2 * m_sessionView->frameWidth();
  for (int c = 0; c < m_sessions->columnCount(); ++c) {
    m_sessionView->resizeColumnToContents(c);
    needed += m_sessionView->columnWidth(c);
  }
  const int listWidth = std::clamp(needed + 8, kMinSessionListWidth, kMaxSessionListWidth);
  m_splitter->setSizes({listWidth, std::max(m_splitter->width() - listWidth, 1)});
}

void MainWindow::showError(const QString& title, const QString& message) {
  // Window-modal but not blocking (open, not exec): whoever asked carries on, and the window
  // stays usable underneath once the box is closed.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::updateStatus() {
  // A database under the working directory by its relative path ("results/tunelab.db", as it
  // was typed), anything else in full; the tooltip always has the full path.
  const QString relative = QDir::current().relativeFilePath(m_path);
  const bool below = !m_path.isEmpty() && !relative.startsWith(QStringLiteral("../")) &&
                     !QDir::isAbsolutePath(relative);
  m_pathLabel->setText(m_path.isEmpty() ? tr("No database open") : below ? relative : m_path);
  m_pathLabel->setToolTip(m_path);
  if (m_path.isEmpty()) {
    m_countsLabel->clear();
    return;
  }
  const int n = m_sessions->rowCount();
  QString counts = n == 1 ? tr("1 session") : tr("%1 sessions").arg(n);
  const RunTableModel* runs = m_models->runs();
  if (!m_models->session().startedAt.empty()) {
    std::size_t samples = 0;
    for (const auto& r : runs->runs()) samples += r.samples.size();
    counts += tr(" · session %1: %2 runs, %3 ok, %4 samples")
                  .arg(m_models->session().id.value())
                  .arg(runs->rowCount())
                  .arg(runs->okCount())
                  .arg(samples);
  }
  m_countsLabel->setText(counts);
}

View* MainWindow::view(ViewKind kind) const {
  const int i = static_cast<int>(allViews().indexOf(kind));
  return i >= 0 && i < m_views.size() ? m_views[i] : nullptr;
}

View* MainWindow::currentView() const { return qobject_cast<View*>(m_tabs->currentWidget()); }

void MainWindow::setCurrentView(ViewKind kind) { m_tabs->setCurrentWidget(view(kind)); }

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
  settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
  if (!m_path.isEmpty()) settings.setValue(QStringLiteral("files/last"), m_path);
  QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
  m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
  updateRecentMenu();
}

}  // namespace tunelab::gui
