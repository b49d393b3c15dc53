#include "tunelab/gui_app/run_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>
#include <utility>

namespace tunelab::gui {

RunDialog::RunDialog(QString program, const QString& database, QWidget* parent)
    : QDialog(parent),
      m_program(std::move(program)),
      m_process(new RunProcess(this)),
      m_target(new QComboBox),
      m_command(new QLineEdit),
      m_sweep(new QLineEdit),
      m_name(new QLineEdit),
      m_gbench(new QLineEdit),
      m_gbenchArgs(new QLineEdit),
      m_gbenchRow(new QWidget),
      m_paramsBox(nullptr),
      m_form(new QFormLayout),
      m_workload(new QComboBox),
      m_summary(new QLabel),
      m_variantBox(new QWidget),
      m_paramForm(new QFormLayout),
      m_threads(new QLineEdit),
      m_repetitions(new QSpinBox),
      m_minTime(new QDoubleSpinBox),
      m_counters(new QComboBox),
      m_label(new QLineEdit),
      m_database(new QLineEdit(database)),
      m_progress(new QProgressBar),
      m_status(new QLabel),
      m_log(new QPlainTextEdit),
      m_runButton(new QPushButton(tr("&Run"))),
      m_cancelButton(new QPushButton(tr("&Stop"))),
      m_closeButton(new QPushButton(tr("&Close"))) {
  setWindowTitle(tr("New run — tunelab"));
  setObjectName(QStringLiteral("runDialog"));
  m_summary->setWordWrap(true);
  auto* variants = new QHBoxLayout(m_variantBox);
  variants->setContentsMargins(0, 0, 0, 0);
  m_threads->setPlaceholderText(tr("1, 2, 4 … up to the core count"));
  m_threads->setToolTip(tr("Thread counts for threaded variants: 1,2,4 or 1-8 or max"));
  m_repetitions->setRange(1, 1000);
  m_repetitions->setValue(RunRequest{}.repetitions);  // tunelab run's default
  m_repetitions->setToolTip(tr("Repetitions per case; each is stored as a sample"));
  m_minTime->setRange(0, 60);
  m_minTime->setDecimals(2);
  m_minTime->setSingleStep(0.1);
  m_minTime->setValue(0.2);
  m_minTime->setSuffix(tr(" s"));
  m_minTime->setToolTip(tr("Minimum time per repetition; short cases are iterated until they "
                           "reach it (0: one iteration)"));
  m_counters->addItems({QStringLiteral("default"), QStringLiteral("cache"),
                        QStringLiteral("branch"), QStringLiteral("none")});
  m_counters->setEditable(true);
  m_counters->setToolTip(tr("Events to count, or a comma-separated list of perf/libpfm4 "
                            "names (`tunelab events` lists them)"));
  m_label->setPlaceholderText(tr("optional name for the session"));
  auto* browse = new QToolButton;
  browse->setText(QStringLiteral("…"));
  connect(browse, &QToolButton::clicked, this, &RunDialog::chooseDatabase);
  auto* databaseRow = new QHBoxLayout;
  databaseRow->addWidget(m_database, 1);
  databaseRow->addWidget(browse);

  m_target->setObjectName(QStringLiteral("runTarget"));
  m_target->addItems({tr("a tunelab workload"), tr("a command (any program)"),
                      tr("a Google Benchmark binary")});
  m_command->setObjectName(QStringLiteral("runCommand"));
  m_command->setPlaceholderText(tr("xz -T{threads} -6 -c data.txt"));
  m_command->setToolTip(tr("The program and its arguments, as a shell would split them (no shell "
                           "runs it). {threads} takes each thread count; {NAME} each value of a sweep."));
  m_sweep->setObjectName(QStringLiteral("runSweep"));
  m_sweep->setPlaceholderText(tr("level=1,6,9; size=1M,8M"));
  m_sweep->setToolTip(tr("NAME=v1,v2 per placeholder {NAME}, separated by ';': every combination "
                         "is a case (tunelab run -p)"));
  m_name->setObjectName(QStringLiteral("runName"));
  m_name->setPlaceholderText(tr("the program's name"));
  m_gbench->setObjectName(QStringLiteral("runGbench"));
  m_gbench->setPlaceholderText(tr("./my_benchmark"));
  m_gbenchArgs->setObjectName(QStringLiteral("runGbenchArgs"));
  m_gbenchArgs->setPlaceholderText(tr("--benchmark_filter=BM_Sort"));
  auto* chooseBinary = new QToolButton;
  chooseBinary->setText(QStringLiteral("…"));
  connect(chooseBinary, &QToolButton::clicked, this, &RunDialog::chooseBenchmark);
  auto* gbenchRow = new QHBoxLayout(m_gbenchRow);
  gbenchRow->setContentsMargins(0, 0, 0, 0);
  gbenchRow->addWidget(m_gbench, 1);
  gbenchRow->addWidget(chooseBinary);

  auto* form = m_form;
  form->addRow(tr("M&easure:"), m_target);
  form->addRow(tr("&Workload:"), m_workload);
  form->addRow(QString(), m_summary);
  form->addRow(tr("Variants:"), m_variantBox);
  auto* params = new QGroupBox(tr("Parameters (empty: the default shown)"));
  params->setLayout(m_paramForm);
  m_paramsBox = params;
  form->addRow(params);
  form->addRow(tr("Co&mmand:"), m_command);
  form->addRow(tr("S&weep:"), m_sweep);
  form->addRow(tr("&Name:"), m_name);
  form->addRow(tr("&Binary:"), m_gbenchRow);
  form->addRow(tr("Ar&guments:"), m_gbenchArgs);
  form->addRow(tr("&Threads:"), m_threads);
  form->addRow(tr("R&epetitions:"), m_repetitions);
  form->addRow(tr("&Minimum time:"), m_minTime);
  form->addRow(tr("C&ounters:"), m_counters);
  form->addRow(tr("&Label:"), m_label);
  // A row of a layout gets no buddy from the form: without one the "&" would show.
  auto* databaseLabel = new QLabel(tr("&Database:"));
  databaseLabel->setBuddy(m_database);
  form->addRow(databaseLabel, databaseRow);

  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progress->setFormat(tr("%v of %m cases"));
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(500);
  m_log->setPlaceholderText(tr("What tunelab run prints appears here."));
  m_log->setMinimumHeight(90);
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* buttons = new QDialogButtonBox;
  buttons->addButton(m_runButton, QDialogButtonBox::AcceptRole);
  buttons->addButton(m_cancelButton, QDialogButtonBox::ActionRole);
  buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);
  m_runButton->setDefault(true);
  connect(m_runButton, &QPushButton::clicked, this, &RunDialog::startRun);
  connect(m_cancelButton, &QPushButton::clicked, m_process, &RunProcess::cancel);
  connect(m_closeButton, &QPushButton::clicked, this, &RunDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_progress);
  layout->addWidget(m_status);
  layout->addWidget(m_log, 1);
  layout->addWidget(buttons);

  connect(m_workload, &QComboBox::currentIndexChanged, this, &RunDialog::showWorkload);
  connect(m_target, &QComboBox::currentIndexChanged, this, &RunDialog::showTarget);
  showTarget(0);
  connect(m_process, &RunProcess::progress, this, &RunDialog::onProgress);
  connect(m_process, &RunProcess::finished, this, &RunDialog::onFinished);
  setRunning(false);
  m_runButton->setEnabled(false);
  resize(560, 640);
}

void RunDialog::loadCatalogue() {
  auto* list = new QProcess(this);
  connect(list, &QProcess::finished, this, [this, list](int exitCode, QProcess::ExitStatus status) {
    list->deleteLater();
    QString error;
    std::optional<QList<WorkloadInfo>> workloads;
    if (status == QProcess::NormalExit && exitCode == 0)
      workloads = parseWorkloadList(list->readAllStandardOutput(), &error);
    else
      error = tr("`%1 list --json` failed: %2")
                  .arg(m_program, QString::fromUtf8(list->readAllStandardError()).trimmed());
    if (!workloads) {
      m_status->setText(error);
      emit catalogueLoaded(false);
      return;
    }
    m_workloads = *workloads;
    m_workload->clear();
    for (const auto& w : m_workloads) m_workload->addItem(w.name);
    m_runButton->setEnabled(!m_workloads.isEmpty());
    emit catalogueLoaded(true);
  });
  connect(list, &QProcess::errorOccurred, this, [this, list](QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;
    list->deleteLater();
    m_status->setText(m_program.isEmpty()
                          ? tr("tunelab was not found next to tunelab-gui, in the build tree or "
                               "on PATH; set TUNELAB_CLI to its path.")
                          : tr("Cannot start %1: %2").arg(m_program, list->errorString()));
    emit catalogueLoaded(false);
  });
  list->start(m_program, {QStringLiteral("list"), QStringLiteral("--json")});
}

void RunDialog::showWorkload(int index) {
  qDeleteAll(m_variants);
  m_variants.clear();
  while (m_paramForm->rowCount() > 0) m_paramForm->removeRow(0);
  m_params.clear();
  if (index < 0 || index >= m_workloads.size()) return;
  const auto& w = m_workloads[index];
  m_summary->setText(w.summary);
  for (const auto& v : w.variants) {
    auto* box = new QCheckBox(v.name);
    box->setChecked(true);
    box->setToolTip(v.summary + (v.threaded ? tr(" (threaded: swept over the threads)") : QString()));
    m_variantBox->layout()->addWidget(box);
    m_variants.append(box);
  }
  for (const auto& p : w.params) {
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(p.defaultValue);
    edit->setToolTip(QStringLiteral("%1 (%2)").arg(p.help, p.type));
    edit->setObjectName(QStringLiteral("param-") + p.name);
    m_paramForm->addRow(p.name + QLatin1Char(':'), edit);
    m_params.append(edit);
  }
}

void RunDialog::showTarget(int target) {
  const auto t = static_cast<RunRequest::Target>(target);
  const bool workload = t == RunRequest::Target::Workload;
  const bool command = t == RunRequest::Target::Command;
  const bool gbench = t == RunRequest::Target::Gbench;
  for (QWidget* w : {static_cast<QWidget*>(m_workload), static_cast<QWidget*>(m_summary),
                     m_variantBox, m_paramsBox, static_cast<QWidget*>(m_minTime)})
    m_form->setRowVisible(w, workload);
  for (QWidget* w : {m_command, m_sweep, m_name}) m_form->setRowVisible(w, command);
  for (QWidget* w : {m_gbenchRow, static_cast<QWidget*>(m_gbenchArgs)}) m_form->setRowVisible(w, gbench);
  // Google Benchmark's threads are the binary's own (->ThreadRange).
  m_form->setRowVisible(m_threads, !gbench);
}

void RunDialog::chooseBenchmark() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Google Benchmark binary"), m_gbench->text());
  if (!path.isEmpty()) m_gbench->setText(path);
}

RunRequest RunDialog::request() const {
  RunRequest r;
  r.target = static_cast<RunRequest::Target>(m_target->currentIndex());
  if (r.target != RunRequest::Target::Workload) {
    if (r.target == RunRequest::Target::Command) {
      r.command = QProcess::splitCommand(m_command->text());
      r.name = m_name->text().trimmed();
      for (const QString& sweep : m_sweep->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = sweep.indexOf(QLatin1Char('='));
        if (eq > 0) r.params.append({sweep.left(eq).trimmed(), sweep.mid(eq + 1).trimmed().remove(QLatin1Char(' '))});
      }
    } else {
      r.command = QStringList{m_gbench->text().trimmed()} + QProcess::splitCommand(m_gbenchArgs->text());
    }
    r.threads = m_threads->text().trimmed().remove(QLatin1Char(' '));
    r.repetitions = m_repetitions->value();
    r.counters = m_counters->currentText().trimmed();
    r.label = m_label->text().trimmed();
    r.database = m_database->text().trimmed();
    return r;
  }
  const int index = m_workload->currentIndex();
  if (index < 0 || index >= m_workloads.size()) return r;
  const auto& w = m_workloads[index];
  r.workload = w.name;
  bool all = true;
  for (auto* box : m_variants) {
    if (box->isChecked()) r.variants << box->text();
    all = all && box->isChecked();
  }
  if (all) r.variants.clear();  // "all" reads better in the session's command line
  for (int i = 0; i < m_params.size() && i < w.params.size(); ++i)
    if (const QString v = m_params[i]->text().trimmed(); !v.isEmpty())
      r.params.append({w.params[i].name, v});
  r.threads = m_threads->text().trimmed().remove(QLatin1Char(' '));
  r.repetitions = m_repetitions->value();
  r.minTime = m_minTime->value();
  r.counters = m_counters->currentText().trimmed();
  r.label = m_label->text().trimmed();
  r.database = m_database->text().trimmed();
  return r;
}

void RunDialog::setRequest(const RunRequest& r) {
  m_target->setCurrentIndex(static_cast<int>(r.target));
  if (r.target == RunRequest::Target::Command) {
    QStringList quoted;
    for (const QString& a : r.command)
      quoted << (a.contains(QLatin1Char(' ')) ? QLatin1Char('"') + a + QLatin1Char('"') : a);
    m_command->setText(quoted.join(QLatin1Char(' ')));
    QStringList sweeps;
    for (const auto& [key, value] : r.params) sweeps << key + QLatin1Char('=') + value;
    m_sweep->setText(sweeps.join(QStringLiteral("; ")));
    m_name->setText(r.name);
  } else if (r.target == RunRequest::Target::Gbench) {
    m_gbench->setText(r.command.value(0));
    m_gbenchArgs->setText(r.command.mid(1).join(QLatin1Char(' ')));
  }
  const int index = m_workload->findText(r.workload);
  if (index >= 0) m_workload->setCurrentIndex(index);
  for (auto* box : m_variants) box->setChecked(r.variants.isEmpty() || r.variants.contains(box->text()));
  if (index >= 0) {
    const auto& w = m_workloads[index];
    for (int i = 0; i < m_params.size() && i < w.params.size(); ++i) {
      m_params[i]->clear();
      for (const auto& [key, value] : r.params)
        if (key == w.params[i].name) m_params[i]->setText(value);
    }
  }
  m_threads->setText(r.threads);
  m_repetitions->setValue(r.repetitions);
  m_minTime->setValue(r.minTime);
  m_counters->setCurrentText(r.counters);
  m_label->setText(r.label);
  m_database->setText(r.database);
}

bool RunDialog::startRun() {
  const RunRequest r = request();
  if (r.target == RunRequest::Target::Workload) {
    if (r.workload.isEmpty()) {
      m_status->setText(tr("Choose a workload first."));
      return false;
    }
    bool anyVariant = false;
    for (auto* box : m_variants) anyVariant = anyVariant || box->isChecked();
    if (!anyVariant) {
      m_status->setText(tr("Choose at least one variant."));
      return false;
    }
  } else if (r.command.value(0).isEmpty()) {
    m_status->setText(r.target == RunRequest::Target::Command ? tr("Type the command to measure.")
                                                              : tr("Choose the Google Benchmark binary."));
    return false;
  }
  if (r.database.isEmpty()) {
    m_status->setText(tr("Choose the database the results go to."));
    return false;
  }
  m_log->clear();
  m_progress->setRange(0, 0);  // busy until the first case reports how many there are
  m_status->setText(tr("Running: tunelab %1").arg(r.arguments().join(QLatin1Char(' '))));
  m_runDatabase = r.database;
  if (!m_process->start(m_program, r)) return false;
  setRunning(true);
  return true;
}

void RunDialog::onProgress(int done, int total, const QString& line) {
  m_progress->setRange(0, total);
  m_progress->setValue(done);
  m_log->appendPlainText(line);
}

void RunDialog::onFinished(int exitCode, const QString& message) {
  setRunning(false);
  m_progress->setRange(0, std::max(1, m_progress->maximum()));
  if (exitCode == 0) m_progress->setValue(m_progress->maximum());
  m_status->setText(message);
  // The CLI's own words, whatever the progress lines did not show.
  const QString tail = m_process->log().trimmed();
  if (exitCode != 0 && !tail.isEmpty()) m_log->setPlainText(tail);
  if (exitCode == 0 || exitCode == 1 || exitCode == 130 || exitCode == 143)
    emit runFinished(m_runDatabase, exitCode);
}

void RunDialog::chooseDatabase() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Results database"), m_database->text(),
      tr("tunelab results (*.db *.sqlite);;All files (*)"), nullptr,
      QFileDialog::DontConfirmOverwrite);  // results are added to an existing database
  if (!path.isEmpty()) m_database->setText(path);
}

void RunDialog::setRunning(bool running) {
  m_runButton->setEnabled(!running && catalogueReady());
  m_cancelButton->setEnabled(running);
  m_cancelButton->setVisible(running);
  m_closeButton->setEnabled(!running);
  m_workload->setEnabled(!running);
  m_target->setEnabled(!running);
}

void RunDialog::reject() {
  // Escape while running stops the run instead of leaving it behind the user's back.
  if (running()) {
    m_process->cancel();
    return;
  }
  QDialog::reject();
}

}  // namespace tunelab::gui
