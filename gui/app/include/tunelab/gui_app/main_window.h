#pragma once

#include <QMainWindow>
#include <QString>
#include <QStringList>
#include <optional>

#include "tunelab/analysis/scope.h"
#include "tunelab/gui/background_loader.h"
#include "tunelab/gui_app/views.h"
#include "tunelab/model/id.h"

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace tunelab::gui {

class ScopeBar;

class CompareView;
class RunDialog;
class ScalingView;
class TrendView;
class SessionListModel;
class SessionModels;
class TableView;
class View;

// The main window: the sessions of a database on the left (with a filter), the selected
// session's views as tabs on the right. It wires gui_core's background loader and models to
// the views and computes nothing itself. Databases open off the UI thread; a failure shows a
// dialog and leaves the database shown before in place.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Starts opening a database; the result arrives as databaseShown or openFailed (with a
  // non-blocking message box when `interactive`). `select`: the session to show first
  // (default: the newest).
  void openDatabase(const QString& path, model::SessionId select = {}, bool interactive = true);
  // openDatabase, then waits (running the event loop) until the selected session is shown in
  // full or the open failed; for --screenshot, tunelab-plot and tests. No dialog: the Store's
  // message goes to *error.
  bool loadDatabase(const QString& path, QString* error = nullptr, model::SessionId select = {});
  // Shows one session of the open database; false if it has no such session.
  bool selectSession(model::SessionId id);
  // Shows `workload` of the session on screen, in its default scope (the scope bar's choice).
  void showWorkload(const QString& workload);
  // The shown session in this scope: the workload and the parameter values of `where`
  // (`tunelab-gui --workload W --where K=V`, as the scope bar would set them).
  void showScope(const analysis::Scope& scope);
  const analysis::Scope& scope() const { return m_scope; }
  // Waits until no load is in flight and the last one arrived in full (true) or failed.
  bool waitUntilIdle(int timeoutMs = 30'000);

  QString databasePath() const { return m_path; }
  void setCurrentView(ViewKind kind);
  View* view(ViewKind kind) const;
  View* currentView() const;
  SessionListModel* sessionModel() const { return m_sessions; }
  SessionModels* models() const { return m_models; }
  QStringList recentFiles() const;

 signals:
  void databaseShown(const QString& path);
  void openFailed(const QString& path, const QString& message);
  // A session is on screen; `complete` is false after the first stage (times only).
  void sessionShown(qint64 session, bool complete);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createMenus();
  void chooseDatabase();
  void chooseImport();
  void importJson(const QString& path);
  void reload();
  void showRunDialog();
  void exportChart();
  void exportTable();
  void copyTable();
  void onOpened(const QString& path, SessionList sessions);
  void onOpenFailed(const QString& path, const QString& message);
  void onTimes(LoadedSessionPtr session);
  void onLoaded(LoadedSessionPtr session);
  void onSessionFailed(qint64 session, const QString& message);
  void sessionActivated(const QModelIndex& current);
  void refreshCrossSessionViews();
  void showError(const QString& title, const QString& message);
  void rememberFile(const QString& path);
  void updateRecentMenu();
  void updateHeader();
  void updateStatus();
  void updateActions();
  void fitSessionColumns();
  void restoreSettings();

  BackgroundLoader* m_loader;
  SessionModels* m_models;
  SessionListModel* m_sessions;  // m_models's
  QSortFilterProxyModel* m_sessionFilter;
  QString m_path;                     // the database on screen
  model::SessionId m_wantedSession;   // to select when the database being opened arrives
  bool m_interactiveOpen = true;
  bool m_lastLoadFailed = false;
  QString m_lastError;

  QSplitter* m_splitter;
  QLineEdit* m_sessionSearch;
  QTreeView* m_sessionView;
  QLabel* m_sessionHeader;
  ScopeBar* m_scopeBar;  // the workload and parameters every tab shows
  model::SessionId m_shownSession;
  analysis::Scope m_scope;  // of the session on screen
  QTabWidget* m_tabs;
  QList<View*> m_views;  // by ViewKind
  TableView* m_runsView;
  ScalingView* m_scalingView;
  TableView* m_countersView;
  CompareView* m_compareView;
  TrendView* m_trendView;
  bool m_compareStale = true;
  bool m_trendStale = true;
  QString m_pendingTrend;  // the benchmark the trend view should switch to when shown
  QLabel* m_pathLabel;
  QLabel* m_progressLabel;
  QLabel* m_countsLabel;
  QMenu* m_recentMenu = nullptr;
  QAction* m_exportChart = nullptr;
  QAction* m_exportTable = nullptr;
  QAction* m_logAxes = nullptr;
  RunDialog* m_runDialog = nullptr;
};

}  // namespace tunelab::gui
