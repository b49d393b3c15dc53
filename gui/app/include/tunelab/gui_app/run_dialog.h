#pragma once

#include <QDialog>
#include <QList>

#include "tunelab/gui/run_process.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tunelab::gui {

// Starts a measurement — of a workload (variants, parameters), of any program (a command line
// with {threads} and {NAME} placeholders and NAME=v1,v2 sweeps) or of a Google Benchmark
// binary — with threads, repetitions, counters, label and database, then `tunelab run` as a
// child process (RunProcess) with a progress bar
// and Cancel. The workloads and their parameters come from `tunelab list --json`, so the
// dialog offers exactly what the CLI accepts; the CLI checks the values and its message is
// shown if it refuses them. runFinished tells the window to show the new session.
class RunDialog : public QDialog {
  Q_OBJECT

 public:
  // `program`: the tunelab CLI (locateTunelab()); `database`: where results go by default.
  RunDialog(QString program, const QString& database, QWidget* parent = nullptr);

  // Reads the catalogue from `tunelab list --json` (asynchronously; catalogueLoaded follows).
  void loadCatalogue();
  bool catalogueReady() const { return !m_workloads.isEmpty(); }
  // What the form says now, and setting the form from a request (variants and parameters
  // the workload does not know are ignored).
  RunRequest request() const;
  void setRequest(const RunRequest& request);
  // Starts the run the form describes; false if it could not start (the reason is shown).
  bool startRun();
  bool running() const { return m_process->running(); }
  RunProcess* process() const { return m_process; }

 signals:
  void catalogueLoaded(bool ok);
  // The run ended with results in `database` (exit 0, 1 or 130): the window reloads it.
  void runFinished(const QString& database, int exitCode);

 protected:
  void reject() override;

 private:
  void showWorkload(int index);
  void showTarget(int target);  // RunRequest::Target as an int
  void chooseBenchmark();
  void onProgress(int done, int total, const QString& line);
  void onFinished(int exitCode, const QString& message);
  void chooseDatabase();
  void setRunning(bool running);

  QString m_program;
  QList<WorkloadInfo> m_workloads;
  RunProcess* m_process;
  QString m_runDatabase;

  QComboBox* m_target;
  QLineEdit* m_command;
  QLineEdit* m_sweep;
  QLineEdit* m_name;
  QLineEdit* m_gbench;
  QLineEdit* m_gbenchArgs;
  QWidget* m_gbenchRow;
  QWidget* m_paramsBox;
  QFormLayout* m_form;
  QComboBox* m_workload;
  QLabel* m_summary;
  QWidget* m_variantBox;
  QList<QCheckBox*> m_variants;
  QFormLayout* m_paramForm;
  QList<QLineEdit*> m_params;
  QLineEdit* m_threads;
  QSpinBox* m_repetitions;
  QDoubleSpinBox* m_minTime;
  QComboBox* m_counters;
  QLineEdit* m_label;
  QLineEdit* m_database;
  QProgressBar* m_progress;
  QLabel* m_status;
  QPlainTextEdit* m_log;
  QPushButton* m_runButton;
  QPushButton* m_cancelButton;
  QPushButton* m_closeButton;
};

}  // namespace tunelab::gui
