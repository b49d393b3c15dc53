#include "tunelab/gui_app/main_window.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

#include "tunelab/gui/format.h"
#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_table_model.h"
#include "tunelab/gui/scaling_model.h"
#include "tunelab/gui/session_list_model.h"
#include "tunelab/gui_app/scaling_chart.h"

namespace tunelab::gui {

namespace {

// Wider than this, a column (the parameters, mostly) is elided and its tooltip has the rest.
constexpr int kMaxColumnWidth = 340;
// The session list takes what its columns need within these bounds; the runs get the rest.
constexpr int kMinSessionListWidth = 240;
constexpr int kMaxSessionListWidth = 300;

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_sessions(new SessionListModel(this)),
      m_runs(new RunTableModel(this)),
      m_scaling(new ScalingModel(this)),
      m_sortedRuns(new QSortFilterProxyModel(this)),
      m_splitter(new QSplitter),
      m_sessionView(new QTreeView),
      m_sessionHeader(new QLabel),
      m_tabs(new QTabWidget),
      m_runView(new QTableView),
      m_chart(new ScalingChart(m_scaling)),
      m_pathLabel(new QLabel),
      m_countsLabel(new QLabel) {
  setWindowTitle(QStringLiteral("tunelab"));

  m_sessionView->setObjectName(QStringLiteral("sessionList"));
  m_sessionView->setModel(m_sessions);
  m_sessionView->setRootIsDecorated(false);
  m_sessionView->setUniformRowHeights(true);
  m_sessionView->setAlternatingRowColors(true);
  m_sessionView->setSelectionMode(QAbstractItemView::SingleSelection);
  connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { showSession(current.row()); });

  m_sortedRuns->setSourceModel(m_runs);
  m_sortedRuns->setSortRole(SortRole);
  m_runView->setObjectName(QStringLiteral("runTable"));
  m_runView->setModel(m_sortedRuns);
  m_runView->setAlternatingRowColors(true);
  m_runView->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_runView->setWordWrap(false);
  m_runView->setTextElideMode(Qt::ElideMiddle);
  m_runView->verticalHeader()->hide();
  // The style's default row height leaves half a line of air around every row.
  m_runView->verticalHeader()->setDefaultSectionSize(m_runView->fontMetrics().height() + 8);
  m_runView->horizontalHeader()->setHighlightSections(false);
  // No sort column at first: the rows stay in the order the runs ran until a header is clicked.
  m_runView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
  m_runView->setSortingEnabled(true);

  m_chart->setObjectName(QStringLiteral("scalingChart"));
  m_tabs->setObjectName(QStringLiteral("tabs"));
  m_tabs->addTab(m_runView, tr("Runs"));
  m_tabs->addTab(m_chart, tr("Scaling"));

  m_sessionHeader->setObjectName(QStringLiteral("sessionHeader"));
  m_sessionHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_sessionHeader->setWordWrap(true);
  m_sessionHeader->setContentsMargins(4, 2, 4, 4);

  auto* right = new QWidget;
  auto* layout = new QVBoxLayout(right);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_sessionHeader);
  layout->addWidget(m_tabs, 1);

  m_splitter->addWidget(m_sessionView);
  m_splitter->addWidget(right);
  m_splitter->setStretchFactor(1, 1);
  m_splitter->setSizes({kMinSessionListWidth, 1200 - kMinSessionListWidth});
  m_splitter->setChildrenCollapsible(false);
  setCentralWidget(m_splitter);

  m_pathLabel->setObjectName(QStringLiteral("statusPath"));
  m_countsLabel->setObjectName(QStringLiteral("statusCounts"));
  statusBar()->addWidget(m_pathLabel, 1);
  statusBar()->addPermanentWidget(m_countsLabel);
  createMenus();
  resize(1200, 720);
  updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseDatabase);
  open->setShortcut(QKeySequence::Open);
  QAction* reloadAction = file->addAction(tr("&Reload"), this, &MainWindow::reload);
  // A database that `tunelab run` is still filling gains runs; F5 shows them.
  reloadAction->setShortcut(QKeySequence::Refresh);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
}

QString MainWindow::databasePath() const {
  return m_loader ? QString::fromStdString(m_loader->path().string()) : QString();
}

bool MainWindow::selectSession(model::SessionId id) {
  const int row = m_sessions->rowOf(id);
  if (row < 0) return false;
  m_sessionView->setCurrentIndex(m_sessions->index(row, 0));
  return true;
}

void MainWindow::setCurrentTab(Tab tab) { m_tabs->setCurrentIndex(tab == Tab::Runs ? 0 : 1); }

bool MainWindow::loadDatabase(const QString& path, QString* error) {
  auto loader = DatabaseLoader::open(path.toStdString());
  if (!loader) {
    if (error) *error = QString::fromStdString(loader.error().message);
    return false;
  }
  m_loader.emplace(std::move(loader).value());
  m_sessions->setSessions(m_loader->sessions());
  setWindowTitle(QStringLiteral("%1 — tunelab").arg(QFileInfo(path).fileName()));
  if (m_sessions->rowCount() > 0) {
    // Sessions are newest first: the one just measured is the one to look at.
    m_sessionView->setCurrentIndex(m_sessions->index(0, 0));
  } else {
    showSession(-1);
  }
  fitSessionColumns();
  updateStatus();
  return true;
}

bool MainWindow::openDatabase(const QString& path) {
  QString error;
  if (loadDatabase(path, &error)) return true;
  showError(tr("Cannot open the database"), error);
  return false;
}

void MainWindow::chooseDatabase() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open results database"), QFileInfo(databasePath()).absolutePath(),
      tr("tunelab results (*.db *.sqlite);;All files (*)"));
  if (!path.isEmpty()) openDatabase(path);
}

void MainWindow::reload() {
  if (!m_loader) return;
  const QModelIndex current = m_sessionView->currentIndex();
  const qint64 selected = current.isValid() ? m_sessions->data(current, IdRole).toLongLong() : 0;
  if (!openDatabase(databasePath())) return;
  selectSession(model::SessionId(selected));
}

void MainWindow::showSession(int row) {
  if (!m_loader || row < 0 || row >= m_sessions->rowCount()) {
    m_runs->clear();
    m_scaling->clear();
    m_chart->setContext({});
    m_sessionHeader->setText(m_loader ? tr("This database has no sessions yet.")
                                      : tr("Open a results database with File → Open (Ctrl+O)."));
    updateStatus();
    return;
  }
  const auto& session = m_sessions->sessions()[static_cast<std::size_t>(row)];
  auto results = m_loader->load(session.id);
  if (!results) {
    showError(tr("Cannot read the session"), QString::fromStdString(results.error().message));
    return;
  }
  m_runs->setResults(results->session, results->runs);
  m_scaling->setResults(results->runs);
  m_chart->setContext(tr("session %1").arg(session.id.value()));
  QString header = describeSession(results->session);
  if (!m_runs->sharedParams().isEmpty())
    header += QLatin1Char('\n') + tr("Parameters of every run: %1").arg(m_runs->sharedParams());
  m_sessionHeader->setText(header);
  // With nothing that differs between runs the parameters column would be empty; the
  // header above states them instead.
  m_runView->setColumnHidden(RunTableModel::ParamsColumn, !m_runs->hasDistinctParams());
  fitRunColumns();
  updateStatus();
}

void MainWindow::fitRunColumns() {
  m_runView->resizeColumnsToContents();
  QHeaderView* header = m_runView->horizontalHeader();
  for (int c = 0; c < header->count(); ++c)
    if (header->sectionSize(c) > kMaxColumnWidth) header->resizeSection(c, kMaxColumnWidth);
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
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::updateStatus() {
  m_pathLabel->setText(m_loader ? databasePath() : tr("No database open"));
  if (!m_loader) {
    m_countsLabel->clear();
    return;
  }
  const int n = m_sessions->rowCount();
  QString counts = n == 1 ? tr("1 session") : tr("%1 sessions").arg(n);
  if (m_runs->rowCount() > 0 || !m_runs->session().startedAt.empty())
    counts += tr(" · session %1: %2 runs, %3 ok")
                  .arg(m_runs->session().id.value())
                  .arg(m_runs->rowCount())
                  .arg(m_runs->okCount());
  m_countsLabel->setText(counts);
}

}  // namespace tunelab::gui
