// MainWindow's menus and what they do: files, import, export, the Run dialog, drag and drop.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTreeView>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

#include "tunelab/gui/roles.h"
#include "tunelab/gui/run_process.h"
#include "tunelab/gui/table_export.h"
#include "tunelab/gui_app/image_export.h"
#include "tunelab/gui_app/main_window.h"
#include "tunelab/gui_app/run_dialog.h"
#include "tunelab/gui_app/scaling_view.h"
#include "tunelab/gui_app/view.h"

namespace tunelab::gui {

namespace {

constexpr int kMaxRecentFiles = 8;
const QString kRecentKey = QStringLiteral("files/recent");

bool isJson(const QString& path) { return path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive); }

// A file name for an export: the view and session, no spaces.
QString suggestedName(const View* view, const QString& suffix) {
  QString name = view->title().toLower();
  name.replace(QStringLiteral(" — "), QStringLiteral("-"));
  name.replace(QRegularExpression(QStringLiteral("[^a-z0-9-]+")), QStringLiteral("-"));
  return name + QLatin1Char('.') + suffix;
}

}  // namespace

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseDatabase);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  file->addAction(tr("&Import Google Benchmark JSON…"), QKeySequence(tr("Ctrl+I")), this,
                  &MainWindow::chooseImport);
  // A database that `tunelab run` is still filling gains runs; F5 shows them.
  file->addAction(tr("Re&load"), QKeySequence::Refresh, this, &MainWindow::reload);
  file->addSeparator();
  m_exportChart = file->addAction(tr("Export &Chart as PNG or SVG…"), QKeySequence(tr("Ctrl+E")),
                                  this, &MainWindow::exportChart);
  m_exportTable = file->addAction(tr("Export &Table as CSV…"), QKeySequence(tr("Ctrl+Shift+E")),
                                  this, &MainWindow::exportTable);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(tr("&Copy Table Rows"), QKeySequence::Copy, this, &MainWindow::copyTable);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < m_tabs->count(); ++i) {
    QAction* a = view->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')));
    a->setShortcut(QKeySequence(tr("Ctrl+%1").arg(i + 1)));
    connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
  }
  view->addSeparator();
  m_logAxes = view->addAction(tr("&Logarithmic Scaling Axes (log₂)"));
  m_logAxes->setCheckable(true);
  m_logAxes->setShortcut(QKeySequence(tr("Ctrl+L")));
  connect(m_logAxes, &QAction::toggled, this, [this](bool on) {
    m_scalingView->setAxes(on ? ScalingView::Axes::Log2 : ScalingView::Axes::Linear);
  });
  view->addAction(tr("Find &Session"), QKeySequence::Find, this, [this] {
    m_sessionSearch->setFocus();
    m_sessionSearch->selectAll();
  });

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&New Run…"), QKeySequence(tr("Ctrl+R")), this, &MainWindow::showRunDialog);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About tunelab"), this, [this] {
    QMessageBox::about(
        this, tr("About tunelab"),
        tr("<b>tunelab %1</b><br>Performance profiling and tuning: workloads in variants, "
           "measured under a harness on Google Benchmark, stored in SQLite, analysed for "
           "speedup, efficiency and regressions.")
            .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::updateActions() {
  const View* v = currentView();
  if (m_exportChart) m_exportChart->setEnabled(v && v->hasChart());
  if (m_exportTable) m_exportTable->setEnabled(v != nullptr);
}

void MainWindow::chooseDatabase() {
  const QString start = m_path.isEmpty() ? QDir::currentPath() : QFileInfo(m_path).absolutePath();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open results database"), start,
      tr("tunelab results (*.db *.sqlite);;Google Benchmark JSON (*.json);;All files (*)"));
  if (path.isEmpty()) return;
  if (isJson(path))
    importJson(path);
  else
    openDatabase(path);
}

void MainWindow::chooseImport() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Import Google Benchmark JSON"),
                                                    QDir::currentPath(),
                                                    tr("Google Benchmark JSON (*.json)"));
  if (!path.isEmpty()) importJson(path);
}

void MainWindow::importJson(const QString& path) {
  // The GUI never writes a results database itself: `tunelab import` puts the file into a
  // database of its own in a temporary folder, which then opens like any other.
  auto* dir = new QTemporaryDir;
  if (!dir->isValid()) {
    delete dir;
    showError(tr("Cannot import %1").arg(path), tr("No temporary folder can be created."));
    return;
  }
  const QString db = dir->filePath(QFileInfo(path).completeBaseName() + QStringLiteral(".db"));
  auto* process = new QProcess(this);
  process->setProcessChannelMode(QProcess::MergedChannels);
  connect(process, &QProcess::finished, this,
          [this, process, dir, db, path](int exitCode, QProcess::ExitStatus status) {
            process->deleteLater();
            if (status != QProcess::NormalExit || exitCode != 0) {
              showError(tr("Cannot import %1").arg(path),
                        QString::fromUtf8(process->readAll()).trimmed());
              delete dir;
              return;
            }
            // Kept until the window closes: the database shown lives in it.
            connect(this, &QObject::destroyed, [dir] { delete dir; });
            openDatabase(db);
          });
  process->start(locateTunelab(), {QStringLiteral("import"), path, QStringLiteral("--db"), db});
}

void MainWindow::reload() {
  if (m_path.isEmpty()) return;
  const QModelIndex current = m_sessionView->currentIndex();
  openDatabase(m_path,
               model::SessionId(current.isValid() ? current.data(IdRole).toLongLong() : 0));
}

void MainWindow::showRunDialog() {
  if (!m_runDialog) {
    const QString db = !m_path.isEmpty() ? m_path
                                         : QDir::current().filePath(QStringLiteral("tunelab.db"));
    m_runDialog = new RunDialog(locateTunelab(), db, this);
    connect(m_runDialog, &RunDialog::runFinished, this,
            [this](const QString& database, int) { openDatabase(database); });
    m_runDialog->loadCatalogue();
  }
  m_runDialog->show();
  m_runDialog->raise();
}

void MainWindow::exportChart() {
  View* v = currentView();
  if (!v || !v->hasChart()) return;
  QSettings settings;
  const QString folder = settings.value(QStringLiteral("files/exportFolder"), QDir::currentPath()).toString();
  QString selected;
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export chart"), QDir(folder).filePath(suggestedName(v, QStringLiteral("png"))),
      imageFileFilter(), &selected);
  if (path.isEmpty()) return;
  settings.setValue(QStringLiteral("files/exportFolder"), QFileInfo(path).absolutePath());
  QString error;
  if (!exportImage(v->exportWidget(), path, v->title(), &error))
    showError(tr("Cannot export the chart"), error);
}

void MainWindow::exportTable() {
  View* v = currentView();
  if (!v) return;
  QSettings settings;
  const QString folder = settings.value(QStringLiteral("files/exportFolder"), QDir::currentPath()).toString();
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Export table"), QDir(folder).filePath(suggestedName(v, QStringLiteral("csv"))),
      tr("CSV (*.csv)"));
  if (path.isEmpty()) return;
  settings.setValue(QStringLiteral("files/exportFolder"), QFileInfo(path).absolutePath());
  QString error;
  if (!writeCsv(*v->table(), path, v->tableColumns(), &error))
    showError(tr("Cannot export the table"), error);
}

void MainWindow::copyTable() {
  const View* v = currentView();
  if (!v) return;
  QApplication::clipboard()->setText(tableToTsv(*v->table(), v->tableColumns(), v->selectedRows()));
  statusBar()->showMessage(tr("Copied %1 to the clipboard").arg(v->title()), 3000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.size() == 1 && urls.front().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.size() != 1 || !urls.front().isLocalFile()) return;
  const QString path = urls.front().toLocalFile();
  event->acceptProposedAction();
  if (isJson(path))
    importJson(path);
  else
    openDatabase(path);
}

QStringList MainWindow::recentFiles() const {
  return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::rememberFile(const QString& path) {
  QStringList files = recentFiles();
  files.removeAll(path);
  files.prepend(path);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  QSettings().setValue(kRecentKey, files);
  updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
  if (!m_recentMenu) return;
  m_recentMenu->clear();
  const QStringList files = recentFiles();
  for (int i = 0; i < files.size(); ++i) {
    const QString path = files[i];
    QAction* a = m_recentMenu->addAction(
        QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
        [this, path] { openDatabase(path); });
    a->setToolTip(path);
    a->setStatusTip(path);
  }
  m_recentMenu->setEnabled(!files.isEmpty());
  if (!files.isEmpty()) {
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the List"), this, [this] {
      QSettings().remove(kRecentKey);
      updateRecentMenu();
    });
  }
}

}  // namespace tunelab::gui
