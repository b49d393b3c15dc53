#pragma once

#include <QMainWindow>
#include <QString>
#include <optional>

#include "tunelab/gui/database_loader.h"

class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
class QTreeView;

namespace tunelab::gui {

class RunTableModel;
class ScalingChart;
class ScalingModel;
class SessionListModel;

// The main window: sessions of a database on the left; the selected session's runs (a
// sortable table) and its scaling chart in tabs on the right. It only wires gui_core's
// loader and models to views; it computes nothing.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class Tab { Runs, Scaling };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Shows a database, its newest session selected. On failure the database shown before
  // stays, and the Store's message goes to *error; nothing is shown to the user.
  bool loadDatabase(const QString& path, QString* error = nullptr);
  // loadDatabase for people: a failure is reported in a message box. The box is
  // window-modal but does not block (QDialog::open, not exec), so the caller — a menu
  // action, main(), a test — carries on, and the window stays usable underneath.
  bool openDatabase(const QString& path);

  QString databasePath() const;
  // Shows one session of the open database; false if it has no such session.
  bool selectSession(model::SessionId id);
  void setCurrentTab(Tab tab);

  SessionListModel* sessionModel() const { return m_sessions; }
  RunTableModel* runModel() const { return m_runs; }
  ScalingModel* scalingModel() const { return m_scaling; }

 private:
  void createMenus();
  void chooseDatabase();
  void reload();
  void showSession(int row);
  void showError(const QString& title, const QString& message);
  void fitRunColumns();
  void fitSessionColumns();
  void updateStatus();

  std::optional<DatabaseLoader> m_loader;
  SessionListModel* m_sessions;
  RunTableModel* m_runs;
  ScalingModel* m_scaling;
  QSortFilterProxyModel* m_sortedRuns;
  QSplitter* m_splitter;
  QTreeView* m_sessionView;
  QLabel* m_sessionHeader;
  QTabWidget* m_tabs;
  QTableView* m_runView;
  ScalingChart* m_chart;
  QLabel* m_pathLabel;
  QLabel* m_countsLabel;
};

}  // namespace tunelab::gui
