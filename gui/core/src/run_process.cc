#include "tunelab/gui/run_process.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

namespace tunelab::gui {

QStringList RunRequest::arguments() const {
  QStringList out{QStringLiteral("run")};
  if (target == Target::Workload) out << workload;
  if (target == Target::Gbench) out << QStringLiteral("--gbench") << command.value(0);
  if (target == Target::Workload && !variants.isEmpty())
    out << QStringLiteral("--variant") << variants.join(QLatin1Char(','));
  if (target != Target::Gbench)
    for (const auto& [key, value] : params) out << QStringLiteral("-p") << key + QLatin1Char('=') + value;
  if (!threads.isEmpty() && target != Target::Gbench) out << QStringLiteral("--threads") << threads;
  out << QStringLiteral("--repetitions") << QString::number(repetitions);
  if (target == Target::Workload) out << QStringLiteral("--min-time") << QString::number(minTime);
  if (!counters.isEmpty()) out << QStringLiteral("--counters") << counters;
  if (!label.isEmpty()) out << QStringLiteral("--label") << label;
  if (target == Target::Command && !name.isEmpty()) out << QStringLiteral("--name") << name;
  if (!database.isEmpty()) out << QStringLiteral("--db") << database;
  // The GUI shows the result itself; the table would only fill the log.
  out << QStringLiteral("--no-report");
  if (target == Target::Command) out << QStringLiteral("--") << command;
  if (target == Target::Gbench && command.size() > 1) out << QStringLiteral("--") << command.mid(1);
  return out;
}

std::optional<QList<WorkloadInfo>> parseWorkloadList(const QByteArray& json, QString* error) {
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
  if (doc.isNull() || !doc.isArray()) {
    if (error)
      *error = doc.isNull() ? QStringLiteral("`tunelab list --json` printed no JSON: %1 at offset %2")
                                  .arg(parseError.errorString())
                                  .arg(parseError.offset)
                            : QStringLiteral("`tunelab list --json` printed no list of workloads");
    return std::nullopt;
  }
  QList<WorkloadInfo> out;
  for (const QJsonValue& w : doc.array()) {
    const QJsonObject o = w.toObject();
    WorkloadInfo info;
    info.name = o.value(QStringLiteral("name")).toString();
    info.summary = o.value(QStringLiteral("summary")).toString();
    for (const QJsonValue& v : o.value(QStringLiteral("variants")).toArray()) {
      const QJsonObject vo = v.toObject();
      info.variants.append({vo.value(QStringLiteral("name")).toString(),
                            vo.value(QStringLiteral("summary")).toString(),
                            vo.value(QStringLiteral("threaded")).toBool()});
    }
    for (const QJsonValue& p : o.value(QStringLiteral("params")).toArray()) {
      const QJsonObject po = p.toObject();
      info.params.append({po.value(QStringLiteral("name")).toString(),
                          po.value(QStringLiteral("type")).toString(),
                          po.value(QStringLiteral("default")).toString(),
                          po.value(QStringLiteral("help")).toString(),
                          po.value(QStringLiteral("min")).toDouble(),
                          po.value(QStringLiteral("max")).toDouble()});
    }
    if (info.name.isEmpty()) {
      if (error) *error = QStringLiteral("`tunelab list --json` lists a workload without a name");
      return std::nullopt;
    }
    out.append(info);
  }
  return out;
}

std::optional<QPair<int, int>> parseProgressLine(const QString& line) {
  static const QRegularExpression kCase(QStringLiteral(R"(^\s*\[(\d+)/(\d+)\]\s)"));
  const auto match = kCase.match(line);
  if (!match.hasMatch()) return std::nullopt;
  return QPair<int, int>(match.captured(1).toInt(), match.captured(2).toInt());
}

QString locateTunelab() {
  const QString env = QProcessEnvironment::systemEnvironment().value(QStringLiteral("TUNELAB_CLI"));
  if (!env.isEmpty()) return env;
  const QDir here(QCoreApplication::applicationDirPath());
  // Installed side by side; then the build tree, where this program is gui/app/<name> or
  // tests/gui/<name> and the CLI cli/tunelab.
  for (const QString& candidate :
       {here.filePath(QStringLiteral("tunelab")), here.filePath(QStringLiteral("../../cli/tunelab"))}) {
    const QFileInfo info(candidate);
    if (info.isFile() && info.isExecutable()) return info.canonicalFilePath();
  }
  return QStandardPaths::findExecutable(QStringLiteral("tunelab"));
}

RunProcess::RunProcess(QObject* parent) : QObject(parent), m_process(new QProcess(this)) {
  connect(m_process, &QProcess::readyReadStandardError, this, &RunProcess::readOutput);
  connect(m_process, &QProcess::finished, this, &RunProcess::onFinished);
  connect(m_process, &QProcess::errorOccurred, this, &RunProcess::onError);
}

RunProcess::~RunProcess() {
  // Closing the window while a run goes on: stop it the polite way, then make sure.
  if (running()) {
    m_process->terminate();
    if (!m_process->waitForFinished(3000)) m_process->kill();
    m_process->waitForFinished(1000);
  }
}

bool RunProcess::running() const { return m_process->state() != QProcess::NotRunning; }

bool RunProcess::start(const QString& program, const RunRequest& request) {
  if (running()) return false;
  m_log.clear();
  m_pending.clear();
  m_cancelled = false;
  m_reported = false;
  if (program.isEmpty()) {
    m_reported = true;
    emit finished(-1, tr("tunelab was not found next to tunelab-gui, in the build tree or on "
                         "PATH; set TUNELAB_CLI to its path"));
    return false;
  }
  const QStringList arguments = request.arguments();
  m_process->setProgram(program);
  m_process->setArguments(arguments);
  // The report goes to stdout, which --no-report keeps empty; stderr carries the progress.
  m_process->setStandardOutputFile(QProcess::nullDevice());
  m_process->start();
  emit started(arguments);
  return true;
}

void RunProcess::cancel() {
  if (!running()) return;
  if (!m_cancelled) {
    m_cancelled = true;
    m_process->terminate();
  } else {
    m_process->kill();
  }
}

void RunProcess::readOutput() {
  const QString text = QString::fromUtf8(m_process->readAllStandardError());
  m_log += text;
  m_pending += text;
  // A terminal would get "\r" redraws; a pipe gets one line per finished case.
  m_pending.replace(QLatin1Char('\r'), QLatin1Char('\n'));
  qsizetype end;
  while ((end = m_pending.indexOf(QLatin1Char('\n'))) >= 0) {
    const QString line = m_pending.left(end).trimmed();
    m_pending.remove(0, end + 1);
    if (const auto p = parseProgressLine(line)) emit progress(p->first, p->second, line);
  }
}

namespace {

// The last few non-empty lines of what the CLI printed: its error message is among them.
QString lastLines(const QString& log, int count) {
  QStringList lines = log.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  if (lines.size() > count) lines = lines.mid(lines.size() - count);
  return lines.join(QLatin1Char('\n')).trimmed();
}

}  // namespace

void RunProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
  readOutput();
  if (m_reported) return;
  m_reported = true;
  if (status == QProcess::CrashExit) {
    emit finished(-1, m_cancelled ? tr("The run was stopped.")
                                  : tr("tunelab crashed.\n%1").arg(lastLines(m_log, 6)));
    return;
  }
  switch (exitCode) {
    case 0:
      emit finished(0, tr("The run finished."));
      return;
    case 1:
      emit finished(1, tr("The run finished, but some cases failed; their reasons are in the "
                          "runs table.\n%1")
                           .arg(lastLines(m_log, 4)));
      return;
    case 130:  // SIGINT
    case 143:  // SIGTERM, what Cancel sends
      emit finished(exitCode, tr("The run was stopped; the cases finished before are stored "
                            "(session marked interrupted)."));
      return;
    default:
      emit finished(exitCode, tr("tunelab run failed (exit %1):\n%2")
                                  .arg(exitCode)
                                  .arg(lastLines(m_log, 6)));
  }
}

void RunProcess::onError(QProcess::ProcessError error) {
  if (error != QProcess::FailedToStart || m_reported) return;
  m_reported = true;
  emit finished(-1, tr("Cannot start %1: %2").arg(m_process->program(), m_process->errorString()));
}

}  // namespace tunelab::gui
