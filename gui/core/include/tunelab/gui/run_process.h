#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <optional>

namespace tunelab::gui {

// What the Run dialog asks `tunelab run` for.
struct RunRequest {
  // What is measured: one of tunelab's workloads, any program (`tunelab run -- COMMAND`), or
  // a Google Benchmark binary (`tunelab run --gbench BINARY`).
  enum class Target { Workload, Command, Gbench };
  Target target = Target::Workload;
  // Command: the program and its arguments, `{threads}` and `{NAME}` inside (params gives
  // NAME's values); Gbench: the binary, then arguments for it.
  QStringList command;
  QString name;  // Command: the case name (empty: the program's base name)
  QString workload;
  QStringList variants;                     // empty: all
  QList<QPair<QString, QString>> params;    // KEY=VALUE, only those that differ from defaults
  QString threads;                          // "1,2,4", "1-4", "max"; empty: the default sweep
  int repetitions = 7;  // tunelab run's default
  double minTime = 0.2;
  QString counters = QStringLiteral("default");
  QString label;
  QString database;

  // The arguments of `tunelab run` (without the program), progress on, report off. Minimum
  // time and variants are a workload's only.
  QStringList arguments() const;
};

// One workload of `tunelab list --json`.
struct WorkloadInfo {
  struct Variant {
    QString name, summary;
    bool threaded = false;
  };
  struct Param {
    QString name, type, defaultValue, help;
    double min = 0, max = 0;
  };
  QString name, summary;
  QList<Variant> variants;
  QList<Param> params;
};

// Parses `tunelab list --json`; nullopt (and *error) when it is not that.
std::optional<QList<WorkloadInfo>> parseWorkloadList(const QByteArray& json, QString* error);

// "[3/12] kmeans/threads/…  8.71 ms ±12.1% (5 reps)" → (3, 12): a case finished.
std::optional<QPair<int, int>> parseProgressLine(const QString& line);

// The tunelab CLI next to this program (installed side by side), in the build tree
// (gui/app/… → cli/tunelab), or on PATH; $TUNELAB_CLI overrides all. Empty if none is found.
QString locateTunelab();

// `tunelab run` as a child process, as hotspot drives perf: PMU permissions, a crashing
// workload or an out-of-memory stay out of the GUI. Progress comes from the lines the CLI
// prints on stderr after each case; what it printed last is kept for the error message.
class RunProcess : public QObject {
  Q_OBJECT

 public:
  explicit RunProcess(QObject* parent = nullptr);
  ~RunProcess() override;

  // Starts `program run …`; false (and failed) when it is already running or cannot start.
  bool start(const QString& program, const RunRequest& request);
  // First call: SIGTERM, which tunelab takes as Ctrl-C (finish the case at hand, mark the
  // session interrupted, keep the stored runs). A second call kills it.
  void cancel();
  bool running() const;
  // Everything the process wrote to stderr so far.
  const QString& log() const { return m_log; }

 signals:
  void started(const QStringList& arguments);
  // `done` of `total` cases finished; `line` is the CLI's line for the last one.
  void progress(int done, int total, const QString& line);
  // exitCode as documented by `tunelab --help`: 0 ok, 1 a workload failed, 2 usage or input,
  // 130 interrupted. `message` says what happened, with the CLI's last words on failure.
  void finished(int exitCode, const QString& message);

 private:
  void readOutput();
  void onFinished(int exitCode, QProcess::ExitStatus status);
  void onError(QProcess::ProcessError error);

  QProcess* m_process;
  QString m_log;
  QString m_pending;  // an incomplete line
  bool m_cancelled = false;
  bool m_reported = false;
};

}  // namespace tunelab::gui
